# scripts/lib/view/page/html.awk - the classroom page: one standalone HTML file, the
# ladder as inline SVG (page_ladder below: svg-ladder.awk's words, drawn
# narrower with larger type), and beside it each packet explained: each
# side's state before and after it, then behind a "more" its tcpdump line
# and what each field says (the explain view's words), and each side's
# states with its current one lit.  Each state drawn or said carries
# whose it is (data-side; on the ladder data-after, the packet it
# follows), so that page.js can hide, predicting, those the class cannot
# know yet.  Without JavaScript the page shows
# every packet and explanation; page.js steps through them, keeps the
# step in the URL's fragment and runs the predict mode.  It lays out the
# records (mean/records.awk) and decides nothing about the packets.
# Set by scripts/ladder.sh:
#
#   -v palette_css=FILE -v page_css=FILE -v page_js=FILE
#                                      inlined, so that the page needs
#                                      nothing but itself
#   -v title=TEXT                      what the page is of (a file name)
#   -v keep_lines=1 -v explain=1       the records hold each line and
#                                      each field explained

# One side's states as a column of boxes, in the order a connection
# walks them (list: the names, space-separated), with any state this
# side reaches that the list lacks at its end; page.js lights the
# current one (data-lit="client" or "server").
function side_states(who, list,    n, s, k, p, have, st) {
	n = split(list, s, " ")
	for (k = 1; k <= n; k++)
		have[s[k]] = 1
	for (k = 0; k <= npackets; k++) {
		if (k == 0)
			st = (who == "client" ? first_client : first_server)
		else {
			split(packet_record[k], p, SUBSEP)
			st = (who == "client" ? p[P_CLIENT_NOW] : p[P_SERVER_NOW])
		}
		if (st != "" && !(st in have)) {
			have[st] = 1
			s[++n] = st
		}
	}
	print "<div class=\"side\" data-side=\"" who "\"><h3>" who "</h3><ol>"
	for (k = 1; k <= n; k++)
		print "<li data-state=\"" html(s[k]) "\">" html(s[k]) "</li>"
	print "</ol></div>"
}

