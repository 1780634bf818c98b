# scripts/lib/capture/verdict.awk - the verdict on recorded tcpdump text: loaded after
# tcpdump.awk, flags.awk, connections.awk and golden.awk, run by capture.sh -r with
#
#   -v golden=FILE         the golden pattern
#   -v flags_out=FILE      where to write what was captured
#   -v expected_out=FILE   where to write the pattern on a mismatch
#   -v lossy=1             the lesson loses a packet on purpose
#   -v notes_out=FILE      where to say that the capture holds more than
#                          one connection, and which one was judged, how
#                          many packets it saw twice, and which carry data
#                          on a SYN
#
# Exit 0 on a match; 1 on a mismatch, with where the packets first differ
# and the likely cause on stdout.

read_line($0) { keep_packet() }

END {
	matched = verdict(golden, flags_out, expected_out, lossy)
	if (nconn > 1)
		print "the capture holds " nconn " connections; the verdict is on" \
		    " connection " judged " (client " address_of(client) " port " \
		    port_of(client) "): scripts/ladder.sh --list shows them all" > notes_out
	if (seen_twice)
		print "the capture saw " seen_twice " of its packets twice: each counts once" > notes_out
	for (i = conn_first[judged]; judged && i <= conn_last[judged]; i++)
		if (conn[i] == judged && flag(i, "S") && len[i] > 0)
			print "packet " packet_number(i) " carries " len[i] " bytes of data on its SYN" \
			    " (TCP Fast Open), which a golden pattern's flags do not show" > notes_out
	if (matched)
		exit 0
	print explanation()
	exit 1
}
