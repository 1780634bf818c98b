# scripts/lib/mean/analysis.awk - what the packets of one connection mean: who
# is the client, each side's TCP state after every packet, a label for
# each packet, which one was lost or sent again, and what each field says.
# Loaded after tcpdump.awk and connections.awk and before a view
# (text.awk, svg.awk), which reads the lines with read_line() and
# keep_packet(), calls analyse() at the end and lays out what it left:
#
#   drawn, the connection drawn (0: none), and conn_count[drawn]
#   client, server, self (a socket connected to itself)
#   side[i]            "client" or "server" for packet i of the drawn
#                      connection, "" for the others (counted in others)
#   first_state[s]     side s's state before the first packet
#   after_client[i], after_server[i]
#                      each side's states after packet i, as the kernel
#                      goes through them ("FIN_WAIT_2 TIME_WAIT"), "?"
#                      unknown
#   meaning[i]         what packet i does, in words
#   lost[i]            packet i never arrived (its sender sent it again)
#   fields_of(i, lines) what each field of packet i says, a line each
#
# Everything is read from the packets, so the words fit any capture, not
# one lesson; where the packets do not tell, the answer is "?" or said to
# be unknown.  The dialect is the one BWK awk (macOS, the BSDs), busybox
# awk, mawk and gawk all read: a ?: inside a concatenation or an argument
# list is in parentheses.

# -v keep_lines=1 (the classroom page): line_of[i], packet i as printed.
read_line($0) {
	keep_packet()
	if (keep_lines)
		line_of[n] = pk_line
}

# The end of the input: draw the connection asked for (-v connection=N),
# with the view's draw(); with -v list=1, the text view lists them all.
END {
	if (pending != "")
		skipped++
	if (n == 0) {
		complain(quiet_lines ? \
		    "these lines are tcpdump -q's, without the flags and numbers a ladder needs: print the capture without -q" : \
		    "no TCP packet in the input")
		exit 1
	}
	if (!list)
		analyse(connection)
	if (!list && drawn == 0) {
		complain("no connection " connection ": the capture holds " nconn \
		    " (ladder.sh --list shows them)")
		exit 2
	}
	draw()
}

function complain(message) {
	print "ladder.sh: " message > "/dev/stderr"
}

