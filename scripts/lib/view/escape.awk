# scripts/lib/view/escape.awk - text made safe for the formats that hold it:
# XML and SVG, HTML, JSON.  Shared by the views that write them
# (svg-ladder.awk, html.awk, grades.awk); the text is printable ASCII
# already (tcpdump.awk, grade-one.sh).

# Text for XML: & < > escaped.
function xml(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	return s
}

# Text for HTML, and for an XML attribute: quotes escaped too.
function html(s) {
	s = xml(s)
	gsub(/"/, "\\&quot;", s)
	return s
}

# A JSON string; "<" as \u003c, so that no "</script>" can end the data.
# Backslashes are doubled by hand: what gsub makes of "\\\\" differs
# between awks (mawk writes one).
function json(s,    out, i) {
	out = ""
	while ((i = index(s, "\\")) > 0) {
		out = out substr(s, 1, i) "\\"
		s = substr(s, i + 1)
	}
	s = out s
	gsub(/"/, "\\\"", s)
	gsub(/\t/, "\\t", s)
	gsub(/\n/, "\\n", s)
	gsub(/</, "\\u003c", s)
	return "\"" s "\""
}
