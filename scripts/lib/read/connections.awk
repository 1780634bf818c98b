# scripts/lib/read/connections.awk - the packets tcpdump.awk reads, kept and
# split into connections, and each connection's two streams followed:
# which packet sends data again and why, which one the capture saw twice,
# which is a duplicate ACK, a window update or a keep-alive, which bytes
# come out of order or are missing from the capture.  Loaded after tcpdump.awk, by golden.awk's users and
# by analysis.awk.  Every decision comes from state kept per connection
# and per direction, looked up by key: the cost grows with the packets,
# never with their square.
#
# keep_packet(): remember the packet read_line() just read as packet n:
#   src[] (its sender) fl[] seq[] seq_end[] ack[] len[] win[] opts[], t[]
#   (its time in microseconds, "" without one; times() makes tcpdump -ttt's
#   add up), ipid[] (where tcpdump -v printed it) and conn[] (its
#   connection: 1 .. nconn, in the order they first appear);
#   packet_number(i) is its number in the capture, as tcpdump -# prints it.
# A connection is one pair of endpoints, both address and port; a SYN
# with a new first number on a pair starts another.
# For connection c: conn_first[c], conn_last[c] (packet numbers),
# conn_count[c], its first packet's sender and receiver conn_src[c] and
# conn_dst[c], its IP version conn_ip[c] ("IP" or "IP6"); after the
# input, pick_connection() and follow(c).
# Keys hold numbers as printed, never computed: mawk writes a large
# number used as a key as "%.6g", and two would collide.  The arrays of
# each packet are dense() (make_room()); few others grow with the packets:
# mawk slows down with each.

# The number a person reads for packet i: the capture's, which counts
# every packet tcpdump printed (only where it differs from i is it kept).
function packet_number(i) { return ((i in renumbered) ? renumbered[i] : i) }

function keep_packet(    key, c, syn, S, A) {
	if (++n > packet_room)
		make_room()
	src[n] = pk_src
	fl[n] = pk_flags
	seq[n] = pk_seq
	seq_end[n] = pk_end
	ack[n] = pk_ack
	len[n] = pk_len + 0
	win[n] = pk_win
	opts[n] = pk_opts
	if (pk_number != n)
		renumbered[n] = pk_number	# other packets before it, or -#
	if (pk_id != "")
		ipid[n] = pk_id
	if (other_gap) {
		gap_before[n] = other_gap	# (-ttt: other packets' gaps before it)
		other_gap = 0
	}
	if (pk_time != "")
		t[n] = time_us(pk_time, pk_date)
	else {
		t[n] = ""
		untimed++	# (where none is, a time needs no test for "": mawk
				# would write each number out to compare it)
	}
	if (n == 1)
		first_time = pk_time pk_date
	key = (pk_src < pk_dst ? pk_src SUBSEP pk_dst : pk_dst SUBSEP pk_src)
	# (flag(n, ...), from the flags at hand)
	S = pk_flags != "none" && index(pk_flags, "S") > 0
	A = pk_flags != "none" && index(pk_flags, ".") > 0
	syn = S && !A
	c = (key in open_conn ? open_conn[key] : "")
	# a new SYN: not its own again (a retransmission, a copy), nor the
	# other side's during the handshake (a simultaneous open)
	if (c == "" || (syn && !(((c, pk_src) in syn_seq) && syn_seq[c, pk_src] == pk_seq) && \
	    !(handshaking[c] && !((c, pk_src) in syn_seq)))) {
		c = ++nconn
		open_conn[key] = c
		conn_first[c] = n
		conn_src[c] = pk_src
		conn_dst[c] = pk_dst
		conn_ip[c] = pk_ip
		handshaking[c] = 1
	}
	conn[n] = c
	conn_count[c]++
	conn_last[c] = n
	if (!S)
		handshaking[c] = 0
	else if (!((c, pk_src) in syn_seq))
		syn_seq[c, pk_src] = pk_seq
	if (syn && !(c in syn_from))
		syn_from[c] = pk_src
	if (S && A && !(c in synack_from))
		synack_from[c] = pk_src
}

# make_room(): room for more packets in the arrays keep_packet() fills,
# dense() ones (arrays.awk): 1,024, then twice the room there was, what
# they held copied over (linear still: a packet is copied twice on
# average).  gawk (PROCINFO["version"] is its own) indexes every array
# directly: the copies would only cost it, so it has room for all at once.
function make_room(    room) {
	if ("version" in PROCINFO) {
		packet_room = 2 ^ 52
		return
	}
	room = (2 * packet_room > 1024 ? 2 * packet_room : 1024)
	room_for(src, room)
	room_for(fl, room)
	room_for(seq, room)
	room_for(seq_end, room)
	room_for(ack, room)
	room_for(len, room)
	room_for(win, room)
	room_for(opts, room)
	room_for(t, room)
	room_for(conn, room)
	if (keep_lines)
		room_for(line_of, room)
	packet_room = room
}

