# scripts/lib/connections.awk - the packets tcpdump.awk reads, kept and
# split into connections, and each connection's two streams followed:
# which packet sends data again, which one the capture saw twice, which
# is a keep-alive.  Loaded after tcpdump.awk, by golden.awk's users and
# by analysis.awk.  Every decision comes from state kept per connection
# and per direction, looked up by key: the cost grows with the packets,
# never with their square.
#
# keep_packet(): remember the packet read_line() just read as packet n:
#   src[] dst[] fl[] seq[] seq_end[] ack[] len[] win[] opts[] ip[] ipid[]
#   when[] (its time as printed), line[] (its text) and conn[] (its
#   connection: 1 .. nconn, in the order they first appear).
# A connection is one pair of endpoints, both address and port; a SYN
# with a new first number on a pair starts another.
# For connection c: conn_first[c], conn_last[c] (packet numbers),
# conn_count[c], and after the input, pick_connection() and follow(c).
# Keys hold numbers as printed, never computed: mawk writes a large
# number used as a key as "%.6g", and two would collide.

function keep_packet(    key, c, syn) {
	n++
	src[n] = pk_src
	dst[n] = pk_dst
	fl[n] = pk_flags
	seq[n] = pk_seq
	seq_end[n] = pk_end
	ack[n] = pk_ack
	len[n] = pk_len + 0
	win[n] = pk_win
	opts[n] = pk_opts
	ip[n] = pk_ip
	ipid[n] = pk_id
	when[n] = pk_time
	day[n] = pk_date
	line[n] = pk_line
	key = (pk_src < pk_dst ? pk_src SUBSEP pk_dst : pk_dst SUBSEP pk_src)
	syn = flag(n, "S") && !flag(n, ".")
	c = (key in open_conn ? open_conn[key] : "")
	# a new SYN: not its own again (a retransmission, a copy), nor the
	# other side's during the handshake (a simultaneous open)
	if (c == "" || (syn && !(((c, pk_src) in syn_seq) && syn_seq[c, pk_src] == pk_seq) && \
	    !(handshaking[c] && !((c, pk_src) in syn_seq)))) {
		c = ++nconn
		open_conn[key] = c
		conn_first[c] = n
		handshaking[c] = 1
	}
	conn[n] = c
	conn_count[c]++
	conn_last[c] = n
	if (!flag(n, "S"))
		handshaking[c] = 0
	else if (!((c, pk_src) in syn_seq))
		syn_seq[c, pk_src] = pk_seq
	if (syn && !(c in syn_from))
		syn_from[c] = pk_src
	if (flag(n, "S") && flag(n, ".") && !(c in synack_from))
		synack_from[c] = pk_src
}

