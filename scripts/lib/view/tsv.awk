# scripts/lib/view/tsv.awk - the data view: each packet's record (mean/records.awk)
# of the drawn connection, a tab-separated line each, for other programs
# (a test's oracle, a page of its own).  A header line names the columns:
#
#   packet      its number in the capture, from 1 (tcpdump -#'s)
#   side        client or server: who sent it
#   flags       as tcpdump printed them
#   seq, ack    as printed ("" when not); seq_n, ack_n counted from the
#               stream's first number, where it is known
#   length      bytes of data
#   resends     the packet it sends again (-1: bytes first sent in other
#               pieces), else 0
#   copy_of     the packet the capture saw twice, else 0
#   lost        1 when it never arrived
#   client, server   each side's states after it
#   meaning     what it does, in words
#   client_end, server_end   the connection's endpoints, "address.port" as
#               tcpdump prints them
#   time_us     microseconds from the connection's first packet
#   win         its window in bytes, where the scale is known
#   rtt_us      the round trip this ACK measures (Karn's rule: none for
#               a segment sent twice), srtt_us the smoothed RTT after it
#               (RFC 6298); both empty where there is none
#   cwnd, ssthresh, ca_state   the server kernel's own congestion window,
#               slow-start threshold (2147483647: none yet) and state (Open,
#               Disorder, CWR, Recovery, Loss) as this packet of the
#               client's reached it, from the kernel's record beside the
#               capture; empty where unknown (GUIDE.md, "The kernel's numbers")
#   flight      on a first sending of data: which flight of its sender
#               it is in, from 1 (a run of first sendings with no pause of
#               more than a quarter of the handshake's round trip, 1 ms at
#               least, between two, but within half a round trip of the
#               flight's first); empty elsewhere, and where the round trip
#               is unknown
# Columns are only ever added at the end.  It lays out the records and
# decides nothing.

function draw(    k, j, p, line) {
	print PACKET_HEADER "\t" KERNEL_HEADER "\tflight"
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		line = p[1]
		for (j = 2; j <= PACKET_COLUMNS; j++)
			line = line "\t" p[j]
		print line "\t" p[P_CWND] "\t" p[P_SSTHRESH] "\t" p[P_CA_STATE] "\t" p[P_FLIGHT]
	}
}
