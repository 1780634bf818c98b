# scripts/lib/capture/invariants.awk - a lesson's invariants, checked on
# the records of its capture: what must hold however many packets a bulk
# transfer takes.  Reads what scripts/ladder.sh --tsv prints (its first
# line names the columns; the records are meaning's, scripts/lib/mean/:
# nothing here decides what a packet is), and checks each line of the
# environment's "invariants" (the lesson's invariant= lines, see
# lessons/handshake):
#
#   first flight N     the server's first flight of data is N segments
#   flights double     each flight of the server's data is at most twice
#                      the one before and one more, and, but the last
#                      (where the data may end), bigger than it
#   STEP, then STEP... packets, in this order (others may come between):
#                      a STEP is "[N ]SIDE WHAT", N packets (1 if not
#                      given) that SIDE (client or server) sent, each with
#                      a part of its meaning (the parts are ", " apart)
#                      that begins with WHAT, an extended regular
#                      expression; or, WHAT being COLUMN=VALUE, whose
#                      record has VALUE in that column; COLUMN<VALUE,
#                      COLUMN>VALUE: a number there below, above VALUE,
#                      a number or another column of the same record
#   every SIDE WHAT    every packet SIDE sent shows WHAT; WHAT being a
#                      column's, every one whose record fills the column
#
# A flight is the analysis' (the records' flight column): a run of the
# server's first sendings of data with no pause longer than a quarter of
# the handshake's round trip between two of them.  -v lesson=NAME names
# the lesson in messages.
#
# Prints a line a check: "holds: CHECK: the packets that show it", "FAILS:
# CHECK: what is missing, at which packet", or "cannot tell: CHECK: why"
# (a column the records lack, as the kernel's numbers where they are not
# recorded).  Exit 0 when none fails, 1 when one does, 2 when a check
# cannot be read (one line on stderr).
#
# With -v forms_only=1 it reads no records: it only reads the checks, as
# a lesson is loaded (common.sh), and prints the first one that cannot
# be read (exit 2).  The forms are read here alone.

BEGIN {
	FS = "\t"
	if (forms_only) {
		nchecks = split(ENVIRON["invariants"], check, "\n")
		for (c = 1; c <= nchecks && !unreadable; c++)
			if (check[c] != "" && !readable(check[c])) {
				print "invariant must be 'first flight N', 'flights double', 'every client|server WHAT'" \
				    " or '[N ]client|server WHAT[, then ...]', WHAT a regular expression or a" \
				    " comparison: " check[c]
				unreadable = 2
			}
		exit unreadable	# END runs all the same: it exits with this
	}
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		column[$i] = i
	next
}

{
	n++
	row[n] = $0
	number[n] = $column["packet"]
	sender[n] = $column["side"]
	meaning[n] = $column["meaning"]
	bytes[n] = $column["length"] + 0
	flight[n] = (("flight" in column) ? $column["flight"] : "")
	for (i = 1; i <= NF; i++)
		if ($i != "")
			filled[i] = 1	# a column no record fills (the kernel's, unknown) tells nothing
}

END {
	if (forms_only)
		exit unreadable
	if (!("meaning" in column)) {
		print "invariants.awk: " lesson ": no records to check" \
		    " (ladder.sh --tsv printed none)" > "/dev/stderr"
		exit 2
	}
	# (the checks' forms were read as the lesson was loaded: forms_only)
	nchecks = split(ENVIRON["invariants"], check, "\n")
	flights()
	failed = 0
	for (c = 1; c <= nchecks; c++)
		if (check[c] != "")
			judge_check(check[c])
	exit failed
}

# readable(text): TEXT is an invariant of one of the forms above: each
# step "[N ]SIDE WHAT" (N from 1 to 99), a comparison's value a number
# or a column's name, a regular expression's brackets and parentheses
# closed (an awk that cannot compile one stops, in words of its own).
function readable(text,    nsteps, step, s, what) {
	if (text ~ /^first flight [0-9]+$/ || text == "flights double")
		return 1
	if (text ~ /^every /) {
		if (text !~ /^every +(client|server) +[^ ]/)
			return 0
		what = text
		sub(/^every +[^ ]+ +/, "", what)
		return comparable(what) && closed(what)
	}
	nsteps = split(text, step, /, then /)
	for (s = 1; s <= nsteps; s++) {
		if (step[s] !~ /^([1-9][0-9]? +)?(client|server) +[^ ]/)
			return 0
		what = step[s]
		sub(/^([1-9][0-9]? +)?[a-z]+ +/, "", what)
		if (!comparable(what) || !closed(what))
			return 0
	}
	return 1
}

# comparable(what): WHAT compares no column, or with a number or another
# column: "cwnd=10", "cwnd>40", "ssthresh<cwnd", not "cwnd<1.5".
function comparable(what,    name, other) {
	name = column_name(what)
	if (name == "" || what ~ /^[a-z_]+=/)
		return 1
	other = substr(what, length(name) + 2)
	return other ~ /^[0-9]+$/ || other ~ /^[a-z_]+$/
}

