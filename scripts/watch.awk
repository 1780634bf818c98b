# scripts/watch.awk - follow tcpdump's output (stdout and stderr together)
# as it comes, and report on stdout the two moments the capture waits for:
#
#   listening   tcpdump has opened the interface and is capturing
#   closed      the connection is over on the wire: an RST was seen, or
#               both FINs were sent and each was acknowledged
#
# Packet lines go to the file named by -v packets=FILE, everything else
# tcpdump says to -v messages=FILE.  Loaded after tcpdump.awk.

BEGIN { closed = 0 }

!parse_packet($0) {
	print > messages
	fflush(messages)
	if (index($0, "listening on")) {
		print "listening"
		fflush()
	}
	next
}

{
	print > packets
	fflush(packets)
	if (closed)
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

function report_closed() {
	closed = 1
	print "closed"
	fflush()
}
