# scripts/lib/mean/kernel.awk - the server kernel's own numbers beside the
# packets: its congestion window, slow-start threshold, congestion state
# and smoothed round trip, as each of the client's packets reached it.
# They are read from the kernel's record (LESSON.cwnd, which
# capture/exchange.sh writes as root from the tracepoints tcp:tcp_probe
# and tcp:tcp_cong_state_set) and joined to the packets; nothing here
# computes one of them.  Loaded after analysis.awk; after analyse(),
# kernel_join() leaves, for explanations.awk and records.awk:
#
#   kernel_of[i]    for packet i of the drawn connection that the record
#                   has a line for: that line's number j, whose numbers
#                   are k_cwnd[j], k_ssthresh[j] (segments; 2147483647:
#                   none yet), k_state[j] (Open, Disorder, CWR, Recovery,
#                   Loss) and k_srtt[j] (us)
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
# later segments (those that arrived: not the lost) are walked together,
# and line j is joined to segment i only when its snd_una is that highest
# ack and its length i's data.  Where they differ, segment i has no line:
# the kernel took it in with the one before (ACKs that queue while the
# server's process holds the socket are merged into the one queued
# before them, never into a later one: seen once in about 100 runs of
# slow-start, 2 in 20 of fast-retransmit, a burst of ACKs just before
# the duplicate ACKs), or the trace lost it; the line is then the first
# later segment's that finds its snd_una (the next one not merged;
# duplicate ACKs after it find the same), and the segments between are
# unknown.  Else the record and the capture
# part there, and the numbers of segment i and of every later one are
# unknown (a line of another segment would be a wrong number).  The
# record ends where the connection leaves ESTABLISHED (the server's
# close(): FIN_WAIT_1): the segments after its last line are unknown too.

function kernel_join(    j, i, una, part, why, line, f, nf, head, conn_line, bad, seg, want, m, s, t,
    skipped) {
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
			continue
		}
		nf = split(line, f, "\t")
		if (nf != 9 || f[2] !~ /^[0-9]+$/ || f[3] !~ /^[0-9]+$/ || f[5] !~ /^[0-9]*$/ || \
		    f[7] !~ /^[0-9]+$/ || f[9] !~ /^[0-9]+$/ || f[4] !~ /^(Open|Disorder|CWR|Recovery|Loss)$/) {
			bad = 1
			break
		}
		nk++
		k_cwnd[nk] = f[2]
		k_ssthresh[nk] = f[3]
		k_state[nk] = f[4]
		k_srtt[nk] = f[5]
		k_una[nk] = f[7]
		k_length[nk] = f[9]
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
	if (bad || head != "time\tcwnd\tssthresh\tca_state\tsrtt\tsnd_wnd\tsnd_una\tsnd_nxt\tlength") {
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
	# it finds, want[]
	m = 0
	una = ""
	for (i = conn_first[drawn]; i <= conn_last[drawn]; i++) {
		if (conn[i] != drawn || side[i] != "client" || (i in dup_of) || (i in lost))
			continue
		if (una != "") {
			seg[++m] = i
			want[m] = una
		}
		if (ack[i] != "" && flag(i, ".") && (una == "" || reaches(ack[i], una)))
			una = ack[i] + 0
	}
	j = 1
	part = skipped = 0
	for (s = 1; s <= m && j <= nk; s++) {
		if (k_una[j] != want[s] || k_length[j] != len[seg[s]] + 0) {
			# no line for segment s: the kernel took it in with the one
			# before (ACKs that queue while the server's process holds
			# the socket are merged into the one before them), or the
			# trace lost it.  The line is the first later segment's that
			# finds its snd_una; else the two part here.
			for (t = s + 1; t <= m && want[t] != k_una[j]; t++)
				;
			if (t > m || k_length[j] != len[seg[t]] + 0 || want[t - 1] == want[t]) {
				part = seg[s]
				break
			}
			skipped += t - s
			s = t
		}
		kernel_of[seg[s]] = j++
	}
	kernel_note = "cwnd, ssthresh, state: the server kernel's own" \
	    (kernel_congestion == "" ? "" : " (congestion control " kernel_congestion ")") \
	    ", as each segment reached it, before it was processed (tracepoint tcp:tcp_probe, in " \
	    kernel_name ")"
	kernel_joined = j - 1
	if (skipped)
		kernel_note = kernel_note "; no line for " skipped " of the client's segments (taken in" \
		    " with the one before, or lost from the trace): unknown"
	if (part)
		kernel_note = kernel_note "; from packet " packet_number(part) \
		    " on, the record and the capture part: unknown"
	else if (j <= nk)
		kernel_note = kernel_note "; " plural(nk - j + 1, "line") " of it joined to no packet"
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
