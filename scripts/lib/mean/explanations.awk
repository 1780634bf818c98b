# scripts/lib/mean/explanations.awk - what each field of a packet says: the
# words of ladder.sh --explain and of the classroom page.  EDIT THE WORDS
# HERE: each say(FIELD, VALUE, MEANING) below is one line under a packet,
# shown as "FIELD VALUE: MEANING" ("ack [71]: the next byte I expect is
# [71]"); the page shows FIELD VALUE and MEANING side by side.  The
# words may use what the analysis knows of the packet (the side x that
# sent it and y that gets it, its numbers, its options); keep the rest of
# each line as it is.  tests/data/*.explain and tests/data/lessons/ hold
# what the explain view printed: change them with the words
# (sh scripts/ladder.sh --explain FILE >FILE.explain).
#
# Loaded after analysis.awk, whose results it reads; records.awk calls
# explain_fields(i) for each packet when -v explain=1.

# explain_fields(i): packet i's fields and what each says, as records.awk
# keeps them: a line each, "\n" between, field SUBSEP value SUBSEP
# meaning.  Where the stream's first number is unknown, the numbers are
# explained without it.
function explain_fields(i,    x, y, nopt, opt, o, f, w, h, known, nop, from, to, acker) {
	x = side[i]
	y = (self ? x : other(x))
	said = ""
	from = counted(seq[i], x, i)
	to = counted(seq_end[i], x, i)
	known = from != "" && !(i in unnumbered)
	if (i in dup_of)
		say("a copy", "", "the capture point saw packet " packet_number(dup_of[i]) " twice")
	if (i in sent_earlier)
		say("sent earlier", "", "its TS val is older than packet " \
		    packet_number(sent_earlier[i]) "'s: it was sent first, and came late")
	acker = ((i in needless) ? needless[i] : 0)	# (its last ACK, for a needless one)
	if (i in tried_before)
		say("sent again", "", "no answer came to the try before (packet " \
		    packet_number(tried_before[i]) "): a timer ran out")
	else if (i in retry)
		say("sent again", "", "the " y " reset the try before (packet " \
		    packet_number(retry[i]) "): this is another")
	else if (i in needless)
		say("sent again", "", "needless: the " y " had acknowledged it already" \
		    ((acker in lost) ? ", in packet " packet_number(acker) ", which was lost: the " x \
		    " sent it again for that" : ""))
	else if (i in late)
		say("sent again", "", "needless: packet " packet_number(late[i]) " echoes the" \
		    " first one's TS val, so the first arrived; its ACK was on its way")
	else if (i in fast)
		say("sent again", "", plural(fast[i], "duplicate ACK") " asked for these bytes, as the" \
		    " capture saw them: a fast retransmission, before the timer ran out (RFC 5681:" \
		    " a sender resends when the third reaches it; where the capture was taken, more" \
		    " may pass before the resend comes back)")
	else if (resent(i) > 0 && (i in after_dups))
		say("sent again", "", "the " y "'s duplicate ACKs and SACKs showed packet " \
		    packet_number(rexmit[i]) " missing")
	else if (resent(i) > 0 && (i in early))
		say("sent again", "", "packet " packet_number(early[i]) " went out too recently for a" \
		    " timer to run out: why it came again, the capture does not tell")
	else if (resent(i) > 0 && (i in answering))
		say("sent again", "", "no ACK came for packet " packet_number(rexmit[i]) "; it went out" \
		    " with the " x "'s ACK of packet " packet_number(answering[i]) ": sent for that ACK" \
		    " or after a timeout, the capture does not tell which")
	else if (resent(i) > 0)
		say("sent again", "", "no ACK came for packet " packet_number(rexmit[i]) \
		    ": a timer ran out")
	else if (resent(i) < 0)
		say("sent again", "", "these bytes went out before")
	if (i in out_of_order)
		say("out of order", "", "these bytes come after later ones (packet " \
		    packet_number(out_of_order[i]) "), never seen before")
	if (i in gap)
		say("a gap", "", gap_words(i, x))
	if (i in window_full)
		say("window full", "", "its last byte is the last the " y " has room for: its" \
		    " last ACK plus its window")
	if (i in dupack)
		say("duplicate ACK", dupack[i], "the same ACK and window as packet " \
		    packet_number(dupack_of[i]) ": later bytes came, not the ones it asks for")
	if (i in unseen_lo)
		say("not captured", "", "the " y " got " bytes_words(unseen_lo[i], unseen_hi[i], y) \
		    ": this ACK says so, but " (unreadable ? "tcpdump's text does not show them" : \
		    "the capture never held them"))
	if (i in lost)
		say("LOST on the way", "", "the " y " never gets it")

	# the sequence number
	if (seq[i] != "" && flag(i, "S"))
		say("seq", (known ? "[" from "]" : seq[i]), "my random first number; SYN uses it")
	else if ((i in probe) && seq[i] != "")
		say("seq", seq[i], "one below the next new byte: the " y " must answer with an ACK")
	else if ((i in probe) && probe[i] ~ /[?]$/)
		say("no seq", "", "tcpdump leaves it out of an ACK without data; a probe's" \
		    " is one below the next new byte, which the " y " would answer: no answer" \
		    " came, so the capture cannot tell")
	else if (i in probe)
		say("no seq", "", "tcpdump leaves it out of an ACK without data; a probe's" \
		    " is one below the next new byte, which the " y " must answer: it did")
	else if (len[i] > 0 && known)
		say("seq", "[" from "]:[" to "]", "bytes [" from "] to [" \
		    counted(seq_end[i] - 1, x) "], " len[i] " of them")
	else if (len[i] > 0)
		say("seq", seq[i] ":" seq_end[i], plural(len[i], "byte") ", numbered from " seq[i])
	else if (flag(i, "F") && known)
		say("seq", "[" from "]", "the FIN uses number [" from "]")
	else if (flag(i, "F"))
		say("seq", seq[i], "the FIN uses this number")
	else if (flag(i, "R") && known)
		say("seq", "[" from "]", "where my numbers stand")
	else if ((i in unnumbered) && unnumbered[i] == "refusing" && (i in goes_on))
		say("seq", "0", "as a port where nothing listens numbers its reset")
	else if ((i in unnumbered) && unnumbered[i] == "refusing")
		say("seq", "0", "no socket, so no numbers of its own (tcpdump prints a reset's seq)")
	else if ((i in unnumbered) && (x in isn))
		say("seq", seq[i], "sent before its SYN: not counted from it")
	else if (flag(i, "R") && (x in isn) && !relative_input)
		say("seq", seq[i], "past its SYN, before it sent anything more: not a number of" \
		    " its stream (a reset to an ACK takes that ACK's number, RFC 9293 3.10.7.3)")

	# the acknowledgement number
	to = counted(ack[i], y, i)
	known = to != ""
	if (ack[i] != "" && flag(i, "R"))
		say("ack", (known ? "[" to "]" : ack[i]), "what it answers, so that the " y " trusts the reset")
	else if (ack[i] != "" && flag(i, ".") && known)
		say("ack", "[" to "]", "the next byte I expect is [" to "]")
	else if (ack[i] != "" && flag(i, "."))
		say("ack", ack[i], "the number of the next byte I expect")

	# the round trip it measures (RFC 6298; Karn's rule)
	if (i in rtt)
		say("rtt", since(rtt[i] + 0), "from packet " packet_number(rtt_from[i]) " to its ACK, seen" \
		    " where the capture was taken; smoothed over the samples so far (SRTT, RFC 6298): " \
		    since(srtt[i] + 0))
	else if (i in rtt_karn)
		say("no rtt", "", "packet " packet_number(rtt_karn[i]) " went out more than once: which" \
		    " sending this ACK answers, nobody can tell (Karn's rule)")

	# the window
	if (win[i] != "" && flag(i, "S"))
		say("win", win[i], win[i] " bytes free (SYN: unscaled)" \
		    (index(opts[i], "mss " win[i] ",") || opts[i] == "mss " win[i] ? \
		    "; not the mss, though equal here" : ""))
	else if (win[i] != "" && win[i] + 0 == 0)
		say("win", "0", "0 bytes free")
	else if (win[i] != "" && scaling == "on")
		say("win", win[i], win[i] " x " pow2(shift_of(x)) " = " \
		    sprintf("%.0f", win[i] * pow2(shift_of(x))) " bytes free" \
		    (offers_scale[x] + 0 > 14 ? " (its wscale " offers_scale[x] " taken as 14)" : ""))
	else if (win[i] != "" && scaling == "off")
		say("win", win[i], win[i] " bytes free (not scaled: a SYN did not offer wscale)")
	else if (win[i] != "")
		say("win", win[i], "room, in units the SYNs set; they are not in the capture," \
		    " so the scale is unknown")

	# the server kernel's own numbers as this packet reached it (kernel.awk)
	if (i in kernel_of)
		explain_kernel(kernel_of[i])

	# the options, in the order tcpdump printed them
	nop = 0
	nopt = split(opts[i], opt, ",")
	for (o = 1; o <= nopt; o++) {
		f = opt[o]
		if (f ~ /^mss [0-9]+$/) {
			w = substr(f, 5) + 0
			h = (conn_ip[drawn] == "IP6" ? 60 : 40)
			say("mss", w, "at most " w " data bytes a segment: " (w + h) " less " (h - 20) \
			    " (" (conn_ip[drawn] == "IP6" ? "IPv6" : "IPv4") " header) and 20 (TCP header)")
		} else if (f == "sackOK")
			say("sackOK", "", "it can report gaps (selective ACK)")
		else if (f ~ /^TS val .* ecr 0$/)
			say("TS val", "", "its clock (ticks: Linux counts ms), to time round trips")
		else if (f ~ /^TS val /)
			say("TS val/ecr", "", "its clock, and the last val it got (echo reply)")
		else if (f == "nop")
			nop = 1
		else if (f ~ /^wscale [0-9]+$/)
			say("wscale", substr(f, 8), "its later windows are x " \
			    (substr(f, 8) + 0 > 14 ? pow2(14) ": a shift above 14 is taken as 14 (RFC 7323)" : \
			    pow2(substr(f, 8))))
		else if (f ~ /^sack [0-9]+ /)
			say("sack", substr(spaced(f), 6), (below_ack(i, f) ? \
			    "these bytes came twice: below the ACK, a duplicate (D-SACK)" : \
			    "it has these bytes too, past a gap"))
		else if (f ~ /^tfo cookiereq/)
			say("tfo", substr(f, 5), "asks for a Fast Open cookie")
		else if (f ~ /^tfo /)
			say("tfo", substr(f, 5), "a Fast Open cookie, so data may ride on the SYN")
		else if (f == "eol")
			say("eol", "", "the end of the options")
		else
			say(f, "", "another option")
	}
	if (nop)
		say("nop", "", "a byte of padding between options")

	# the data
	if (len[i] > 0)
		say("length", len[i], "data, " plural(len[i], "byte") (flag(i, "P") ? " (PSH: deliver now)" : ""))
	else
		say("length", "0", "no data" ((flag(i, "S") || flag(i, "F")) ? \
		    " (the " (flag(i, "S") ? "SYN" : "FIN") " uses a number, not a byte)" : ""))
	if (flag(i, "U"))
		say("URG", "", "some of the data is urgent")
	return said
}