# closed(re): every "(" of the regular expression RE closed by a ")",
# every "[" by a "]" (a "]" first in a bracket is one of its characters),
# nothing after a backslash but a character.
function closed(re,    i, c, depth, n) {
	n = length(re)
	for (i = 1; i <= n; i++) {
		c = substr(re, i, 1)
		if (c == "\\") {
			if (++i > n)
				return 0
		} else if (c == "(")
			depth++
		else if (c == ")" && --depth < 0)
			return 0
		else if (c == "[") {
			i++
			if (substr(re, i, 1) == "^")
				i++
			if (substr(re, i, 1) == "]")
				i++
			while (i <= n && substr(re, i, 1) != "]")
				i++
			if (i > n)
				return 0
		}
	}
	return depth == 0
}

# judge_check(text): check one invariant, print how it went.
function judge_check(text,    k) {
	if (text ~ /^first flight [0-9]+$/) {
		k = text
		sub(/.* /, "", k)
		if (nflights == 0)
			return verdict_line(text, "cannot tell", flight_why)
		if (size[1] != k + 0)
			return verdict_line(text, "FAILS", flight_words(1))
		return verdict_line(text, "holds", "flight 1 is packets " flight_packets(1))
	}
	if (text == "flights double")
		return double_check(text)
	if (text ~ /^every /)
		return every_check(text)
	return steps_check(text)
}

# verdict_line(text, how, why): print "how: text: why"; a failure counts.
function verdict_line(text, how, why) {
	print how ": " text ": " why
	if (how == "FAILS")
		failed = 1
	return 0
}

# flights(): the server's flights of data, as the records number them
# (their flight column): size[1..nflights] segments, from record
# flight_start[f] to flight_end[f]; flight_why where there are none to
# tell of.
function flights(    r, f, sent) {
	nflights = 0
	sent = 0
	for (r = 1; r <= n; r++) {
		if (sender[r] != "server" || bytes[r] == 0)
			continue
		sent = 1
		if ((f = flight[r]) == "")
			continue
		if (!(f in size)) {
			flight_start[f] = r
			nflights = (f + 0 > nflights ? f + 0 : nflights)
		}
		size[f]++
		flight_end[f] = r
	}
	if (!sent)
		flight_why = "the server sent no data"
	else if (nflights == 0)
		flight_why = "no handshake with times: the round trip, and so the flights, are unknown"
}

function flight_packets(f) { return number[flight_start[f]] "-" number[flight_end[f]] }

# flight_words(f): "flight 2 (packets 24-57) has 20 segments"
function flight_words(f) {
	return "flight " f " (packets " flight_packets(f) ") has " size[f] " segments"
}

# double_check(text): each flight at most twice the one before and one
# more (a slow start adds a segment for each one acknowledged), and,
# but the last, more than the one before.
function double_check(text,    f, sizes) {
	if (nflights < 2)
		return verdict_line(text, "cannot tell", \
		    (nflights ? "one flight only" : flight_why))
	sizes = size[1]
	for (f = 2; f <= nflights; f++) {
		if (size[f] > 2 * size[f - 1] + 1)
			return verdict_line(text, "FAILS", flight_words(f) ", more than twice" \
			    " flight " (f - 1) "'s " size[f - 1] " and one")
		if (f < nflights && size[f] <= size[f - 1])
			return verdict_line(text, "FAILS", flight_words(f) ", no more than" \
			    " flight " (f - 1) "'s " size[f - 1])
		sizes = sizes ", " size[f]
	}
	return verdict_line(text, "holds", "flights of " sizes " segments")
}

# steps_check(text): "STEP, then STEP...": each step's packets after the
# last one the step before matched.  Every step is read before any is
# looked for: one that cannot be read is an error wherever it is.
function steps_check(text,    nsteps, step, s, want, side_name, what, r, found, shown, from, why) {
	nsteps = split(text, step, /, then /)
	for (s = 1; s <= nsteps; s++) {
		want[s] = 1
		if (step[s] ~ /^[0-9]+ /) {
			want[s] = step[s] + 0
			sub(/^[0-9]+ +/, "", step[s])
		}
		side_name[s] = what[s] = step[s]
		sub(/ .*/, "", side_name[s])
		sub(/^[^ ]* */, "", what[s])
		if ((why = column_why(what[s])) != "")
			return verdict_line(text, "cannot tell", why)
	}
	r = 0
	shown = ""
	for (s = 1; s <= nsteps; s++) {
		from = r
		for (found = 0; found < want[s] && r < n; ) {
			r++
			if (sender[r] == side_name[s] && shows(r, what[s]))
				found++
		}
		if (found < want[s] && (why = unknown_after(from, side_name[s], what[s])) != "")
			return verdict_line(text, "cannot tell", why)
		if (found < want[s])
			return verdict_line(text, "FAILS", \
			    (from ? "after packet " number[from] : "in the capture") ", " \
			    (found ? "only " found " of the " want[s] " " side_name[s] " packets" : \
			    "no " side_name[s] " packet") " whose meaning has \"" what[s] "\"")
		shown = shown (shown == "" ? "" : "; ") \
		    step_packets(r, want[s], side_name[s], what[s])
	}
	return verdict_line(text, "holds", "packets " shown)
}

