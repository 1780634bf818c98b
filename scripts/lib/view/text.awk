# scripts/lib/view/text.awk - the text view: the ladder in 80 columns, the
# client on the left, the server on the right, an arrow a packet, each
# side's state beside it (with -v fold=1, read by mean/analysis.awk, a
# long connection's runs of plain packets a line and a double arrow
# each); with -v explain=1, under each packet what its fields say; with
# -v list=1, the capture's connections, a line each.
# It lays out the records (mean/records.awk) and decides nothing about
# the packets.  Set by scripts/ladder.sh:
#
#   -v color=1           ANSI colour (ladder.sh: only on a terminal)
#   -v step=1            wait for Enter on /dev/tty before each packet
#   -v explain=1         the fields of each packet, explained

BEGIN {
	INNER = 51	# columns between the two lifelines (row() without colour too)
	SPACES = repeat(" ", INNER)	# padding, cut to length: no loop a packet
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

# The arrow of the packet in p: a lost one stops halfway, at an X.  Made
# once.
function arrow(p) {
	if (!("right" in arrows)) {
		arrows["right"] = repeat("-", INNER - 1) ">"
		arrows["left"] = "<" repeat("-", INNER - 1)
		arrows["lost right"] = repeat("-", 30) "X"
		arrows["lost left"] = repeat(" ", INNER - 31) "X" repeat("-", 30)
		arrows["fold client"] = repeat("=", INNER - 1) ">"
		arrows["fold server"] = "<" repeat("=", INNER - 1)
		arrows["fold both"] = "<" repeat("=", INNER - 2) ">"
	}
	return arrows[(p[P_LOST] == 1 ? "lost " : "") (p[P_SIDE] == "client" ? "right" : "left")]
}

function draw(    k, code, label, name, j, lc, nl, m, nm, ne, flabel, fmeaning, ends, p, c) {
	if (list) {
		list_connections()
		return
	}
	print "TCP ladder: " packet_words (took == "" ? "" : " in " took)
	if (listener == "self")
		print "a socket connected to itself: " endpoint(client_address, client_port, 48)
	else
		printf "%-38s  %38s\n", "client " endpoint(client_address, client_port, 31), \
		    (listener == "none" ? "nothing on " endpoint(server_address, server_port, 27) : \
		    "server " endpoint(server_address, server_port, 31))
	if (nconnections > 1)
		print "connection " drawn " of " nconnections \
		    " in the capture (--list shows them, --connection N draws one)"
	print numbers_note
	if (kernel_note != "") {
		nl = wrap_words(kernel_note, 80, lc)
		for (j = 1; j <= nl; j++)
			print lc[j]
	}
	if (times_note != "")
		print times_note
	if (start_note != "")
		print start_note
	if (step)
		print "(Enter shows the next packet)"
	print ""
	printf "%12s  %-" INNER "s  %s\n", "client", "", server_name
	row(first_client, "", (listener == "self" ? "" : first_server))
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		if (step) {
			fflush()
			getline key < "/dev/tty"
		}
		if (p[P_FOLD]) {
			# the rest of the fold's records, told in its line, passed
			# (a split of each was most of this view's time)
			k += draw_fold(p) - 1
			continue
		}
		code = (p[P_SIDE] == "client" ? 36 : 33)
		name = p[P_NUMBER] "  " p[P_NAMES]
		m[1] = p[P_MEANING]
		nm = (length(m[1]) <= INNER - 4 ? 1 : wrap(m[1], INNER - 4, m))
		j = 1
		if (length(name) + length(m[1]) + 6 <= INNER) {
			label = "  " name substr(SPACES, 1, INNER - length(name) - length(m[1]) - 4) m[1]
			j = 2
		} else
			label = "  " name
		row(p[P_TIME], label, "", code)
		for (; j <= nm; j++)
			row("", sprintf("%" INNER - 2 "s  ", m[j]), "", code)
		label = seq_ack(p)
		if (length(label) <= INNER - 2)
			row("", "  " label, "", code)
		else {
			nl = wrap_words(label, INNER - 2, lc)
			for (j = 1; j <= nl; j++)
				row("", "  " lc[j], "", code)
		}
		# the server kernel's own numbers, as this packet reached it
		if (p[P_KERNEL] != "") {
			nl = wrap(p[P_KERNEL], INNER - 2, lc)
			for (j = 1; j <= nl; j++)
				row("", "  " lc[j], "", code)
		}
		if (explain) {
			ne = explained_fields(k, flabel, fmeaning)
			for (c = 1; c <= ne; c++) {
				nl = wrap_words(flabel[c] ": " fmeaning[c], INNER - 7, lc)
				for (j = 1; j <= nl; j++)
					row("", (j == 1 ? "    " : "      ") lc[j], "", code)
			}
		}
		# a side that passes through two states at this packet: said in
		# words, and only where it ends beside the arrow
		if (p[P_CLIENT_PASSES] != "")
			row("", "  " p[P_CLIENT_PASSES], "", code)
		if (listener != "self" && p[P_SERVER_PASSES] != "")
			row("", "  " p[P_SERVER_PASSES], "", code)
		row(p[P_CLIENT_NOW], arrow(p), (listener == "self" ? "" : p[P_SERVER_NOW]), code)
	}
	print ""
	ends = ends_lines(lc, 80)
	for (j = 1; j <= ends; j++)
		print lc[j]
	label = "flags:"
	for (j = 1; j <= length(FLAGS); j++)
		label = label (j == 1 ? " " : "  ") substr(FLAGS, j, 1) " " flag_word[substr(FLAGS, j, 1)]
	print label
	if (folds_note != "")
		print "(" folds_note ")"
	if (others_note != "")
		print "(" others_note ")"
	if (skipped_note != "")
		print "(" skipped_note ")"
	if (unreadable_note != "")
		print "(" unreadable_note ")"
}

