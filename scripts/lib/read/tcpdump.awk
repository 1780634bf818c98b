# scripts/lib/read/tcpdump.awk - read tcpdump's text, a TCP packet at a time.
# Loaded with -f, with flags.awk (the flag table), before the programs that
# use it, with LC_ALL=C (bytes, not characters, under every awk).
#
# read_line(line) returns 1 when line completes a TCP packet and sets:
#   pk_time   the time as printed ("22:56:06.576064"; seconds with -tt;
#             "" with -t), pk_date its date with -tttt, else ""
#   pk_ip     "IP" or "IP6", pk_id the IP id (tcpdump -v), else ""
#   pk_src    sender, "address.port" (or "name.port" without -n)
#   pk_dst    receiver, likewise
#   pk_flags  what is inside "Flags [...]", as printed ("S", "P.", "FP.")
#   pk_seq    first sequence number, "" when not printed
#   pk_end    the number after the payload: B of "seq A:B", else A
#   pk_ack    acknowledgement number, "" when not printed
#   pk_len    payload length, 0 when not printed
#   pk_win    the window field, "" when not printed
#   pk_opts   what is inside "options [...]", "" when none
#   pk_line   the line as read (with -v, both lines joined)
#   pk_number the packet's number in the capture, from 1: tcpdump's own
#             (-#) where it printed them, else the count of packets
#             printed so far, of every protocol (see starts_packet)
# It returns 0 for anything else -- tcpdump's messages, other protocols,
# the first line of a packet that tcpdump -v prints on two, a line with a
# number no TCP header can hold -- and counts in skipped the lines that
# are not TCP packets (cut_short those of them that tcpdump cut short
# inside the TCP header: "[|tcp]"; unreadable, the IP packets whose
# length tcpdump could not believe, "IP bad-len 0", as a sender's
# segmentation offload leaves it: TCP's bytes may be in them); at the end, a pending first line is one more.  The TCP part read is the last one on
# the line: a tunnel's inner packet (Geneve, VXLAN, IPv6 in IPv4), never
# its outer header.  Both tcpdump's wordings are read: "Flags [P.], seq
# 1:70, ack 1, ..., length 69" (4.0 and later) and "P 1:70(69) ack 1 win
# ..." (before).  Bytes that are not printable ASCII become "?": every
# view can show any input.
#
# Compare numbers with +0: mawk turns large numbers into strings as
# "%.6g".

BEGIN {
	TWO32 = 4294967296
	# the ports well-known servers listen on (numbers, as tcpdump -n
	# prints them): a side with one of these is the server
	split("20 21 22 23 25 53 80 88 110 111 119 135 139 143 179 389 443 " \
	    "445 465 513 514 587 636 873 993 995 1080 1433 1521 1723 1883 " \
	    "2049 2181 3128 3306 3389 5060 5222 5432 5671 5672 5900 5984 " \
	    "6379 6443 6667 8000 8008 8080 8081 8443 8883 8888 9000 9042 " \
	    "9092 9200 9418 11211 27017", known, " ")
	for (k in known)
		well_known[known[k]] = 1
}

