# scripts/lib/read/flags.awk - TCP's flags, once: the one table that the
# reading, the meaning and every view use (as tcpdump's print-tcp.c keeps
# tcp_flag_values), and the kinds of packet a lesson can lose.  Loaded
# with tcpdump.awk (before or after it).  Data, read by everyone:
#
#   FLAGS            the letters, in tcpdump's order, which is the
#                    legend's order: "FSRP.UEWe"; FLAG_LETTERS, a regular
#                    expression for a field of them alone (tcpdump.awk:
#                    its wording before 4.0, "S 1:1(0)")
#   flag_word[c]     the flag's name for letter c: "S" -> "SYN"
#   KINDS            the lesson keys that pick a kind of packet (a
#                    lesson's lose=SIDE:KIND:N): syn (S), synack (S.), ack
#                    (an ACK alone: no S, F, R or P), data (P), fin (F)
#   kind_nft[k]      the nftables match for kind k: scripts/lib/common.sh's
#                    lose_rule() says the same (this table is the source;
#                    tests/t2000-reading-any-capture.sh checks they agree)
#
# and the functions flag_names(f) ("S." -> "SYN-ACK") and is_kind(f, k).

BEGIN {
	FLAGS = "FSRP.UEWe"
	FLAG_LETTERS = "^[" FLAGS "]+$"	# a field of flag letters alone
	split("FIN SYN RST PSH ACK URG ECE CWR AE", flag_word_list, " ")
	for (flag_at = 1; flag_at <= length(FLAGS); flag_at++)
		flag_word[substr(FLAGS, flag_at, 1)] = flag_word_list[flag_at]
	KINDS = "syn synack ack data fin"
	kind_nft["syn"] = "tcp flags & (syn | ack) == syn"
	kind_nft["synack"] = "tcp flags & (syn | ack) == syn | ack"
	kind_nft["ack"] = "tcp flags & (fin | syn | rst | psh | ack) == ack"
	kind_nft["data"] = "tcp flags & psh == psh"
	kind_nft["fin"] = "tcp flags & fin == fin"
}

# "S." -> "SYN-ACK", "FP." -> "FIN-PSH-ACK"; an unknown letter as it is.
function flag_names(f,    i, out, c) {
	if (f == "none" || f == "")
		return "no flags"
	out = ""
	for (i = 1; i <= length(f) && i <= 12; i++) {
		c = substr(f, i, 1)
		out = (out == "" ? "" : out "-") ((c in flag_word) ? flag_word[c] : c)
	}
	return out (length(f) > 12 ? "-..." : "")
}

# is_kind(flags, kind): whether a packet with these flags is of that kind,
# as kind_nft[kind] matches it in nftables.
function is_kind(f, kind) {
	if (kind == "syn")
		return index(f, "S") > 0 && index(f, ".") == 0
	if (kind == "synack")
		return index(f, "S") > 0 && index(f, ".") > 0
	if (kind == "ack")
		return index(f, ".") > 0 && f !~ /[SFRP]/
	if (kind == "data")
		return index(f, "P") > 0
	if (kind == "fin")
		return index(f, "F") > 0
	return 0
}