function flag(i, letter) { return fl[i] != "none" && index(fl[i], letter) > 0 }

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
function client_of(c,    i, a, b, pa, pb) {
	if (c in syn_from)
		return syn_from[c]
	i = conn_first[c]
	if (c in synack_from)
		return (src[i] == synack_from[c] ? dst[i] : src[i])
	a = src[i]
	b = dst[i]
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
function next_number(i) {
	return (seq_end[i] + (flag(i, "S") || flag(i, "F"))) % TWO32
}

# Whether number a is at or past number b, on the 32-bit circle.
function reaches(a, b) { return (a - b + TWO32) % TWO32 < TWO32 / 2 }

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
#                 that began elsewhere
#   probe[i]      "keep-alive" or "window probe": an ACK nothing asked
#                 for, that acknowledges nothing new (tcpdump does not print
#                 its number, one below the next), to make the peer answer;
#                 answer[k] = i for the peer's ACK that answers it
#   dsacked[r]    the peer said, in a D-SACK block, that it got packet r's
#                 bytes twice: r arrived, whatever was sent again
#   covered_by[r] the first packet whose ACK reached past packet r
# and t[i], the time in microseconds ("" when not printed).
function follow(c,    i, x, y, key, nxt, d) {
	times()
	for (i = conn_first[c]; i <= conn_last[c]; i++) {
		if (conn[i] != c)
			continue
		x = side[i] = (src[i] == client ? "client" : "server")
		y = (x == "client" ? "server" : "client")
		key = src[i] SUBSEP fl[i] SUBSEP seq[i] SUBSEP ack[i] SUBSEP len[i] \
		    SUBSEP win[i] SUBSEP opts[i] SUBSEP ipid[i]
		if ((key in copy_at) && (ipid[i] != "" || \
		    (t[i] != "" && t[copy_at[key]] != "" && t[i] - t[copy_at[key]] <= 500))) {
			dup_of[i] = copy_at[key]
			continue
		}
		copy_at[key] = i
		if (ack[i] != "" && flag(i, "."))
			ack_past(y, ack[i], i)
		if (fl[i] == "." && len[i] == 0)
			asked_for_nothing(i, x, y)
		if (index(opts[i], "sack "))
			duplicate_sack(i, y)
		last_out[x] = i
		last_ack_out[x] = ack[i]
		last_win_out[x] = win[i]
		prompted[x] = 0
		if (len[i] > 0 || flag(i, "S") || flag(i, "F"))
			prompted[y] = 1
		if (win[i] != "" && !flag(i, "R"))
			last_win[x] = win[i] + 0
		if (seq[i] == "")
			continue
		nxt = next_number(i)
		if (!(x in snd_max)) {
			base[x] = seq[i] + 0
			snd_max[x] = seq[i] + 0
		}
		if (len[i] == 0 && !flag(i, "S") && !flag(i, "F")) {
			if (seq[i] + 0 == (snd_max[x] - 1 + TWO32) % TWO32 && !flag(i, "R"))
				probe[i] = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
			continue
		}
		if (reaches(seq[i], base[x]) && !reaches(seq[i], snd_max[x])) {
			# bytes sent before: between the first and the highest
			if (len[i] <= 1 && !flag(i, "S") && !flag(i, "F") && \
			    seq[i] + 0 == (snd_max[x] - 1 + TWO32) % TWO32)
				probe[i] = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
			else if (!(flag(i, "S") && flag(i, ".") && \
			    ((x, seq[i]) in first_of) && !flag(first_of[x, seq[i]], ".")))
				rexmit[i] = ((x, seq[i]) in first_of ? first_of[x, seq[i]] : -1)
			# (a SYN-ACK after a SYN of the same side, with its number, is
			# a simultaneous open's answer, not the SYN sent again)
		} else {
			if (!reaches(seq[i], base[x])) {
				# numbered anew (tcpdump's relative numbers after
				# a first packet it prints absolute)
				base[x] = snd_max[x] = seq[i] + 0
			}
			if (!((x, seq[i]) in first_of)) {
				first_of[x, seq[i]] = i
				d = ++sent[x]
				segment[x, d] = i
			}
		}
		if (!reaches(snd_max[x], nxt))
			snd_max[x] = nxt
	}
}

# asked_for_nothing(i, x, y): packet i, a bare ACK from x, answers y's
# keep-alive or window probe; or is one itself: nothing y sent since x's
# last packet asked for an ACK, and it acknowledges nothing new (tcpdump
# prints no number for it, where a probe's is one below the next).
function asked_for_nothing(i, x, y) {
	if ((y in last_out) && (last_out[y] in probe) && \
	    (!(x in last_out) || last_out[y] > last_out[x])) {
		answer[i] = last_out[y]
		return
	}
	if (!(x in last_out) || prompted[x] || ack[i] != last_ack_out[x] || \
	    win[i] != last_win_out[x] || index(opts[i], "sack "))
		return
	if (seq[i] != "" && (!(x in snd_max) || seq[i] + 0 != (snd_max[x] - 1 + TWO32) % TWO32))
		return
	probe[i] = ((y in last_win) && last_win[y] == 0 ? "window probe" : "keep-alive")
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
	if (reaches(ack[i], block) && ((s, start) in first_of))
		dsacked[first_of[s, start]] = 1
}

# ack_past(s, number, k): packet k acknowledges side s's stream up to
# number: each of s's segments it covers for the first time is
# covered_by k.  Each segment is passed once.
function ack_past(s, number, k,    q, r) {
	q = acked_to[s] + 0
	while (q < sent[s]) {
		r = segment[s, q + 1]
		if (!reaches(number, next_number(r)))
			break
		covered_by[r] = k
		q++
	}
	acked_to[s] = q
}

# times(): t[i] for every packet, in microseconds from a fixed point.
# tcpdump -ttt prints each packet's time since the one before, -ttttt
# since the first: both start at 00:00:00.000000, and only -ttt's can go
# down.  Its kind is in time_kind: "absolute", "-ttt", "-ttttt" or "none".
function times(    i, raw, sum) {
	if (time_kind != "")
		return
	time_kind = (n > 0 && when[1] != "" ? "absolute" : "none")
	if (time_kind == "absolute" && when[1] ~ /^0+:00:00\.0+$/ && day[1] == "") {
		time_kind = "-ttttt"
		for (i = 2; i <= n; i++)
			if (when[i] != "" && when[i - 1] != "" && \
			    time_us(when[i], "") < time_us(when[i - 1], ""))
				time_kind = "-ttt"
	}
	sum = 0
	for (i = 1; i <= n; i++) {
		if (when[i] == "") {
			t[i] = ""
			continue
		}
		raw = time_us(when[i], day[i])
		if (time_kind == "-ttt") {
			sum += raw
			raw = sum
		}
		t[i] = raw
	}
}
