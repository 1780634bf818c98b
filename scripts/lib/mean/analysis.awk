# scripts/lib/mean/analysis.awk - what the packets of one connection mean: who
# is the client, each side's TCP state after every packet, a label for
# each packet, which one was lost or sent again.  Loaded after the reading
# (read/tcpdump.awk, read/flags.awk, read/connections.awk); after the
# input, analyse(N) picks the connection to draw and leaves, for
# explanations.awk and records.awk (which make the records the views lay
# out):
#
#   drawn, the connection drawn (0: none), and conn_count[drawn]
#   client, server, self (a socket connected to itself)
#   drawn_packet[k]    the drawn connection's packets, in order, k = 1 ..
#                      conn_count[drawn] (a pass over them looks up no
#                      other connection's)
#   side[i]            "client" or "server" for packet i of the drawn
#                      connection, "" for the others (counted in others)
#   first_state[s]     side s's state before the first packet
#   after_client[i], after_server[i]
#                      each side's states after packet i, as the kernel
#                      goes through them ("FIN_WAIT_2 TIME_WAIT"), "?"
#                      unknown
#   meaning[i]         what packet i does, in words
#   lost[i]            packet i never arrived (its sender sent it again)
#   early[i]           packet i sends early[i] again sooner than a timer
#                      could, and no duplicate ACK asked: nothing was
#                      lost that the packets show (find_loss())
#   round_trip_floor   the last SYN to the SYN-ACK (us), where the capture has
#                      both with times: a round trip, or less where the
#                      capture was taken nearer the server
#   flight_of[i]       the flight a first sending of data belongs to, in
#                      its sender's direction (number_flights()), else ""
#   fold_of[i]         with -v fold=1 (the text view of a long ladder):
#                      the fold packet i is drawn in (else ""), a run of plain
#                      packets told in one line (fold_plain()); fold_first[g],
#                      fold_last[g], fold_count[g], fold_words[g], fold_senders[g] ("client",
#                      "server" or "both") and folds, how many
#   isn[s], relative_input, scaling, offers_scale[s]
#                      what the numbers and windows are counted from
#
# Everything is read from the packets, so the words fit any capture, not
# one lesson; where the packets do not tell, the answer is "?" or said to
# be unknown.  Nothing here knows how wide a view is.  The dialect is the
# one BWK awk (macOS, the BSDs), busybox awk, mawk and gawk all read: a ?:
# inside a concatenation or an argument list is in parentheses.

BEGIN {
	FOLD_LONG = 40	# packets: a longer connection's plain runs are folded
	FOLD_MIN = 4	# packets: a shorter run is drawn whole
}