# every_check(text): "every SIDE WHAT": no packet of SIDE's (whose record
# fills the column, WHAT being a column's) without WHAT.
function every_check(text,    side_name, what, why, r, name, count) {
	side_name = what = text
	sub(/^every +/, "", side_name)
	sub(/ .*/, "", side_name)
	sub(/^every +[^ ]+ */, "", what)
	if ((why = column_why(what)) != "")
		return verdict_line(text, "cannot tell", why)
	name = column_name(what)
	count = 0
	for (r = 1; r <= n; r++) {
		if (sender[r] != side_name || (name != "" && field(r, name) == ""))
			continue
		if (!shows(r, what))
			return verdict_line(text, "FAILS", "packet " number[r] \
			    (name != "" ? " has " name " " field(r, name) : "'s meaning has no \"" what "\""))
		count++
	}
	if (count == 0)
		return verdict_line(text, "cannot tell", "no " side_name " packet to check")
	if (name != "" && (r = unknowns(0, side_name, name)))
		return verdict_line(text, "cannot tell", count " " side_name " packets have " what \
		    ", and " r " have an unknown " name)
	return verdict_line(text, "holds", count " " side_name " packets")
}

# unknown_after(from, side_name, what): where WHAT compares a column
# (the kernel's numbers), and packets of SIDE_NAME's after record FROM
# leave it empty, the one that would show WHAT may be among them: why
# that cannot be told; else "".
function unknown_after(from, side_name, what,    name, count) {
	if ((name = column_name(what)) == "" || !(count = unknowns(from, side_name, name)))
		return ""
	return (from ? "after packet " number[from] : "in the capture") ", no " side_name \
	    " packet with a known " name " has " what ", and " count " have an unknown " name
}

# unknowns(from, side_name, name): how many packets of SIDE_NAME's after
# record FROM leave column NAME empty, within the kernel's record: from
# the first of theirs that fills it (none before: the handshake's reach a
# socket not yet ESTABLISHED) to the server's FIN (the record ends at its
# close(), and says nothing of what comes after).
function unknowns(from, side_name, name,    r, count) {
	if (!(r = fills(side_name, name)))
		return 0
	for (r = (r > from ? r : from + 1); r <= n && !(sender[r] == "server" && field(r, "flags") ~ /F/); r++)
		if (sender[r] == side_name && field(r, name) == "")
			count++
	return count + 0
}

# fills(side_name, name): the first record of SIDE_NAME's with a value in
# column NAME (the kernel's numbers: the client's packets, never the
# server's), else 0.
function fills(side_name, name,    r) {
	for (r = 1; r <= n; r++)
		if (sender[r] == side_name && field(r, name) != "")
			return r
	return 0
}

# column_name(what): the column WHAT compares, as in "cwnd" for
# "cwnd=10" or "ssthresh<cwnd"; "" for a meaning's WHAT.
function column_name(what) {
	return (match(what, /^[a-z_]+[=<>]/) ? substr(what, 1, RLENGTH - 1) : "")
}

# column_why(what): why WHAT cannot be told on these records (a column
# they lack, or one no record fills), "" where it can.
function column_why(what,    name, other) {
	name = column_name(what)
	if (name == "")
		return ""
	other = substr(what, length(name) + 2)
	if (!(name in column))
		return "the records have no column " name
	if (!(column[name] in filled))
		return "no record has a " name
	if (what ~ /^[a-z_]+[<>][a-z_]+$/)
		return column_why(other "=")
	return ""
}

# field(r, name): record r's value in column NAME.
function field(r, name,    f) {
	split(row[r], f, "\t")
	return f[column[name]]
}

# step_packets(r, want, side_name, what): the packet numbers one step
# matched, ending at record r: "46" or "46, 48, 50".
function step_packets(r, want, side_name, what,    list, k) {
	list = number[r]
	for (k = r - 1; want > 1 && k >= 1; k--)
		if (sender[k] == side_name && shows(k, what)) {
			list = number[k] ", " list
			want--
		}
	return list
}

# shows(r, what): record r has a part of its meaning that begins with
# the regular expression what; or, what being COLUMN=VALUE, VALUE there;
# COLUMN<VALUE, COLUMN>VALUE: a number below, above VALUE (a number, or
# that column's number in record r).
function shows(r, what,    parts, k, name, op, value, mine) {
	name = column_name(what)
	if (name != "") {
		mine = field(r, name)
		op = substr(what, length(name) + 1, 1)
		value = substr(what, length(name) + 2)
		if (op == "=")
			return mine == value
		if (value ~ /^[a-z_]/)
			value = field(r, value)
		if (mine !~ /^[0-9]+$/ || value !~ /^[0-9]+$/)
			return 0
		return (op == "<" ? mine + 0 < value + 0 : mine + 0 > value + 0)
	}
	k = split(meaning[r], parts, /, /)
	for (; k >= 1; k--)
		if (match(parts[k], what) && RSTART == 1)
			return 1
	return 0
}