# draw_fold(p): the fold that packet p begins, a line for its packets and
# a double arrow the way they went; the states are p's, which a fold
# does not change.  Returns how many packets it holds.
function draw_fold(p,    q, lines, nl, j, numbers) {
	split(fold_record[p[P_FOLD]], q, SUBSEP)
	numbers = q[F_FIRST] "-" q[F_LAST] "  "
	nl = wrap_words(q[F_COUNT] ": " q[F_WORDS], INNER - 2 - length(numbers), lines)
	row(p[P_TIME], "  " numbers lines[1], "", 0)
	for (j = 2; j <= nl; j++)
		row("", sprintf("  %" length(numbers) "s%s", "", lines[j]), "", 0)
	if (q[F_KERNEL] != "")
		row("", sprintf("  %" length(numbers) "s%s", "", q[F_KERNEL]), "", 0)
	arrow(p)
	row(p[P_CLIENT_NOW], arrows["fold " q[F_SENDERS]], (listener == "self" ? "" : p[P_SERVER_NOW]), 0)
	return q[F_PACKETS]
}

# The connections, five lines each: number, client and server; packets
# and when; how it begins and ends as far as the capture shows; what each
# way carried, and how fast.
function list_connections(    c, q) {
	print "connections in the capture (ladder.sh --connection N draws one):"
	for (c = 1; c <= nconnections; c++) {
		split(connection_record[c], q, SUBSEP)
		printf "%3d  %-30s > %s\n", c, endpoint(q[C_CLIENT_ADDRESS], q[C_CLIENT_PORT], 30), \
		    endpoint(q[C_SERVER_ADDRESS], q[C_SERVER_PORT], 30)
		printf "     %s%s\n     %s\n", q[C_PACKETS], \
		    (q[C_FROM] == "" ? "" : ", " q[C_FROM] " to " q[C_TO]), q[C_BEGINS] ", " q[C_ENDS]
		printf "     %s\n     %s\n", q[C_CLIENT_CARRIED], q[C_SERVER_CARRIED]
	}
}