function analyse(wanted,    i, k, x, y, c, f, syn_t) {
	drawn = pick_connection(wanted)
	if (drawn == 0)
		return
	c = drawn
	client = client_of(c)
	server = (conn_src[c] == client ? conn_dst[c] : conn_src[c])
	self = (client == server)
	dense(side, n)	# (follow()'s, for each packet: see arrays.awk)
	follow(c)
	dense(drawn_packet, conn_count[c])
	k = 0
	for (i = conn_first[c]; i <= conn_last[c]; i++)
		if (conn[i] == c)
			drawn_packet[++k] = i
	# what is found for each packet, in dense() arrays
	dense(meaning, n)
	dense(after_client, n)
	dense(after_server, n)
	dense(plain, n)
	dense(flight_of, n)
	dense(fold_of, n)
	others = n - conn_count[c]
	started_mid = !is_syn(conn_first[c])
	first_server = never_listened = 0
	for (k = 1; k <= conn_count[c]; k++) {
		i = drawn_packet[k]
		if (i in dup_of)
			continue
		x = side[i]
		f = fl[i]
		# a reset from a side with no SYN yet: not counted from the SYN
		# it sends later (refusing: 1, the form of a port where nothing
		# listens, which answers a SYN with an ACK and seq 0, RFC 9293
		# 3.10.7.1)
		if (index(f, "R") && !index(f, "S") && !(x in isn) && !self)
			unnumbered[i] = (index(f, ".") && seq[i] == "0" && (other(x) in isn) ? "refusing" : 1)
		if (x == "server" && !self && !first_server)
			never_listened = (index(f, "R") > 0)
		else if (x == "server" && !index(f, "R"))
			never_listened = 0
		if (x == "server" && !first_server)
			first_server = i
		if (index(f, "S") && !(x in syn_from))
			syn_from[x] = i
		if ((len[i] > 0 || index(f, "F")) && !(x in stream_from))
			stream_from[x] = i
		if (index(f, "S")) {
			if (!(x in isn)) {
				isn[x] = seq[i]
				syn_len[x] = len[i]
			} else if (seq[i] != isn[x]) {
				# numbered anew from here (read/connections.awk too)
				numbered_anew[x] = i
				isn_before[x] = isn[x]
				isn[x] = seq[i]
				syn_len[x] = len[i]
			}
			if (index(f, "."))
				synack_at[x] = i
			else
				syn_seen[x] = 1
			offers_scale[x] = (match(opts[i], /wscale [0-9]+/) ? \
			    substr(opts[i], RSTART + 7, RLENGTH - 7) : "")
		}
		if (index(f, "F"))
			last_fin_at[x] = i
		last_at[x] = i
	}
	# for each reset, its receiver's next packet after it, a reset aside,
	# before any SYN of its own (another try, or an answer to one: it had
	# the reset), in one pass from the end: sent, it had not had it
	split("", sends_next)
	split("", next_from)
	split("", next_kept)
	split("", next_syn)
	for (k = conn_count[c]; k >= 1; k--) {
		i = drawn_packet[k]
		if (i in dup_of)
			continue
		x = side[i]
		y = (self ? x : other(x))
		if (flag(i, "R")) {
			if (y in sends_next)
				still_sends[i] = sends_next[y]
			# its sender's next packet, a reset aside (its SYN again
			# too: one connection's SYNs have one first number), but
			# not a SYN-ACK to a SYN sent after the reset -- the reset
			# did not end its socket
			if ((x in next_kept) && !self && \
			    !(flag(next_kept[x], "S") && (y in next_syn) && next_syn[y] < next_kept[x]))
				goes_on[i] = next_kept[x]
		} else if (flag(i, "S"))
			delete sends_next[x]
		else
			sends_next[x] = i
		# a SYN whose receiver answers next with a SYN-ACK, before the
		# sender tries again
		if (is_syn(i) && (y in next_from) && flag(next_from[y], "S") && flag(next_from[y], ".") && \
		    !((x in next_syn) && next_syn[x] < next_from[y]))
			answered_syn[i] = next_from[y]
		next_from[x] = i
		if (!flag(i, "R"))
			next_kept[x] = i
		if (is_syn(i))
			next_syn[x] = i
	}
	# the server's first answer a reset that ended nothing before it
	first_refused = (first_server && flag(first_server, "R") && !(first_server in goes_on))
	# the last SYN before the first SYN-ACK, to it: the SYN-ACK answers
	# that one or an earlier one, so a round trip is at least this long
	round_trip_floor = ""
	for (k = 1; k <= conn_count[c] && round_trip_floor == ""; k++) {
		i = drawn_packet[k]
		if ((i in dup_of) || !flag(i, "S"))
			continue
		if (is_syn(i))
			syn_t = t[i]
		else if (syn_t != "" && t[i] != "")
			round_trip_floor = t[i] - syn_t
	}
	# tcpdump without -S counts from 0 after the handshake: the first
	# ACK then reads "ack 1"
	for (i = conn_first[c]; i <= conn_last[c]; i++)
		if (conn[i] == c && !(i in dup_of) && !flag(i, "S") && ack[i] != "") {
			y = other(side[i])
			relative_input = ack[i] == 1 && (!(y in isn) || isn[y] + 1 != 1)
			break
		}
	for (k = 1; k <= resendings; k++)
		find_loss(resending[k])
	# Window scaling is on only when both SYNs offer it (RFC 7323).
	scaling = (("client" in offers_scale) && ("server" in offers_scale) ? \
	    (offers_scale["client"] != "" && offers_scale["server"] != "" ? "on" : "off") : \
	    "unknown")

	if (started_mid) {
		state["client"] = state["server"] = "?"
	} else {
		state["client"] = "CLOSED"
		if (first_refused)
			state["server"] = "CLOSED"	# a reset answered the SYN
		else if (first_server && !flag(first_server, "S") && !flag(first_server, "R"))
			state["server"] = "?"	# it answers the SYN with neither: another socket's
		else if ("server" in syn_seen)
			state["server"] = "CLOSED"	# it opens too: simultaneous
		else if ("server" in synack_at)
			state["server"] = "LISTEN"
		else
			state["server"] = "?"	# no answer: the capture cannot tell
	}
	first_state["client"] = state["client"]
	first_state["server"] = state["server"]
	for (k = 1; k <= conn_count[c]; k++) {
		i = drawn_packet[k]
		x = side[i]
		y = (self ? x : other(x))
		path["client"] = path["server"] = ""
		meaning[i] = step_states(i, x, y)
		after_client[i] = (path["client"] == "" ? state["client"] : path["client"])
		after_server[i] = (path["server"] == "" ? state["server"] : path["server"])
		if (path["client"] != "" || path["server"] != "")
			plain[i] = ""
	}
	for (x in reset_pending)
		state[x] = "?"
	number_flights(c)
	if (fold && conn_count[c] > FOLD_LONG)
		fold_plain(c)
}

