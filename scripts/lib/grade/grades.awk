# scripts/lib/grade/grades.awk - grade.sh's formats: the views of what
# grade-one.sh found, deciding nothing about it.
#
# One submission (-v results=DIR, its results folder; -v name, title,
# total), read from DIR/checks, DIR/build, DIR/build.log, DIR/CHECK.details,
# written into -v out=FOLDER:
#   report.txt       the human report
#   junit.xml        JUnit XML: one testsuite, a testcase per check, the
#                    diff and cause in the <failure> body
#   results.json     Gradescope's format
# and on stdout, -v view=tap: TAP lines, numbered from -v tap_first;
# -v view=one_line: one line; anything else: nothing.
# The class (-v work=DIR; the files $work/checks and $work/submissions):
#   -v view=csv      class.csv: submission, points per check, total
#   -v view=html     index.html: a row per submission, a cell per check
# States: pass, fail, timing (passes only sometimes), cannot (could not
# run on this machine: neither a pass nor the student's failure).

BEGIN {
	if (view == "csv" || view == "html")
		next_file_mode = 1
	else {
		read_submission(results)
		target = out "/report.txt"
		report()
		close(target)
		target = out "/junit.xml"
		junit()
		close(target)
		target = out "/results.json"
		gradescope()
		close(target)
		if (view == "tap")
			tap()
		else if (view == "one_line")
			one_line()
		exit 0
	}
}

# --- one submission ------------------------------------------------------

# read_submission(DIR): n checks, check[i], earned[i], max[i], state[i],
# passes[i], runs[i], ms[i], summary[i]; score, graded (the points that
# could be graded), build_state.
function read_submission(dir,    line, f) {
	n = 0
	score = 0
	graded = 0
	while ((getline line < (dir "/checks")) > 0) {
		split(line, f, "\t")
		n++
		check[n] = f[1]; earned[n] = f[2]; max[n] = f[3]; state[n] = f[4]
		passes[n] = f[5]; runs[n] = f[6]; ms[n] = f[7]; summary[n] = f[8]
		score += earned[n]
		if (state[n] != "cannot")
			graded += max[n]
	}
	close(dir "/checks")
	build_state = "none"
	if ((getline line < (dir "/build")) > 0)
		build_state = line
	close(dir "/build")
}

# file_text(FILE): its lines, each ending in a newline; "" when none.
function file_text(file,    line, text) {
	text = ""
	while ((getline line < file) > 0)
		text = text line "\n"
	close(file)
	return text
}

# details(i): what the report says of check i beyond its line.
function details(i,    text) {
	text = file_text(results "/" check[i] ".details")
	if (build_state ~ /^the build/)
		text = text "the build's output:\n" file_text(results "/build.log")
	return text
}

function points(x) {
	return (x == int(x) ? sprintf("%d", x) : sprintf("%.2f", x))
}

# "15 of 20 points", and how many could not be graded here
function tally() {
	return points(score) " of " total " points" \
	    (graded < total ? " (" (total - graded) " could not be graded here)" : "")
}

function verdict(i) {
	if (state[i] == "pass") return "pass"
	if (state[i] == "cannot") return "n/a"
	if (state[i] == "timing") return "TIMING"
	return "FAIL"
}

function report(    i, text) {
	printf "%s: %s\n", name, tally() > target
	if (title != "")
		printf "assignment: %s\n", title > target
	printf "build: %s\n", build_state > target
	for (i = 1; i <= n; i++)
		printf "%-6s  %6s of %-3s %-16s %s (%d ms)\n", verdict(i),
		    (state[i] == "cannot" ? "-" : points(earned[i])), max[i], check[i], summary[i], ms[i] > target
	if (graded < total)
		printf "%d points could not be graded here: not counted, and not failed\n", total - graded > target
	for (i = 1; i <= n; i++) {
		printf "\n== %s: %s\n", check[i], summary[i] > target
		printf "%s", details(i) > target
	}
}

function junit(    i, failures, skipped, seconds) {
	failures = 0
	skipped = 0
	seconds = 0
	for (i = 1; i <= n; i++) {
		if (state[i] == "cannot") skipped++
		else if (state[i] != "pass") failures++
		seconds += ms[i] * runs[i] / 1000
	}
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > target
	printf "<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
	    html(title), n, failures, skipped, seconds > target
	printf "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
	    html(name), n, failures, skipped, seconds > target
	printf "<properties><property name=\"score\" value=\"%s\"/><property name=\"max_score\" value=\"%s\"/></properties>\n",
	    points(score), total > target
	for (i = 1; i <= n; i++) {
		printf "<testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", html(name), html(check[i]),
		    ms[i] * runs[i] / 1000 > target
		if (state[i] == "pass")
			printf "><system-out>%s</system-out></testcase>\n", xml(details(i)) > target
		else if (state[i] == "cannot")
			printf "><skipped message=\"%s\"/></testcase>\n", html(summary[i]) > target
		else
			printf "><failure message=\"%s\" type=\"%s\">%s</failure></testcase>\n",
			    html(summary[i]), (state[i] == "timing" ? "timing" : "mismatch"),
			    xml(summary[i] "\n" details(i)) > target
	}
	print "</testsuite>" > target
	print "</testsuites>" > target
}

