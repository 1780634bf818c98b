# scripts/lib/mean/kernel.awk - the server kernel's own numbers beside the
# packets: its congestion window, slow-start threshold, congestion state
# and smoothed round trip, as each of the client's packets reached it.
# They are read from the kernel's record (LESSON.cwnd, which
# capture/exchange.sh writes as root from the tracepoints tcp:tcp_probe
# and tcp:tcp_cong_state_set) and joined to the packets; nothing here
# computes one of them.  Loaded after analysis.awk; after analyse(),
# kernel_join() and kernel_levels() leave, for explanations.awk and
# records.awk:
#
#   kernel_of[i]    for packet i of the drawn connection that the record
#                   has a line for: that line's number j, whose numbers
#                   are k_cwnd[j], k_ssthresh[j] (segments; 2147483647:
#                   none yet), k_state[j] (Open, Disorder, CWR, Recovery,
#                   Loss), k_srtt[j] (us) and, in the server's own
#                   readings (TCP_INFO), k_rto[j] (us; else "")
#   kernel_from[i]  for such a packet, the packet since which the kernel
#                   had those numbers, as far as the capture shows: the
#                   client's packet before it (what that one made the
#                   kernel do is in them), or a retransmission of the
#                   server's after that one (a timer may have changed
#                   them: cwnd 1 after a timeout), whichever came later
#   kernel_note     a sentence for the capture: whence the numbers come,
#                   or why they are unknown; "" without a record
#   kernel_joined   how many packets have a line
#   kernel_congestion  the server's congestion control, as the record says
#                   ("cubic", "bbr"), "" where it does not
#
#   -v kernel=FILE  the record (ladder.sh: the capture's name with .cwnd,
#                   or --kernel FILE); -v kernel_name: its name, as said
#
# The join.  A tcp_probe line has no ack number, and the trace's clock is
# not the capture's: neither can say which packet a line is for.  What
# can: tcp_probe fires for each segment the server receives while the
# connection is ESTABLISHED, in the order it receives them, before it
# processes it; its snd_una then is the highest ack of the client's
# segments before this one.  The capture, taken at the client's end, has
# the client's segments in the order they left, which is the order they
# arrive in (the delay line keeps it).  The segment that completes the
# handshake arrives in SYN_RCVD: no line.  So the lines and the client's
# later segments are walked together, a run at a time: the segments
# that find the same snd_una (one, or several: duplicate ACKs, window
# updates, data) and the lines that have it are joined one to one only
# where there are as many of each and their lengths pair up.  A line
# fewer there (the kernel took two in as one: ACKs that queue while the
# server's process holds the socket are merged, seen once in about 100
# runs; or the trace lost one) or more, and which line is whose cannot be
# told: the run's segments are unknown, not shifted by one.  A run with
# no line at all (its snd_una on no line) is skipped, unknown, where a
# later run's snd_una is the next line's; else the record and the capture
# part there, and every later segment is unknown (a line of another
# segment would be a wrong number).  A segment of the client's that the
# capture says was lost may have reached the server all the same (the
# capture, at the client's end, cannot see): the join ends before it.
# The record ends where the connection leaves ESTABLISHED (the server's
# close(): FIN_WAIT_1): the segments after its last line are unknown too.