# explain_kernel(j): the kernel record's line j, what each number says
# (briefly: a bulk transfer's page says it at every ACK).
function explain_kernel(j,    s) {
	say("cwnd", k_cwnd[j], "segments the server may have unacknowledged, as this came in (its kernel's)")
	s = k_ssthresh[j]
	say("ssthresh", ssthresh_words(s), (s != 2147483647 ? \
	    (kernel_congestion == "cubic" ? "slow start below it; above it, CUBIC's slower growth" : \
	    (kernel_congestion == "reno" ? "slow start below it, then about one more a round trip" : \
	    "slow start below it; above it, its congestion control decides")) : (kernel_congestion == "bbr" ? \
	    "none: BBR sets no threshold, its cwnd follows the rate and round trip it measures" : \
	    "no threshold yet: slow start")))
	s = k_state[j]
	say("state", s, (s == "Open" ? "no loss seen" : \
	    (s == "Disorder" ? "duplicate ACKs or SACKs: something may be lost" : \
	    (s == "CWR" ? "the window cut: congestion signalled (ECN), or a full queue" : \
	    (s == "Recovery" ? "fast recovery: resending what duplicate ACKs showed missing" : \
	    (s == "Loss" ? "after a timeout: resending from the first unacknowledged byte" : \
	    "a state this lab does not know"))))))
	if (k_srtt[j] != "")
		say("srtt", k_srtt[j] " us", "the server's smoothed round trip")
	if (k_rto[j] != "")
		say("rto", k_rto[j] " us", "the server's retransmission timeout: unacknowledged, its data is sent again after this long")
}