# flight_pause(): the pause that ends a flight, in microseconds: a quarter
# of the handshake's round trip (SYN to the ACK that ends it, one round
# trip wherever the capture was taken), 1 ms at least (on one machine's
# lo the round trip is microseconds, and the scheduler's pauses as long);
# -1 when there was no handshake with times to measure.
function flight_pause() {
	if (handshake_us == "")
		return -1
	return (handshake_us / 4 > 1000 ? handshake_us / 4 : 1000)
}

# number_flights(c): flight_of[i], the flight of each first sending of
# data: a side's flight is a run of its first sendings with no pause
# longer than flight_pause() between two of them -- or a longer pause
# within half a round trip of the flight's first (a flight comes a round
# trip after the one before; a busy machine can stall one in the middle
# for 10-20 ms, its ACKs taken in late) -- numbered from 1 in each
# direction; flight_size[s, f] segments from packet flight_from[s, f].
# None where the pause is unknown.
function number_flights(c,    k, i, x, pause, last, count) {
	pause = flight_pause()
	if (pause < 0)
		return
	for (k = 1; k <= conn_count[c]; k++) {
		i = drawn_packet[k]
		if (len[i] == 0 || (i in dup_of) || resent(i) != 0)
			continue
		x = side[i]
		if (!(x in count) || (t[i] - last[x] > pause && \
		    t[i] - t[flight_from[x, count[x]]] > 2 * pause)) {
			count[x]++
			flight_from[x, count[x]] = i
		}
		flight_of[i] = count[x]
		flight_size[x, count[x]]++
		last[x] = t[i]
	}
}

# fold_plain(c): the runs of plain packets of connection c, a long one
# (in-order data and ACKs with nothing else to say), each told in one line
# by the text view.  A run's first packet is drawn whole, to show what its
# kind looks like, and the rest are folded when there are FOLD_MIN or
# more.  A pause that ends a flight (flight_pause()) ends a run: in slow
# start, a fold is the rest of a flight.
function fold_plain(c,    k, i, prev, pause, run, count) {
	pause = flight_pause()
	count = 0
	for (k = 1; k <= conn_count[c]; k++) {
		i = drawn_packet[k]
		if (!plain[i] || (pause > 0 && prev != "" && t[i] - t[prev] > pause)) {
			fold_run(run, count)
			count = 0
		}
		if (plain[i])
			run[++count] = i
		prev = i
	}
	fold_run(run, count)
}