# room_for(a, room): a, its first packet_room values kept, dense for room.
function room_for(a, room,    kept, i) {
	if (packet_room > 0) {
		dense(kept, packet_room)
		for (i = 1; i <= packet_room; i++)
			kept[i] = a[i]
	}
	dense(a, room)
	for (i = 1; i <= packet_room; i++)
		a[i] = kept[i]
}

function flag(i, letter,    f) {
	f = fl[i]	# (looked up once: every lookup walks a hash chain)
	return f != "none" && index(f, letter) > 0
}

# pick_connection(wanted): the connection to draw: number wanted, else the
# one of the first SYN, else the first one seen.  0 when there is none.
function pick_connection(wanted,    i) {
	if (wanted != "")
		return (wanted ~ /^[0-9]+$/ && wanted + 0 >= 1 && wanted + 0 <= nconn ? wanted + 0 : 0)
	for (i = 1; i <= n; i++)
		if (flag(i, "S") && !flag(i, "."))
			return conn[i]
	return (n > 0 ? 1 : 0)
}

# The client of connection c: the sender of its first SYN; else the
# receiver of its SYN-ACK; else the side whose peer's port is a
# well-known server's (tcpdump.awk's server_like()); else the side whose
# port is a client's (above 1023, not a well-known server's); else the
# side with the higher port; else the first sender.
function client_of(c,    a, b, pa, pb) {
	if (c in syn_from)
		return syn_from[c]
	a = conn_src[c]
	b = conn_dst[c]
	if (c in synack_from)
		return (a == synack_from[c] ? b : a)
	pa = port_of(a)
	pb = port_of(b)
	if (server_like(pa) != server_like(pb))
		return (server_like(pa) ? b : a)
	if (ephemeral(pa) != ephemeral(pb))
		return (ephemeral(pa) ? a : b)
	if (pa ~ /^[0-9]+$/ && pb ~ /^[0-9]+$/ && pa + 0 != pb + 0)
		return (pa + 0 > pb + 0 ? a : b)
	return a
}

# The number after packet i's data, plus one for a SYN or a FIN, which
# each use one: what the peer acknowledges it with.
function next_number(i,    f) {
	f = fl[i]
	return (seq_end[i] + (f != "none" && (index(f, "S") || index(f, "F")))) % TWO32
}

# Whether number a is at or past number b, on the 32-bit circle.
function reaches(a, b) { return (a - b + TWO32) % TWO32 < TWO32 / 2 }

# A window's scale: a SYN's wscale, above 14 taken as 14 (RFC 7323, 2.3),
# and 2 to the power k, without ^ (busybox awk may be built without it).
function shift_within(wscale) { return (wscale + 0 > 14 ? 14 : wscale + 0) }

function pow2(k,    r) {
	r = 1
	while (k-- > 0)
		r *= 2
	return r
}

