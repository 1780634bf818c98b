# scripts/lib/ladder.awk - draw a TCP exchange from tcpdump's text as the
# ladder every textbook draws: client on the left, server on the right, an
# arrow per packet, each side's TCP state beside it.  Loaded after
# tcpdump.awk; run by scripts/ladder.sh, which sets:
#
#   -v format=text|svg   80-column text, or a standalone SVG
#   -v color=1           ANSI colour in text (ladder.sh: only on a terminal)
#   -v step=1            text: wait for Enter on /dev/tty before each packet
#   -v explain=1         text: under each packet, what its fields say
#
# Everything shown is read from the packets themselves -- who is the client,
# the states, the meanings, which packet was lost -- so the words fit any
# capture, not one lesson.  The dialect is the one BWK awk (macOS, the
# BSDs), busybox awk, mawk and gawk all read: a ?: inside a concatenation
# or an argument list is in parentheses.

BEGIN {
	TWO32 = 4294967296
	INNER = 51	# text: columns between the two lifelines
}

parse_packet($0) {
	keep_packet()
	next
}

/[^ \t]/ { skipped++ }

END {
	if (n == 0) {
		print "ladder.sh: no TCP packet in the input" > "/dev/stderr"
		exit 1
	}
	analyse()
	if (format == "svg")
		svg()
	else
		text()
}

function has(i, letter) { return fl[i] != "none" && index(fl[i], letter) > 0 }
function is_syn(i) { return has(i, "S") && !has(i, ".") }
function other(side) { return (side == "client" ? "server" : "client") }

# --- what the packets say ------------------------------------------------

function analyse(    i, x, y) {
	client = client_of(n, src, dst, fl)
	server = (src[1] == client ? dst[1] : src[1])
	started_mid = !is_syn(1)

	for (i = 1; i <= n; i++) {
		t[i] = (when[i] == "" ? "" : time_us(when[i]))
		if (!((src[i] == client && dst[i] == server) ||
		    (src[i] == server && dst[i] == client))) {
			side[i] = ""	# another connection: left out
			others++
			continue
		}
		side[i] = (src[i] == client ? "client" : "server")
		if (has(i, "S") && !(side[i] in isn))
			isn[side[i]] = seq[i]
		if (has(i, "S") && match(opts[i], /wscale [0-9]+/))
			wscale[side[i]] = substr(opts[i], RSTART + 7, RLENGTH - 7)
		# tcpdump without -S counts from 0 after the handshake: the
		# first ACK then reads "ack 1"
		if (!has(i, "S") && ack[i] != "" && !decided) {
			decided = 1
			relative_input = ack[i] == 1
		}
		find_loss(i)
	}

	if (started_mid) {
		state["client"] = state["server"] = "?"
	} else {
		state["client"] = "CLOSED"
		# a SYN answered by a reset found nothing listening
		state["server"] = (refused() ? "CLOSED" : "LISTEN")
	}
	first_state["client"] = state["client"]
	first_state["server"] = state["server"]

	for (i = 1; i <= n; i++) {
		if (side[i] == "")
			continue
		x = side[i]
		y = other(x)
		path[x] = path[y] = ""
		meaning[i] = step_states(i, x, y)
		after[i, x] = (path[x] == "" ? state[x] : path[x])
		after[i, y] = (path[y] == "" ? state[y] : path[y])
	}
}

function refused(    i) {
	for (i = 2; i <= n; i++)
		if (src[i] != client)
			return has(i, "R")
	return 0
}

# The number that acknowledges packet i: after its data, plus one for a
# SYN or a FIN, which each use one number.
function next_number(i) {
	return (seq_end[i] + (has(i, "S") || has(i, "F")) ) % TWO32
}

# Whether number a is at or past number b, on the 32-bit circle.
function reaches(a, b) { return (a - b + TWO32) % TWO32 < TWO32 / 2 }

# find_loss(i): when packet i sends packet r again, one of two packets was
# lost: r itself, or the peer's ACK of it, if the peer acknowledged r
# before i.  rexmit[i] = r; lost[] marks the lost one.
function find_loss(i,    r, k) {
	r = retransmission_of(i)
	if (r == 0)
		return
	rexmit[i] = r
	for (k = r + 1; k < i; k++)
		if (src[k] == dst[r] && dst[k] == src[r] && ack[k] != "" &&
		    reaches(ack[k], next_number(r)) && !lost[k]) {
			lost[k] = 1
			return
		}
	lost[r] = 1
}