# fold_run(run, count): run[2] .. run[count] become a fold, if enough.
function fold_run(run, count,    g, j, i, data, bytes, acks, from, by, f) {
	if (count - 1 < FOLD_MIN)
		return
	g = ++folds
	fold_first[g] = run[2]
	fold_last[g] = run[count]
	fold_count[g] = count - 1
	data = bytes = acks = 0
	from = by = ""
	for (j = 2; j <= count; j++) {
		i = run[j]
		fold_of[i] = g
		if (len[i] > 0) {
			data++
			bytes += len[i]
			from = (from == "" || from == side[i] ? side[i] : "both")
			# the one flight its data are of, else "several"
			f = (flight_of[i] == "" ? "several" : \
			    (f == "" || f == flight_of[i] ? flight_of[i] : "several"))
		} else {
			acks++
			by = (by == "" || by == side[i] ? side[i] : "both")
		}
	}
	fold_senders[g] = (from == "" ? by : (by == "" || by == from ? from : "both"))
	fold_words[g] = (data ? plural(data, "data segment") (from == "both" ? "" : " from the " from) \
	    " (" plural(bytes, "byte") ")" : "")
	if (acks)
		fold_words[g] = join(fold_words[g], plural(acks, "ACK") (by == "both" ? "" : " from the " by))
	# a flight begins whole before its fold: say the whole flight
	if (from != "" && from != "both" && f != "" && f != "several")
		fold_words[g] = fold_words[g] "; flight " f " has " plural(flight_size[from, f], "segment") \
		    ", from packet " packet_number(flight_from[from, f])
}

# The shift side s's windows are scaled by: its SYN's wscale, within 14.
function shift_of(s) { return shift_within(offers_scale[s]) }

function is_syn(i) { return flag(i, "S") && !flag(i, ".") }
function other(s) { return (s == "client" ? "server" : "client") }

# Whether the server answered with resets alone: nothing listened on its
# port while the capture ran (first_refused: its first answer was one).
function refused() { return never_listened && !started_mid }

# find_loss(i): when packet i sends packet r again, one of two packets was
# lost: r itself (or, sent more than twice, its sending before i), or
# the peer's ACK of it, if the peer acknowledged r before i (and that ACK is not a segment acknowledged in turn: then it
# arrived, and nothing is marked).  lost[] marks the lost one -- only where the peer is heard
# from after i (else the capture shows no answer, not a loss), and never
# when a D-SACK says that r arrived.
function find_loss(i,    r, k, p) {
	r = resent(i)
	if (r == 0)
		return
	# the sending before i: r, or r's last retransmission; bytes first
	# sent in other pieces: the first sending of the first of them (sent
	# again since, they were sent later still)
	if (r > 0) {
		p = ((r in sent_again) ? sent_again[r] : r)
		sent_again[r] = i
	} else
		p = ((i in first_piece) ? first_piece[i] : "")
	# sooner than any timer (an RTO is longer than a round trip, a loss
	# probe two), and no duplicate ACK asked for it: no loss is shown
	if (p != "" && !(i in fast) && !(i in after_dups) && t[i] != "" && t[p] != "" && \
	    (t[i] - t[p] <= 0 || (round_trip_floor != "" && t[i] - t[p] < round_trip_floor / 2))) {
		early[i] = p
		return
	}
	if (r < 0 || (r in dsacked) || !(last_at[other(side[r])] > i))
		return
	k = covered_by(r)
	if (k > i && echoes(k, p, i)) {
		late[i] = k	# p arrived: its ACK was on its way
		return
	}
	if (k > r && k < i && flag(k, "R") && is_syn(i))
		return	# a reset answered the SYN: tried again, whether it arrived or not
	if (is_syn(i) && reset_between(p, i))
		return	# a reset between, either side's: whether the SYN arrived, cannot tell
	if (k > r && k < i) {
		# the ACK, unless it is a segment its receiver acknowledged
		if (k > p && !(k in lost) && !acknowledged_before(k, i) && !acked_again(r, k, i))
			lost[k] = 1
	} else
		lost[p] = 1
}

# reset_between(p, i): a reset came after packet p and before i (p, i:
# two sendings of one segment, so the walks add up to the packets).
function reset_between(p, i,    j) {
	for (j = p + 1; j < i; j++)
		if (conn[j] == conn[i] && flag(j, "R") && !(j in dup_of))
			return 1
	return 0
}

# echoes(k, r, i): packet k's timestamp echo (TS ecr, RFC 7323) is packet
# r's clock, not packet i's: k answers r, which arrived, and i, sent
# again, was not needed (the ACK was on its way).
function echoes(k, r, i,    e) {
	e = ts_of(k, "ecr")
	return e != "" && e == ts_of(r, "val") && ts_of(i, "val") != "" && e != ts_of(i, "val")
}

