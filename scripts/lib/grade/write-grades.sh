#!/bin/sh
# scripts/lib/grade/write-grades.sh WORK TITLE TOTAL [tap] - grade.sh's formats,
# never by hand: from what grade-one.sh wrote in WORK/sub/NAME/results,
# for every submission of WORK/submissions, write WORK/grades/NAME/
# (report.txt, junit.xml, results.json, the captures and their pages),
# WORK/grades/class.csv and index.html (the views: grades.awk); print a
# line per submission (its report when there is one; TAP with "tap").
# Exit: 0 every check passed; 1 some failed; 3 none failed, some could not
# run here; 4 the grades could not be written (why on stderr).

# shellcheck disable=SC2015 # "A && B || fail": fail answers either
set -u
prog=grade.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/../common.sh"

work=$1 title=$2 total=$3 tap=${4:-}
mkdir -p "$work/grades" || exit 4

# views NAME PRINT: one submission's report.txt, junit.xml and
# results.json into WORK/grades/NAME, and on stdout, PRINT: tap, one_line
# or nothing.
views() {
	LC_ALL=C awk -v view="$2" -v name="$1" -v title="$title" -v total="$total" \
	    -v results="$work/sub/$1/results" -v out="$work/grades/$1" \
	    -v tap_first="$tap_number" -f "$lib/view/escape.awk" -f "$lib/grade/grades.awk"
}

# what goes on stdout: TAP, a line per submission, or the one's report
print=one_line
if [ -n "$tap" ]; then
	print=tap
elif [ "$(wc -l <"$work/submissions")" -eq 1 ]; then
	print=''
fi
tap_number=1 failed=0 cannot=0
[ -z "$tap" ] || echo "1..$(($(wc -l <"$work/submissions") * $(wc -l <"$work/checks")))"
while IFS='	' read -r name _; do
	results=$work/sub/$name/results
	if [ ! -f "$results/checks" ]; then
		# the job itself failed: grade.sh's own error
		fail 4 "$name: grading failed: $(first_line "$work/sub/$name.err")"
	fi
	mkdir "$work/grades/$name" && views "$name" "$print" ||
		fail 4 "cannot write the grades in $work"
	[ -n "$print" ] || cat "$work/grades/$name/report.txt"
	for page in "$results"/*.html "$results"/*.txt; do
		[ ! -f "$page" ] || cp "$page" "$work/grades/$name/" ||
			fail 4 "cannot write the grades in $work"
	done
	while IFS='	' read -r _ _ _ state _; do
		case $state in
		pass) ;;
		cannot) cannot=$((cannot + 1)) ;;
		*) failed=$((failed + 1)) ;;
		esac
		tap_number=$((tap_number + 1))
	done <"$results/checks"
done <"$work/submissions"

LC_ALL=C awk -v view=csv -v work="$work" -f "$lib/view/escape.awk" -f "$lib/grade/grades.awk" \
    "$work/checks" "$work/submissions" >"$work/grades/class.csv" &&
LC_ALL=C awk -v view=html -v work="$work" -v title="$title" -v total="$total" \
    -f "$lib/view/escape.awk" -f "$lib/grade/grades.awk" "$work/checks" "$work/submissions" >"$work/grades/index.html" ||
	fail 4 "cannot write the grades in $work"

[ "$failed" -eq 0 ] || exit 1
[ "$cannot" -eq 0 ] || exit "$EXIT_CANNOT"
exit 0