# follow(c): go through connection c's packets in order, side[i] "client"
# or "server" (with client and server set), and mark, by per-direction
# state (the highest number sent, where each segment started, the peer's
# last window):
#   dup_of[i]     the earlier packet i is a copy of: the capture saw one
#                 packet twice (the same IP id, or the same everything
#                 within 500 us), not the network sending it again
#   rexmit[i]     the earlier packet whose bytes (or SYN, or FIN) i sends
#                 again, by sequence range: the same direction of the
#                 same connection only; -1 when they were sent in pieces
#                 that began elsewhere (first_piece[i]: the packet that
#                 first sent i's first byte, where the capture has it: a
#                 segment, or a resend that carried new bytes past it,
#                 stretch[s, k]);
#                 those packets i, in order, are resending[1] ..
#                 resending[resendings]
#   probe[i]      "keep-alive" or "window probe": an ACK nothing asked
#                 for, that acknowledges nothing new (tcpdump does not print
#                 its number, one below the next), to make the peer answer;
#                 answer[k] = i for the peer's ACK that answers it, which
#                 proves it; unproven, "keep-alive?" or "window probe?"
#   dupack[i], dupack_of[i], window_update[i]   (pure_ack())
#   needless[i], fast[i], after_dups[i], answering[i]   why rexmit[i]
#                 sends again (why_again())
#   window_full[i]   its data fills the window the peer offered
#                 (fills_window())
#   gap[i], out_of_order[i], unseen_lo[i], unseen_hi[i]   bytes the
#                 capture has not seen, or not yet (the holes, below);
#                 filled_at[s, n], the first of s's packets that brought
#                 bytes from n into a hole, which a resend from n names
#   dsacked[r]    the peer said, in a D-SACK block, that it got packet r's
#                 bytes twice: r arrived, whatever was sent again
#   covered_by(r) the first packet whose ACK reached past packet r
# and t[i], the time in microseconds ("" when not printed).
function follow(c,    i, x, y, nxt, r, f, q, S, F, a, l, w, last, d, below, answers) {
	times()
	last = conn_last[c]
	for (i = conn_first[c]; i <= last; i++) {
		if (conn[i] != c)
			continue
		x = side[i] = (src[i] == client ? "client" : "server")
		y = (x == "client" ? "server" : "client")
		# each field looked up once: every lookup walks a hash chain
		f = fl[i]
		q = seq[i]
		a = ack[i]
		l = len[i]
		w = win[i]
		if (copy_seen(i, x, x SUBSEP f SUBSEP q SUBSEP a SUBSEP l SUBSEP ((i in ipid) ? ipid[i] : "")))
			continue
		if (f == "none")
			f = ""
		S = index(f, "S") > 0
		F = index(f, "F") > 0
		if (index(f, ".") && a != "") {
			acked_unseen(i, y)
			ack_past(y, a, i)
		}
		if (l == 0 && index(f, ".") && !S && !F && !index(f, "R") && a != "")
			pure_ack(i, x, y)
		else
			delete dup_count[x]
		if (!(i in dupack))
			dup_from[x] = i
		if (index(opts[i], "sack "))
			duplicate_sack(i, y)
		if (S)
			syn_scale[x] = (match(opts[i], /wscale [0-9]+/) ? \
			    pow2(shift_within(substr(opts[i], RSTART + 7, RLENGTH - 7))) : 0)
		else if (l > 0 && q != "")
			fills_window(i, x, y)
		previous_out = ((x in last_out) ? last_out[x] : 0)	# (for why_again())
		last_out[x] = i
		last_ack_out[x] = a
		last_win_out[x] = w
		answers = prompted[x]
		prompted[x] = 0
		if (l > 0 || S || F)
			prompted[y] = i
		if (w != "" && !index(f, "R"))
			last_win[x] = w + 0
		# (a reset before anything else of x's numbers no stream:
		# one from a port where nothing listens is numbered 0)
		if (q == "" || (index(f, "R") && !(x in snd_max)))
			continue
		nxt = (seq_end[i] + (S || F)) % TWO32
		if (!(x in snd_max)) {
			base[x] = q + 0
			snd_max[x] = q + 0
		} else if (S && (x in syn_number) && q + 0 != syn_number[x]) {
			# a SYN at another first number: its side numbers anew
			# (a new socket answers the same ports, after a reset)
			base[x] = snd_max[x] = q + 0
			sent[x] = acked_to[x] = stretches[x] = 0
			delete top_ack[x]
		}
		if (S)
			syn_number[x] = q + 0
		if (l == 0 && !S && !F) {
			if (q + 0 == (snd_max[x] - 1 + TWO32) % TWO32 && !index(f, "R"))
				probe[i] = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
			continue
		}
		if (reaches(q, base[x]) && !reaches(q, snd_max[x])) {
			# bytes sent before: between the first and the highest
			if (l <= 1 && !S && !F && q + 0 == (snd_max[x] - 1 + TWO32) % TWO32)
				probe[i] = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
			else if (l > 0 && fills_hole(i, x, q, nxt))
				;	# bytes the capture had not seen: out of order
			else {
				r = segment(x, found(x, q))
				if (!r && ((x, q + 0) in filled_at))
					r = filled_at[x, q + 0]	# first sent into a hole
				# (a SYN-ACK after a SYN of the same side, with its
				# number, is a simultaneous open's answer, not the SYN
				# sent again)
				# (nor is a packet without SYN the SYN sent again,
				# or a SYN anything but a SYN)
				if (!(S && index(f, ".") && r && !flag(r, ".")) && !(r && S != flag(r, "S"))) {
					rexmit[i] = (r ? r : -1)
					resending[++resendings] = i
					mark_again(x, i, q, nxt)
					why_again(i, x, y, q, nxt, answers)
					if (!reaches(snd_max[x], nxt))
						stretch[x, ++stretches[x]] = i	# and new bytes
				}
			}
		} else if ((below = !reaches(q, base[x])) && !(x in syn_scale) && dup_count[y] > 0 && \
		    last_ack_out[y] == q && (base[x] - q + TWO32) % TWO32 < HOLE_MAX) {
			# below the first number the capture saw from x, where
			# it starts mid-connection, just what the peer's
			# duplicate ACKs ask for: bytes sent before the capture
			# began, again (segments of x's it reaches were sent
			# again too: no round trip from them, Karn's rule)
			rexmit[i] = -1
			resending[++resendings] = i
			why_again(i, x, y, q, nxt, answers)
			for (d = 1; d <= sent[x] && !reaches(seq[segment(x, d)], nxt); d++)
				resent_seg[segment(x, d)] = 1
		} else {
			if (below) {
				# numbered anew (tcpdump's relative numbers after
				# a first packet it prints absolute): a new list
				base[x] = snd_max[x] = q + 0
				sent[x] = acked_to[x] = stretches[x] = 0
			} else if (q + 0 != snd_max[x] && (q - snd_max[x] + TWO32) % TWO32 < HOLE_MAX)
				open_hole(i, x, q)
			# new: above the last segment's number, so no search
			add_segment(x, i)
		}
		if (!reaches(snd_max[x], nxt))
			snd_max[x] = nxt
	}
}

