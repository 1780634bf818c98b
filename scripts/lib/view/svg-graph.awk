# scripts/lib/view/svg-graph.awk - the time-sequence graph (Stevens's, as
# tcptrace draws it) of the stream of graph_side in the drawn connection:
# time across, sequence up, counted from the stream's first number; each
# segment a vertical bar over its bytes (I-beam), one sent again red with
# an R over it; the peer's ACK line (a step up at each ACK), its receive
# window's line (ACK plus window, where the window's scale is known), its
# SACK blocks as bars beside the ACK line and its duplicate ACKs as ticks
# (the segments drawn last, over the lines); and, where the records have
# the server kernel's own congestion window for the server's stream, a
# step line of it on a second axis, on the right, in segments: the
# kernel's numbers as they are, not turned into bytes.
# For the graph view (graph.awk) and the classroom page (html.awk).  It
# lays out the records (mean/records.awk) and decides nothing: every
# number is a record's field.
#
# Every packet is an element with data-packet="N" (its number, which the
# page lights: class "lit"); where several fall on one pixel column, one
# element holds them, with data-last the last one's number: the file
# grows with the pixels, not the packets.  Coordinates are whole pixels (integer arithmetic: the
# same bytes under every awk).

# svg_graph(scope, width, height, page): the <svg> element; scope as
# svg_ladder's ("#graph " in the page, "" alone, with the palette).  For
# the page (page = 1): no title or legend (its caption says them), type
# of the page's size (--graph-type, in the drawing's units), fewer ticks.
function svg_graph(scope, width, height, page,    k, p, n, L, R, T, B, t0, t1, s1, x, y, y2, v,
    tstep, tunit, tname, sstep, sunit, sname, j, at, blocks, b, lo_hi, last_ack, nx, ticks, c1, cstep,
    last_c, f, x2) {
	if (page) {
		L = 70; R = width - 20; T = 40; B = height - 50; ticks = 4
	} else {
		L = 90; R = width - 30; T = 80; B = height - 70; ticks = 8
	}
	# the records, each split once, into what the graph needs (in
	# dense() arrays: arrays.awk)
	dense(g_number, npackets)
	dense(g_time, npackets)
	dense(g_seq, npackets)
	dense(g_end, npackets)
	dense(g_ack, npackets)
	dense(g_win, npackets)
	dense(g_sack, npackets)
	dense(g_dup, npackets)
	dense(g_again, npackets)
	dense(g_flags, npackets)
	dense(g_side, npackets)
	dense(g_cwnd, npackets)
	dense(g_column, npackets)
	n = 0
	s1 = 1
	c1 = 0
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		n++
		g_number[k] = p[P_NUMBER]
		g_time[k] = (graph_time_known && p[P_TIME_US] != "" ? p[P_TIME_US] + 0 : k - 1)
		g_seq[k] = p[P_G_SEQ]
		g_end[k] = p[P_G_END]
		g_ack[k] = p[P_G_ACK]
		g_win[k] = (p[P_G_ACK] != "" && p[P_WIN] != "" ? p[P_G_ACK] + p[P_WIN] : "")
		g_sack[k] = p[P_G_SACK]
		g_dup[k] = p[P_DUPACK] + 0
		g_again[k] = (p[P_RESENDS] != 0)
		g_flags[k] = p[P_FLAGS]
		g_side[k] = p[P_SIDE]
		g_cwnd[k] = (graph_side == "server" ? p[P_CWND] : "")
		g_cwnd_from[k] = p[P_KERNEL_FROM]
		g_record_of[p[P_NUMBER]] = k
		if (g_cwnd[k] != "" && g_cwnd[k] + 0 > c1)
			c1 = g_cwnd[k] + 0
		if (g_end[k] != "" && g_end[k] + 0 > s1)
			s1 = g_end[k] + 0
		if (g_ack[k] != "" && g_ack[k] + 0 > s1)
			s1 = g_ack[k] + 0
	}
	if (c1)
		R -= 30	# room for the cwnd axis's numbers
	t0 = g_time[1]
	t1 = g_time[n]
	if (t1 <= t0)
		t1 = t0 + 1
	# the axes' steps: 1, 2 or 5 times a power of ten, 4 to 10 of them
	tstep = nice_step((t1 - t0) / ticks)
	tunit = (!graph_time_known ? 1 : (tstep >= 1000000 ? 1000000 : (tstep >= 1000 ? 1000 : 1)))
	tname = (!graph_time_known ? "packets, in order (the capture has no times)" : \
	    "time since the first packet (" (tunit == 1000000 ? "s" : (tunit == 1000 ? "ms" : "us")) ")")
	sstep = nice_step(s1 / ticks)
	s1 = (int(s1 / sstep) + 1) * sstep
	sunit = (sstep >= 1000000 ? 1000000 : (sstep >= 1000 ? 1000 : 1))
	sname = graph_side "'s bytes from its first (" \
	    (sunit == 1000000 ? "MB" : (sunit == 1000 ? "kB" : "bytes")) ")"
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", \
	    width, height, width, height
	print "<title>time-sequence graph</title>"
	print "<style>"
	if (scope == "")
		inline(palette_css)
	print scope "text { font-family: var(--mono); font-size: var(" (page ? "--graph-type" : "--type-small") \
	    "); fill: var(--drawing-ink); }"
	print scope ".title { font-size: var(--type-title); font-weight: bold; }"
	print scope ".axis { stroke: var(--rule); stroke-width: 1; fill: none; }"
	print scope ".grid { stroke: var(--shade); stroke-width: 1; }"
	print scope ".seg { stroke: var(--s2c-line); stroke-width: 2; fill: none; }"
	print scope ".seg.c2s { stroke: var(--c2s-line); }"
	print scope ".seg.again { stroke: var(--alarm); }"
	print scope ".mark { fill: var(--alarm); font-weight: bold; }"
	print scope ".ack { stroke: var(--right); stroke-width: 1.5; fill: none; }"
	print scope ".win { stroke: var(--quiet-ink); stroke-width: 1; stroke-dasharray: 4 3; fill: none; }"
	print scope ".sack { stroke: var(--c2s); stroke-width: 3; fill: none; }"
	print scope ".dup { stroke: var(--alarm); stroke-width: 2; fill: none; }"
	print scope ".rug { stroke: var(--lifeline); stroke-width: 1; fill: none; }"
	if (c1)
		print scope ".cwnd { stroke: var(--box-edge); stroke-width: 1.5; stroke-linecap: square; fill: none; }"
	print scope ".lit .seg, " scope ".lit .ack, " scope ".rug.lit { stroke: var(--lit); stroke-width: 6; }"
	print "</style>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	# the axes, their ticks and labels
	printf "<path class=\"axis\" d=\"M%d,%d V%d H%d\"/>\n", L, T, B, R
	for (v = 0; v <= t1 - t0; v += tstep) {
		x = gx(v, t1 - t0, L, R)
		printf "<path class=\"grid\" d=\"M%d,%d V%d\"/>\n", x, T, B
		svg_text(x, B + (page ? 20 : 16), "middle", "", sprintf("%.0f", v / tunit))
	}
	svg_text(int((L + R) / 2), B + (page ? 44 : 40), "middle", "", tname)
	for (v = 0; v <= s1; v += sstep) {
		y = gy(v, s1, T, B)
		printf "<path class=\"grid\" d=\"M%d,%d H%d\"/>\n", L, y, R
		svg_text(L - 6, y + (page ? 6 : 4), "end", "", sprintf("%.0f", v / sunit))
	}
	svg_text(L - 50, T - 16, "start", "", sname)
	# the kernel's cwnd: its own axis on the right.  A packet's cwnd is
	# the one it found, which the kernel had since the packet its record
	# names (P_KERNEL_FROM: the client's packet before, or a retransmission
	# after it): a level from that packet to this one, rising from the
	# level before where they meet; none where the numbers are unknown
	if (c1) {
		cstep = nice_step(c1 / ticks)
		c1 = (int(c1 / cstep) + 1) * cstep
		printf "<path class=\"axis\" d=\"M%d,%d V%d\"/>\n", R, T, B
		for (v = 0; v <= c1; v += cstep)
			svg_text(R + 4, gy(v, c1, T, B) + (page ? 6 : 4), "start", "", v)
		if (!page)	# the page's caption names it
			svg_text(R + 40, T - 16, "end", "", "cwnd (segments)")
		last_c = ""
		j = 0
		for (k = 1; k <= n; k++) {
			if (g_side[k] != "client")
				continue
			if (g_cwnd[k] != "") {
				f = ((g_cwnd_from[k] in g_record_of) ? g_record_of[g_cwnd_from[k]] : k)
				x = gx(g_time[f] - t0, t1 - t0, L, R)
				x2 = gx(g_time[k] - t0, t1 - t0, L, R)
				y = gy(g_cwnd[k], c1, T, B)
				printf "<path class=\"cwnd\" data-packet=\"%s\" d=\"M%d,%d V%d H%d\"/>\n", \
				    g_number[k], x, (last_c == "" || f != j ? y : last_c), y, x2
				# a level that starts at a resending, too short to be
				# seen (the ACK came just after it): a ring at the ACK
				if (f != j && x2 - x < 4)
					printf "<circle class=\"cwnd\" data-packet=\"%s\" cx=\"%d\" cy=\"%d\" r=\"3\"/>\n", \
					    g_number[k], x2, y
			}
			last_c = (g_cwnd[k] != "" ? y : "")
			j = k
		}
	}
	# each packet's pixel column, reckoned once
	for (k = 1; k <= n; k++)
		g_column[k] = gx(g_time[k] - t0, t1 - t0, L, R)
	# the ACK line and the window line: from each ACK (or pixel column of
	# them) to the next, a step up where it rises
	last_ack = ""
	for (k = 1; k <= n; k++) {
		if (g_ack[k] == "")
			continue
		x = g_column[k]
		j = k
		while (j < n && (g_ack[j + 1] == "" || g_column[j + 1] == x))
			j++	# the ACKs on this pixel column, to the next one
		for (at = j; at >= k && g_ack[at] == ""; at--)
			;
		nx = (j < n ? g_column[j + 1] : R)
		y = gy(g_ack[at], s1, T, B)
		printf "<g class=\"acks\" data-packet=\"%s\"%s>", g_number[k], \
		    (at > k ? " data-last=\"" g_number[at] "\"" : "")
		printf "<path class=\"ack\" d=\"M%d,%d V%d H%d\"/>", x, (last_ack == "" ? y : last_ack), y, nx
		g_shown["ack"] = 1
		if (g_win[at] != "") {
			y2 = gy(g_win[at], s1, T, B)
			printf "<path class=\"win\" d=\"M%d,%d H%d\"/>", x, (y2 < T ? T : y2), nx
			g_shown["win"] = 1
		}
		for (b = k; b <= at; b++) {
			if (g_dup[b] > 0) {
				printf "<path class=\"dup\" d=\"M%d,%d V%d\"/>", x, y - 6, y + 6
				g_shown["dup"] = 1
			}
			if (g_sack[b] != "") {
				blocks = split(g_sack[b], lo_hi, /[ :]/)
				for (v = 1; v < blocks; v += 2) {
					y2 = gy(lo_hi[v + 1], s1, T, B)	# a pixel at least, as a segment's
					printf "<path class=\"sack\" d=\"M%d,%d V%d\"/>", x + 3, \
					    gy(lo_hi[v], s1, T, B), (y2 == gy(lo_hi[v], s1, T, B) ? y2 - 1 : y2)
					g_shown["sack"] = 1
				}
			}
		}
		print "</g>"
		last_ack = y
		k = j
	}
	# the segments: a bar from its first number to the one after
	g_open = 0
	for (k = 1; k <= n; k++) {
		if (g_seq[k] == "" || g_end[k] + 0 == g_seq[k] + 0)
			continue
		x = g_column[k]
		y = gy(g_seq[k], s1, T, B)
		y2 = gy(g_end[k], s1, T, B)
		if (y2 == y)
			y2 = y - 1
		v = (g_again[k] ? "again" : (graph_side == "client" ? "c2s" : "s2c"))
		if (g_open && g_x == x && g_class == v) {
			if (y2 < g_hi) g_hi = y2
			if (y > g_lo) g_lo = y
			g_last = k
			continue
		}
		flush_bar()
		g_open = 1; g_x = x; g_class = v; g_lo = y; g_hi = y2; g_first = g_last = k
	}
	flush_bar()
	# every other packet: a mark under the time axis
	g_open = 0
	for (k = 1; k <= n; k++) {
		if ((g_seq[k] != "" && g_end[k] + 0 != g_seq[k] + 0) || g_ack[k] != "")
			continue
		x = g_column[k]
		if (g_open && g_rx == x) {
			g_rlast = k
			continue
		}
		flush_rug(B)
		g_open = 1; g_rx = x; g_rfirst = g_rlast = k
	}
	flush_rug(B)
	# the title, and a key to the marks drawn (only those: a student
	# looks for what the key names), once they are
	if (!page) {
		svg_text(int((L + R) / 2), 28, "middle", "title", "time-sequence graph: the " graph_side "'s bytes")
		v = (("seg" in g_shown) ? "bars: segments" (("R" in g_shown) ? " (R: sent again)" : "") : "")
		if ("ack" in g_shown)
			v = (v == "" ? "" : v "; ") "line: the ACKs"
		if (c1)
			v = (v == "" ? "" : v "; ") "slate steps: the server kernel's cwnd (right axis)"
		if (v != "")
			svg_text(int((L + R) / 2), 46, "middle", "", v)
		v = (("win" in g_shown) ? "dashes: ACK + window" : "")
		if ("sack" in g_shown)
			v = (v == "" ? "" : v "; ") "blue bars: SACK blocks"
		if ("dup" in g_shown)
			v = (v == "" ? "" : v "; ") "red ticks: duplicate ACKs"
		if (v != "")
			svg_text(int((L + R) / 2), B + 58, "middle", "", v)
	}
	print "</svg>"
}