# acked_again(r, k, i): another packet of k's sender, after k and before
# i, acknowledges packet r too: which of them was lost, if any, the
# capture cannot tell.
function acked_again(r, k, i,    j, e) {
	e = next_number(r)
	for (j = k + 1; j < i; j++)
		if (conn[j] == conn[k] && side[j] == side[k] && !(j in dup_of) && ack[j] != "" && \
		    reaches(ack[j], e))
			return 1
	return 0
}

# acknowledged_before(k, i): packet k is a segment (data, a SYN, a FIN)
# that its receiver acknowledged before packet i: it arrived.
function acknowledged_before(k, i,    a) {
	if (len[k] == 0 && !flag(k, "S") && !flag(k, "F"))
		return 0
	a = covered_by(k)
	return a > k && a < i
}

# go(SIDE, STATE): SIDE enters STATE; path keeps every state this packet
# passes through (FIN_WAIT_2 then TIME_WAIT, when an ACK rides on a FIN).
function go(s, to) {
	if (state[s] == to && path[s] != "")
		return
	state[s] = to
	path[s] = (path[s] == "" ? to : path[s] " " to)
}

# The ACK that completes the handshake: y's SYN-ACK's number plus one.
function completes(i, y) {
	if (!(y in synack_at) || relative_input)
		return ack[i] != ""
	return ack[i] != "" && ack[i] + 0 == next_number(synack_at[y])
}

