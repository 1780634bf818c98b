# scripts/lib/capture/listing.awk - the numbered listing capture.sh shows,
# tcpdump's lines, shortened where long: the first LIST_FIRST lines as
# they come, then, once the capture is over, a line saying how many are
# not shown and the last LIST_LAST.  A bulk lesson's 130 lines would
# push the verdict and the ladder off the screen; the capture's text file
# (-v whole=FILE, named in that line) has every one.
#
# watch.awk calls list_line() for each packet line and list_end() when
# tcpdump has stopped; with -v standalone=1, this file lists its input
# (capture.sh -r).

BEGIN {
	LIST_FIRST = 20
	LIST_LAST = 5
	LIST_KEPT = 10	# the tail kept, in a ring: shown whole when no longer
}

standalone { list_line($0) }

END {
	if (standalone)
		list_end()
}

function list_line(line) {
	if (++listed <= LIST_FIRST) {
		print line
		fflush()
	} else
		list_tail[listed % LIST_KEPT] = line
}

function list_end(    k, first) {
	if (list_ended++ || listed <= LIST_FIRST)
		return
	first = LIST_FIRST + 1
	if (listed - LIST_FIRST > LIST_KEPT) {
		print "    ... " (listed - LIST_FIRST - LIST_LAST) " lines more, not shown here" \
		    (whole == "" ? "" : ": " whole " has every one")
		first = listed - LIST_LAST + 1
	}
	for (k = first; k <= listed; k++)
		print list_tail[k % LIST_KEPT]
	fflush()
}