function draw(    i, k, j, ne, e, label, says, x, arrow, p) {
	print "<!DOCTYPE html>"
	print "<html lang=\"en\">"
	print "<head>"
	print "<meta charset=\"utf-8\">"
	print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	print "<title>" html("TCP ladder: " title) "</title>"
	print "<link rel=\"icon\" href=\"data:,\">"
	print "<style>"
	inline(palette_css)
	inline(page_css)
	print "</style>"
	print "</head>"
	print "<body>"
	print "<header>"
	print "<h1>" html("TCP ladder: " title) "</h1>"
	print "<nav id=\"controls\" aria-label=\"steps\" hidden>"
	print "<button type=\"button\" data-go=\"home\" aria-label=\"start\" title=\"Home\">|&lt;</button>"
	print "<button type=\"button\" data-go=\"back\" title=\"Left, Page Up, Backspace\">&lt; back</button>"
	print "<span id=\"step\" aria-live=\"polite\"></span>"
	print "<button type=\"button\" data-go=\"next\" title=\"Right, Space, Page Down, Enter\">next &gt;</button>"
	print "<button type=\"button\" data-go=\"end\" aria-label=\"end\" title=\"End\">&gt;|</button>"
	print "<button type=\"button\" data-go=\"predict\" title=\"P\" aria-pressed=\"false\">predict</button>"
	print "<span id=\"score\"></span>"
	print "<button type=\"button\" data-go=\"smaller\" aria-label=\"A- smaller type\" title=\"-\">A-</button>"
	print "<button type=\"button\" data-go=\"larger\" aria-label=\"A+ larger type\" title=\"+\">A+</button>"
	print "</nav>"
	print "</header>"
	print "<main>"
	print "<section id=\"ladder\" aria-label=\"the ladder\" tabindex=\"0\">"
	page_ladder()
	print "</section>"
	print "<section id=\"panel\" aria-label=\"the packet explained\" tabindex=\"0\">"
	print "<div id=\"question\" hidden><p id=\"ask\"></p><div id=\"choices\"></div><p id=\"verdict\" aria-live=\"polite\"></p></div>"
	print "<ol id=\"packets\">"
	split(packet_record[1], p, SUBSEP)
	print "<li id=\"step-0\" class=\"start\" data-step=\"0\"><h2>Before the first packet</h2>" \
	    "<p class=\"states\">" page_side_line("client", first_client) \
	    (listener == "self" ? "" : "<br>" page_side_line("server", first_server)) \
	    "</p><p>Next (Right arrow, Space, Page Down) shows packet " p[P_NUMBER] ".</p>" \
	    "<details class=\"about\"><summary>more</summary><p>client " \
	    html(endpoint(client_address, client_port, 60)) \
	    (listener == "self" ? " (connected to itself)" : "; server " \
	    html(endpoint(server_address, server_port, 60))) ". " html(numbers_note) \
	    (kernel_note == "" ? "" : ". " html(kernel_note)) "</p></details></li>"
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		x = p[P_SIDE]
		arrow = (listener == "self" ? "to itself" : (x == "client" ? "client -> server" : "server -> client"))
		print "<li id=\"step-" k "\" class=\"packet " (x == "client" ? "c2s" : "s2c") "\" data-step=\"" k "\">"
		# (the meaning, with hindsight, apart: page.css hides it while
		# the class predicts)
		print "<h2>" html(p[P_NUMBER] "  " p[P_NAMES]) "<span class=\"meaning\">" html(": " p[P_MEANING]) "</span></h2>"
		print "<p class=\"who\">" html(arrow) (p[P_TIME] == "" ? "" : ", at " html(page_time(p[P_TIME]))) \
		    (p[P_RTT_US] == "" ? "" : ", round trip " html(page_duration(p[P_RTT_US] + 0))) \
		    (p[P_LOST] == 1 ? ", <strong>LOST</strong>" : "") "</p>"
		print "<p class=\"states\">" page_side_line("client", p[P_CLIENT_CHANGE]) \
		    (listener == "self" ? "" : "<br>" page_side_line("server", p[P_SERVER_CHANGE])) "</p>"
		print "<details><summary>more: the line and its fields</summary>"
		print "<pre class=\"line\">" html(p[P_LINE]) "</pre>"
		print "<dl class=\"fields\">"
		ne = explained_fields(k, label, says)
		for (j = 1; j <= ne; j++)
			print "<dt>" html(label[j]) "</dt><dd>" html(says[j]) "</dd>"
		print "</dl>"
		print "</details>"
		print "</li>"
	}
	print "</ol>"
	print "<figure id=\"states\">"
	print "<div class=\"sides\">"
	side_states("client", "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 CLOSING TIME_WAIT CLOSE_WAIT LAST_ACK")
	if (listener != "self")
		side_states("server", "CLOSED LISTEN SYN_RCVD ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 CLOSING TIME_WAIT CLOSE_WAIT LAST_ACK")
	print "</div>"
	print "<figcaption>Each side's states; its current state is lit.</figcaption>"
	print "</figure>"
	print "<figure id=\"graph\">"
	svg_graph("#graph ", 400, 300, 1)
	print "<figcaption>The " html(graph_side) "'s bytes over time (ladder.sh --graph)" \
	    (kernel_packets && graph_side == "server" ? "; the slate steps, the server kernel's cwnd (right axis)" : "") \
	    "; the current packet is lit.</figcaption>"
	print "</figure>"
	print "</section>"
	print "</main>"
	print "<footer>"
	k = ends_lines(e, 80)
	for (i = 1; i <= k; i++)
		print "<p>" html(e[i]) "</p>"
	print "<p class=\"keys\">Keys: Right, Space, Page Down, Enter: next packet. Left, Page Up, Backspace: back." \
	    " Home: none yet. End: all. P: predict the next packet; 1 to 9 and 0 answer. + and -: type size.</p>"
	print "</footer>"
	# the packets as data, for page.js: who sent each, its flags, whether
	# it was lost or sends an earlier one again, each side's state after it
	printf "<script type=\"application/json\" id=\"data\">{\"first\": {\"client\": %s, \"server\": %s}, \"packets\": [", \
	    json(first_client), json(first_server)
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		printf "%s\n{\"number\": %d, \"side\": %s, \"flags\": %s, \"names\": %s, \"lost\": %d, \"resends\": %d, \"client\": %s, \"server\": %s}", \
		    (k > 1 ? "," : ""), p[P_NUMBER], json(p[P_SIDE]), json(p[P_FLAGS]), json(p[P_NAMES]), \
		    p[P_LOST], p[P_RESENDS], json(p[P_CLIENT_NOW]), json(p[P_SERVER_NOW])
	}
	print "]}</script>"
	print "<script>"
	inline(page_js)
	print "</script>"
	print "</body>"
	print "</html>"
}
# The ladder for the page: the same packets as svg-ladder.awk's, drawn
# narrower and with larger type, so that its smallest text is as large
# as the panel's on a projector (page.css sizes it in rem).  No title,
# no ending and no legend: the page says those, and predict mode must
# not show the future.  Each packet's group carries data-step.
function page_ladder(    k, j, y, x, from, to, left, right, mid, width, lh, height,
    nlabel, nnums, npass, label, nums, pass, p, row) {
	width = 600; left = 150; right = 450; mid = 300; lh = 26
	height = 90
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		nlabel[k] = wrap(heading(p), 24, label)
		nnums[k] = page_nums(p, nums)
		npass[k] = (p[P_CLIENT_PASSES] != "") + (listener != "self" && p[P_SERVER_PASSES] != "")
		if (page_gap(k))
			height += 2 * lh
		height += (nlabel[k] + nnums[k] + 1) * lh + 36
		if (npass[k])
			height += npass[k] * 2 * lh
	}
	height += 20
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"ladder-title\">\n", \
	    width, height, width, height
	print "<title id=\"ladder-title\">TCP ladder: client left, " xml(server_name) " right</title>"
	print "<style>"
	print "#ladder text { font-family: var(--mono); font-size: var(--ladder-type); fill: var(--drawing-ink); }"
	print "#ladder .side { font-size: var(--ladder-side); font-weight: bold; }"
	print "#ladder .state { font-weight: bold; fill: var(--state-ink); }"
	print "#ladder .time, #ladder .nums { fill: var(--quiet-ink); }"
	print "#ladder .c2s { stroke: var(--c2s-line); fill: var(--c2s-line); } #ladder .s2c { stroke: var(--s2c-line); fill: var(--s2c-line); }"
	print "#ladder .label-c2s { fill: var(--c2s); font-weight: bold; } #ladder .label-s2c { fill: var(--s2c-label); font-weight: bold; }"
	print "#ladder .lost { stroke: var(--alarm); stroke-width: 3; } #ladder .lost-label { fill: var(--alarm); font-weight: bold; }"
	print "#ladder line.life { stroke: var(--lifeline); stroke-width: 2; }"
	print "#ladder .wait { fill: var(--alarm); font-weight: bold; } #ladder line.wait { stroke: var(--alarm); stroke-width: 6; stroke-dasharray: 4 4; }"
	print "</style>"
	print "<defs>"
	print "<marker id=\"head-c2s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"18\" markerHeight=\"18\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"c2s\"/></marker>"
	print "<marker id=\"head-s2c\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"18\" markerHeight=\"18\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"s2c\"/></marker>"
	print "</defs>"
	print "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
	svg_text(left, 28, "middle", "side", "client")
	svg_text(right, 28, "middle", "side", (listener == "self" ? server_name : "server"))
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, 40, left, height - 10
	printf "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", right, 40, right, height - 10
	page_state(left - 8, 64, "end", "client", 0, first_client)
	if (listener != "self")
		page_state(right + 8, 64, "start", "server", 0, first_server)
	y = 90
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		x = (p[P_SIDE] == "client" ? "c2s" : "s2c")
		from = (x == "c2s" ? left : right)
		to = (x == "c2s" ? right - 2 : left + 2)
		row = y
		printf "<g class=\"packet\" id=\"packet-%d\" data-step=\"%d\">\n", p[P_NUMBER], k
		if (page_gap(k)) {
			# a long wait: said, and drawn longer
			for (j = 0; j <= 1; j++)
				printf "<line class=\"wait\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", (j ? right : left), y + 4, (j ? right : left), y + 2 * lh
			svg_text(mid, y + lh + 6, "middle", "wait", page_duration(page_gap(k)) " later")
			y += 2 * lh
		}
		# its label (class full: page.js adds, for the class predicting,
		# one without the meaning, which is told with hindsight)
		wrap(heading(p), 24, label)
		for (j = 1; j <= nlabel[k]; j++)
			svg_text(mid, y + j * lh, "middle", "label-" x " full", label[j])
		y += nlabel[k] * lh
		page_nums(p, nums)
		for (j = 1; j <= nnums[k]; j++)
			svg_text(mid, y + j * lh, "middle", "nums", nums[j])
		y += nnums[k] * lh + 14
		svg_text(6, y - 4, "start", "time", page_time(p[P_TIME]))
		svg_arrow(p[P_LOST], x, x " arrow", 3, from, to, y, 8, 7)
		page_state(left - 8, y + lh, "end", "client", k, p[P_CLIENT_NOW])
		if (listener != "self")
			page_state(right + 8, y + lh, "start", "server", k, p[P_SERVER_NOW])
		y += lh
		if (p[P_CLIENT_PASSES] != "")
			y = page_words(mid, y, lh, p[P_CLIENT_PASSES])
		if (listener != "self" && p[P_SERVER_PASSES] != "")
			y = page_words(mid, y, lh, p[P_SERVER_PASSES])
		y += 22
		print "</g>"
	}
	print "</svg>"
}