# Move both sides' states for packet i from x to y; return its meaning.
# A lost packet moves only its sender; one that y already has (sent again
# because y's ACK was lost) moves nobody: y only acknowledges it again.
function step_states(i, x, y,    words, ecn, ack_of_fin, arrives, outside, r, f, A, F, l, w, a, unfit) {
	if (i in dup_of)
		return "a copy: the capture saw packet " packet_number(dup_of[i]) " twice"
	f = (fl[i] == "none" ? "" : fl[i])	# its flags, looked at once
	l = len[i]	# and its numbers
	w = win[i]
	a = ack[i]
	A = index(f, ".") > 0
	F = index(f, "F") > 0
	# (what x has acknowledged so far: its last ACK, cumulative)
	if (A && a != "")
		top_acked[x] = a
	# x acknowledges what y sent after a reset of y's it had not had:
	# it had not had the reset then either, and went on (lost, or not
	# accepted): its state is what its packets show again
	if ((x in reset_pending) && A && a != "" && (y in segment_out) && \
	    segment_out[y] > reset_pending[x] && reaches(a, next_number(segment_out[y])))
		delete reset_pending[x]
	if (l > 0 || index(f, "S") || F)
		segment_out[x] = i
	ecn = (f ~ /[EWe]/ ? " (ECN)" : "")
	r = resent(i)
	arrives = !(i in lost) && !(r > 0 && !(r in lost))
	words = ""
	if (r != 0)
		words = again_words(i, r)
	if (index(f, "R")) {
		# (in SYN_SENT, a reset counts only if it acknowledges the SYN)
		unfit = (state[y] == "SYN_SENT" && !self && !(A && a != "" && (y in isn) && \
		    (a - isn[y] + TWO32) % TWO32 >= 1 && (a - isn[y] + TWO32) % TWO32 <= 1 + syn_len[y]))
		if (i in goes_on)
			words = join(words, (reset_seen ? "reset again" : "reset") ", but the " x \
			    " goes on after it (packet " packet_number(goes_on[i]) "): this reset did" \
			    " not end its socket")
		else if (reset_seen)
			words = join(words, "reset again")
		else if (unfit)
			words = join(words, "reset")
		else
			words = join(words, (state[x] == "CLOSED" || state[y] == "SYN_SENT") ? \
			    "refused (reset): nothing listens" : "reset: connection aborted")
		reset_seen = 1
		if (state[x] != "CLOSED" && !(i in goes_on))
			go(x, "CLOSED")
		if (arrives && unfit)
			return lost_words(i, join(words, "not taken: in SYN_SENT, the " y " takes only" \
			    " a reset that acknowledges its SYN (RFC 9293 3.10.7.3)"))
		# y sends data, an ACK or a FIN after it: it had not had it then
		# (it crossed them, was lost, or was not taken: a reset at another
		# number gets an ACK, RFC 5961 3.2), so y is not CLOSED yet; where
		# no later reset reaches y, how y ends the capture does not show
		if (arrives && (i in still_sends)) {
			words = join(words, "the " y " sends packet " packet_number(still_sends[i]) \
			    " after it: not arrived by then, lost, or not accepted")
			reset_pending[y] = i
		} else if (arrives) {
			go(y, "CLOSED")
			delete reset_pending[y]
		}
		return lost_words(i, words)
	}
	if ((index(f, "S") && !A)) {
		words = join(words, (state[y] == "SYN_SENT" && !self ? "SYN too: a simultaneous open" : \
		    ((first_refused || reset_seen) && state[y] == "CLOSED" && !(i in answered_syn) ? \
		    "asks to open a connection" : "handshake 1/3")) ecn)
		# the SYN that y's SYN-ACK before it answered, which x had:
		# captured late, or sent again; both sides have moved on already
		if (!r && (y in synack_answered) && synack_answered[y] == next_number(i) && \
		    state[x] == "ESTABLISHED" && !(synack_seen[y] in lost)) {
			words = join(words, late_syn_words(synack_seen[y]))
			return lost_words(i, words)
		}
		if (l > 0)
			words = join(words, "with " plural(l, "byte") " of data (Fast Open)")
		if (!r || state[x] == "CLOSED")
			go(x, "SYN_SENT")	# (after a reset: another try)
		if (arrives && (state[y] == "LISTEN" || state[y] == "SYN_SENT") && (y in synack_at))
			go(y, "SYN_RCVD")
		else if (!(i in lost) && state[y] == "CLOSED" && (i in answered_syn) && !self) {
			# it refused before: a socket listens by now
			words = join(words, "the " y " listens by now: packet " \
			    packet_number(answered_syn[i]) " answers")
			go(y, "SYN_RCVD")
		}
		return lost_words(i, words)
	}
	if (index(f, "S")) {
		words = join(words, "handshake 2/3" ecn)
		if (a != "" && !(x in synack_answered)) {
			synack_answered[x] = a + 0
			synack_seen[x] = i
		}
		if (x in syn_seen)
			words = join(words, "its own SYN again, with an ACK (simultaneous open)")
		if (state[x] == "?" || state[x] == "LISTEN" || state[x] == "SYN_SENT")
			go(x, "SYN_RCVD")
		if (arrives && (state[y] == "SYN_SENT" || state[y] == "SYN_RCVD" || state[y] == "?")) {
			go(y, "ESTABLISHED")
			words = join(words, y " established")
		}
		if (l > 0)
			words = join(words, "with " plural(l, "byte") " of data")
		return lost_words(i, words)
	}
	# data or a FIN that ends below the number after the SYN that y, in
	# SYN_RCVD, answers is outside its window: dropped, with an ACK at
	# most (RFC 9293 3.10.7.4; Linux's tcp_check_req too), ACK and all: it
	# moves y nowhere (a FIN at the SYN's own number, seen in the wild)
	if (state[y] == "SYN_RCVD" && !relative_input && (x in isn) && seq[i] != "" && (l > 0 || F) && \
	    reaches((isn[x] + 1) % TWO32, next_number(i))) {
		arrives = 0
		outside = outside_words(x, y, (isn[x] + 1) % TWO32)
	} else
		outside = ""
	# an ACK from a side that sent a SYN: it had the SYN-ACK, which the
	# capture did not see
	if (state[x] == "SYN_SENT" && A && completes(i, y))
		go(x, "ESTABLISHED")
	# one that acknowledges the peer's data had the handshake's ACK, which
	# the capture did not see
	if (state[x] == "SYN_RCVD" && A && counted(a, y) + 0 > 1)
		go(x, "ESTABLISHED")

	if (i in probe)
		words = join(words, probe_words(i))
	else if (i in sent_earlier)
		words = join(words, sent_earlier_words(i))
	else if (i in dupack)
		words = join(words, dupack_words(i))
	else if (i in answer)
		words = join(words, "ACK of the " probe[answer[i]])
	else if (l > 0) {
		words = join(words, "data (" plural(l, "byte") ")")
		# (where its ACK shows that it had the FIN: one that crossed it
		# says nothing of it)
		if (state[x] == "CLOSE_WAIT" && !r && A && a != "" && (y in fin_ack) && reaches(a, fin_ack[y]))
			words = join(words, "after the other side's FIN (half-close)")
		if (arrives) {
			data_end[x] = seq_end[i]
			data_acked[x] = 0
		}
	}
	if (index(f, "U"))
		words = join(words, "urgent (URG)")
	if (arrives && A && state[y] == "SYN_RCVD" && completes(i, y)) {
		go(y, "ESTABLISHED")
		if (state[x] == "?")
			go(x, "ESTABLISHED")
		words = join(words, "handshake 3/3, " (path[x] == "" ? y : "both") " established")
		# SYN to the ACK that ends the handshake: one round trip,
		# wherever the capture was taken
		if (handshake_us == "" && !started_mid && t[i] != "" && t[conn_first[drawn]] != "")
			handshake_us = t[i] - t[conn_first[drawn]]
	}
	if (A && (y in fin_ack) && a + 0 == fin_ack[y] && !(y in fin_ignored))
		ack_of_fin = ((y in fin_acked) ? "again" : "first")
	if (arrives && ack_of_fin == "first") {
		fin_acked[y] = 1
		if (state[y] == "FIN_WAIT_1" || state[y] == "?")
			go(y, "FIN_WAIT_2")
		else if (state[y] == "CLOSING")
			go(y, "TIME_WAIT")
		else if (state[y] == "LAST_ACK")
			go(y, "CLOSED")
	}
	if (F) {
		# a first FIN at the SYN's own number, or below bytes y has
		# acknowledged, is at an old number: y drops it (RFC 9293
		# 3.10.7.4; Linux too), whatever state it is in.  Only where
		# the numbers are known from x's SYN, and near: tcpdump without
		# -S prints a capture's first packet's numbers absolute, the
		# rest relative
		if (outside == "" && arrives && !got_fin[y] && !relative_input && (y in top_acked) && \
		    (x in isn) && (seq[i] == isn[x] || \
		    (top_acked[y] - next_number(i) - 1 + TWO32) % TWO32 < HOLE_MAX)) {
			arrives = 0
			outside = outside_words(x, y, top_acked[y])
		}
		if (!r && (x in fin_ack) && fin_ack[x] == next_number(i))
			r = -1	# its FIN again, at the same number
		fin_ack[x] = next_number(i)
		if (outside != "")
			fin_ignored[x] = 1	# an ACK of that number is not of the FIN
		else
			delete fin_ignored[x]
		if (!r && state[x] == "SYN_SENT")
			go(x, "?")	# no FIN before the handshake: the capture misses some
		else if (!r)
			go(x, (got_fin[x] ? "LAST_ACK" : \
			    (state[x] != "?" || last_fin_at[y] > i ? "FIN_WAIT_1" : "?")))
		# a FIN after bytes that come later, out of order, waits for them
		if (arrives && (i in gap) && hole_end[x, gap[i]] == "filled")
			fin_waiting = i
		else if (arrives)
			fin_arrives(i, y)
		words = join(words, (r ? "the " x "'s FIN again" : x " closes (FIN)") \
		    (ack_of_fin == "first" ? ", ACKs the FIN" : ""))
	} else if (ack_of_fin != "")
		words = join(words, "ACK of the " y "'s FIN" \
		    (ack_of_fin == "again" ? ", again" : ""))
	else if (l == 0 && (y in data_end) && !data_acked[y] && a != "" && \
	    reaches(a, data_end[y])) {
		data_acked[y] = arrives
		words = join(words, "ACK of the data")
	}
	if (outside != "")
		words = join(words, outside)
	if (i in out_of_order)
		words = join(words, out_of_order_words(i))
	if (i in window_full)
		words = join(words, window_full_words(y))
	if ((i in completes_hole) && completes_hole[i] == fin_waiting && arrives)
		fin_arrives(fin_waiting, y)
	if (i in gap)
		words = join(words, gap_words(i, x))
	if (i in unseen_lo)
		words = join(words, unseen_words(i, y))
	if (w != "" && w + 0 == 0)
		words = join(words, "zero window: no room for more")
	else if (i in window_update)
		words = join(words, window_update_words(i, x))
	else if (l == 0 && !F && (x in zero_window) && w != "")
		words = join(words, "window update: room again")
	if (w != "" && w + 0 == 0)
		zero_window[x] = 1
	else if (w != "")
		delete zero_window[x]
	# plain: in-order data or an ACK, nothing else to say about it
	if (r == 0 && !(i in lost) && ecn == "" && f !~ /[SFRU]/ && (words == "" || \
	    words == "ACK of the data" || words == "data (" plural(len[i], "byte") ")"))
		plain[i] = 1
	if (words == "")
		words = (fl[i] == "." ? "ACK" : flag_names(fl[i]))
	return lost_words(i, words ecn)
}

