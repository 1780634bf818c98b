# scripts/lib/view/svg-ladder.awk - the ladder as an SVG sequence diagram,
# client left, server right, an arrow a packet with its number, label,
# numbers and time, each side's state beside it, a lost packet's arrow
# stopping at a red X; for the SVG view (svg.awk) and the classroom page
# (html.awk).  It lays out the records (mean/records.awk) and decides
# nothing about the packets.  Any input text is escaped for XML; tcpdump.awk has already
# made every byte printable ASCII.

function svg_text(x, y, anchor, class, s) {
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"%s\">%s</text>\n", \
	    x, y, anchor, class, xml(s)
}

# svg_arrow(is_lost, x, class, width, from, to, y, cross, drop): a packet's
# arrow, of direction x ("c2s" or "s2c"), from x=from to x=to at height y;
# a lost packet's stops three fifths of the way at a red X cross wide
# each side of its end, "lost" beside it drop lower.  The SVG view and
# the page draw it at their own scales.
function svg_arrow(is_lost, x, class, width, from, to, y, cross, drop) {
	if (is_lost == 1) {
		to = from + (to - from) * 3 / 5
		printf "<line class=\"%s\" stroke-width=\"%d\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
		    class, width, from, y, to, y
		printf "<path class=\"lost\" d=\"M%d,%d L%d,%d M%d,%d L%d,%d\"/>\n", \
		    to - cross, y - cross, to + cross, y + cross, to - cross, y + cross, to + cross, y - cross
		svg_text(to + (x == "c2s" ? 14 : -14), y + drop, \
		    (x == "c2s" ? "start" : "end"), "lost-label", "lost")
	} else
		printf "<line class=\"%s\" stroke-width=\"%d\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head-%s)\"/>\n", \
		    class, width, from, y, to, y, x
}

# A packet's heading: its number, its flags and what it does (p: its
# record, split).
function heading(p) { return p[P_NUMBER] "  " p[P_NAMES] ": " p[P_MEANING] }

# svg_ladder(scope): the <svg> element.  scope prefixes its style's
# selectors ("#ladder ": inside a page, which has styles of its own and
# the palette; "" in a file of its own, which then holds the palette,
# -v palette_css=FILE).  Its colours and sizes are the palette's
# properties.
function svg_ladder(scope,    k, j, x, y, rowh, top, left, right, mid, width,
    height, label, nlabel, from, to, ends, e, p, legend) {
	left = 250
	right = 650
	mid = (left + right) / 2
	width = 900
	rowh = 70
	top = 150
	# a packet's row grows by a line for each line its label wraps to
	height = top + 120
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		nlabel[k] = wrap(heading(p), 50, label)
		height += rowh + (nlabel[k] - 1) * 16
	}
	ends = ends_lines(e, 80)
	height += (ends - 1) * 22
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", \
	    width, height, width, height
	print "<title>TCP ladder</title>"
	print "<style>"
	if (scope == "")
		inline(palette_css)	# in a file of its own: the palette with it
	print scope "text { font-family: var(--mono); font-size: var(--type); fill: var(--drawing-ink); }"
	print scope ".title { font-size: var(--type-title); font-weight: bold; }"
	print scope ".side { font-size: var(--type-side); font-weight: bold; }"
	print scope ".state { font-weight: bold; fill: var(--state-ink); }"
	print scope ".time, " scope ".note, " scope ".nums { font-size: var(--type-small); fill: var(--quiet-ink); }"
	print scope ".c2s { stroke: var(--c2s-line); fill: var(--c2s-line); } " scope ".s2c { stroke: var(--s2c-line); fill: var(--s2c-line); }"
	print scope ".label-c2s { fill: var(--c2s); font-weight: bold; } " scope ".label-s2c { fill: var(--s2c-label); font-weight: bold; }"
	print scope ".lost { stroke: var(--alarm); stroke-width: 3; } " scope ".lost-label { fill: var(--alarm); font-weight: bold; }"
	print scope "line.life { stroke: var(--lifeline); stroke-width: 2; }"
	print "</style>"
	print "<defs>"
	print "<marker id=\"head-c2s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"c2s\"/></marker>"
	print "<marker id=\"head-s2c\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"s2c\"/></marker>"
	print "</defs>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	svg_text(mid, 30, "middle", "title", "TCP ladder: " packet_words \
	    (took == "" ? "" : " in " took))
	svg_text(mid, 52, "middle", "note", numbers_note)
	if (start_note != "")
		svg_text(mid, 70, "middle", "note", start_note)
	svg_text(left, 95, "middle", "side", "client")
	svg_text(left, 112, "middle", "note", endpoint(client_address, client_port, 40))
	svg_text(right, 95, "middle", "side", server_name)
	svg_text(right, 112, "middle", "note", endpoint(server_address, server_port, 40))
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
	    left, 120, left, height - 80
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", \
	    right, 120, right, height - 80
	svg_text(left - 12, 136, "end", "state", first_client)
	svg_text(right + 12, 136, "start", "state", first_server)
	y = top - 20
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		y += rowh + (nlabel[k] - 1) * 16
		x = (p[P_SIDE] == "client" ? "c2s" : "s2c")
		from = (x == "c2s" ? left : right)
		to = (x == "c2s" ? right - 2 : left + 2)
		printf "<g class=\"packet\" id=\"packet-%d\">\n", p[P_NUMBER]
		svg_arrow(p[P_LOST], x, x, 2, from, to, y, 7, 5)
		wrap(heading(p), 50, label)
		for (j = 1; j <= nlabel[k]; j++)
			svg_text(mid, y - 24 - (nlabel[k] - j) * 16, "middle", \
			    "label-" x, label[j])
		svg_text(mid, y - 8, "middle", "nums", seq_ack(p))
		svg_text(20, y + 4, "start", "time", p[P_TIME])
		svg_text(left - 12, y + 4, "end", "state", p[P_CLIENT_NOW])
		if (listener != "self")
			svg_text(right + 12, y + 4, "start", "state", p[P_SERVER_NOW])
		# a side that passed through two states: in words, under the arrow
		j = 0
		if (p[P_CLIENT_PASSES] != "")
			svg_text(mid, y + 18 + 14 * j++, "middle", "nums", p[P_CLIENT_PASSES])
		if (listener != "self" && p[P_SERVER_PASSES] != "")
			svg_text(mid, y + 18 + 14 * j++, "middle", "nums", p[P_SERVER_PASSES])
		print "</g>"
	}
	y = height - 50 - (ends - 1) * 22
	for (j = 1; j <= ends; j++)
		svg_text(mid, y + (j - 1) * 22, "middle", "note", e[j])
	y += (ends - 1) * 22
	legend = "flags:"
	for (j = 1; j <= length(FLAGS); j++)
		legend = legend (j == 1 ? " " : ", ") substr(FLAGS, j, 1) "=" flag_word[substr(FLAGS, j, 1)]
	svg_text(mid, y + 22, "middle", "note", legend)
	print "</svg>"
}