# say(field, value, meaning): one more line of explain_fields()'s.
function say(field, value, meaning) {
	said = said (said == "" ? "" : "\n") field SUBSEP value SUBSEP meaning
}

# Whether a "sack N {a:b}..." option's first block lies below packet i's
# ACK: bytes the receiver got twice (D-SACK, RFC 2883).
function below_ack(i, option,    block) {
	if (ack[i] == "" || !match(option, /[{][0-9]+:[0-9]+[}]/))
		return 0
	block = substr(option, RSTART + 1, RLENGTH - 2)
	sub(/.*:/, "", block)
	return reaches(ack[i], block)
}

# "sack 2 {1:2}{3:4}" as "sack 2 {1:2} {3:4}", to wrap between blocks.
function spaced(option) {
	gsub(/[}][{]/, "} {", option)
	return option
}

# --- recovery: what a packet does when packets go wrong ---------------------
# The words of a packet's meaning (analysis.awk's step_states() joins
# them), from what read/connections.awk marked.

# again_words(i, r): packet i sends the bytes of packet r again (r -1:
# bytes first sent in other pieces): why, as far as the packets show.
function again_words(i, r,    what, later, k, j) {
	what = (r > 0 ? "packet " packet_number(r) : "bytes sent before")
	later = (r > 0 && t[i] != "" && t[r] != "" ? ", " span(t[i] - t[r]) " later" : "")
	if (i in retry) {
		j = retry[i]	# the last reset before it (a third try follows a second one)
		return "sent again " (t[i] != "" && t[j] != "" ? span(t[i] - t[j]) " " : "") \
		    "after the reset (packet " packet_number(j) "): another try"
	}
	if (i in needless) {
		# the first ACK of it, unless a reset's, or the last was lost
		k = (r > 0 ? covered_by(r) : 0)
		if (!k || flag(k, "R") || (needless[i] in lost))
			k = needless[i]
		return "needless retransmission of " what later ": packet " packet_number(k) \
		    ((k in lost) ? ", which had acknowledged it, was lost" : " had acknowledged it")
	}
	if (r > 0 && (r in dsacked))
		return "retransmission of " what later ", not needed: packet " packet_number(r) \
		    " had arrived (D-SACK)"
	if (i in late)
		return "needless retransmission of " what later ": packet " packet_number(late[i]) \
		    " answers the first (its TS ecr)"
	if (i in fast)
		return "fast retransmission of " what later ", after " plural(fast[i], "duplicate ACK") " seen here"
	if (i in after_dups)
		return "retransmission of " what later ", after " plural(after_dups[i], "duplicate ACK") " seen here"
	if (i in early)
		return "retransmission of " what later ", too soon for a timeout" \
		    (early[i] != r ? " after packet " packet_number(early[i]) : "") \
		    (round_trip_floor != "" ? " (a round trip is " span(round_trip_floor) " or more)" : "")
	if (i in answering)
		return "retransmission of " what later ", on the " side[i] "'s ACK of packet " \
		    packet_number(answering[i]) " (for it, or after a timeout: cannot tell)"
	# bytes first sent in pieces the reading did not keep (a hole's
	# filler) or before the capture: no time to judge a timer by
	if (r < 0 && !(i in first_piece))
		return "retransmission of " what ": why, the capture does not tell"
	return "retransmission of " what " after a timeout" later
}