# go(SIDE, STATE): SIDE enters STATE; path keeps every state this packet
# passes through (FIN_WAIT_2 then TIME_WAIT, when an ACK rides on a FIN).
function go(s, to) {
	state[s] = to
	path[s] = (path[s] == "" ? to : path[s] " " to)
}

# Move both sides' states for packet i from x to y; return its meaning.
# A lost packet moves only its sender; one that y already has (sent again
# because y's ACK was lost) moves nobody: y only acknowledges it again.
function step_states(i, x, y,    words, ecn, ack_of_fin, arrives) {
	ecn = ((has(i, "E") || has(i, "W") || has(i, "e")) ? " (ECN)" : "")
	arrives = !lost[i] && !(rexmit[i] && !lost[rexmit[i]])
	words = ""
	if (rexmit[i])
		words = "retransmission of packet " rexmit[i] \
		    (t[i] == "" ? "" : ", " span(t[i] - t[rexmit[i]]) " later")
	if (has(i, "R")) {
		words = join(words, (state[x] == "CLOSED" || state[y] == "SYN_SENT") ? \
		    "reset: nothing listens there" : "reset: connection aborted")
		if (state[x] != "CLOSED")
			go(x, "CLOSED")
		if (arrives)
			go(y, "CLOSED")
		return lost_words(i, words)
	}
	if (is_syn(i)) {
		if (!rexmit[i])
			go(x, "SYN_SENT")
		if (arrives && state[y] != "CLOSED")
			go(y, "SYN_RCVD")
		return lost_words(i, join(words, "handshake 1/3" ecn))
	}
	if (has(i, "S")) {
		if (state[x] == "?")
			go(x, "SYN_RCVD")
		if (arrives)
			go(y, "ESTABLISHED")
		return lost_words(i, join(words, "handshake 2/3" ecn))
	}

	if (len[i] > 0) {
		words = join(words, "data (" len[i] " bytes)")
		if (arrives) {
			data_end[x] = seq_end[i]
			data_acked[x] = 0
		}
	}
	if (arrives && has(i, ".") && state[y] == "SYN_RCVD") {
		go(y, "ESTABLISHED")
		if (state[x] == "?")
			go(x, "ESTABLISHED")
		words = join(words, "handshake 3/3, connection established")
	}
	if (has(i, ".") && (y in fin_ack) && ack[i] + 0 == fin_ack[y])
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
	if (has(i, "F")) {
		fin_ack[x] = next_number(i)
		if (!rexmit[i])
			go(x, (got_fin[x] ? "LAST_ACK" : "FIN_WAIT_1"))
		if (arrives) {
			got_fin[y] = 1
			if (state[y] == "FIN_WAIT_1")
				go(y, "CLOSING")
			else if (state[y] == "FIN_WAIT_2")
				go(y, "TIME_WAIT")
			else
				go(y, "CLOSE_WAIT")
		}
		words = join(words, (rexmit[i] ? "the " x "'s FIN again" : x " closes (FIN)") \
		    (ack_of_fin == "first" ? ", ACKs " y " FIN" : ""))
	} else if (ack_of_fin != "")
		words = join(words, "ACK of the " y "'s FIN" \
		    (ack_of_fin == "again" ? ", again" : ""))
	else if (len[i] == 0 && (y in data_end) && !data_acked[y] &&
	    reaches(ack[i], data_end[y])) {
		data_acked[y] = arrives
		words = join(words, "ACK of the data")
	}
	if (words == "")
		words = (fl[i] == "." ? "ACK" : flag_names(fl[i]))
	return lost_words(i, words ecn)
}

function lost_words(i, words) { return (lost[i] ? join(words, "LOST") : words) }

function join(a, b) { return (a == "" ? b : a ", " b) }

# Break s after its commas into lines[1..k] no wider than width; return k.
function wrap(s, width, lines,    part, np, k, piece, line, count) {
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
	}
	if (line != "")
		lines[++count] = line
	return count
}

# "S." -> "SYN-ACK", "FP." -> "FIN-PSH-ACK"; an unknown letter as it is.
function flag_names(f,    i, out) {
	if (f == "none" || f == "")
		return "no flags"
	out = ""
	for (i = 1; i <= length(f); i++)
		out = (out == "" ? "" : out "-") flag_name(substr(f, i, 1))
	return out
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
		s = s (s == "" ? "" : "  ") "ack " ack[i] relative(ack[i], other(x))
	return s
}

# " [n]": number counted from the first number of side s's stream.
function relative(number, s) {
	if (relative_input || !(s in isn))
		return ""
	return sprintf(" [%.0f]", (number - isn[s] + TWO32) % TWO32)
}

