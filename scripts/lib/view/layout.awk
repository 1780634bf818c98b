# scripts/lib/view/layout.awk - laying words out, for the views: breaking
# them into lines no wider than a width, fitting an endpoint to one.  The
# words are the records' (mean/records.awk); only the widths are the
# views'.

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

# "127.0.0.1 port 41648", no wider than width: a long address loses its
# middle, then a long port its end.
function endpoint(addr, port, width,    room) {
	if (length(port) > 12)
		port = substr(port, 1, 9) "..."
	room = width - length(" port " port)
	if (length(addr) > room)
		addr = substr(addr, 1, int((room - 3) / 2)) "..." \
		    substr(addr, length(addr) - (room - 3 - int((room - 3) / 2)) + 1)
	return addr " port " port
}

# How each side ends (the records' ends_client and ends_server), in
# lines[1..k]: on one line when it fits width; return k.
function ends_lines(lines, width) {
	if (ends_server != "" && length(ends_client) + 2 + length(ends_server) <= width) {
		lines[1] = ends_client "; " ends_server
		return 1
	}
	lines[1] = ends_client
	lines[2] = ends_server
	return (ends_server == "" ? 1 : 2)
}

# A packet's explained fields (the records' explained[k]) as label and
# meaning: label[1..m], says[1..m]; return m.  By index(), not split():
# a split a line costs more.
function explained_fields(k, label, says,    rest, m, at, one, v) {
	rest = explained[k]
	m = 0
	while (rest != "") {
		at = index(rest, "\n")
		if (at) {
			one = substr(rest, 1, at - 1)
			rest = substr(rest, at + 1)
		} else {
			one = rest
			rest = ""
		}
		at = index(one, SUBSEP)
		label[++m] = substr(one, 1, at - 1)
		one = substr(one, at + 1)
		at = index(one, SUBSEP)
		v = substr(one, 1, at - 1)
		if (v != "")
			label[m] = label[m] " " v
		says[m] = substr(one, at + 1)
	}
	return m
}

# A packet's numbers as captured, and counted from the stream's first in
# brackets: "seq 1431996003 [1]  ack 3988257802 [1]" (p: its record,
# split).
function seq_ack(p,    s) {
	s = (p[P_SEQ] == "" ? "" : "seq " p[P_SEQ] (p[P_SEQ_N] == "" ? "" : " [" p[P_SEQ_N] "]"))
	if (p[P_ACK] != "")
		s = s (s == "" ? "" : "  ") "ack " p[P_ACK] (p[P_ACK_N] == "" ? "" : " [" p[P_ACK_N] "]")
	return s
}

# Copy a file to the output as it is (ladder.sh has checked that it can
# be read): the palette, the page's style and script.
function inline(file,    line) {
	while ((getline line < file) > 0)
		print line
	close(file)
}
