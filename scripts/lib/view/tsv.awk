# scripts/lib/view/tsv.awk - the data view: what analysis.awk said of each
# packet of the drawn connection, a tab-separated line each, for other
# programs (a test's oracle, a page of its own).  A header line names the
# columns:
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
# It lays out what the analysis said and decides nothing.

# The number of the packet that packet i sends again, -1 or 0 as resent().
function resends(i,    r) {
	r = resent(i)
	return (r > 0 ? packet_number(r) : r)
}

function draw(    i, x, y, sn, an) {
	print "packet\tside\tflags\tseq\tseq_n\tack\tack_n\tlength\tresends\tcopy_of\tlost\tclient\tserver\tmeaning"
	for (i = conn_first[drawn]; i <= conn_last[drawn]; i++) {
		if (conn[i] != drawn)
			continue
		x = side[i]
		y = (self ? x : other(x))
		sn = (seq[i] == "" ? "" : relative(seq[i], x))
		an = (ack[i] == "" ? "" : relative(ack[i], y))
		gsub(/[][ ]/, "", sn)
		gsub(/[][ ]/, "", an)
		print packet_number(i) "\t" x "\t" fl[i] "\t" seq[i] "\t" sn "\t" ack[i] "\t" an "\t" len[i] \
		    "\t" resends(i) "\t" ((i in dup_of) ? packet_number(dup_of[i]) : 0) \
		    "\t" ((i in lost) ? 1 : 0) "\t" after_client[i] "\t" after_server[i] \
		    "\t" meaning[i]
	}
}
