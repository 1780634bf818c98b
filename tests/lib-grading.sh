# tests/lib-grading.sh - helpers for the tests of grading: the formats of
# made-up results, and what grading needs of this machine.  Sourced after
# tests/harness.sh.
# shellcheck shell=sh disable=SC2154 # top: tests/harness.sh

# grade_formats DIR [FORMS]: grade.sh's formats (scripts/lib/grade/write-grades.sh)
# of the made-up results in tests/data/grades, copied to DIR: what it
# prints in each form (tap, lines; default both), its exit status, then
# every file it wrote, each headed by its name.  For t14's golden file and
# the awks' and shells' sameness (tests/portable.sh).
grade_formats() {
	for form in ${2:-tap lines}; do
		rm -rf "$1" && cp -R "$top/tests/data/grades" "$1" || return 1
		[ "$form" = tap ] || form=''
		sh "$top/scripts/lib/grade/write-grades.sh" "$1" 'the <class> & its "title"' 20 "$form"
		echo "exit $?"
	done
	for file in "$1"/grades/*/* "$1"/grades/class.csv "$1"/grades/index.html; do
		echo "== ${file#"$1"/}"
		cat "$file"
	done
}

# The students' programs find python3 on their PATH, /usr/local/bin:/usr/bin:/bin
# (the grader's PATH may have another); the class's C submission needs cc and make.
python=''
for candidate in /usr/local/bin/python3 /usr/bin/python3; do
	[ -n "$python" ] || [ ! -x "$candidate" ] || python=$candidate
done
test_lazy_prereq PYTHON '
	[ -n "$python" ] || prereq_missing "python3 is not installed in /usr/bin or /usr/local/bin"
'
test_lazy_prereq CC '
	{ command -v cc && command -v make; } >/dev/null 2>&1 || prereq_missing "cc or make is not installed"
'
# grade.sh's junit.xml is read by a JUnit library, with Debian's python3
test_lazy_prereq JUNITPARSER '
	/usr/bin/python3 -c "import junitparser" 2>/dev/null ||
		prereq_missing "junitparser is not installed for /usr/bin/python3 (apt-get install python3-junitparser)"
'
test_lazy_prereq PROVE '
	command -v prove >/dev/null 2>&1 || prereq_missing "prove (perl) is not installed"
'

# ours: what still runs of a grade.sh the script started from a folder in
# its own $TMPDIR, a line each: every process working in $TMPDIR (the
# scripts, tcpdump, unshare, the students' programs in their copies) or
# naming it.  Only the script's own: not another checkout's, nor another
# grade.sh's (their ids, their work folders).  Nothing may be left behind;
# a namespace lives only as long as a process in it.
# shellcheck disable=SC2010 # one ls reads every process's working folder
ours() {
	ls -l /proc/[0-9]*/cwd 2>/dev/null | grep -F " -> $TMPDIR/"
	ps -e -o pid= -o args= >ours.ps && grep -F "$TMPDIR/" ours.ps
	rm -f ours.ps
}
