# scripts/ladder.awk - draw a TCP exchange from tcpdump's text as the
# ladder every textbook draws: client on the left, server on the right, an
# arrow per packet, each side's TCP state beside it.  Loaded after
# tcpdump.awk; run by scripts/ladder.sh, which sets:
#
#   -v format=text|svg   80-column text, or a standalone SVG
#   -v color=1           ANSI colour in text (ladder.sh: only on a terminal)
#   -v step=1            text: wait for Enter on /dev/tty before each packet
#
# Everything shown is read from the packets themselves -- who is the client,
# the states, the meanings -- so the words fit any capture, not one lesson.

BEGIN {
	TWO32 = 4294967296
	INNER = 51	# text: columns between the two lifelines
}

parse_packet($0) {
	n++
	src[n] = pk_src
	dst[n] = pk_dst
	fl[n] = pk_flags
	seq[n] = pk_seq
	fin_seq[n] = pk_end
	ack[n] = pk_ack
	len[n] = pk_len + 0
	t[n] = pk_time == "" ? "" : time_us(pk_time)
	next
}

/[^ \t]/ { skipped++ }

END {
	if (n == 0) {
		print "ladder: no TCP packet in the input" > "/dev/stderr"
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
function other(side) { return side == "client" ? "server" : "client" }

# --- what the packets say ------------------------------------------------

function analyse(    i, x, y) {
	client = client_of(n, src, dst, fl)
	server = src[1] == client ? dst[1] : src[1]
	started_mid = !is_syn(1)

	for (i = 1; i <= n; i++) {
		if (!((src[i] == client && dst[i] == server) ||
		    (src[i] == server && dst[i] == client))) {
			side[i] = ""	# another connection: left out
			others++
			continue
		}
		side[i] = src[i] == client ? "client" : "server"
		if (has(i, "S") && !(side[i] in isn))
			isn[side[i]] = seq[i]
		# tcpdump without -S counts from 0 after the handshake: the
		# first ACK then reads "ack 1"
		if (!has(i, "S") && ack[i] != "" && !decided) {
			decided = 1
			relative_input = ack[i] == 1
		}
	}

	if (started_mid) {
		state["client"] = state["server"] = "?"
	} else {
		state["client"] = "CLOSED"
		# a SYN answered by a reset found nothing listening
		state["server"] = refused() ? "CLOSED" : "LISTEN"
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
		after[i, x] = path[x] == "" ? state[x] : path[x]
		after[i, y] = path[y] == "" ? state[y] : path[y]
	}
}

function refused(    i) {
	for (i = 2; i <= n; i++)
		if (src[i] != client)
			return has(i, "R")
	return 0
}

# go(SIDE, STATE): SIDE enters STATE; path keeps every state this packet
# passes through (FIN_WAIT_2 then TIME_WAIT, when an ACK rides on a FIN).
function go(s, to) {
	state[s] = to
	path[s] = path[s] == "" ? to : path[s] " " to
}

# Move both sides' states for packet i from x to y; return its meaning.
function step_states(i, x, y,    words, ecn, ack_of_fin) {
	ecn = has(i, "E") || has(i, "W") || has(i, "e") ? " (ECN)" : ""
	if (has(i, "R")) {
		words = state[x] == "CLOSED" || state[y] == "SYN_SENT" ? \
		    "reset: nothing listens there" : "reset: connection aborted"
		if (state[x] != "CLOSED")
			go(x, "CLOSED")
		go(y, "CLOSED")
		return words
	}
	if (is_syn(i)) {
		go(x, "SYN_SENT")
		if (state[y] != "CLOSED")
			go(y, "SYN_RCVD")
		return "handshake 1/3" ecn
	}
	if (has(i, "S")) {
		if (state[x] == "?")
			go(x, "SYN_RCVD")
		go(y, "ESTABLISHED")
		return "handshake 2/3" ecn
	}

	words = ""
	if (len[i] > 0) {
		words = "data (" len[i] " bytes)"
		data_end[x] = fin_seq[i]
		data_acked[x] = 0
	}
	if (has(i, ".") && state[y] == "SYN_RCVD") {
		go(y, "ESTABLISHED")
		if (state[x] == "?")
			go(x, "ESTABLISHED")
		words = join(words, "handshake 3/3, connection established")
	}
	if (has(i, ".") && (y in fin_ack) && !(y in fin_acked) &&
	    ack[i] + 0 == fin_ack[y]) {
		fin_acked[y] = 1
		if (state[y] == "FIN_WAIT_1" || state[y] == "?")
			go(y, "FIN_WAIT_2")
		else if (state[y] == "CLOSING")
			go(y, "TIME_WAIT")
		else if (state[y] == "LAST_ACK")
			go(y, "CLOSED")
		ack_of_fin = 1
	}
	if (has(i, "F")) {
		fin_ack[x] = (fin_seq[i] + 1) % TWO32
		go(x, got_fin[x] ? "LAST_ACK" : "FIN_WAIT_1")
		got_fin[y] = 1
		if (state[y] == "FIN_WAIT_1")
			go(y, "CLOSING")
		else if (state[y] == "FIN_WAIT_2")
			go(y, "TIME_WAIT")
		else
			go(y, "CLOSE_WAIT")
		words = join(words, x " closes (FIN)" \
		    (ack_of_fin ? ", ACKs " y " FIN" : ""))
	} else if (ack_of_fin)
		words = join(words, "ACK of the " y "'s FIN")
	else if (len[i] == 0 && (y in data_end) && !data_acked[y] &&
	    ack[i] + 0 >= data_end[y] + 0) {
		data_acked[y] = 1
		words = join(words, "ACK of the data")
	}
	if (words == "")
		words = fl[i] == "." ? "ACK" : flag_names(fl[i])
	return words ecn
}

function join(a, b) { return a == "" ? b : a ", " b }

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
			line = line == "" ? piece : line " " piece
	}
	if (line != "")
		lines[++count] = line
	return count
}