# the bar held open: one element, an I-beam over its bytes, R over it
# when sent again, SYN or FIN beside it
function flush_bar() {
	if (!g_open)
		return
	g_shown["seg"] = 1
	printf "<g data-packet=\"%s\"%s><path class=\"seg %s\" d=\"M%d,%d H%d M%d,%d V%d M%d,%d H%d\"/>", \
	    g_number[g_first], (g_last > g_first ? " data-last=\"" g_number[g_last] "\"" : ""), \
	    g_class, g_x - 3, g_lo, g_x + 3, g_x, g_lo, g_hi, g_x - 3, g_hi, g_x + 3
	if (g_class == "again") {
		printf "<text class=\"mark\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">R</text>", g_x, g_hi - 4
		g_shown["R"] = 1
	}
	else if (index(g_flags[g_first], "S") || index(g_flags[g_last], "F"))
		printf "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>", \
		    (index(g_flags[g_first], "S") ? g_x + 5 : g_x - 5), g_hi - 2, \
		    (index(g_flags[g_first], "S") ? "start" : "end"), (index(g_flags[g_first], "S") ? "SYN" : "FIN")
	print "</g>"
	g_open = 0
}

function flush_rug(B) {
	if (!g_open)
		return
	printf "<path class=\"rug\" data-packet=\"%s\"%s d=\"M%d,%d V%d\"/>\n", \
	    g_number[g_rfirst], (g_rlast > g_rfirst ? " data-last=\"" g_number[g_rlast] "\"" : ""), \
	    g_rx, B + 2, B + 6
	g_open = 0
}

# pixel columns and rows, rounded to whole pixels
function gx(v, width, L, R) { return L + int(v * (R - L) / width + 0.5) }
function gy(v, top, T, B) { return B - int(v * (B - T) / top + 0.5) }

# nice_step(v): the least of 1, 2, 5 times a power of ten at or above v
function nice_step(v,    p) {
	p = 1
	while (p * 10 <= v)
		p *= 10
	while (p > v * 10 && p > 1)
		p /= 10
	if (p >= v) return p
	if (2 * p >= v) return 2 * p
	if (5 * p >= v) return 5 * p
	return 10 * p
}
