#!/bin/sh
# tests/behaviours/text2pcap.sh TEXT PCAP - write the pcap that tcpdump's
# text TEXT (tcpdump -n -S, IPv4, hand-edited: packets reordered, left
# out) describes, for tshark to judge what the ladder says of it: raw IP
# packets (link type 101), their times, addresses, ports, flags, numbers,
# windows, the options mss, sackOK, TS, nop, wscale and sack blocks (nop
# as padding to the next 4 bytes),
# and zero bytes of data.  A packet whose seq tcpdump did not print (an
# ACK without data) gets its sender's next number.  Needs text2pcap
# (Wireshark).
set -eu
[ $# -eq 2 ] || { echo "usage: text2pcap.sh TEXT PCAP" >&2; exit 2; }
LC_ALL=C awk '
function byte(v) { return sprintf(" %02x", v % 256) }
function b16(v) { v = v % 65536; return byte(int(v / 256)) byte(v) }
function b32(v) { return b16(int(v / 65536)) b16(v % 65536) }
function ip(a,    p) { split(a, p, "."); return byte(p[1]) byte(p[2]) byte(p[3]) byte(p[4]) }
function field(name,    r) {	# the value after "name " up to a comma
	if (!match($0, ", " name " [^,]*"))
		return ""
	r = substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
	return r
}
/ IP [0-9.]+ > [0-9.]+: Flags \[/ {
	n++
	time = $1
	split($3, s, "."); split($5, d, ".")
	sub(/:$/, "", d[5])
	src = s[1] "." s[2] "." s[3] "." s[4]; dst = d[1] "." d[2] "." d[3] "." d[4]
	match($0, /Flags \[[^]]*\]/)
	f = substr($0, RSTART + 7, RLENGTH - 8)
	bits = 0
	for (k = 1; k <= length(f); k++)
		bits += (substr(f, k, 1) == "F") * 1 + (substr(f, k, 1) == "S") * 2 + \
		    (substr(f, k, 1) == "R") * 4 + (substr(f, k, 1) == "P") * 8 + \
		    (substr(f, k, 1) == ".") * 16 + (substr(f, k, 1) == "U") * 32
	len = field("length") + 0
	q = field("seq")
	if (q == "")
		q = ((src SUBSEP s[5]) in next_seq ? next_seq[src, s[5]] : 0)
	sub(/:.*/, "", q)
	a = field("ack"); a = (a == "" ? 0 : a)
	w = field("win") + 0
	nx = (q + len + (index(f, "S") || index(f, "F") ? 1 : 0)) % 4294967296
	if (!((src, s[5]) in next_seq) || (nx - next_seq[src, s[5]] + 4294967296) % 4294967296 < 2147483648)
		next_seq[src, s[5]] = nx	# the highest: a packet out of order sets none
	o = ""
	if (match($0, /options \[[^]]*\]/)) {
		ol = substr($0, RSTART + 9, RLENGTH - 10)
		m = split(ol, opt, ",")
		for (k = 1; k <= m; k++) {
			if (opt[k] ~ /^mss /) o = o " 02 04" b16(substr(opt[k], 5))
			else if (opt[k] == "sackOK") o = o " 04 02"
			else if (opt[k] == "nop") o = o " 01"
			else if (opt[k] ~ /^TS val [0-9]+ ecr [0-9]+$/) {
				split(opt[k], ts, " ")
				o = o " 08 0a" b32(ts[3]) b32(ts[5])
			}
			else if (opt[k] ~ /^wscale /) o = o " 03 03" byte(substr(opt[k], 8))
			else if (opt[k] ~ /^sack [0-9]+ /) {
				blocks = opt[k]; sub(/^sack [0-9]+ /, "", blocks)
				nb = split(blocks, bl, "}")
				body = ""; cnt = 0
				for (b = 1; b <= nb; b++) if (bl[b] ~ /[0-9]/) {
					sub(/^\{/, "", bl[b]); split(bl[b], lr, ":")
					body = body b32(lr[1]) b32(lr[2]); cnt++
				}
				o = o byte(5) byte(2 + 8 * cnt) body
			}
		}
	}
	while (length(o) % 12 != 0)	# 3 characters a byte, 4 bytes a word
		o = o " 01"
	olen = length(o) / 3
	tcp = b16(s[5]) b16(d[5]) b32(q) b32(a) byte((5 + olen / 4) * 16) byte(bits) b16(w) \
	    " 00 00 00 00" o
	for (k = 0; k < len; k++)
		tcp = tcp " 00"
	total = 20 + 20 + olen + len
	pkt = " 45 00" b16(total) b16(n) " 40 00 40 06 00 00" ip(src) ip(dst) tcp
	print time
	for (off = 0; off < length(pkt); off += 48)
		printf "%06x%s\n", off / 3, substr(pkt, off + 1, 48)
}' "$1" | {
	# (text2pcap 4.0 writes a line of dashes to stderr even with -q)
	text2pcap -q -t '%H:%M:%S.%f' -l 101 - "$2" 2>&1 >&3 3>&- | sed '/^-*$/d' >&2 3>&-
} 3>&1