# fin_arrives(i, y): y gets the FIN of packet i.
function fin_arrives(i, y) {
	got_fin[y] = 1
	if (state[y] == "FIN_WAIT_1")
		go(y, "CLOSING")
	else if (state[y] == "FIN_WAIT_2")
		go(y, "TIME_WAIT")
	else if (state[y] == "ESTABLISHED" || (state[y] == "SYN_RCVD" && completes(i, y)) || \
	    (state[y] == "?" && last_fin_at[y] > i))
		go(y, "CLOSE_WAIT")
}

# passes(s, states): "server: FIN_WAIT_2, then at once TIME_WAIT" when
# side s went through more than one state at a packet (an ACK and a FIN in
# one segment), else "".  last_state(states): where it ended.
function passes(s, states) {
	if (!index(states, " "))
		return ""
	gsub(/ /, ", then at once ", states)
	return s ": " states
}

function last_state(states) {
	if (index(states, " "))
		sub(/.* /, "", states)
	return states
}

function lost_words(i, words) { return ((i in lost) ? join(words, "LOST") : words) }

function join(a, b) { return (a == "" ? b : a ", " b) }

function plural(k, word) { return k " " word (k == 1 ? "" : "s") }

# A number of side s's stream counted from the stream's first, "" when
# that is not known, or when it lies past s's SYN and, at packet i, s
# had sent nothing past it, and s or its peer no SYN yet: another
# connection's (as a half-open one answers a SYN with).
function counted(number, s, i,    v) {
	if (relative_input || !(s in isn))
		return ""
	v = (number - ((i != "" && (s in numbered_anew) && i < numbered_anew[s]) ? \
	    isn_before[s] : isn[s]) + TWO32) % TWO32
	if (i != "" && !self && v > 1 + syn_len[s] && (!(s in stream_from) || i < stream_from[s]) && \
	    (i < syn_from[s] || !(other(s) in syn_from) || i < syn_from[other(s)]))
		return ""
	return whole(v)
}