# A side's state in the page's ladder: svg_text's state label, saying
# whose it is and after which packet (data-side, data-after: 0 before
# the first), so that page.js can hide, predicting, a state the class
# cannot know yet.  (The --svg view's labels carry neither.)
function page_state(x, y, anchor, who, k, s) {
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"state\" data-side=\"%s\" data-after=\"%d\">%s</text>\n", \
	    x, y, anchor, who, k, xml(s)
}

# A side's line in an explanation ("client: CLOSED -> SYN_SENT"), saying
# whose it is (data-side), for page.js as page_state's labels.
function page_side_line(who, line) {
	return "<span data-side=\"" who "\">" who ": " html(line) "</span>"
}

# s under an arrow, two lines at most of 24 characters; return the y below.
function page_words(x, y, lh, s,    w, n, j) {
	n = wrap_words(s, 24, w)
	if (n > 2)
		n = 2
	for (j = 1; j <= n; j++)
		svg_text(x, y + j * lh, "middle", "nums", w[j])
	return y + n * lh
}

# A packet's numbers, seq and ack a line each, in lines[1..k]; return k.
function page_nums(p, lines,    s, at, n) {
	s = seq_ack(p)
	n = 0
	while ((at = index(s, "  ")) > 0) {
		lines[++n] = substr(s, 1, at - 1)
		s = substr(s, at + 2)
	}
	if (s != "")
		lines[++n] = s
	return n
}