function kernel_join(    j, i, una, part, why, line, f, nf, head, conn_line, bad, seg, want, m, s, t, e, l,
    skipped, unsure, paired, joined, doubt) {
	kernel_note = ""
	if (kernel == "")
		return
	nk = 0
	head = ""
	bad = 0
	while ((getline line < kernel) > 0) {
		# the record is read here, not through ladder.sh's tr: a byte
		# that is not printable never reaches a view
		gsub(/[^ -~\t]/, "?", line)
		if (line ~ /^unknown: /) {
			why = substr(line, 10)
			break
		}
		if (line ~ /^# connection /)
			conn_line = substr(line, 14)
		if (line ~ /^# congestion control [a-z0-9_]+$/)
			kernel_congestion = substr(line, 22)
		if (line ~ /^#/)
			continue
		if (head == "") {
			head = line
			readings = (head == "time\tcwnd\tssthresh\tca_state\tsrtt\tsnd_una\tresent\trto")
			continue
		}
		nf = split(line, f, "\t")
		if (nf != (readings ? 8 : 9) || f[2] !~ /^[0-9]+$/ || f[3] !~ /^[0-9]+$/ || f[5] !~ /^[0-9]*$/ || \
		    f[readings ? 6 : 7] !~ /^[0-9]+$/ || f[readings ? 7 : 9] !~ /^[0-9]+$/ || \
		    (readings && f[8] !~ /^[0-9]+$/) || \
		    f[4] !~ /^(Open|Disorder|CWR|Recovery|Loss)$/) {
			bad = 1
			break
		}
		nk++
		k_cwnd[nk] = f[2]
		k_ssthresh[nk] = f[3]
		k_state[nk] = f[4]
		k_srtt[nk] = f[5]
		k_una[nk] = f[readings ? 6 : 7]
		k_length[nk] = f[9]
		k_resent[nk] = f[7]
		k_rto[nk] = (readings ? f[8] : "")
	}
	close(kernel)
	if (why != "") {
		kernel_note = "the server kernel's cwnd: unknown: " why
		return
	}
	if (head == "time\tcwnd\tssthresh\tsrtt\tsnd_wnd\tsnd_una\tsnd_nxt") {
		kernel_note = "the server kernel's cwnd: unknown: " kernel_name " is an older record," \
		    " without the congestion state (capture the lesson again)"
		return
	}
	if (bad || (!readings && head != "time\tcwnd\tssthresh\tca_state\tsrtt\tsnd_wnd\tsnd_una\tsnd_nxt\tlength")) {
		kernel_note = "the server kernel's cwnd: unknown: " kernel_name " is not a record of the kernel's numbers"
		return
	}
	if (conn_line != client " > " server) {
		kernel_note = "the server kernel's cwnd: unknown: " kernel_name " is of another connection (" \
		    conn_line ")"
		return
	}
	if (relative_input) {
		kernel_note = "the server kernel's cwnd: unknown: the capture's numbers are relative" \
		    " (tcpdump without -S), the record's are not"
		return
	}
	if (started_mid) {
		kernel_note = "the server kernel's cwnd: unknown: the capture starts mid-connection," \
		    " without the handshake the record's lines are counted from"
		return
	}
	# the client's segments that reached the server after the one that
	# completed the handshake, in order: seg[1..m], each with the snd_una
	# it finds, want[]; a segment the capture says was lost may have
	# reached it all the same (the capture, at the client's end, cannot
	# see): the join ends there
	m = 0
	una = ""
	for (i = conn_first[drawn]; i <= conn_last[drawn]; i++) {
		# the server's readings end at its close(), when its FIN leaves
		if (readings && conn[i] == drawn && side[i] == "server" && flag(i, "F"))
			break
		if (conn[i] != drawn || side[i] != "client" || (i in dup_of))
			continue
		if (i in lost) {
			doubt = i
			break
		}
		if (una != "") {
			seg[++m] = i
			want[m] = una
		}
		if (ack[i] != "" && flag(i, ".") && (una == "" || reaches(ack[i], una)))
			una = ack[i] + 0
	}
	if (readings) {
		readings_join(m, seg, want, una, doubt)
		return
	}
	# The segments s..e that find the same snd_una (duplicate ACKs, window
	# updates, data) and the lines j..l that have it are joined one to one
	# only where there are as many of each and their lengths pair up: one
	# line fewer (two taken in as one) or more there, and which line is
	# whose cannot be told.  A run with no line at all is skipped.
	j = s = 1
	part = skipped = unsure = 0
	while (s <= m && j <= nk) {
		for (e = s; e < m && want[e + 1] == want[s]; e++)
			;
		if (k_una[j] != want[s]) {
			# no line for segments s..e: the kernel took them in with
			# the one before, or the trace lost them; the line is a
			# later run's, else the record and the capture part here
			for (t = e + 1; t <= m && want[t] != k_una[j]; t++)
				;
			if (t > m) {
				part = seg[s]
				break
			}
			skipped += t - s
			s = t
			continue
		}
		for (l = j; l < nk && k_una[l + 1] == want[s]; l++)
			;
		paired = (l - j == e - s)
		for (t = 0; paired && t <= e - s; t++)
			paired = (k_length[j + t] == len[seg[s + t]] + 0)
		for (t = 0; t <= e - s; t++)
			if (paired)
				kernel_of[seg[s + t]] = j + t
			else
				unsure++
		if (paired)
			joined += e - s + 1
		j = l + 1
		s = e + 1
	}
	kernel_note = "cwnd, ssthresh, state: the server kernel's own" \
	    (kernel_congestion == "" ? "" : " (congestion control " kernel_congestion ")") \
	    ", as each segment reached it, before it was processed (tracepoint tcp:tcp_probe, in " \
	    kernel_name ")"
	kernel_joined = joined + 0
	if (skipped)
		kernel_note = kernel_note "; no line for " skipped " of the client's segments (taken in" \
		    " with the one before, or lost from the trace): unknown"
	if (unsure)
		kernel_note = kernel_note "; " unsure " of the client's segments unknown: they find the same" \
		    " snd_una as their neighbours, and the record has more or fewer lines with it than" \
		    " segments: which line is whose cannot be told"
	if (part)
		kernel_note = kernel_note "; from packet " packet_number(part) \
		    " on, the record and the capture part: unknown"
	else if (doubt && j <= nk)
		kernel_note = kernel_note doubt_words(doubt)
	else if (j <= nk)
		kernel_note = kernel_note "; " plural(nk - j + 1, "line") " of it joined to no packet"
}

# kernel_levels(): kernel_from[], once the numbers are joined.
function kernel_levels(    i, client_before, resend) {
	client_before = resend = ""
	for (i = conn_first[drawn]; i <= conn_last[drawn]; i++) {
		if (conn[i] != drawn)
			continue
		if (side[i] == "server") {
			if (resent(i))
				resend = i
			continue
		}
		if ((i in kernel_of) && client_before != "")
			kernel_from[i] = (resend != "" && resend > client_before ? resend : client_before)
		client_before = i
	}
}

# readings_join(m, seg, want, last_una, doubt): the join of the server's own
# readings (TCP_INFO, looked at each millisecond while it waited, a line
# where they changed: capture/record.awk).  A reading with snd_una U was
# taken after the segment that moved snd_una to U, before the next one
# that moved it.  So the last reading with the snd_una that segment s
# finds is the kernel's numbers as s reached it -- where s is the only
# segment that finds that snd_una, and where no timer changed them
# between that reading and s: a timer that does (a timeout, a loss probe)
# sends a segment again, which the next reading's count (resent) shows,
# else the change would have made a reading of its own before s.  Else
# s is unknown: segments that share a snd_una (duplicate ACKs, window
# updates), a segment whose snd_una no reading has (it came within a
# millisecond of the one before), one with a resending between.  And
# every snd_una a reading has is one the capture's segments give (want[],
# or LAST_UNA, the last one's ack): one that is not was taken after a
# segment of the client's that the capture lacks (tcpdump dropped it),
# and every segment after that one (its ack as high) is unknown.
function readings_join(m, seg, want, last_una, doubt,    j, s, e, joined, shared, unread, resends,
    last, given, missing, part) {
	# (the keys written out: an awk may write a number past 2^31 as 4.3e+09)
	for (s = 1; s <= m; s++)
		given[sprintf("%.0f", want[s])] = 1
	given[sprintf("%.0f", last_una)] = 1
	missing = ""
	for (j = 1; j <= nk && missing == ""; j++)
		if (!(sprintf("%.0f", k_una[j]) in given))
			missing = k_una[j]
	j = 1
	for (s = 1; s <= m; s = e + 1) {
		if (missing != "" && reaches((s < m ? want[s + 1] : last_una), missing)) {
			part = seg[s]
			break
		}
		for (e = s; e < m && want[e + 1] == want[s]; e++)
			;
		if (e > s) {
			shared += e - s + 1
			continue
		}
		while (j <= nk && k_una[j] != want[s] && reaches(want[s], k_una[j]))
			j++
		if (j > nk || k_una[j] != want[s]) {
			unread++
			continue
		}
		while (j < nk && k_una[j + 1] == want[s])
			j++
		if (j == nk) {
			last++
			continue
		}
		if (k_resent[j + 1] != k_resent[j]) {
			resends++
			continue
		}
		kernel_of[seg[s]] = j
		joined++
	}
	kernel_joined = joined + 0
	kernel_note = "cwnd, ssthresh, state: the server kernel's own" \
	    (kernel_congestion == "" ? "" : " (congestion control " kernel_congestion ")") \
	    ", as each segment reached it: the server's last reading before it (getsockopt TCP_INFO," \
	    " which the lab's server reads itself each millisecond, in " kernel_name ")"
	if (unread)
		kernel_note = kernel_note "; " plural(unread, "segment") " of the client's reached the server" \
		    " before it read again (each millisecond): unknown"
	if (shared)
		kernel_note = kernel_note "; " plural(shared, "segment") " of the client's find the same" \
		    " snd_una as a neighbour (duplicate ACKs, window updates), and which reading came" \
		    " before which cannot be told: unknown"
	if (resends)
		kernel_note = kernel_note "; " plural(resends, "segment") " of the client's came between two" \
		    " readings with a segment the server sent again (a timer may have changed the numbers" \
		    " before it came): unknown"
	if (last)
		kernel_note = kernel_note "; " plural(last, "segment") " of the client's came after the" \
		    " server's last reading, which cannot show that no timer came between: unknown"
	if (part)
		kernel_note = kernel_note "; from packet " packet_number(part) " on, unknown: the record" \
		    " has a reading after a segment of the client's that the capture lacks"
	else if (doubt)
		kernel_note = kernel_note doubt_words(doubt)
}

# doubt_words(i): the kernel's numbers end at packet i of the client's,
# which the capture says was lost, in words for kernel_note.
function doubt_words(i) {
	return "; from packet " packet_number(i) " on, unknown: the capture says it was lost," \
	    " and cannot tell whether it reached the server"
}

# kernel_words(i): packet i's numbers for the ladder, "" where unknown.
function kernel_words(i,    j) {
	if (!(i in kernel_of))
		return ""
	j = kernel_of[i]
	return "server's kernel: cwnd " k_cwnd[j] ", ssthresh " ssthresh_words(k_ssthresh[j]) ", " k_state[j]
}

# kernel_fold_words(g): fold g's numbers for the ladder: the cwnd its
# first and last packets with one had (each the kernel's own, as they
# came), "" where none has one.
function kernel_fold_words(g,    i, first, last) {
	first = last = ""
	for (i = fold_first[g]; i <= fold_last[g]; i++)
		if ((i in fold_of) && fold_of[i] == g && (i in kernel_of)) {
			if (first == "")
				first = k_cwnd[kernel_of[i]]
			last = k_cwnd[kernel_of[i]]
		}
	if (first == "")
		return ""
	return "server's kernel: cwnd " first (last == first ? "" : " to " last)
}

# The kernel's "no threshold yet" (TCP_INFINITE_SSTHRESH), in a word.
function ssthresh_words(s) { return (s == 2147483647 ? "none" : s) }
