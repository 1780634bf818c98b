# scripts/lib/view/page/html.awk - the classroom page: one standalone HTML file, the
# ladder as inline SVG (svg-ladder.awk), and beside it each packet
# explained: its tcpdump line, each field and what it says (the explain
# view's words), each side's state before and after it, and the state
# machine with the two current states lit.  Without JavaScript the page
# shows every packet and explanation; page.js steps through them, keeps
# the step in the URL's fragment and runs the predict mode.  It lays out
# the records (mean/records.awk) and decides nothing about the packets.
# Set by scripts/ladder.sh:
#
#   -v palette_css=FILE -v page_css=FILE -v page_js=FILE
#   -v states_svg=FILE                 inlined, so that the page needs
#                                      nothing but itself
#   -v title=TEXT                      what the page is of (a file name)
#   -v keep_lines=1 -v explain=1       the records hold each line and
#                                      each field explained

# The state machine's picture without its XML declaration: its style is
# written for the page already (its selectors start with its id).
function inline_states(    line) {
	while ((getline line < states_svg) > 0)
		if (line !~ /^<\?xml/)
			print line
	close(states_svg)
}

function draw(    i, k, j, ne, e, label, says, x, arrow, p) {
	print "<!DOCTYPE html>"
	print "<html lang=\"en\">"
	print "<head>"
	print "<meta charset=\"utf-8\">"
	print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	print "<title>" html("TCP ladder: " title) "</title>"
	print "<style>"
	inline(palette_css)
	inline(page_css)
	print "</style>"
	print "</head>"
	print "<body>"
	print "<header>"
	print "<h1>" html("TCP ladder: " packet_words (took == "" ? "" : " in " took)) "</h1>"
	print "<p class=\"about\">" html(title) ": client " \
	    html(endpoint(client_address, client_port, 60)) \
	    (listener == "self" ? " (connected to itself)" : (listener == "none" ? "; nothing on " : "; server ") \
	    html(endpoint(server_address, server_port, 60))) ". " html(numbers_note) "</p>"
	print "<nav id=\"controls\" hidden>"
	print "<button type=\"button\" data-go=\"home\" title=\"Home\">|&lt; start</button>"
	print "<button type=\"button\" data-go=\"back\" title=\"Left, Page Up, Backspace\">&lt; back</button>"
	print "<span id=\"step\" aria-live=\"polite\"></span>"
	print "<button type=\"button\" data-go=\"next\" title=\"Right, Space, Page Down, Enter\">next &gt;</button>"
	print "<button type=\"button\" data-go=\"end\" title=\"End\">end &gt;|</button>"
	print "<button type=\"button\" data-go=\"predict\" title=\"P\" aria-pressed=\"false\">predict (P)</button>"
	print "<span id=\"score\"></span>"
	print "<button type=\"button\" data-go=\"smaller\" title=\"-\">A-</button>"
	print "<button type=\"button\" data-go=\"larger\" title=\"+\">A+</button>"
	print "</nav>"
	print "</header>"
	print "<main>"
	print "<section id=\"ladder\" aria-label=\"the ladder\">"
	svg_ladder("#ladder ")
	print "</section>"
	print "<section id=\"panel\">"
	print "<div id=\"question\" hidden><p id=\"ask\"></p><div id=\"choices\"></div><p id=\"verdict\" aria-live=\"polite\"></p></div>"
	print "<ol id=\"packets\">"
	split(packet_record[1], p, SUBSEP)
	print "<li id=\"step-0\" class=\"start\"><h2>Before the first packet</h2>" \
	    "<p>client: " html(first_client) (listener == "self" ? "" : "; server: " html(first_server)) \
	    ". Next, Right arrow or Space shows packet " p[P_NUMBER] ".</p></li>"
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		x = p[P_SIDE]
		arrow = (listener == "self" ? "to itself" : (x == "client" ? "client -> server" : "server -> client"))
		print "<li id=\"step-" k "\" class=\"packet " (x == "client" ? "c2s" : "s2c") "\">"
		print "<h2>" html(heading(p)) "</h2>"
		print "<p class=\"who\">" html(arrow) (p[P_TIME] == "" ? "" : ", at " html(p[P_TIME])) \
		    (p[P_LOST] == 1 ? ", <strong>LOST</strong>" : "") "</p>"
		print "<pre class=\"line\">" html(p[P_LINE]) "</pre>"
		print "<dl class=\"fields\">"
		ne = explained_fields(k, label, says)
		for (j = 1; j <= ne; j++)
			print "<dt>" html(label[j]) "</dt><dd>" html(says[j]) "</dd>"
		print "</dl>"
		print "<p class=\"states\">client: " html(p[P_CLIENT_CHANGE]) \
		    (listener == "self" ? "" : "<br>server: " html(p[P_SERVER_CHANGE])) "</p>"
		print "</li>"
	}
	print "</ol>"
	print "<figure id=\"states\">"
	inline_states()
	print "<figcaption>The states; on the page, the two sides' current states are lit.</figcaption>"
	print "</figure>"
	print "</section>"
	print "</main>"
	print "<footer>"
	k = ends_lines(e, 80)
	for (i = 1; i <= k; i++)
		print "<p>" html(e[i]) "</p>"
	print "<p>Keys: Right, Space, Page Down, Enter: next packet. Left, Page Up, Backspace: back." \
	    " Home: none yet. End: all. P: predict the next packet. + and -: type size.</p>"
	print "</footer>"
	# the packets as data, for page.js: who sent each, its flags, and each
	# side's state after it
	printf "<script type=\"application/json\" id=\"data\">{\"first\": {\"client\": %s, \"server\": %s}, \"packets\": [", \
	    json(first_client), json(first_server)
	for (k = 1; k <= npackets; k++) {
		split(packet_record[k], p, SUBSEP)
		printf "%s\n{\"number\": %d, \"side\": %s, \"flags\": %s, \"names\": %s, \"client\": %s, \"server\": %s}", \
		    (k > 1 ? "," : ""), p[P_NUMBER], json(p[P_SIDE]), json(p[P_FLAGS]), json(p[P_NAMES]), \
		    json(p[P_CLIENT_NOW]), json(p[P_SERVER_NOW])
	}
	print "]}</script>"
	print "<script>"
	inline(page_js)
	print "</script>"
	print "</body>"
	print "</html>"
}
