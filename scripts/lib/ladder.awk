# scripts/lib/ladder.awk - the ladder's main program, run by scripts/ladder.sh
# after the stages' files and before one view:
#
#   tcpdump's text -> read (read/tcpdump.awk, read/flags.awk)
#                  -> follow (read/connections.awk)
#                  -> mean (mean/analysis.awk, mean/kernel.awk: the
#                     kernel's own numbers, mean/explanations.awk)
#                  -> records (mean/records.awk)
#                  -> one view's draw() (view/text.awk, svg.awk, tsv.awk,
#                     page/html.awk), which lays out the records alone
#
#   -v connection=N   the connection to draw (default: the one of the
#                     first SYN, else the first one seen)
#   -v list=1         the records of every connection, for the list
#   -v explain=1      each packet's fields explained, in the records
#   -v keep_lines=1   each packet's line as tcpdump printed it, likewise
#   -v graph=1        the fields of the time-sequence graph, likewise
#   -v kernel=FILE    the server kernel's record of this capture (kernel.awk)

NR <= 2 { head_line[NR] = $0 }	# to know a pcap's bytes on stdin

read_line($0) {
	keep_packet()
	if (keep_lines)
		line_of[n] = pk_line
}

END {
	if (pending != "")
		skipped++
	if (n == 0 && pcap_bytes()) {
		complain("the input is a pcap file's bytes, not tcpdump's text: give the file's name" \
		    " (ladder.sh FILE), or tcpdump -n -S -r FILE | ladder.sh")
		exit 1
	}
	if (n == 0) {
		complain(quiet_lines ? \
		    "these lines are tcpdump -q's, without the flags and numbers a ladder needs: print the capture without -q" : \
		    (cut_short ? "no whole TCP packet in the input: tcpdump printed " plural(cut_short, "packet") \
		    " cut short inside the TCP header ([|tcp])" : \
		    "no TCP packet in the input"))
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
		kernel_join()
		kernel_levels()
		describe()
	}
	draw()
}

# pcap_bytes(): the input began as a pcap file does (its magic number in
# either byte order, microseconds or nanoseconds), or a pcapng file (a
# newline, then two carriage returns), as ladder.sh's tr leaves them.
function pcap_bytes() {
	return head_line[1] ~ /^([?][?][?][?]|M<[?][?]|[?][?]<M)/ || \
	    (head_line[1] == "" && head_line[2] ~ /^[?][?]/)
}

function complain(message) {
	print "ladder.sh: " message > "/dev/stderr"
}