# pure_ack(i, x, y): packet i, an ACK from x without data, SYN, FIN or
# RST, against x's last packet:
#   window_update[i]  the same ACK, another window ("more" or "less";
#                     zero is a zero window): a window update
#   dupack[i]         the same ACK and window, while y has bytes out past
#                     it (RFC 5681's duplicate ACK): the how-manyth since
#                     dupack_of[i], x's last packet that was not one (a
#                     window update among them aside)
#   probe[i]          the same ACK and window, nothing of y's out, and
#                     nothing y sent since x's last packet asked for an
#                     ACK: a keep-alive or a window probe, whose number is
#                     one below the next -- but tcpdump prints no number
#                     for it, so it is only "keep-alive?" or "window
#                     probe?" until the numbers prove it: its seq, or the
#                     ACK y answers it with (a packet at the next number
#                     would get no answer), which is answer[k] = i
#   sent_earlier[i]   such an ACK, whose TS val is older than x's last
#                     packet's: sent before it, it came late (held on the
#                     way), no probe
function pure_ack(i, x, y,    w, unit) {
	if ((y in last_out) && (last_out[y] in probe) && \
	    (!(x in last_out) || last_out[y] > last_out[x]) && \
	    ack[i] == last_ack_out[x] && win[i] == last_win_out[x]) {
		answer[i] = last_out[y]
		sub(/[?]$/, "", probe[last_out[y]])
		delete dup_count[x]
		return
	}
	if (!(x in last_out) || ack[i] != last_ack_out[x]) {
		delete dup_count[x]
		return
	}
	if (flag(last_out[x], "S")) {
		# the same ACK as x's SYN-ACK: a window update where the window
		# differs in bytes by a unit of its scale at least (a SYN's is
		# never scaled; later ones are, by x's wscale, where both SYNs
		# offer one, RFC 7323: 512 x 128 for a SYN-ACK's 65483 is the
		# same window, rounded up to the unit)
		# (both SYNs seen, or whether it is scaled is not known)
		if ((x in syn_scale) && (y in syn_scale) && x != y) {
			unit = (syn_scale[x] && syn_scale[y] ? syn_scale[x] : 1)
			w = win[i] * unit - last_win_out[x]
			if (win[i] != "" && last_win_out[x] != "" && win[i] + 0 > 0 && (w >= unit || -w >= unit))
				window_update[i] = (w > 0 ? "more" : "less")
		}
		delete dup_count[x]
		return
	}
	if (win[i] != last_win_out[x]) {
		if (win[i] != "" && last_win_out[x] != "" && win[i] + 0 > 0)
			window_update[i] = (win[i] + 0 > last_win_out[x] + 0 ? "more" : "less")
		# not a duplicate (RFC 5681: the window changed), but those
		# before it still count while y's bytes past the ACK are out:
		# the receiver still lacks the same byte (a window that grows
		# among the duplicate ACKs: 1 run of fast-retransmit in 40)
		if (!(y in snd_max) || reaches(ack[i], snd_max[y]))
			delete dup_count[x]
		return
	}
	w = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
	if (seq[i] != "" && (x in snd_max)) {
		if (seq[i] + 0 == (snd_max[x] - 1 + TWO32) % TWO32) {
			probe[i] = w
			return
		}
	}
	if ((y in snd_max) && !reaches(ack[i], snd_max[y])) {
		dupack[i] = ++dup_count[x]
		dupack_of[i] = dup_from[x]
		return
	}
	delete dup_count[x]
	if (seq[i] == "" && !prompted[x] && !index(opts[i], "sack ")) {
		if (ts_before(i, last_out[x]))
			sent_earlier[i] = last_out[x]
		else
			probe[i] = w "?"
	}
}

# ts_before(i, p): packet i's TS val is older than packet p's, both from
# one side, whose clock only goes on (RFC 7323): i was sent first.
function ts_before(i, p,    a, b) {
	a = ts_of(i, "val")
	b = ts_of(p, "val")
	return a != "" && b != "" && a != b && (b - a + TWO32) % TWO32 < TWO32 / 2
}

# ts_of(i, "val" or "ecr"): packet i's timestamp option's field, or "".
function ts_of(i, what) {
	if (!match(opts[i], "TS val [0-9]+ ecr [0-9]+"))
		return ""
	split(substr(opts[i], RSTART, RLENGTH), ts_field, " ")
	return (what == "val" ? ts_field[3] : ts_field[5])
}