function read_line(line,    joined) {
	if (first_line == "" && line ~ /[^ \t]/ && \
	    line !~ /^(reading from |listening on |tcpdump: |dropped privs|[0-9]+ packets? (captured|received|dropped))/)
		first_line = line	# its time: -ttt's and -ttttt's start at 0 (times())
	if (line ~ /[^ -~\t]/)
		gsub(/[^ -~\t]/, "?", line)
	if (starts_packet(line))
		printed++
	if (quoted) {	# the TCP part of a quoted packet (below), no packet of its own
		quoted = 0
		if (line ~ /^[ \t]/) {
			skipped++
			return not_tcp(line)
		}
	}
	if (pending != "") {
		# tcpdump -v: an IP header's line, then the TCP part, indented
		joined = pending
		pending = ""
		if (line ~ /^[ \t]/ && index(line, " > ")) {
			if (parse_packet(joined " " substr(line, match(line, /[^ \t]/))))
				return 1
			skipped += 2
			other_packet(joined)
			return not_tcp(line)
		}
		skipped++	# a header whose packet is not shown
		other_packet(joined)
	}
	if (!index(line, ": Flags [") && line ~ /(^|[ \t])IP6? \(.*\)$/) {
		# indented, with no time: the header of a packet quoted in
		# another one (an ICMP error's), whose TCP part is no packet
		if (line ~ /^[ \t]+IP6? \(/) {
			quoted = 1
			skipped++
			return not_tcp(line)
		}
		pending = line
		return not_tcp(line)
	}
	if (parse_packet(line))
		return 1
	if (line ~ /[^ \t]/)
		skipped++
	other_packet(line)
	return not_tcp(line)
}

# other_packet(line): where line is another protocol's packet (a time,
# then, somewhere, a length: not a payload's line) in a capture whose
# first packet is at 00:00:00.000000 (-ttt's, -ttttt's), its time (-ttt's
# gap since the packet before) added to other_gap, which the next TCP
# packet keeps (gap_before[]), so that -ttt's sum misses no gap.
function other_packet(line,    stamp) {
	if (zero_start == "")
		zero_start = (first_line ~ /^[ \t]*([0-9]+[ \t]+)?0+:00:00\.0+[ \t]/)
	if (!zero_start || !index(line, "length ") || \
	    !match(line, /^[ \t]*([0-9]+[ \t]+)?[0-9]+:[0-9][0-9]:[0-9][0-9]\.[0-9]+[ \t]/))
		return
	stamp = substr(line, RSTART, RLENGTH - 1)
	sub(/^[ \t]*([0-9]+[ \t]+)?/, "", stamp)
	other_gap += time_us(stamp, "")
}

# not_tcp(line): 0, for a line that is not a TCP packet, whose "[|tcp]"
# (cut short inside the TCP header) is counted: an input without a whole
# packet says so.  (Only such lines: a scan of each line costs gawk.)
function not_tcp(line) {
	if (index(line, "[|tcp]"))
		cut_short++
	else if (index(line, "bad-len ") && line ~ /bad-len [0-9]+$/)
		unreadable++
	return 0
}

# Whether line is the first line of a packet tcpdump printed, whatever its
# protocol, so that a TCP packet's number is its place in the capture, as
# tcpdump -# and Wireshark count.  tcpdump indents what continues a packet
# (-v's second line, -x's hex); -A's payload is not indented, so once the
# packets have shown times, a packet's line is one that begins with a time.
function starts_packet(line) {
	# its first word a time or a date (one test of the line: most of them
	# are packets)
	if (line ~ /^[ \t]*([0-9:]+\.[0-9]+|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])([ \t]|$)/)
		return timed_lines = 1
	return !timed_lines && line ~ /^[^ \t]/ && \
	    line !~ /^(reading from |listening on |tcpdump: |dropped privs|[0-9]+ packets? (captured|received|dropped))/
}