function analyse(wanted,    i, x, y, c, f) {
	drawn = pick_connection(wanted)
	if (drawn == 0)
		return
	c = drawn
	client = client_of(c)
	i = conn_first[c]
	server = (conn_src[c] == client ? conn_dst[c] : conn_src[c])
	self = (client == server)
	follow(c)
	others = n - conn_count[c]
	started_mid = !is_syn(i)
	for (i = conn_first[c]; i <= conn_last[c]; i++) {
		if (conn[i] != c || (i in dup_of))
			continue
		x = side[i]
		f = fl[i]
		if (index(f, "S")) {
			if (!(x in isn))
				isn[x] = seq[i]
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
	for (i = conn_first[c]; i <= conn_last[c]; i++) {
		if (conn[i] != c || (i in dup_of))
			continue
		# tcpdump without -S counts from 0 after the handshake: the
		# first ACK then reads "ack 1"
		if (!decided && !flag(i, "S") && ack[i] != "") {
			decided = 1
			y = other(side[i])
			relative_input = ack[i] == 1 && (!(y in isn) || isn[y] + 1 != 1)
		}
		if (i in rexmit)
			find_loss(i)
	}
	# Window scaling is on only when both SYNs offer it (RFC 7323).
	scaling = (("client" in offers_scale) && ("server" in offers_scale) ? \
	    (offers_scale["client"] != "" && offers_scale["server"] != "" ? "on" : "off") : \
	    "unknown")

	if (started_mid) {
		state["client"] = state["server"] = "?"
	} else {
		state["client"] = "CLOSED"
		if (refused())
			state["server"] = "CLOSED"	# a reset answered the SYN
		else if ("server" in syn_seen)
			state["server"] = "CLOSED"	# it opens too: simultaneous
		else if ("server" in synack_at)
			state["server"] = "LISTEN"
		else
			state["server"] = "?"	# no answer: the capture cannot tell
	}
	first_state["client"] = state["client"]
	first_state["server"] = state["server"]
	for (i = conn_first[c]; i <= conn_last[c]; i++) {
		if (conn[i] != c)
			continue
		x = side[i]
		y = (self ? x : other(x))
		path["client"] = path["server"] = ""
		meaning[i] = step_states(i, x, y)
		after_client[i] = (path["client"] == "" ? state["client"] : path["client"])
		after_server[i] = (path["server"] == "" ? state["server"] : path["server"])
	}
}

function is_syn(i) { return flag(i, "S") && !flag(i, ".") }
function other(s) { return (s == "client" ? "server" : "client") }

# Whether the server's first answer is a reset: nothing listened.
function refused(    i) {
	for (i = conn_first[drawn]; i <= conn_last[drawn]; i++)
		if (conn[i] == drawn && side[i] == "server")
			return flag(i, "R")
	return 0
}

# find_loss(i): when packet i sends packet r again, one of two packets was
# lost: r itself, or the peer's ACK of it, if the peer acknowledged r
# before i.  lost[] marks the lost one -- only where the peer is heard
# from after i (else the capture shows no answer, not a loss), and never
# when a D-SACK says that r arrived.
function find_loss(i,    r, k) {
	r = resent(i)
	if (r <= 0 || (r in dsacked) || !(last_at[other(side[r])] > i))
		return
	k = covered_by(r)
	if (k > r && k < i && !(k in lost))
		lost[k] = 1
	else
		lost[r] = 1
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
function step_states(i, x, y,    words, ecn, ack_of_fin, arrives, r, f, A, F) {
	if (i in dup_of)
		return "a copy: the capture saw packet " packet_number(dup_of[i]) " twice"
	f = (fl[i] == "none" ? "" : fl[i])	# its flags, looked at once
	A = index(f, ".") > 0
	F = index(f, "F") > 0
	ecn = (f ~ /[EWe]/ ? " (ECN)" : "")
	r = resent(i)
	arrives = !(i in lost) && !(r > 0 && !(r in lost))
	words = ""
	if (r > 0)
		words = "retransmission of packet " packet_number(r) \
		    (t[i] == "" || t[r] == "" ? "" : ", " span(t[i] - t[r]) " later") \
		    ((r in dsacked) ? ", not needed: packet " packet_number(r) " had arrived (D-SACK)" : "")
	else if (r < 0)
		words = "retransmission of bytes sent before"
	if (index(f, "R")) {
		if (reset_seen)
			words = join(words, "reset again")
		else
			words = join(words, (state[x] == "CLOSED" || state[y] == "SYN_SENT") ? \
			    "refused (reset): nothing listens" : "reset: connection aborted")
		reset_seen = 1
		if (state[x] != "CLOSED")
			go(x, "CLOSED")
		if (arrives)
			go(y, "CLOSED")
		return lost_words(i, words)
	}
	if ((index(f, "S") && !A)) {
		words = join(words, (state[y] == "SYN_SENT" && !self ? "SYN too: a simultaneous open" : \
		    (refused() ? "asks to open a connection" : "handshake 1/3")) ecn)
		if (len[i] > 0)
			words = join(words, "with " plural(len[i], "byte") " of data (Fast Open)")
		if (!r)
			go(x, "SYN_SENT")
		if (arrives && (state[y] == "LISTEN" || state[y] == "SYN_SENT") && (y in synack_at))
			go(y, "SYN_RCVD")
		return lost_words(i, words)
	}
	if (index(f, "S")) {
		words = join(words, "handshake 2/3" ecn)
		if (x in syn_seen)
			words = join(words, "its own SYN again, with an ACK (simultaneous open)")
		if (state[x] == "?" || state[x] == "LISTEN" || state[x] == "SYN_SENT")
			go(x, "SYN_RCVD")
		if (arrives && (state[y] == "SYN_SENT" || state[y] == "SYN_RCVD" || state[y] == "?")) {
			go(y, "ESTABLISHED")
			words = join(words, y " established")
		}
		if (len[i] > 0)
			words = join(words, "with " plural(len[i], "byte") " of data")
		return lost_words(i, words)
	}
	# an ACK from a side that sent a SYN: it had the SYN-ACK, which the
	# capture did not see
	if (state[x] == "SYN_SENT" && A)
		go(x, "ESTABLISHED")

	if (i in probe)
		words = join(words, (probe[i] == "keep-alive" ? \
		    "keep-alive: are you still there?" : "window probe: is there room yet?"))
	else if (i in answer)
		words = join(words, "ACK of the " probe[answer[i]])
	else if (len[i] > 0) {
		words = join(words, "data (" plural(len[i], "byte") ")")
		if (state[x] == "CLOSE_WAIT" && !r)
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
	}
	if (A && (y in fin_ack) && ack[i] + 0 == fin_ack[y])
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
		fin_ack[x] = next_number(i)
		if (!r)
			go(x, (got_fin[x] ? "LAST_ACK" : \
			    (state[x] != "?" || last_fin_at[y] > i ? "FIN_WAIT_1" : "?")))
		if (arrives) {
			got_fin[y] = 1
			if (state[y] == "FIN_WAIT_1")
				go(y, "CLOSING")
			else if (state[y] == "FIN_WAIT_2")
				go(y, "TIME_WAIT")
			else if (state[y] != "?" || last_fin_at[y] > i)
				go(y, "CLOSE_WAIT")
		}
		words = join(words, (r ? "the " x "'s FIN again" : x " closes (FIN)") \
		    (ack_of_fin == "first" ? ", ACKs the FIN" : ""))
	} else if (ack_of_fin != "")
		words = join(words, "ACK of the " y "'s FIN" \
		    (ack_of_fin == "again" ? ", again" : ""))
	else if (len[i] == 0 && (y in data_end) && !data_acked[y] && ack[i] != "" && \
	    reaches(ack[i], data_end[y])) {
		data_acked[y] = arrives
		words = join(words, "ACK of the data")
	}
	if (win[i] != "" && win[i] + 0 == 0)
		words = join(words, "zero window: no room for more")
	else if (len[i] == 0 && !F && (x in zero_window) && win[i] != "")
		words = join(words, "window update: room again")
	if (win[i] != "" && win[i] + 0 == 0)
		zero_window[x] = 1
	else if (win[i] != "")
		delete zero_window[x]
	if (words == "")
		words = (fl[i] == "." ? "ACK" : flag_names(fl[i]))
	return lost_words(i, words ecn)
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
	sub(/.* /, "", states)
	return states
}

function lost_words(i, words) { return ((i in lost) ? join(words, "LOST") : words) }

function join(a, b) { return (a == "" ? b : a ", " b) }

function plural(k, word) { return k " " word (k == 1 ? "" : "s") }

# "S." -> "SYN-ACK", "FP." -> "FIN-PSH-ACK"; an unknown letter as it is.
function flag_names(f,    i, out) {
	if (f == "none" || f == "")
		return "no flags"
	out = ""
	for (i = 1; i <= length(f) && i <= 12; i++)
		out = (out == "" ? "" : out "-") flag_name(substr(f, i, 1))
	return out (length(f) > 12 ? "-..." : "")
}

function flag_name(c) {
	if (c == "F") return "FIN"
	if (c == "S") return "SYN"
	if (c == "R") return "RST"
	if (c == "P") return "PSH"
	if (c == ".") return "ACK"
	if (c == "U") return "URG"
	if (c == "E") return "ECE"
	if (c == "W") return "CWR"
	if (c == "e") return "AE"
	return c
}

# "seq 1431996003 [1]  ack 3988257802 [1]": as captured and, where the
# stream's first number is known, counted from it.
function numbers(i,    x, s) {
	x = side[i]
	s = ""
	if (seq[i] != "")
		s = "seq " seq[i] relative(seq[i], x)
	if (ack[i] != "")
		s = s (s == "" ? "" : "  ") "ack " ack[i] relative(ack[i], (self ? x : other(x)))
	return s
}

# " [n]": number counted from the first number of side s's stream.
function relative(number, s) {
	if (relative_input || !(s in isn))
		return ""
	return sprintf(" [%.0f]", (number - isn[s] + TWO32) % TWO32)
}

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
	if (us < 0)
		us += 86400000000	# past midnight
	return (us >= 1000000000 ? sprintf("%.0f s", us / 1000000) : sprintf("%.0f us", us))
}

# "127.0.0.1 port 41648", no wider than width: a long address loses its
# middle, then a long port its end.
function endpoint(e, width,    addr, port, room) {
	port = port_of(e)
	if (length(port) > 12)
		port = substr(port, 1, 9) "..."
	addr = address_of(e)
	room = width - length(" port " port)
	if (length(addr) > room)
		addr = substr(addr, 1, int((room - 3) / 2)) "..." \
		    substr(addr, length(addr) - (room - 3 - int((room - 3) / 2)) + 1)
	return addr " port " port
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

# The last line: how each side ends, on one line when it fits.
function ends_notes(lines,    a, b) {
	a = ends_note("client")
	b = ends_note("server")
	if (self)
		b = ""
	if (b != "" && length(a) + 2 + length(b) <= 80) {
		lines[1] = a "; " b
		return 1
	}
	lines[1] = a
	lines[2] = b
	return (b == "" ? 1 : 2)
}

function ends_note(s) {
	if (s == "server" && refused())
		return "no socket had the server's port: CLOSED throughout"
	if (state[s] == "TIME_WAIT")
		return s " ends in TIME_WAIT: it keeps this connection's port pair for 60 s"
	if (state[s] == "?")
		return s " ends in a state the capture does not show (?)"
	return s " ends " state[s]
}

# --- what each field says (--explain) --------------------------------------

# fields_of(i, lines): what packet i's fields say, a line each; returns
# how many.  Where the stream's first number is unknown, the numbers are
# explained without it.
function fields_of(i, lines,    x, y, k, nopt, opt, o, f, w, h, scale, known, nop) {
	x = side[i]
	y = (self ? x : other(x))
	k = 0
	known = !relative_input && (x in isn)
	if (i in dup_of)
		lines[++k] = "a copy: the capture point saw packet " packet_number(dup_of[i]) " twice"
	if (resent(i) > 0)
		lines[++k] = "sent again: no ACK came for packet " packet_number(rexmit[i])
	else if (resent(i) < 0)
		lines[++k] = "sent again: these bytes went out before"
	if (i in lost)
		lines[++k] = "LOST on the way: the " y " never gets it"
	if (seq[i] != "" && flag(i, "S"))
		lines[++k] = (known ? "seq" relative(seq[i], x) ": my random first number;" \
		    " SYN uses it" : "seq " seq[i] ": my random first number; SYN uses it")
	else if ((i in probe) && seq[i] != "")
		lines[++k] = "seq " seq[i] ": one below the next new byte: the " y \
		    " must answer with an ACK"
	else if (i in probe)
		lines[++k] = "no seq: tcpdump leaves it out of an ACK without data; a" \
		    " probe's is one below the next new byte, which the " y " must answer"
	else if (len[i] > 0)
		lines[++k] = (known ? "seq" relative(seq[i], x) ":" substr(relative(seq_end[i], x), 2) \
		    ": bytes" relative(seq[i], x) " to" relative(seq_end[i] - 1, x) \
		    ", " len[i] " of them" : "seq " seq[i] ":" seq_end[i] ": " \
		    plural(len[i], "byte") ", numbered from " seq[i])
	else if (flag(i, "F"))
		lines[++k] = (known ? "seq" relative(seq[i], x) ": the FIN uses number" \
		    relative(seq[i], x) : "seq " seq[i] ": the FIN uses this number")
	else if (flag(i, "R") && known)
		lines[++k] = "seq" relative(seq[i], x) ": where my numbers stand"
	else if (flag(i, "R") && seq[i] == "0" && refused())
		lines[++k] = "seq 0: no socket, so no numbers of its own (tcpdump prints a reset's seq)"
	known = !relative_input && (y in isn)
	if (ack[i] != "" && flag(i, "R"))
		lines[++k] = "ack" (known ? relative(ack[i], y) : " " ack[i]) \
		    ": what it answers, so that the " y " trusts the reset"
	else if (ack[i] != "" && flag(i, "."))
		lines[++k] = (known ? "ack" relative(ack[i], y) ": the next byte I expect is" \
		    relative(ack[i], y) : "ack " ack[i] ": the number of the next byte I expect")
	if (win[i] != "") {
		if (flag(i, "S"))
			lines[++k] = "win " win[i] ": " win[i] " bytes free (SYN: unscaled)" \
			    (index(opts[i], "mss " win[i] ",") || opts[i] == "mss " win[i] ? \
			    "; not the mss, though equal here" : "")
		else if (win[i] + 0 == 0)
			lines[++k] = "win 0: 0 bytes free"
		else if (scaling == "on") {
			scale = pow2(offers_scale[x])
			lines[++k] = "win " win[i] ": " win[i] " x " scale " = " \
			    sprintf("%.0f", win[i] * scale) " bytes free"
		} else if (scaling == "off")
			lines[++k] = "win " win[i] ": " win[i] " bytes free (not scaled: a SYN" \
			    " did not offer wscale)"
		else
			lines[++k] = "win " win[i] ": room, in units the SYNs set; they are" \
			    " not in the capture, so the scale is unknown"
	}
	nop = 0
	nopt = split(opts[i], opt, ",")
	for (o = 1; o <= nopt; o++) {
		f = opt[o]
		if (f ~ /^mss [0-9]+$/) {
			w = substr(f, 5) + 0
			h = (conn_ip[drawn] == "IP6" ? 60 : 40)
			lines[++k] = "mss " w ": at most " w " data bytes a segment: " (w + h) \
			    " less " (h - 20) " (" (conn_ip[drawn] == "IP6" ? "IPv6" : "IPv4") \
			    " header) and 20 (TCP header)"
		} else if (f == "sackOK")
			lines[++k] = "sackOK: it can report gaps (selective ACK)"
		else if (f ~ /^TS val .* ecr 0$/)
			lines[++k] = "TS val: its clock (ticks: Linux counts ms), to time round trips"
		else if (f ~ /^TS val /)
			lines[++k] = "TS val/ecr: its clock, and the last val it got (echo reply)"
		else if (f == "nop")
			nop = 1
		else if (f ~ /^wscale [0-9]+$/)
			lines[++k] = "wscale " substr(f, 8) ": its later windows are x " \
			    pow2(substr(f, 8))
		else if (f ~ /^sack [0-9]+ /)
			lines[++k] = spaced(f) ": " (below_ack(i, f) ? \
			    "these bytes came twice: below the ACK, a duplicate (D-SACK)" : \
			    "it has these bytes too, past a gap")
		else if (f ~ /^tfo cookiereq/)
			lines[++k] = f ": asks for a Fast Open cookie"
		else if (f ~ /^tfo /)
			lines[++k] = f ": a Fast Open cookie, so data may ride on the SYN"
		else if (f == "eol")
			lines[++k] = "eol: the end of the options"
		else
			lines[++k] = f ": another option"
	}
	if (nop)
		lines[++k] = "nop: a byte of padding between options"
	if (len[i] > 0)
		lines[++k] = "length " len[i] ": data, " plural(len[i], "byte") \
		    (flag(i, "P") ? " (PSH: deliver now)" : "")
	else
		lines[++k] = "length 0: no data" ((flag(i, "S") || flag(i, "F")) ? \
		    " (the " (flag(i, "S") ? "SYN" : "FIN") " uses a number, not a byte)" : "")
	if (flag(i, "U"))
		lines[++k] = "URG: some of the data is urgent"
	return k
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

# 2 to the power k, without ^ (busybox awk may be built without it).
function pow2(k,    r) {
	r = 1
	while (k-- > 0)
		r *= 2
	return r
}

# --- laying out words (for the views) --------------------------------------

# Break s after its commas into lines[1..k] no wider than width; return k.
function wrap(s, width, lines,    part, np, k, piece, line, count, words, nw, w) {
	np = split(s, part, ", ")
	count = 0
	line = ""
	for (k = 1; k <= np; k++) {
		piece = part[k] (k < np ? "," : "")
		if (line != "" && length(line) + 1 + length(piece) > width) {
			lines[++count] = line
			line = piece
		} else
			line = (line == "" ? piece : line " " piece)
		if (length(line) > width) {
			# a piece wider than a line: at its spaces
			nw = wrap_words(line, width, words)
			for (w = 1; w < nw; w++)
				lines[++count] = words[w]
			line = words[nw]
		}
	}
	if (line != "")
		lines[++count] = line
	return count
}

# Break s at its spaces into lines[1..k] no wider than width (a longer
# word is cut); return k.
function wrap_words(s, width, lines,    word, nw, k, line, count) {
	nw = split(s, word, " ")
	count = 0
	line = ""
	for (k = 1; k <= nw; k++) {
		if (line != "" && length(line) + 1 + length(word[k]) > width) {
			lines[++count] = line
			line = word[k]
		} else
			line = (line == "" ? word[k] : line " " word[k])
		while (length(line) > width) {
			lines[++count] = substr(line, 1, width)
			line = substr(line, width + 1)
		}
	}
	if (line != "")
		lines[++count] = line
	return count
}