# late_syn_words(k): a SYN that packet k, a SYN-ACK the capture shows
# before it, acknowledged: stamped late (two clocks, or a capture point
# that saw it after the answer), or a second sending that crossed it.
function late_syn_words(k) {
	return "the SYN that packet " packet_number(k) " already answered: captured late, or sent again"
}

# outside_words(x, y, number): x's data or FIN came below number, the
# one y expects next (in SYN_RCVD, the one after x's SYN).
function outside_words(x, y, number,    next_one) {
	next_one = counted(number, x)
	return "outside the " y "'s window (it expects " \
	    (next_one == "" ? whole(number) : "[" next_one "]") " next): ignored"
}

# bytes_words(lo, hi, s): side s's bytes from number lo to hi (not
# included): "bytes [1] to [2902]", or "2902 bytes" where the stream's
# first number is unknown.
function bytes_words(lo, hi, s) {
	if (counted(lo, s) == "")
		return plural((hi - lo + TWO32) % TWO32, "byte")
	return "bytes [" counted(lo, s) "] to [" counted((hi - 1 + TWO32) % TWO32, s) "]"
}

# gap_words(i, x): packet i from x skipped bytes the capture had not seen.
function gap_words(i, x) {
	return bytes_words(gap_lo[i], gap_hi[i], x) " before it " \
	    (hole_end[x, gap[i]] == "filled" ? "come later (out of order)" : \
	    (unreadable ? "are not in tcpdump's text" : "are not in the capture"))
}