# "S." -> "SYN-ACK", "FP." -> "FIN-PSH-ACK"; an unknown letter as it is.
function flag_names(f,    i, c, name, out) {
	if (f == "none" || f == "")
		return "no flags"
	out = ""
	for (i = 1; i <= length(f); i++) {
		c = substr(f, i, 1)
		name = c == "F" ? "FIN" : c == "S" ? "SYN" : c == "R" ? "RST" : \
		    c == "P" ? "PSH" : c == "." ? "ACK" : c == "U" ? "URG" : \
		    c == "E" ? "ECE" : c == "W" ? "CWR" : c == "e" ? "AE" : c
		out = out == "" ? name : out "-" name
	}
	return out
}

# "seq 1431996003 [1]  ack 3988257802 [1]": as captured and, where the
# side's first sequence number is known, counted from it.
function numbers(i,    x, s) {
	x = side[i]
	s = ""
	if (seq[i] != "")
		s = "seq " seq[i] relative(seq[i], x)
	if (ack[i] != "")
		s = s (s == "" ? "" : "  ") "ack " ack[i] relative(ack[i], other(x))
	return s
}

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
	return "seq/ack as captured; [n]: counted from that side's first number"
}

function ends_note(s) {
	if (state[s] == "TIME_WAIT")
		return s " ends in TIME_WAIT: it keeps the port for 60 s"
	return s " ends " state[s]
}

# --- text ----------------------------------------------------------------

function repeat(c, k,    s) {
	s = ""
	while (k-- > 0)
		s = s c
	return s
}

function paint(code, s) { return color ? "\033[" code "m" s "\033[0m" : s }

# One row: left state, lifeline, inner text, lifeline, right state.
function row(left, inner, right, code) {
	printf "%s |%s|%s\n", paint(1, sprintf("%12s", left)), \
	    paint(code, sprintf("%-" INNER "s", inner)), \
	    right == "" ? "" : " " paint(1, right)
}

function text(    i, x, code, label, name, k, lc, rc, nl, nr, m, nm) {
	print "TCP ladder: " n - others " packets" \
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
		code = x == "client" ? 36 : 33
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
		nl = split(after[i, "client"], lc, " ")
		nr = split(after[i, "server"], rc, " ")
		row(lc[1], x == "client" ? repeat("-", INNER - 1) ">" : \
		    "<" repeat("-", INNER - 1), rc[1], code)
		for (k = 2; k <= nl || k <= nr; k++)
			row(k <= nl ? lc[k] : "", "", k <= nr ? rc[k] : "")
	}
	print ""
	print ends_note("client") "; " ends_note("server")
	print "flags: S SYN  . ACK  P PSH  F FIN  R RST  U URG  E ECE  W CWR  e AE"
	if (others)
		print "(" others " packets of other connections left out)"
	if (skipped)
		print "(" skipped " lines that are not TCP packets left out)"
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
    height, count, label, nlabel) {
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
	print "line.life { stroke: #888; stroke-width: 2; }"
	print "</style>"
	print "<defs>"
	print "<marker id=\"head-c2s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"c2s\"/></marker>"
	print "<marker id=\"head-s2c\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"s2c\"/></marker>"
	print "</defs>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	svg_text(mid, 30, "middle", "title", "TCP ladder: " count " packets" \
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
		x = side[i] == "client" ? "c2s" : "s2c"
		printf "<g class=\"packet\" id=\"packet-%d\">\n", i
		printf "<line class=\"%s\" stroke-width=\"2\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head-%s)\"/>\n", \
		    x, x == "c2s" ? left : right, y, x == "c2s" ? right - 2 : left + 2, y, x
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