# Side s's holes: bytes past its highest number that a later segment
# skipped, which the capture has not seen (yet), k = hole_first[s] ..
# holes[s]: hole_lo[s, k] .. hole_hi[s, k], the packet after the hole
# hole_after[s, k]; filled by later segments (out of order), or
# acknowledged by the peer though never seen (not captured).  Each
# packet marks:
#   gap[i]             packet i skipped bytes: the hole (its number k),
#                      from gap_lo[i] to gap_hi[i]; hole_end[s, k] says
#                      how it closed: "filled", "acked" or not at all
#   out_of_order[i]    packet i carries bytes of a hole: the packet that
#                      skipped them; completes_hole[i], that packet when
#                      i fills the last of the hole
#   unseen_lo[i], unseen_hi[i]   packet i acknowledges bytes from ..
#                      to .. that the capture never held
# Few holes are open at once: the cost stays linear.  A jump of
# HOLE_MAX bytes or more is no hole but numbers counted anew (tcpdump's
# relative numbers after a SYN it printed absolute).
BEGIN { HOLE_MAX = 16777216 }

function open_hole(i, s, q,    k) {
	k = ++holes[s]
	if (!(s in hole_first))
		hole_first[s] = 1
	hole_lo[s, k] = snd_max[s]
	hole_hi[s, k] = q + 0
	hole_after[s, k] = i
	gap[i] = k
	gap_lo[i] = snd_max[s]
	gap_hi[i] = q + 0
}

# fills_hole(i, s, q, nxt): whether packet i's bytes q .. nxt fall in an
# open hole of side s's; if so it is out of order, and the hole shrinks.
function fills_hole(i, s, q, nxt,    k, lo, hi) {
	for (k = hole_first[s] + 0; k <= holes[s] + 0; k++) {
		if (!((s, k) in hole_lo))
			continue
		lo = hole_lo[s, k]
		hi = hole_hi[s, k]
		if (!reaches(nxt, lo) || nxt + 0 == lo)
			break	# the holes go up: none further on holds these bytes
		if (!reaches(q, hi) && reaches(nxt, lo) && nxt + 0 != lo) {
			out_of_order[i] = hole_after[s, k]
			if (!((s, k) in hole_filler))
				hole_filler[s, k] = i
			# the first sending of these bytes, which a resend names
			if (!((s, q + 0) in filled_at))
				filled_at[s, q + 0] = i
			if (!reaches(lo, q) || q + 0 == lo)	# from the hole's start
				hole_lo[s, k] = (reaches(nxt, hi) ? hi : nxt + 0)
			else if (reaches(nxt, hi))	# to its end
				hole_hi[s, k] = q + 0
			if (hole_lo[s, k] == hole_hi[s, k]) {
				close_hole(s, k, "filled")
				completes_hole[i] = hole_after[s, k]
			}
			return 1
		}
	}
	return 0
}

function close_hole(s, k, how) {
	hole_end[s, k] = how
	delete hole_lo[s, k]
	delete hole_hi[s, k]
	while (hole_first[s] <= holes[s] && !((s, hole_first[s]) in hole_lo))
		hole_first[s]++
}

# acked_unseen(i, s): packet i acknowledges side s's bytes that the
# capture never held: in a hole, or past all s sent.
function acked_unseen(i, s,    k, a) {
	a = ack[i]
	for (k = hole_first[s] + 0; k <= holes[s] + 0; k++) {
		if (!((s, k) in hole_lo))
			continue
		if (!reaches(a, hole_lo[s, k]) || a + 0 == hole_lo[s, k])
			break
		if (!(i in unseen_lo))
			unseen_lo[i] = hole_lo[s, k]
		unseen_hi[i] = (reaches(a, hole_hi[s, k]) ? hole_hi[s, k] : a + 0)
		if (reaches(a, hole_hi[s, k]))
			close_hole(s, k, "acked")
		else
			hole_lo[s, k] = a + 0
	}
	if ((s in snd_max) && !reaches(snd_max[s], a) && (a - snd_max[s] + TWO32) % TWO32 < HOLE_MAX && \
	    (!(s in unseen_to) || !reaches(unseen_to[s], a))) {
		if (!(i in unseen_lo))
			unseen_lo[i] = ((s in unseen_to) && reaches(unseen_to[s], snd_max[s]) ? \
			    unseen_to[s] : snd_max[s])
		unseen_hi[i] = a + 0
		unseen_to[s] = a + 0
	}
}

# fills_window(i, x, y): packet i's data from x reaches the end of the
# window y last offered (its ACK plus its window, scaled as both SYNs
# said: syn_scale[s], 2 to the power of side s's SYN's wscale, 0 without
# one): window_full[i], y has no room for more until it says so.  Only
# where the SYNs are in the capture, and y's window is not a SYN's.
function fills_window(i, x, y,    w) {
	if (!(x in syn_scale) || !(y in syn_scale) || !(y in last_out) || \
	    flag(last_out[y], "S") || last_ack_out[y] == "" || last_win_out[y] == "")
		return
	w = last_win_out[y] + 0
	if (syn_scale[x] && syn_scale[y])
		w *= syn_scale[y]
	if (w > 0 && (seq_end[i] - last_ack_out[y] - w + 2 * TWO32) % TWO32 == 0)
		window_full[i] = 1
}