function out_of_order_words(i) {
	return "out of order: its bytes come before packet " packet_number(out_of_order[i]) \
	    "'s, yet after it"
}

function unseen_words(i, y) {
	return "acknowledges " bytes_words(unseen_lo[i], unseen_hi[i], y) \
	    (unreadable ? ", which tcpdump's text does not show" : ", which the capture never held")
}

# unreadable_words(): the packets tcpdump could not read (a length of 0
# in the IP header, which a sender's segmentation offload leaves there),
# whose bytes may be the ones missing: "" when there are none.
function unreadable_words() {
	if (!unreadable)
		return ""
	return plural(unreadable, "packet") " tcpdump could not read (IP bad-len): what " \
	    (unreadable == 1 ? "it" : "they") " held is unknown"
}

function dupack_words(i) {
	return "duplicate ACK " dupack[i] " of packet " packet_number(dupack_of[i])
}

function sent_earlier_words(i) {
	return "the same ACK, late: sent before packet " packet_number(sent_earlier[i])
}

# probe_words(i): a keep-alive or a window probe, proven or not.
function probe_words(i) {
	if (probe[i] == "keep-alive")
		return "keep-alive: are you still there?"
	if (probe[i] == "window probe")
		return "window probe: is there room yet?"
	return "the same ACK, unasked: " probe[i] " (no seq: cannot tell)"
}

function window_full_words(y) { return "window full: the " y " has no room for more" }

function window_update_words(i, x) {
	if (x in zero_window)
		return "window update: room again"
	return "window update: " (window_update[i] == "more" ? "more" : "less") " room"
}

# carried_words(x, y, what): what x's stream to y carried, in words, from
# carried()'s "bytes SUBSEP microseconds": "client > server: 152340 bytes
# in 25130 us, 6062.0 kB/s" (kB: 1000 bytes), without the rate where the
# time is unknown or 0.
function carried_words(x, y, what,    part, rate) {
	if (what == "")
		return x " > " y ": no data"
	split(what, part, SUBSEP)
	if (part[2] == "" || part[2] + 0 <= 0)
		return x " > " y ": " plural(part[1], "byte")
	rate = part[1] * 1000000 / part[2]
	return x " > " y ": " plural(part[1], "byte") " in " since(part[2] + 0) ", " \
	    (rate < 10000 ? sprintf("%.0f bytes/s", rate) : \
	    (rate < 10000000 ? sprintf("%.1f kB/s", rate / 1000) : sprintf("%.1f MB/s", rate / 1000000)))
}