function parse_packet(line,    field, n, i, k, rest, at) {
	pk_line = line
	line = " " line
	# the last "SRC > DST:" that tcpdump's TCP printer writes.  Where the
	# line has one " > " and no tab, its ">" is the only field that can be
	# one: the fields up to it are split, and the two after it cut out (the
	# reading uses no others); the long rest, the options, is not split
	# (most of the reading's time, on a long capture).
	k = 0
	if (!index(line, "\t") && (at = index(line, " > ")) && !index(substr(line, at + 3), " > "))
		k = arrow_fields(line, at, field)
	if (k == 0) {
		n = split(line, field, " ")
		for (i = n - 2; i >= 3; i--)
			if (field[i - 1] == ">" && tcp_printer(field, i)) {
				k = i
				break
			}
	}
	if (k == 0) {
		if (line ~ / > [^ ]+: tcp [0-9]+/)
			quiet_lines++	# tcpdump -q: no flags, no numbers
		return 0
	}
	pk_src = field[k - 2]
	pk_dst = substr(field[k], 1, length(field[k]) - 1)
	if (pk_src ~ /^[0-9]+$/ && pk_dst ~ /^[0-9]+$/)
		ports_apart(field, k)	# "IP6 a > b: HBH 41851 > 43913:"
	if (pk_src !~ /.\.[^.]+$/ || pk_dst !~ /.\.[^.]+$/)
		return 0	# not address.port
	# tcpdump -#: "    1  22:56:06.576064 IP ..."
	if (field[1] ~ /^[0-9]+$/ && k > 3)
		pk_number = field[1]
	else {
		if (printed <= pk_number)
			printed = pk_number + 1	# its first line was not told apart
		pk_number = printed
	}
	pk_time = pk_date = ""
	for (i = 1; i <= 3 && i < k - 2; i++)
		if (field[i] ~ /^[0-9:]+\.[0-9]+$/) {
			pk_time = field[i]
			if (i > 1 && field[i - 1] ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)
				pk_date = field[i - 1]
			break
		}
	pk_ip = ""
	for (i = k - 3; i >= 1 && pk_ip == ""; i--)
		if (field[i] == "IP" || field[i] == "IP6")
			pk_ip = field[i]
		else if (field[i] == "IPv4" || field[i] == "IPv6")	# -e
			pk_ip = (field[i] == "IPv4" ? "IP" : "IP6")
	if (pk_ip == "")
		pk_ip = (index(pk_src, ":") ? "IP6" : "IP")
	pk_id = ""
	if (index(line, "id ")) {	# (tcpdump -v)
		rest = substr(line, 1, index(line, " " pk_src " > " pk_dst ":"))
		while (match(rest, /[ (]id [0-9]+,/)) {
			pk_id = substr(rest, RSTART + 4, RLENGTH - 5)
			rest = substr(rest, RSTART + RLENGTH)
		}
	}
	# what follows "DST:" -- the last one on the line, as the fields said
	rest = line
	while ((at = index(rest, " " field[k] " ")) > 0)
		rest = substr(rest, at + length(field[k]) + 2)
	if (field[k + 1] != "Flags")
		return parse_old_wording(rest, field[k + 1])
	if (substr(rest, 1, 7) != "Flags [")
		return 0
	pk_flags = substr(rest, 8, index(rest, "]") - 8)
	# "seq 1:1449": its first byte's number, then the next one's
	pk_seq = pk_end = number_after(rest, ", seq ")
	if (pk_seq != "") {
		at = index(rest, ", seq ") + 6 + length(pk_seq)
		if (substr(rest, at, 1) == ":" && match(substr(rest, at + 1, 11), /^[0-9]+/))
			pk_end = substr(rest, at + 1, RLENGTH)
	}
	pk_ack = number_after(rest, ", ack ")
	pk_len = number_after(rest, ", length ")
	if (pk_len == "")
		pk_len = 0
	pk_win = number_after(rest, ", win ")
	pk_opts = ""
	at = index(rest, ", options [")
	if (at > 0) {
		pk_opts = substr(rest, at + 11)
		pk_opts = substr(pk_opts, 1, index(pk_opts, "]") - 1)
	}
	return fits_tcp()
}

# arrow_fields(line, at, field): where line's one " > " is at at, and no
# tab: field[1] .. field[k + 1] as split() would make them, and k, the
# field of "DST:" (0 where the words around it are not plain ones, a
# space apart, or not the TCP printer's: split() and the walk decide).
function arrow_fields(line, at, field,    m, rest, d) {
	rest = substr(line, at + 3)
	if ((d = index(rest, " ")) < 2)
		return 0
	m = split(substr(line, 1, at + 2), field, " ")
	field[m + 1] = substr(rest, 1, d - 1)
	rest = substr(rest, d + 1)
	if ((d = index(rest, " ")) < 2 || substr(rest, d + 1, 1) == " " || substr(rest, d + 1, 1) == "")
		return 0
	field[m + 2] = substr(rest, 1, d - 1)
	return (m >= 2 && tcp_printer(field, m + 1) ? m + 1 : 0)
}

# tcp_printer(field, i): field[i] ends "SRC > DST:" (field[i - 1] is
# ">") as tcpdump's TCP printer writes it, flags next.
function tcp_printer(field, i) {
	return field[i] ~ /:$/ && (field[i + 1] == "Flags" || field[i + 1] ~ FLAG_LETTERS)
}

# ports_apart(field, k): the ports in pk_src and pk_dst were printed
# apart from their addresses (after an IPv6 extension header): join them
# to the addresses of the "A > B:" before.
function ports_apart(field, k,    j) {
	for (j = k - 3; j >= 3; j--)
		if (field[j - 1] == ">" && field[j] ~ /:$/) {
			pk_src = field[j - 2] "." pk_src
			pk_dst = substr(field[j], 1, length(field[j]) - 1) "." pk_dst
			return
		}
}

# tcpdump before 4.0: "P 1:70(69) ack 1 win ..." -- the flags bare, ACK
# implied by "ack N", the sequence range with the length after.
function parse_old_wording(rest, flags,    part) {
	pk_flags = flags
	if (flags != "." && index(rest, " ack ") && !index(flags, "."))
		pk_flags = flags "."
	pk_seq = pk_end = pk_opts = ""
	pk_len = 0
	pk_win = number_after(rest, " win ")
	if (match(rest, / [0-9]+:[0-9]+\([0-9]+\)/)) {
		split(substr(rest, RSTART + 1, RLENGTH - 2), part, /[:(]/)
		pk_seq = part[1]
		pk_end = part[2]
		pk_len = part[3]
	}
	pk_ack = number_after(rest, " ack ")
	return fits_tcp()
}

# Whether the numbers fit TCP's fields (32 bits; the window 16): a line
# with a larger one is not a packet tcpdump printed.
# (Written out, not a function called for each: a call costs gawk as much
# as the test.)
function fits_tcp() {
	return (length(pk_seq) < 10 || (length(pk_seq) == 10 && pk_seq <= "4294967295")) && \
	    (length(pk_end) < 10 || (length(pk_end) == 10 && pk_end <= "4294967295")) && \
	    (length(pk_ack) < 10 || (length(pk_ack) == 10 && pk_ack <= "4294967295")) && \
	    (length(pk_len) < 10 || (length(pk_len) == 10 && pk_len <= "4294967295")) && \
	    length(pk_win) <= 5 && (pk_win == "" || pk_win + 0 <= 65535)
}

# The digits right after the first "label" in s, or "": 11 at most, one
# more than a number of TCP's can have (fits_tcp() tells).  (A copy of
# the rest of the line, a packet's longest string, for each number: a
# tenth of gawk's reading.)
function number_after(s, label,    at) {
	at = index(s, label)
	if (at == 0)
		return ""
	s = substr(s, at + length(label), 11)
	if (!match(s, /^[0-9]+/))
		return ""
	return substr(s, 1, RLENGTH)
}

# The port of "address.port" (the text after the last dot), and the
# address.
function port_of(endpoint) {
	sub(/.*\./, "", endpoint)
	return endpoint
}

function address_of(endpoint) {
	sub(/\.[^.]*$/, "", endpoint)
	return endpoint
}

# Whether a port is a well-known server's: one of those above, or one
# tcpdump prints as a name (it names the ports of /etc/services).
function server_like(port) {
	return port !~ /^[0-9]+$/ || (port in well_known)
}

# Whether a port looks like a client's: a number above 1023 that no
# well-known server uses.
function ephemeral(port) {
	return port ~ /^[0-9]+$/ && port + 0 > 1023 && !(port in well_known)
}

# A time span in microseconds, as people say it: 14 us, 206 ms, 1.0 s.
function span(us) {
	if (us < 1000)
		return sprintf("%.0f us", us)
	if (us < 1000000)
		return sprintf("%.0f ms", us / 1000)
	return sprintf("%.1f s", us / 1000000)
}

# Microseconds in a time: "HH:MM:SS.ffffff" (with its date, with -tttt)
# or "seconds.ffffff" (-tt).
function time_us(t, date,    part, h, m, days) {
	# "HH:MM:SS.ffffff" cut at its two colons (a split() a packet costs
	# more); any other number of colons: as seconds
	h = index(t, ":")
	m = (h ? index(substr(t, h + 1), ":") : 0)
	if (!m || index(substr(t, h + m + 1), ":"))
		return t * 1000000
	days = 0
	if (date != "") {
		split(date, part, "-")
		days = days_from_civil(part[1] + 0, part[2] + 0, part[3] + 0)
	}
	return (((days * 24 + substr(t, 1, h - 1)) * 60 + substr(t, h + 1, m - 1)) * 60 + \
	    substr(t, h + m + 1)) * 1000000
}

# Days since 1970-01-01 of a date in the Gregorian calendar.
function days_from_civil(y, m, d,    era, yoe, doy, doe) {
	y -= (m <= 2)
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
