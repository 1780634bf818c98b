# scripts/lib/tcpdump.awk - read one line of tcpdump's text for a TCP packet.
# Loaded with -f before the program that uses it.
#
# parse_packet(line) returns 1 for a TCP packet line and sets:
#   pk_time   the timestamp as printed ("22:56:06.576064", or seconds with
#             -tt), "" when none
#   pk_ip     "IP" or "IP6"
#   pk_src    sender, "address.port" (or "name.port" without -n)
#   pk_dst    receiver, likewise
#   pk_flags  what is inside "Flags [...]", as printed ("S", "P.", "FP.")
#   pk_seq    first sequence number, "" when not printed (compare numbers
#             with +0: mawk turns large numbers into strings as "%.6g")
#   pk_end    the sequence number after the payload: B of "seq A:B", else
#             A; a FIN uses this number, so its ACK carries pk_end + 1
#   pk_ack    acknowledgement number, "" when not printed
#   pk_len    payload length, 0 when not printed
#   pk_win    the window field, "" when not printed
#   pk_opts   what is inside "options [...]", "" when none
# Anything else (tcpdump's messages, other protocols) returns 0.  Both
# tcpdump's wordings are read: "Flags [P.], seq 1:70, ack 1, ..., length 69"
# (4.0 and later) and "P 1:70(69) ack 1 win ..." (before).

function parse_packet(line,    field, n, i, at, rest) {
	n = split(line, field, " ")
	for (i = 1; i + 3 <= n; i++)
		if ((field[i] == "IP" || field[i] == "IP6") && field[i + 2] == ">")
			break
	if (i + 3 > n)
		return 0
	pk_time = ""
	for (at = 1; at < i; at++)
		if (field[at] ~ /^[0-9:]+\.[0-9]+$/)
			pk_time = field[at]
	pk_ip = field[i]
	pk_src = field[i + 1]
	pk_dst = field[i + 3]
	sub(/:$/, "", pk_dst)
	at = index(line, "Flags [")
	if (at > 0) {
		rest = substr(line, at + 7)
		pk_flags = substr(rest, 1, index(rest, "]") - 1)
		pk_seq = number_after(line, ", seq ")
		pk_end = pk_seq
		if (pk_seq != "" && match(line, /, seq [0-9]+:[0-9]+/))
			pk_end = substr(line, RSTART, RLENGTH)
		sub(/.*:/, "", pk_end)
		pk_ack = number_after(line, ", ack ")
		pk_len = number_after(line, ", length ")
		if (pk_len == "")
			pk_len = 0
		pk_win = number_after(line, ", win ")
		pk_opts = ""
		at = index(line, ", options [")
		if (at > 0) {
			rest = substr(line, at + 11)
			pk_opts = substr(rest, 1, index(rest, "]") - 1)
		}
		return 1
	}
	return parse_old_wording(line, field[i + 4])
}

# tcpdump before 4.0: "a.1 > b.2: P 1:70(69) ack 1 win ..." -- the flags
# bare, ACK implied by "ack N", the sequence range with the length after.
function parse_old_wording(line, flags,    rest, part) {
	if (flags !~ /^[FSRPUEWe.]+$/)
		return 0
	pk_flags = flags
	if (flags != "." && index(line, " ack ") && !index(flags, "."))
		pk_flags = flags "."
	pk_seq = pk_end = pk_opts = ""
	pk_len = 0
	pk_win = number_after(line, " win ")
	if (match(line, / [0-9]+:[0-9]+\([0-9]+\)/)) {
		rest = substr(line, RSTART + 1, RLENGTH - 2)
		split(rest, part, /[:(]/)
		pk_seq = part[1]
		pk_len = part[3]
		pk_end = part[2]
	}
	pk_ack = number_after(line, " ack ")
	return 1
}

# The digits right after the first "label" in line, or "".
function number_after(line, label,    at, rest) {
	at = index(line, label)
	if (at == 0)
		return ""
	rest = substr(line, at + length(label))
	if (!match(rest, /^[0-9]+/))
		return ""
	return substr(rest, 1, RLENGTH)
}

# The port of "address.port" (the text after the last dot).
function port_of(endpoint) {
	sub(/.*\./, "", endpoint)
	return endpoint
}

# The client among n packets from src[], to dst[], with flags[]: the sender
# of the first SYN.  Without one the capture began mid-connection: servers
# listen on fixed low ports and clients get high ephemeral ones, so the side
# with the higher port (ports shown as names: the first sender).
function client_of(n, src, dst, flags,    i, a, b) {
	for (i = 1; i <= n; i++)
		if (index(flags[i], "S") && !index(flags[i], "."))
			return src[i]
	a = port_of(src[1])
	b = port_of(dst[1])
	return a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && a + 0 < b + 0 ? dst[1] : src[1]
}

# A time span in microseconds, as people say it: 14 us, 206 ms, 1.0 s.
function span(us) {
	if (us < 1000)
		return sprintf("%.0f us", us)
	if (us < 1000000)
		return sprintf("%.0f ms", us / 1000)
	return sprintf("%.1f s", us / 1000000)
}

# Microseconds in a timestamp: "HH:MM:SS.ffffff" or "seconds.ffffff".
function time_us(t,    part, n) {
	n = split(t, part, ":")
	if (n == 3)
		return ((part[1] * 60 + part[2]) * 60 + part[3]) * 1000000
	return t * 1000000
}

# keep_packet(): remember the packet parse_packet() just read, as packet n
# in src[], dst[], fl[] (flags), seq[], seq_end[], ack[], len[], win[],
# opts[] and when[] (its timestamp as printed).
function keep_packet() {
	n++
	src[n] = pk_src
	dst[n] = pk_dst
	fl[n] = pk_flags
	seq[n] = pk_seq
	seq_end[n] = pk_end
	ack[n] = pk_ack
	len[n] = pk_len + 0
	win[n] = pk_win
	opts[n] = pk_opts
	when[n] = pk_time
}

# is_kind(flags, kind): whether a packet with these flags is of that kind,
# as scripts/lib.sh's lose_rule() matches it in nftables: syn (S), synack
# (S.), ack (an ACK alone: no S, F, R or P), data (P), fin (F).
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

# retransmission_of(i): the earlier kept packet that packet i sends again
# -- the same sender, the same sequence numbers, and something that needs
# an ACK (a SYN, a FIN or data) -- or 0 when it is not a retransmission.
function retransmission_of(i,    j) {
	if (seq[i] == "" || !(len[i] > 0 || index(fl[i], "S") || index(fl[i], "F")))
		return 0
	for (j = i - 1; j >= 1; j--)
		if (src[j] == src[i] && seq[j] == seq[i] && seq_end[j] == seq_end[i])
			return j
	return 0
}
