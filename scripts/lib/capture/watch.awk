# scripts/lib/capture/watch.awk - follow tcpdump's output (stdout and stderr together)
# as it comes, and report to the FIFO named by -v events=FILE the moments
# the capture waits for:
#
#   listening   tcpdump has opened the interface and is capturing
#   closed      the connection is over on the wire: an RST was seen, or
#               both FINs were sent and each was acknowledged
#   stopped     with -v counts=1 (tcpdump --print, one process): tcpdump,
#               told to stop, said how many packets it captured, after
#               its last packet; the packets and the verdict are written
#               (its exit takes 20-odd ms more)
#
# Packet lines go to stdout as they come (listing.awk: shortened where
# long) and to the file named by
# -v packets=FILE; everything else tcpdump says to -v messages=FILE.  The
# lesson comes as -v port=N and -v lose=SIDE:KIND:N (a packet the network
# drops on purpose: it is seen here, but never arrives, so what it says
# does not count).  The verdict, as in verdict.awk, with -v golden,
# flags_out, expected_out and cause_out=FILE for where the packets first
# differ and the likely cause: judged as soon as the connection is over,
# while tcpdump takes its time to stop (20-odd ms, the CPUs idle), and
# kept when no packet came after it and they match.  Otherwise -- a packet
# came later, or they differ -- the file named by -v again=FILE says
# "judge again", and capture.sh's exchange.sh runs verdict.awk on the
# packets (golden.awk judges once: following the connection leaves its
# marks).  When the connection was never over, the verdict is at the end.
# Loaded after tcpdump.awk, flags.awk (is_kind), connections.awk,
# golden.awk and listing.awk.

BEGIN {
	closed = listening = lost_seen = 0
	split(lose, rule, ":")
}

!read_line($0) {
	print > messages
	fflush(messages)
	if (!listening && index($0, "listening on")) {
		listening = 1
		event("listening")
	} else if (counts && $0 ~ /^[0-9]+ packets? dropped by kernel$/) {
		settle()
		event("stopped")
	}
	next
}

{
	list_line($0)
	print > packets
	fflush(packets)
	keep_packet()
	if (closed || lost())
		next
	if (index(pk_flags, "R"))
		report_closed()
	# A FIN uses one sequence number: the peer acknowledges it with + 1.
	if (index(pk_flags, "F") && !(pk_src in fin_ack)) {
		fin_ack[pk_src] = (pk_end + 1) % 4294967296
		fins++
	}
	if (pk_ack != "" && (pk_dst in fin_ack) && pk_ack + 0 == fin_ack[pk_dst] &&
	    !(pk_dst in fin_acked)) {
		fin_acked[pk_dst] = 1
		if (++acked == 2)
			report_closed()
	}
}

# Whether the network drops this packet: the lesson's rule names its
# sender, its kind and which one of that kind it is.
function lost(    side) {
	if (lose == "")
		return 0
	side = port_of(pk_src) == port ? "server" : "client"
	return side == rule[1] && is_kind(pk_flags, rule[2]) && ++lost_seen == rule[3]
}

function report_closed() {
	closed = 1
	event("closed")
	# the expected pattern, written only on a mismatch, to a scratch
	# name: a packet may yet come, and change the verdict
	judged_at = n
	matched_early = verdict(golden, flags_out, expected_out ".early", lose != "")
}

function event(what) {
	print what > events
	fflush(events)
}

END {
	settle()
}

# settle: the verdict on all the packets, once.
function settle() {
	list_end()
	if (settled++ || !listening || (judged_at && matched_early && n == judged_at))
		return
	if (judged_at) {
		print "judge again" > again
		close(again)
	} else if (!verdict(golden, flags_out, expected_out, lose != "")) {
		print explanation() > cause_out
		close(cause_out)
	}
}