function elapsed(i,    us) {
	if (t[i] == "" || t[1] == "")
		return ""
	us = t[i] - t[1]
	if (us < 0)
		us += 86400000000	# past midnight
	return sprintf("%.0f us", us)
}

# "127.0.0.1 port 41648", no wider than width: a long address loses its
# middle, never the port.
function endpoint(e, width,    addr, port, room) {
	port = port_of(e)
	addr = substr(e, 1, length(e) - length(port) - 1)
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

function ends_note(s) {
	if (state[s] == "TIME_WAIT")
		return s " ends in TIME_WAIT: it keeps the port for 60 s"
	return s " ends " state[s]
}

function plural(k, word) { return k " " word (k == 1 ? "" : "s") }

# --- what each field says (--explain) --------------------------------------

# fields_of(i, lines): what packet i's fields say, a line each; returns
# how many.
function fields_of(i, lines,    x, y, k, nopt, opt, o, f, w, h, scale) {
	x = side[i]
	y = other(x)
	k = 0
	if (rexmit[i])
		lines[++k] = "sent again: no ACK came for packet " rexmit[i]
	if (lost[i])
		lines[++k] = "LOST on the way: the " y " never gets it"
	if (seq[i] != "" && has(i, "S"))
		lines[++k] = "seq" relative(seq[i], x) ": my random first number;" \
		    " SYN uses it"
	else if (len[i] > 0)
		lines[++k] = "seq" relative(seq[i], x) ":" substr(relative(seq_end[i], x), 2) \
		    ": bytes" relative(seq[i], x) " to" relative(seq_end[i] - 1, x) \
		    ", " len[i] " of them"
	else if (has(i, "F"))
		lines[++k] = "seq" relative(seq[i], x) ": the FIN uses number" \
		    relative(seq[i], x)
	else if (has(i, "R") && relative(seq[i], x) != "")
		lines[++k] = "seq" relative(seq[i], x) ": where my numbers stand"
	if (ack[i] != "" && has(i, "R"))
		lines[++k] = "ack" relative(ack[i], y) ": what it answers, so that" \
		    " the " y " trusts the reset"
	else if (ack[i] != "" && has(i, "."))
		lines[++k] = "ack" relative(ack[i], y) ": the next byte I expect is" \
		    relative(ack[i], y)
	if (win[i] != "") {
		if (has(i, "S") || !(x in wscale))
			lines[++k] = "win " win[i] ": " win[i] " bytes free" \
			    (has(i, "S") ? " (SYN: unscaled)" : "")
		else {
			scale = pow2(wscale[x])
			lines[++k] = "win " win[i] ": " win[i] " x " scale " = " \
			    sprintf("%.0f", win[i] * scale) " bytes free"
		}
	}
	nopt = split(opts[i], opt, ",")
	for (o = 1; o <= nopt; o++) {
		f = opt[o]
		if (f ~ /^mss /) {
			w = substr(f, 5) + 0
			h = (is_ip6(i) ? 60 : 40)
			lines[++k] = "mss " w ": at most " w " bytes a segment: " \
			    (w + h) " less " h " for the " (is_ip6(i) ? "IPv6" : "IPv4") \
			    " and TCP headers"
		} else if (f == "sackOK")
			lines[++k] = "sackOK: it can report gaps (selective ACK)"
		else if (f ~ /^TS val .* ecr 0$/)
			lines[++k] = "TS val: its clock, to time round trips"
		else if (f ~ /^TS val /)
			lines[++k] = "TS val/ecr: its clock, and the last it got"
		else if (f == "nop")
			nop = 1
		else if (f ~ /^wscale /)
			lines[++k] = "wscale " substr(f, 8) ": its later windows are x " \
			    pow2(substr(f, 8))
		else if (f ~ /^sack /)
			lines[++k] = f ": it has these bytes too, past a gap"
		else
			lines[++k] = f ": another option"
	}
	if (nop)
		lines[++k] = "nop: a byte of padding between options"
	nop = 0
	if (len[i] > 0)
		lines[++k] = "length " len[i] ": data, " len[i] " bytes" \
		    (has(i, "P") ? " (PSH: deliver now)" : "")
	else
		lines[++k] = "length 0: no data"
	return k
}

function is_ip6(i) { return index(src[i], ":") > 0 }

# 2 to the power k, without ^ (busybox awk may be built without it).
function pow2(k,    r) {
	r = 1
	while (k-- > 0)
		r *= 2
	return r
}

# Break s at its spaces into lines[1..k] no wider than width; return k.
function wrap_words(s, width, lines,    word, nw, k, line, count) {
	nw = split(s, word, " ")
	count = 0
	line = ""
	for (k = 1; k <= nw; k++)
		if (line != "" && length(line) + 1 + length(word[k]) > width) {
			lines[++count] = line
			line = word[k]
		} else
			line = (line == "" ? word[k] : line " " word[k])
	if (line != "")
		lines[++count] = line
	return count
}

# --- text ----------------------------------------------------------------

function repeat(c, k,    s) {
	s = ""
	while (k-- > 0)
		s = s c
	return s
}

function paint(code, s) { return (color ? "\033[" code "m" s "\033[0m" : s) }

# One row: left state, lifeline, inner text, lifeline, right state.
function row(left, inner, right, code) {
	printf "%s |%s|%s\n", paint(1, sprintf("%12s", left)), \
	    paint(code, sprintf("%-" INNER "s", inner)), \
	    (right == "" ? "" : " " paint(1, right))
}

# The arrow of packet i: a lost one stops halfway, at an X.
function arrow(i) {
	if (lost[i])
		return (side[i] == "client" ? repeat("-", 30) "X" : \
		    repeat(" ", INNER - 31) "X" repeat("-", 30))
	return (side[i] == "client" ? repeat("-", INNER - 1) ">" : \
	    "<" repeat("-", INNER - 1))
}

function text(    i, x, code, label, name, k, lc, rc, nl, nr, m, nm, ne, e, j) {
	print "TCP ladder: " plural(n - others, "packet") \
	    (elapsed(n) == "" ? "" : " in " elapsed(n))
	printf "%-38s  %38s\n", "client " endpoint(client, 31), \
	    "server " endpoint(server, 31)
	print about_numbers()
	if (started_mid)
		print "the capture starts mid-connection: states before it are unknown (?)"
	if (step)
		print "(Enter shows the next packet)"
	print ""
	printf "%12s  %-" INNER "s  %s\n", "client", "", "server"
	row(first_state["client"], "", first_state["server"])
	for (i = 1; i <= n; i++) {
		if (side[i] == "")
			continue
		if (step) {
			fflush()
			getline key < "/dev/tty"
		}
		x = side[i]
		code = (x == "client" ? 36 : 33)
		name = flag_names(fl[i])
		nm = wrap(meaning[i], INNER - 4, m)
		k = 1
		if (length(name) + length(m[1]) + 6 <= INNER) {
			label = "  " name repeat(" ", INNER - length(name) - length(m[1]) - 4) m[1]
			k = 2
		} else
			label = "  " name
		row(elapsed(i), label, "", code)
		for (; k <= nm; k++)
			row("", sprintf("%" INNER - 2 "s  ", m[k]), "", code)
		row("", "  " numbers(i), "", code)
		if (explain) {
			ne = fields_of(i, e)
			for (k = 1; k <= ne; k++) {
				nl = wrap_words(e[k], INNER - 6, lc)
				for (j = 1; j <= nl; j++)
					row("", (j == 1 ? "    " : "      ") lc[j], "", code)
			}
		}
		nl = split(after[i, "client"], lc, " ")
		nr = split(after[i, "server"], rc, " ")
		row(lc[1], arrow(i), rc[1], code)
		for (k = 2; k <= nl || k <= nr; k++)
			row((k <= nl ? lc[k] : ""), "", (k <= nr ? rc[k] : ""))
	}
	print ""
	print ends_note("client") "; " ends_note("server")
	print "flags: S SYN  . ACK  P PSH  F FIN  R RST  U URG  E ECE  W CWR  e AE"
	if (others)
		print "(" plural(others, "packet") " of other connections left out)"
	if (skipped)
		print "(" plural(skipped, "line") " that are not TCP packets left out)"
}

# --- SVG -----------------------------------------------------------------

function xml(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	return s
}

function svg_text(x, y, anchor, class, s) {
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"%s\">%s</text>\n", \
	    x, y, anchor, class, xml(s)
}

function svg(    i, j, x, y, nl, nr, lc, rc, rowh, top, left, right, mid, width,
    height, count, label, nlabel, from, to) {
	left = 250
	right = 650
	mid = (left + right) / 2
	width = 900
	rowh = 70
	top = 150
	# a packet's row grows by a line for each line its label wraps to
	count = 0
	height = top + 120
	for (i = 1; i <= n; i++)
		if (side[i] != "") {
			count++
			nlabel[i] = wrap(flag_names(fl[i]) ": " meaning[i], 50, label)
			height += rowh + (nlabel[i] - 1) * 16
		}
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", \
	    width, height, width, height
	print "<title>TCP ladder</title>"
	print "<style>"
	print "text { font-family: DejaVu Sans Mono, Menlo, Consolas, monospace; font-size: 13px; fill: #222; }"
	print ".title { font-size: 18px; font-weight: bold; }"
	print ".side { font-size: 15px; font-weight: bold; }"
	print ".state { font-weight: bold; fill: #444; }"
	print ".time, .note, .nums { font-size: 12px; fill: #555; }"
	print ".c2s { stroke: #1565c0; fill: #1565c0; } .s2c { stroke: #c05a00; fill: #c05a00; }"
	print ".label-c2s { fill: #0d47a1; font-weight: bold; } .label-s2c { fill: #a04000; font-weight: bold; }"
	print ".lost { stroke: #c62828; stroke-width: 3; } .lost-label { fill: #c62828; font-weight: bold; }"
	print "line.life { stroke: #888; stroke-width: 2; }"
	print "</style>"
	print "<defs>"
	print "<marker id=\"head-c2s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"c2s\"/></marker>"
	print "<marker id=\"head-s2c\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"s2c\"/></marker>"
	print "</defs>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	svg_text(mid, 30, "middle", "title", "TCP ladder: " plural(count, "packet") \
	    (elapsed(n) == "" ? "" : " in " elapsed(n)))
	svg_text(mid, 52, "middle", "note", about_numbers())
	if (started_mid)
		svg_text(mid, 70, "middle", "note", \
		    "the capture starts mid-connection: states before it are unknown (?)")
	svg_text(left, 95, "middle", "side", "client")
	svg_text(left, 112, "middle", "note", endpoint(client, 40))
	svg_text(right, 95, "middle", "side", "server")
	svg_text(right, 112, "middle", "note", endpoint(server, 40))
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
	    left, 120, left, height - 80
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
	    right, 120, right, height - 80
	svg_text(left - 12, 136, "end", "state", first_state["client"])
	svg_text(right + 12, 136, "start", "state", first_state["server"])
	y = top - 20
	for (i = 1; i <= n; i++) {
		if (side[i] == "")
			continue
		y += rowh + (nlabel[i] - 1) * 16
		x = (side[i] == "client" ? "c2s" : "s2c")
		from = (x == "c2s" ? left : right)
		to = (x == "c2s" ? right - 2 : left + 2)
		printf "<g class=\"packet\" id=\"packet-%d\">\n", i
		if (lost[i]) {
			# the arrow stops short, at a red X
			to = from + (to - from) * 3 / 5
			printf "<line class=\"%s\" stroke-width=\"2\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
			    x, from, y, to, y
			printf "<path class=\"lost\" d=\"M%d,%d L%d,%d M%d,%d L%d,%d\"/>\n", \
			    to - 7, y - 7, to + 7, y + 7, to - 7, y + 7, to + 7, y - 7
			svg_text(to + (x == "c2s" ? 14 : -14), y + 5, \
			    (x == "c2s" ? "start" : "end"), "lost-label", "lost")
		} else
			printf "<line class=\"%s\" stroke-width=\"2\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head-%s)\"/>\n", \
			    x, from, y, to, y, x
		wrap(flag_names(fl[i]) ": " meaning[i], 50, label)
		for (j = 1; j <= nlabel[i]; j++)
			svg_text(mid, y - 24 - (nlabel[i] - j) * 16, "middle", \
			    "label-" x, label[j])
		svg_text(mid, y - 8, "middle", "nums", numbers(i))
		svg_text(20, y + 4, "start", "time", elapsed(i))
		nl = split(after[i, "client"], lc, " ")
		nr = split(after[i, "server"], rc, " ")
		for (j = 1; j <= nl; j++)
			svg_text(left - 12, y + 4 + (j - 1) * 16, "end", "state", lc[j])
		for (j = 1; j <= nr; j++)
			svg_text(right + 12, y + 4 + (j - 1) * 16, "start", "state", rc[j])
		print "</g>"
	}
	y = height - 50
	svg_text(mid, y, "middle", "note", ends_note("client") "; " ends_note("server"))
	svg_text(mid, y + 22, "middle", "note", \
	    "flags: S=SYN, .=ACK, P=PSH, F=FIN, R=RST, U=URG, E=ECE, W=CWR, e=AE")
	print "</svg>"
}