# why_again(i, x, y, q, nxt, answers): why packet i, from x, sends bytes
# q .. nxt again (answers: y's packet -- data, a SYN or a FIN -- that came
# since x's packet before i, else 0):
#   retry[i]       a SYN after y's reset, packet retry[i], which
#                  acknowledges it: another try (what the reset
#                  acknowledged, it refused); tried_before[i], a try
#                  between them, which no answer came to
#   needless[i]    y had acknowledged them all already, last in packet
#                  needless[i] (a spurious retransmission)
#   fast[i]        y asked for q again in N duplicate ACKs, N >= 3 (a
#                  fast retransmission, RFC 5681)
#   after_dups[i]  y sent N duplicate ACKs, fewer or for other bytes
#                  (recovery, with SACK)
#   answering[i]   none came, but i acknowledges y's packet answers:
#                  its ACK may be why it went out (some stacks send
#                  their FIN again on every ACK), whether a timer ran
#                  out as well, the capture does not tell
#   else           none came: a timer ran out (after a timeout)
function why_again(i, x, y, q, nxt, answers,    syn, k) {
	# (a SYN after the peer's reset that acknowledges it, as a SYN_SENT
	# side takes one: what the reset acknowledged, it refused; it
	# answered the try before only if it came after it)
	syn = index(fl[i], "S") && !index(fl[i], ".")
	k = ((y in last_out) ? last_out[y] : 0)
	if (syn && k && index(fl[k], "R") && index(fl[k], ".") && ack[k] != "" && \
	    ack[k] + 0 != q + 0 && reaches(ack[k], q) && reaches(nxt, ack[k])) {
		retry[i] = k
		if (k < previous_out)
			tried_before[i] = previous_out
	} else if ((x in top_ack) && reaches(top_ack[x], nxt))
		needless[i] = top_ack_by[x]
	else if (dup_count[y] >= 3 && last_ack_out[y] == q)
		fast[i] = dup_count[y]
	else if (dup_count[y] > 0)
		after_dups[i] = dup_count[y]
	else if (answers && index(fl[i], ".") && ack[i] != "" && reaches(ack[i], next_number(answers)))
		answering[i] = answers
}

# duplicate_sack(i, s): packet i's first SACK block lies below its ACK: a
# D-SACK (RFC 2883), the bytes of side s's packet that starts there came
# twice.
function duplicate_sack(i, s,    block, start) {
	if (ack[i] == "" || !match(opts[i], /sack [0-9]+ [{][0-9]+:[0-9]+[}]/))
		return
	block = substr(opts[i], RSTART, RLENGTH)
	sub(/.*[{]/, "", block)
	start = block
	sub(/:.*/, "", start)
	sub(/.*:/, "", block)
	sub(/[}]/, "", block)
	if (reaches(ack[i], block) && found(s, start))
		dsacked[segment(s, found(s, start))] = 1
}

# --- kept small, for mawk ----------------------------------------------------
# mawk slows down with each array that grows with the packets (see
# scripts/lib/arrays.awk): what does is kept in lists looked up by binary
# search; a hash holds only what is recent, or rare.

# copy_seen(i, x, key): packet i is an earlier one from x again, as a
# capture point that sees packets twice shows it (dup_of[i] then says
# which): the same key (its side, flags, numbers and IP id, joined by
# SUBSEP, as follow() makes it), window and options, the same IP id or no
# more than 500 us later, and no word from the peer in between that it
# lacked the first.  Only the packets of the last 500 us (or the last 64,
# without times) are kept to compare with.
function copy_seen(i, x, key,    j, ti, tj, old) {
	ti = t[i]
	# (each kept packet's key and time kept beside it: made once)
	while (window_head < window_tail) {
		tj = window_time[window_head + 1]
		if (untimed && (ti == "" || tj == "") ? window_tail - window_head < 64 : ti - tj <= 500)
			break
		j = window[++window_head]
		old = window_key[window_head]
		delete window[window_head]
		delete window_key[window_head]
		delete window_time[window_head]
		if (copy_at[old] == j)
			delete copy_at[old]
	}
	if ((key in copy_at) && win[i] == win[j = copy_at[key]] && opts[i] == opts[j] && \
	    ((i in ipid) || (ti != "" && t[j] != "" && ti - t[j] <= 500)) && \
	    !missed(j, i, x)) {
		dup_of[i] = j
		return 1
	}
	copy_at[key] = i
	window[++window_tail] = i
	window_key[window_tail] = key
	window_time[window_tail] = ti
	return 0
}