# A whole number v, as digits: below 2^31 every awk writes it whole,
# without printf's cost; a larger one mawk would write as "%.6g".
function whole(v) { return (v < 1000000000 ? v "" : sprintf("%.0f", v)) }

# Microseconds from the drawn connection's first packet to packet i, as
# "307 us", or "" when the capture has no times.
function elapsed(i,    first) {
	first = conn_first[drawn]
	if (t[i] == "" || t[first] == "")
		return ""
	return since(t[i] - t[first])
}

# A time from a first packet, as the ladder's left column shows it.
function since(us) {
	return (us >= 1000000000 ? sprintf("%.0f s", us / 1000000) : sprintf("%.0f us", us))
}

function about_numbers() {
	if (relative_input)
		return "seq and ack as captured: relative (tcpdump ran without -S)"
	if (!("client" in isn) && !("server" in isn))
		return "seq and ack as captured (no SYN: no first number to count from)"
	return "seq/ack as captured; [n]: counted from the start of the stream it numbers"
}

function about_times() {
	if (time_kind == "-ttt")
		return "times: tcpdump's gaps between packets (-ttt), added up"
	if (time_kind == "-ttttt")
		return "times: as tcpdump counted them from its first packet (-ttttt)"
	return ""
}

# How side s ends, in words.
function ends_note(s) {
	if (s == "server" && refused())
		return "no socket had the server's port: CLOSED throughout"
	if (state[s] == "TIME_WAIT")
		return s " ends in TIME_WAIT: it keeps this connection's port pair for 60 s"
	if (state[s] == "?")
		return s " ends in a state the capture does not show (?)"
	return s " ends " state[s]
}
