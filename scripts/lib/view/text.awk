# scripts/lib/view/text.awk - the text view: the ladder in 80 columns, the
# client on the left, the server on the right, an arrow a packet, each
# side's state beside it; with -v explain=1, under each packet what its
# fields say; with -v list=1, the capture's connections, a line each.
# It lays out what analysis.awk said and decides nothing about the
# packets.  Set by scripts/ladder.sh:
#
#   -v color=1           ANSI colour (ladder.sh: only on a terminal)
#   -v step=1            wait for Enter on /dev/tty before each packet
#   -v explain=1         the fields of each packet, explained

BEGIN {
	INNER = 51	# columns between the two lifelines (row() without colour too)
}

function repeat(c, k,    s) {
	s = ""
	while (k-- > 0)
		s = s c
	return s
}

function paint(code, s) { return (color ? "\033[" code "m" s "\033[0m" : s) }

# One row: left state, lifeline, inner text, lifeline, right state.
function row(left, inner, right, code) {
	if (!color)
		printf "%12s |%-51s|%s\n", left, inner, (right == "" ? "" : " " right)
	else
		printf "%s |%s|%s\n", paint(1, sprintf("%12s", left)), \
		    paint(code, sprintf("%-" INNER "s", inner)), \
		    (right == "" ? "" : " " paint(1, right))
}

# The arrow of packet i: a lost one stops halfway, at an X.  Made once.
function arrow(i) {
	if (!("right" in arrows)) {
		arrows["right"] = repeat("-", INNER - 1) ">"
		arrows["left"] = "<" repeat("-", INNER - 1)
		arrows["lost right"] = repeat("-", 30) "X"
		arrows["lost left"] = repeat(" ", INNER - 31) "X" repeat("-", 30)
	}
	return arrows[((i in lost) ? "lost " : "") (side[i] == "client" ? "right" : "left")]
}

function draw(    i, x, code, label, name, k, lc, nl, m, nm, ne, e, j, ends, last, f) {
	if (list) {
		list_connections()
		return
	}
	last = conn_last[drawn]
	print "TCP ladder: " plural(conn_count[drawn], "packet") \
	    (elapsed(last) == "" ? "" : " in " elapsed(last))
	if (self)
		print "a socket connected to itself: " endpoint(client, 48)
	else
		printf "%-38s  %38s\n", "client " endpoint(client, 31), \
		    (refused() ? "nothing on " endpoint(server, 27) : "server " endpoint(server, 31))
	if (nconn > 1)
		print "connection " drawn " of " nconn \
		    " in the capture (--list shows them, --connection N draws one)"
	print about_numbers()
	if (about_times() != "")
		print about_times()
	if (started_mid)
		print "the capture starts mid-connection: states before it are unknown (?)"
	if (step)
		print "(Enter shows the next packet)"
	print ""
	printf "%12s  %-" INNER "s  %s\n", "client", "", (self ? "(itself)" : (refused() ? "no server" : "server"))
	row(first_state["client"], "", (self ? "" : first_state["server"]))
	for (i = conn_first[drawn]; i <= last; i++) {
		if (conn[i] != drawn)
			continue
		if (step) {
			fflush()
			getline key < "/dev/tty"
		}
		x = side[i]
		code = (x == "client" ? 36 : 33)
		f = fl[i]
		if (!(f in names))
			names[f] = flag_names(f)
		name = packet_number(i) "  " names[f]
		m[1] = meaning[i]
		nm = (length(m[1]) <= INNER - 4 ? 1 : wrap(m[1], INNER - 4, m))
		k = 1
		if (length(name) + length(m[1]) + 6 <= INNER) {
			label = "  " name repeat(" ", INNER - length(name) - length(m[1]) - 4) m[1]
			k = 2
		} else
			label = "  " name
		row(elapsed(i), label, "", code)
		for (; k <= nm; k++)
			row("", sprintf("%" INNER - 2 "s  ", m[k]), "", code)
		label = numbers(i)
		if (length(label) <= INNER - 2)
			row("", "  " label, "", code)
		else {
			nl = wrap_words(label, INNER - 2, lc)
			for (k = 1; k <= nl; k++)
				row("", "  " lc[k], "", code)
		}
		if (explain) {
			ne = fields_of(i, e)
			for (k = 1; k <= ne; k++) {
				nl = wrap_words(e[k], INNER - 7, lc)
				for (j = 1; j <= nl; j++)
					row("", (j == 1 ? "    " : "      ") lc[j], "", code)
			}
		}
		# a side that passes through two states at this packet: said in
		# words, and only where it ends beside the arrow
		if ((label = passes("client", after_client[i])) != "")
			row("", "  " label, "", code)
		if (!self && (label = passes("server", after_server[i])) != "")
			row("", "  " label, "", code)
		row(last_state(after_client[i]), arrow(i), (self ? "" : last_state(after_server[i])), code)
	}
	print ""
	ends = ends_notes(e)
	for (k = 1; k <= ends; k++)
		print e[k]
	print "flags: F FIN  S SYN  R RST  P PSH  . ACK  U URG  E ECE  W CWR  e AE"
	if (others)
		print "(" plural(others, "packet") " of other connections left out)"
	if (skipped)
		print "(" plural(skipped, "line") " that " (skipped == 1 ? "is not a TCP packet" : \
		    "are not TCP packets") " left out)"
}

# The connections, three lines each: number, client and server; packets
# and when; how it begins and ends as far as the capture shows.
function list_connections(    c, a, b) {
	times()
	print "connections in the capture (ladder.sh --connection N draws one):"
	for (c = 1; c <= nconn; c++) {
		client = client_of(c)
		server = (conn_src[c] == client ? conn_dst[c] : conn_src[c])
		a = endpoint(client, 30)
		b = endpoint(server, 30)
		printf "%3d  %-30s > %s\n", c, a, b
		printf "     %s%s\n     %s\n", plural(conn_count[c], "packet"), when_seen(c), \
		    how_it_goes(c)
	}
}

# When connection c's first and last packets came, from the capture's
# first packet: ", 0 us to 4426 us", or "" without times.
function when_seen(c,    a, b) {
	a = t[conn_first[c]]
	b = t[conn_last[c]]
	if (a == "" || b == "" || t[1] == "")
		return ""
	return ", " since(a - t[1]) " to " since(b - t[1])
}

# What connection c's packets show of its beginning and end.
function how_it_goes(c,    i, begins, ends, fins) {
	begins = (is_syn(conn_first[c]) ? "from its SYN" : "from mid-connection")
	ends = "still open at the end of the capture"
	fins = 0
	for (i = conn_first[c]; i <= conn_last[c]; i++) {
		if (conn[i] != c)
			continue
		if (flag(i, "R"))
			ends = "reset"
		else if (flag(i, "F") && !((c, src[i]) in fin_from)) {
			fin_from[c, src[i]] = 1
			if (++fins == 2 && ends != "reset")
				ends = "both sides closed (FIN)"
			else if (ends != "reset")
				ends = "one side closed (FIN)"
		}
	}
	return begins ", " ends
}