# Gradescope: a check that could not run has no score and no status, and
# the submission's output says that its score is not complete.
function gradescope(    i, seconds, output) {
	seconds = 0
	for (i = 1; i <= n; i++)
		seconds += ms[i] * runs[i] / 1000
	output = (graded < total ? sprintf("%d of %d points could not be graded on this machine: they are not counted, and not failed.", total - graded, total) : "")
	printf "{\n  \"score\": %s,\n  \"execution_time\": %d,\n", points(score), seconds + 0.999 > target
	printf "  \"output\": %s,\n  \"visibility\": \"visible\",\n  \"tests\": [\n", json(output) > target
	for (i = 1; i <= n; i++) {
		printf "    {\"name\": %s, \"number\": \"%d\", ", json(check[i]), i > target
		if (state[i] != "cannot")
			printf "\"score\": %s, ", points(earned[i]) > target
		printf "\"max_score\": %s, ", max[i] > target
		if (state[i] != "cannot")
			printf "\"status\": \"%s\", ", (state[i] == "pass" ? "passed" : "failed") > target
		printf "\"output\": %s, \"visibility\": \"visible\"}%s\n",
		    json(summary[i] "\n" (state[i] == "pass" ? "" : details(i))), (i < n ? "," : "") > target
	}
	print "  ]\n}" > target
}

function tap(    i, j, text, lines, k, count) {
	for (i = 1; i <= n; i++) {
		k = tap_first + i - 1
		if (state[i] == "pass")
			printf "ok %d - %s: %s (%s of %s points)\n", k, name, check[i], points(earned[i]), max[i]
		else if (state[i] == "cannot")
			printf "ok %d - %s: %s # SKIP %s\n", k, name, check[i], summary[i]
		else {
			printf "not ok %d - %s: %s: %s\n", k, name, check[i], summary[i]
			text = details(i)
			count = split(text, lines, "\n")
			for (j = 1; j < count; j++)
				printf "#   %s\n", lines[j]
		}
	}
}

function one_line(    i, text) {
	text = ""
	for (i = 1; i <= n; i++)
		text = text (i > 1 ? ", " : "") check[i] " " \
		    (state[i] == "cannot" ? "could not run here" : points(earned[i]) "/" max[i] \
		    (state[i] == "pass" ? "" : " " verdict(i)))
	printf "%s: %s (%s)\n", name, tally(), text
}

# --- the class -------------------------------------------------------------

# $work/checks: the checks' names and points; $work/submissions: the names.
FILENAME ~ /\/checks$/ {
	columns++
	column[columns] = $0
	sub(/\t.*/, "", column[columns])
	split($0, f, "\t")
	column_max[columns] = f[3]
	class_total += f[3]
	next
}
{
	split($0, f, "\t")
	students++
	student[students] = f[1]
}
END {
	if (!next_file_mode)
		exit 0
	if (view == "csv")
		csv()
	else
		index_page()
}

function csv(    s, i, row) {
	row = "submission"
	for (i = 1; i <= columns; i++)
		row = row "," column[i]
	print row ",total"
	for (s = 1; s <= students; s++) {
		results = work "/sub/" student[s] "/results"
		read_submission(results)
		row = student[s]
		for (i = 1; i <= n; i++)
			row = row "," (state[i] == "cannot" ? "n/a" : points(earned[i]))
		print row "," points(score)
	}
}

function exists(file,    line, found) {
	found = (getline line < file) >= 0
	close(file)
	return found
}

function index_page(    s, i, cell, link, passed) {
	print "<!DOCTYPE html>"
	print "<html lang=\"en\">"
	printf "<head><meta charset=\"utf-8\"><title>%s</title>\n", html(title == "" ? "grades" : title)
	print "<style>"
	print "body { font-family: \"DejaVu Sans\", Verdana, Arial, sans-serif; margin: 1em 2em; }"
	print "table { border-collapse: collapse; } th, td { border: 1px solid #555; padding: 0.3em 0.6em; text-align: left; }"
	print "td.pass { background: #e3f2fd; } td.fail, td.timing { background: #ffe0b2; font-weight: bold; } td.cannot { background: #eeeeee; }"
	print "a { color: #0d47a1; }"
	print "</style></head>"
	print "<body>"
	printf "<h1>%s</h1>\n", html(title == "" ? "grades" : title)
	printf "<p>%d submissions, %d checks, %d points each. pass: every run matched; FAIL: no run did; TIMING: some did; n/a: could not run on this machine (not counted, not failed).</p>\n",
	    students, columns, class_total
	print "<table>"
	printf "<tr><th>submission</th>"
	for (i = 1; i <= columns; i++)
		printf "<th>%s (%s)</th>", html(column[i]), column_max[i]
	print "<th>total</th></tr>"
	for (s = 1; s <= students; s++) {
		results = work "/sub/" student[s] "/results"
		read_submission(results)
		printf "<tr><td><a href=\"%s/report.txt\">%s</a></td>", html(student[s]), html(student[s])
		for (i = 1; i <= n; i++) {
			cell = verdict(i) (state[i] == "cannot" ? "" : " " points(earned[i]))
			if (state[i] == "fail" || state[i] == "timing") {
				cell = "<a href=\"" html(student[s]) "/report.txt\" title=\"" html(summary[i]) "\">" cell "</a>"
				if (exists(results "/" check[i] ".html"))
					cell = cell " <a href=\"" html(student[s]) "/" html(check[i]) ".html\">ladder</a>"
			}
			printf "<td class=\"%s\">%s</td>", state[i], cell
		}
		printf "<td>%s</td></tr>\n", points(score)
	}
	print "</table>"
	print "</body>"
	print "</html>"
}
