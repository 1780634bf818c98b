# scripts/lib/capture/record.awk - the kernel's record of a capture,
# LESSON.cwnd (capture/exchange.sh's probe_record), from the trace of the
# run's tracefs instance on stdin: the server's numbers for this
# connection, a line for each tcp_probe, with the congestion state the
# last tcp_cong_state_set before it set (Open before any).  The
# tracepoints are the machine's: other runs' connections on the port are
# left out by address and the client's port, from the first SYN of the
# capture's text (-v text=FILE).  Where two sockets of the server's have
# those (another run beside this one, its client on the same port: one
# in some 28000), the lines cannot be told apart, the states not at all
# (tcp_cong_state_set does not print its socket): the record is then
# "unknown: WHY".  The kernel's hex numbers are written in decimal, as
# tcpdump -S writes them; nothing else is changed, nothing computed.
# scripts/lib/mean/kernel.awk joins it to the packets; GUIDE.md, "The
# kernel's numbers", says how.
#
# With -v source=TCP_INFO, the input is instead server -i's file (the
# lab's server reads getsockopt(TCP_INFO) of its own socket, without
# privilege, each time it looks whether all is acknowledged, and writes a
# line where the numbers changed: see tcpinfo.c); its bytes acknowledged
# are written as snd_una, counted from the server's first number in the
# capture's SYN-ACK, as tcpdump -S writes it.
#
#   -v server=ADDRESS -v port=PORT   the lesson's server
#   -v congestion=NAME               its congestion control ("unknown")
#   -v source=TCP_INFO               the input is server -i's file

BEGIN {
	while ((getline line < text) > 0) {
		if (client == "" && line ~ /Flags \[S\]/ && split(line, f, " ") >= 5) {
			client = f[4]
			sub(/.*\./, "", client)
			client_end = f[4]
		}
		if (client != "" && line ~ /Flags \[S\.\], seq [0-9]+,/ && \
		    index(line, " > " client_end ": ")) {
			first_seq = line
			sub(/.*Flags \[S\.\], seq /, "", first_seq)
			sub(/,.*/, "", first_seq)
			break
		}
	}
	split("Open Disorder CWR Recovery Loss", state_name, " ")
	state = "Open"
	lines = 0
}

# the first hex number after "name=" in this line, in decimal
function hex(name,    h, d, i) {
	if (!match($0, " " name "=0x[0-9a-f]+"))
		return ""
	h = substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 4)
	d = 0
	for (i = 1; i <= length(h); i++)
		d = d * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return sprintf("%.0f", d)
}

source == "TCP_INFO" {
	# seconds, acknowledged, cwnd, ssthresh, state, srtt, resent, rto
	if (NF != 8 || $1 !~ /^[0-9]+\.[0-9]+$/ || $2 !~ /^[0-9]+$/ || $3 !~ /^[0-9]+$/ || \
	    $4 !~ /^[0-9]+$/ || $5 !~ /^(Open|Disorder|CWR|Recovery|Loss)$/ || $6 !~ /^[0-9]+$/ || \
	    $7 !~ /^[0-9]+$/ || $8 !~ /^[0-9]+$/) {
		print "unknown: the server's TCP_INFO file has a line that is not its numbers"
		bad = 1
		exit
	}
	una = first_seq + 1 + $2
	una -= 4294967296 * int(una / 4294967296)
	record_line[++lines] = $1 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" sprintf("%.0f", una) "\t" $7 "\t" $8
	next
}

/ tcp_cong_state_set: / {
	if ((index($0, " saddr=" server " ") == 0 && index($0, " saddrv6=" server " ") == 0) ||
	    index($0, " dport=" client " ") == 0)
		next
	for (i = 1; i <= NF; i++)
		if ($i ~ /^cong_state=[0-4]$/)
			state = state_name[substr($i, 12) + 1]
	next
}

/ tcp_probe: / {
	if (index($0, server "]:" port " ") == 0 && index($0, "src=" server ":" port " ") == 0)
		next
	if (client == "" || !index($0, ":" client " "))
		next
	for (i = 1; i <= NF; i++) {
		split($i, kv, "=")
		v[kv[1]] = kv[2]
	}
	if (socket == "")
		socket = v["skaddr"]
	else if (v["skaddr"] != socket)
		sockets = 2
	t = $0
	sub(/: tcp_probe: .*/, "", t)
	sub(/.* /, "", t)
	record_line[++lines] = t "\t" v["snd_cwnd"] "\t" v["ssthresh"] "\t" state "\t" v["srtt"] "\t" \
	    v["snd_wnd"] "\t" hex("snd_una") "\t" hex("snd_nxt") "\t" v["data_len"]
}

END {
	if (bad)
		exit
	if (source == "TCP_INFO") {
		if (first_seq == "") {
			print "unknown: the capture has no SYN-ACK to count the server's bytes from"
			exit
		}
		if (lines == 0) {
			print "unknown: the server wrote no readings of TCP_INFO (it did not run to its end)"
			exit
		}
		print "# the kernel's own numbers for the server's socket, as the lab's server"
		print "# read them itself, without privilege (server -i: getsockopt TCP_INFO),"
		print "# a line each time they changed, looked at each millisecond while it"
		print "# waited for the client's ACKs: the numbers between ACKs, not at each."
		print "# time: CLOCK_MONOTONIC (s), not the capture's; cwnd, ssthresh:"
		print "# segments (2147483647: no threshold yet); srtt: us; snd_una: the"
		print "# first byte not yet acknowledged, as a sequence number (decimal);"
		print "# resent: how many segments the server had sent again in all; rto:"
		print "# its retransmission timeout (us)."
		write_record("time\tcwnd\tssthresh\tca_state\tsrtt\tsnd_una\tresent\trto")
		exit
	}
	if (sockets) {
		print "unknown: two sockets in the trace have this connection's addresses and ports" \
		    " (another run's, beside this one)"
		exit
	}
	print "# the kernel's own numbers for the server's socket, from the tracepoints"
	print "# tcp:tcp_probe, a line for each segment it received while ESTABLISHED,"
	print "# before processing it, and tcp:tcp_cong_state_set (ca_state: the last"
	print "# state it set before the line: Open, Disorder, CWR, Recovery, Loss)."
	print "# time: the trace clock (mono, s), not the capture's; cwnd, ssthresh:"
	print "# segments (2147483647: no threshold yet); srtt: us; snd_una, snd_nxt:"
	print "# sequence numbers, decimal; length: the segment's data.  No rto here."
	write_record("time\tcwnd\tssthresh\tca_state\tsrtt\tsnd_wnd\tsnd_una\tsnd_nxt\tlength")
}

# write_record(head): the rest of the record, either kind: whose
# connection, its congestion control, the columns' names, the lines.
function write_record(head,    i) {
	print "# connection " client_end " > " server "." port
	print "# congestion control " congestion
	print head
	for (i = 1; i <= lines; i++)
		print record_line[i]
}