# missed(j, i, x): between packets j and i, x's peer said it lacked j (a
# SACK block, or an ACK of j's first number, in a packet that is not a
# copy itself): i is x sending j again, a
# retransmission that on lo can come out the same as j within the same
# millisecond, not a copy of the capture.  For an ACK without data, any
# data from the peer in between: i answers it, a duplicate ACK.
function missed(j, i, x,    k) {
	for (k = j + 1; k < i; k++)
		if (conn[k] == conn[i] && side[k] != x && !(k in dup_of) && \
		    (seq[j] == "" ? len[k] > 0 : index(opts[k], "sack ") || ack[k] == seq[j]))
			return 1
	return 0
}

# Side s's segments (packets with data, a SYN or a FIN, each first sent
# at a higher number than the one before), in order: segment(s, d) is the
# packet of the d-th, sent[s] how many.
function add_segment(s, i) {
	if (s == "client")
		client_segment[++sent[s]] = i
	else
		server_segment[++sent[s]] = i
}

function segment(s, d) {
	if (d == 0)
		return 0
	return (s == "client" ? client_segment[d] : server_segment[d])
}

# found(s, number): which of side s's segments starts at number (by binary
# search: they go up from base[s]), or 0.
function found(s, number,    low, high, mid, at, want) {
	low = 1
	high = sent[s] + 0
	want = (number - base[s] + TWO32) % TWO32
	while (low <= high) {
		mid = int((low + high) / 2)
		at = (seq[segment(s, mid)] - base[s] + TWO32) % TWO32
		if (at == want)
			return mid
		if (at < want)
			low = mid + 1
		else
			high = mid - 1
	}
	return 0
}

# resent(i): the packet i sends again (rexmit[i]), else 0.  Arrays are
# read with "in": a plain read would make an element for every packet.
function resent(i) { return (i in rexmit ? rexmit[i] : 0) }

# ack_past(s, number, k): packet k acknowledges side s's stream up to
# number: each of s's segments it covers for the first time is
# covered_by k.  Each segment is passed once.  The newest segment it
# covers, r, gives a round-trip sample (RFC 6298): rtt[k] = t[k] - t[r]
# (rtt_from[k] = r), from r's first sending, unless r was sent again
# before k (Karn's rule: which sending k answers, nobody can tell;
# rtt_karn[k] = r), and unless the newest bytes k acknowledges are ones
# the capture never held (acked_unseen(): the sample would be of them),
# and unless k is stamped before r (the capture's clock, not the network:
# no round trip is shorter than nothing); and srtt[k], side s's smoothed RTT after it: the first sample, then 7/8
# of the old and 1/8 of the new, in whole microseconds.
function ack_past(s, number, k,    q, r, newest) {
	# past all s sent, from a peer that has sent no SYN yet, when s has
	# sent no more than its own: another connection's number (a
	# half-open one's, RFC 9293 figure 11)
	if (!(side[k] in syn_scale) && sent[s] <= 1 && (s in snd_max) && !reaches(snd_max[s], number))
		return
	# (a reset's ACK only makes it trusted: it acknowledges nothing)
	if (!index(fl[k], "R") && (!(s in top_ack) || !reaches(top_ack[s], number))) {
		top_ack[s] = number + 0
		top_ack_by[s] = k
	}
	q = acked_to[s] + 0
	newest = 0	# the last segment it covers, if any
	while (q < sent[s]) {
		r = segment(s, q + 1)
		if (!reaches(number, next_number(r)))
			break
		if (s == "client")
			client_covered[q + 1] = k
		else
			server_covered[q + 1] = k
		newest = r
		q++
	}
	if (newest && (newest in resent_seg))
		rtt_karn[k] = newest
	else if (newest && (!untimed || (t[k] != "" && t[newest] != "")) && t[k] >= t[newest] &&
	    !((k in unseen_hi) && unseen_hi[k] == number + 0)) {
		r = rtt_from[k] = newest
		rtt[k] = sprintf("%.0f", t[k] - t[r])
		# (asked apart: mawk makes srtt_of[s] before it reads the right side)
		r = ((s in srtt_of) ? sprintf("%.0f", (7 * srtt_of[s] + rtt[k]) / 8) : rtt[k])
		srtt[k] = srtt_of[s] = r
	}
	acked_to[s] = q
}

# mark_again(s, i, q, nxt): packet i of side s sends bytes q .. nxt
# again: each of s's segments among them is marked resent_seg[], and gives no
# round-trip sample (Karn's rule); where they were sent in other pieces,
# first_piece[i] is the one that holds number q (a byte, or its FIN).
function mark_again(s, i, q, nxt,    low, high, mid, want, d, r) {
	low = 1
	high = sent[s] + 0
	want = (q - base[s] + TWO32) % TWO32
	d = 0
	while (low <= high) {	# the last segment that starts at or below q
		mid = int((low + high) / 2)
		if ((seq[segment(s, mid)] - base[s] + TWO32) % TWO32 <= want) {
			d = mid
			low = mid + 1
		} else
			high = mid - 1
	}
	r = segment(s, d)
	if (rexmit[i] == -1 && r && holds(r, q))
		first_piece[i] = r
	else if (rexmit[i] == -1 && stretches[s])
		first_stretch(s, i, q)
	for (; d >= 1 && d <= sent[s] && !reaches(seq[segment(s, d)], nxt); d++)
		resent_seg[segment(s, d)] = 1
}

