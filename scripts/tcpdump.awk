# scripts/tcpdump.awk - read one line of tcpdump's text for a TCP packet.
# Loaded with -f before the program that uses it.
#
# parse_packet(line) returns 1 for a TCP packet line and sets:
#   pk_time   the timestamp field as printed
#   pk_ip     "IP" or "IP6"
#   pk_src    sender, "address.port" (or "name.port" without -n)
#   pk_dst    receiver, likewise
#   pk_flags  what is inside "Flags [...]", as printed ("S", "P.", "FP.")
#   pk_seq    first sequence number, "" when not printed (compare numbers
#             with +0: mawk turns large numbers into strings as "%.6g")
#   pk_last   last sequence number (the B of "seq A:B"), "" when not printed
#   pk_ack    acknowledgement number, "" when not printed
#   pk_len    payload length, 0 when not printed
# Anything else (tcpdump's messages, other protocols) returns 0.

function parse_packet(line,    field, n, i, at, rest) {
	n = split(line, field, " ")
	for (i = 1; i + 3 <= n; i++)
		if ((field[i] == "IP" || field[i] == "IP6") && field[i + 2] == ">")
			break
	if (i + 3 > n)
		return 0
	at = index(line, "Flags [")
	if (at == 0)
		return 0
	pk_time = field[1]
	pk_ip = field[i]
	pk_src = field[i + 1]
	pk_dst = field[i + 3]
	sub(/:$/, "", pk_dst)
	rest = substr(line, at + 7)
	pk_flags = substr(rest, 1, index(rest, "]") - 1)
	pk_seq = number_after(line, ", seq ")
	pk_last = pk_seq
	if (pk_seq != "" && match(line, /, seq [0-9]+:[0-9]+/))
		pk_last = substr(line, RSTART, RLENGTH)
	sub(/.*:/, "", pk_last)
	pk_ack = number_after(line, ", ack ")
	pk_len = number_after(line, ", length ")
	if (pk_len == "")
		pk_len = 0
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
