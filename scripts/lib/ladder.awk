# scripts/lib/ladder.awk - the ladder's main program, run by scripts/ladder.sh
# after the stages' files and before one view:
#
#   tcpdump's text -> read (read/tcpdump.awk, read/flags.awk)
#                  -> follow (read/connections.awk)
#                  -> mean (mean/analysis.awk, mean/explanations.awk)
#                  -> records (mean/records.awk)
#                  -> one view's draw() (view/text.awk, svg.awk, tsv.awk,
#                     page/html.awk), which lays out the records alone
#
#   -v connection=N   the connection to draw (default: the one of the
#                     first SYN, else the first one seen)
#   -v list=1         the records of every connection, for the list
#   -v explain=1      each packet's fields explained, in the records
#   -v keep_lines=1   each packet's line as tcpdump printed it, likewise

read_line($0) {
	keep_packet()
	if (keep_lines)
		line_of[n] = pk_line
}

END {
	if (pending != "")
		skipped++
	if (n == 0) {
		complain(quiet_lines ? \
		    "these lines are tcpdump -q's, without the flags and numbers a ladder needs: print the capture without -q" : \
		    "no TCP packet in the input")
		exit 1
	}
	if (list)
		describe_connections()
	else {
		analyse(connection)
		if (drawn == 0) {
			complain("no connection " connection ": the capture holds " nconn \
			    " (ladder.sh --list shows them)")
			exit 2
		}
		describe()
	}
	draw()
}

function complain(message) {
	print "ladder.sh: " message > "/dev/stderr"
}