# holds(r, q): packet r carries number q (a byte, or its SYN or FIN).
function holds(r, q) {
	return (q - seq[r] + TWO32) % TWO32 < (next_number(r) - seq[r] + TWO32) % TWO32
}

# first_stretch(s, i, q): first_piece[i], where side s first sent number
# q in a resend that carried new bytes too: the first of them to reach
# past q, if it holds q, by binary search (each reached further than the
# one before).
function first_stretch(s, i, q,    low, high, mid, want, r) {
	low = 1
	high = stretches[s]
	want = (q - base[s] + TWO32) % TWO32
	r = 0
	while (low <= high) {
		mid = int((low + high) / 2)
		if ((next_number(stretch[s, mid]) - base[s] + TWO32) % TWO32 > want) {
			r = stretch[s, mid]
			high = mid - 1
		} else
			low = mid + 1
	}
	if (r && holds(r, q))
		first_piece[i] = r
}

# covered_by(r): the first packet that acknowledged packet r, a segment
# of its side, else 0.  A packet that filled a hole is not in its side's
# list of segments: its ACK is looked for after it (rare: a resend of
# bytes that first came out of order).
function covered_by(r,    s, d, e, j) {
	s = side[r]
	d = found(s, seq[r])
	if (d == 0 && (r in out_of_order)) {
		e = next_number(r)
		for (j = r + 1; j <= n; j++)
			if (conn[j] == conn[r] && side[j] != s && side[j] != "" && ack[j] != "" && \
			    !(j in dup_of) && reaches(ack[j], e))
				return j
		return 0
	}
	if (d == 0 || d > acked_to[s])
		return 0
	return (s == "client" ? client_covered[d] : server_covered[d])
}

# days_crossed(): a time of day without its date (tcpdump's default)
# starts again from 0 at midnight: each packet's time is taken as the one
# nearest to the packet's before it, within 12 hours, so that a capture
# across midnight counts on (and a packet stamped a moment before the one
# ahead of it stays a moment before).
function days_crossed(    i, last, day, ti) {
	day = 0
	if (untimed) {	# (then each time is tested: mawk writes it out)
		last = ""
		for (i = 1; i <= n; i++) {
			if (t[i] == "")
				continue
			t[i] += day
			if (last != "" && t[i] < last - 43200000000) {
				day += 86400000000
				t[i] += 86400000000
			} else if (last != "" && t[i] > last + 43200000000) {
				day -= 86400000000
				t[i] -= 86400000000
			}
			last = t[i]
		}
		return
	}
	last = t[1]
	for (i = 2; i <= n; i++) {
		ti = t[i] + day
		if (ti < last - 43200000000) {
			day += 86400000000
			ti += 86400000000
		} else if (ti > last + 43200000000) {
			day -= 86400000000
			ti -= 86400000000
		}
		if (day)
			t[i] = ti
		last = ti
	}
}

# times(): t[i] for every packet, in microseconds from a fixed point.
# tcpdump -ttt prints each packet's time since the one before, -ttttt
# since the first: both start at 00:00:00.000000, and only -ttt's can go
# down.  Its kind is in time_kind: "absolute", "-ttt", "-ttttt" or "none".
function times(    i, sum, stamp) {
	if (time_kind != "")
		return
	time_kind = (n > 0 && t[1] != "" ? "absolute" : "none")
	# the first packet tcpdump printed, of whatever protocol: where it is
	# not TCP, the first TCP packet's time is no start
	stamp = first_time
	if (first_line != "" && match(first_line, /^[ \t]*([0-9]+[ \t]+)?[0-9:]+\.[0-9]+([ \t]|$)/)) {
		stamp = substr(first_line, RSTART, RLENGTH)
		sub(/^[ \t]*([0-9]+[ \t]+)?/, "", stamp)
		sub(/[ \t]$/, "", stamp)
	}
	if (time_kind == "absolute" && first_time ~ /^[0-9]+:[0-9]+:[0-9.]+$/ && \
	    stamp !~ /^0+:00:00\.0+$/)
		days_crossed()
	if (time_kind != "absolute" || stamp !~ /^0+:00:00\.0+$/)
		return
	time_kind = "-ttttt"
	for (i = 2; i <= n; i++)
		if (t[i] != "" && t[i - 1] != "" && t[i] < t[i - 1])
			time_kind = "-ttt"
	if (time_kind != "-ttt")
		return
	sum = 0
	for (i = 1; i <= n; i++) {
		if (i in gap_before)
			sum += gap_before[i]
		if (t[i] != "") {
			sum += t[i]
			t[i] = sum
		}
	}
}