# A time as the records give it ("206075 us", "1234 s") in microseconds;
# -1 when it is none.
function page_us(t) {
	if (t ~ /^[0-9]+ us$/)
		return substr(t, 1, length(t) - 3) + 0
	if (t ~ /^[0-9]+ s$/)
		return (substr(t, 1, length(t) - 2) + 0) * 1000000
	return -1
}

# Microseconds as a person reads them: "13 us", "206 ms", "1.5 s".
function page_duration(us) {
	if (us < 1000)
		return sprintf("%d us", us)
	if (us < 10000)
		return sprintf("%.1f ms", us / 1000)
	if (us < 1000000)
		return sprintf("%d ms", int(us / 1000 + 0.5))
	if (us < 10000000)
		return sprintf("%.1f s", us / 1000000)
	return sprintf("%d s", int(us / 1000000 + 0.5))
}

# A packet's time for the page: "206 ms", or as the records give it.
function page_time(t,    us) {
	us = page_us(t)
	return (us < 0 ? t : page_duration(us))
}

# The gap before packet k, in microseconds, when it is a long one (50 ms
# or more): else 0.
function page_gap(k,    p, q, us, prev) {
	if (k < 2)
		return 0
	split(packet_record[k], p, SUBSEP)
	split(packet_record[k - 1], q, SUBSEP)
	us = page_us(p[P_TIME])
	prev = page_us(q[P_TIME])
	if (us < 0 || prev < 0 || us - prev < 50000)
		return 0
	return us - prev
}
