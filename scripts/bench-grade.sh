#!/bin/sh
# scripts/bench-grade.sh [count] - grade a made-up class of COUNT
# submissions (default 60; every kind of tests/grading-example/class.sh
# in turn: correct C and Python, wrong, never listening, hanging,
# forking, flooding, failing to build, missing a program) with the
# grading example's three checks, at -j 1 and at -j 2.  Checks every
# verdict against the kinds', that nothing is left running and no work
# folder left, and the disk the grades take; prints the total time of
# each run, the median time per check and the speedup.
# Exit: 0 measured and every verdict right; 1 not; 2 usage; 3 cannot here.

set -u
prog=bench-grade.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

count=${1:-60}
case $count:$# in *[!0-9:]* | 0:* | *:[2-9]*) echo "usage: bench-grade.sh [count]" >&2; exit "$EXIT_USAGE" ;; esac
case $(date +%N) in *[!0-9]*) fail "$EXIT_CANNOT" "date +%N gives no nanoseconds here" ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/handshake-bench-grade.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
sh "$repo/tests/grading-example/class.sh" "$work" "$count" || fail 1 "cannot make the class"

# leftovers: processes of grade.sh's ids or naming its work folders
leftovers() {
	ps -e -o uid= -o args= | awk '$1 >= 2100000000 || /handshake-grade\./ && !/awk/' | wc -l
}

failures=0
for jobs in 1 2; do
	started=$(date +%s%N)
	sh "$scripts/grade.sh" -j "$jobs" -o "$work/grades-$jobs" "$work/assignment" \
	    "$work"/class/* >"$work/out-$jobs" 2>"$work/err-$jobs"
	status=$?
	ended=$(date +%s%N)
	[ "$status" -le 1 ] || fail 1 "grade.sh -j $jobs ended with $status: $(first_line "$work/err-$jobs")"
	echo $(((ended - started) / 1000000)) >"$work/total-$jobs"
	while read -r name state; do
		case $state in
		pass) want="$name,10,5,5,20" ;;
		*) want="$name,0,0,0,0" ;;
		esac
		grep -qxF "$want" "$work/grades-$jobs/class.csv" || {
			echo "-j $jobs: $name is not $state: $(grep "^$name," "$work/grades-$jobs/class.csv")"
			failures=$((failures + 1))
		}
	done <"$work/expected"
	left=$(leftovers)
	[ "$left" -eq 0 ] || { echo "-j $jobs: $left processes left running"; failures=$((failures + 1)); }
	if ls -d "${TMPDIR:-/tmp}"/handshake-grade.* >/dev/null 2>&1; then
		echo "-j $jobs: a work folder is left"
		failures=$((failures + 1))
	fi
	# the time of each check, from the reports' lines: "... (62 ms)"
	sed -n 's/.* (\([0-9]*\) ms)$/\1/p' "$work/grades-$jobs"/*/report.txt | sort -n >"$work/times-$jobs"
done

median() {
	lines=$(wc -l <"$1")
	sed -n "$(((lines + 1) / 2))p" "$1"
}
checks=$(wc -l <"$work/times-1")
one=$(cat "$work/total-1") two=$(cat "$work/total-2")
echo "$count submissions, $checks checks each run ($(grep -c pass "$work/expected") submissions right)"
echo "-j 1: $one ms in all, median $(median "$work/times-1") ms a check"
echo "-j 2: $two ms in all, median $(median "$work/times-2") ms a check"
awk -v one="$one" -v two="$two" 'BEGIN { printf "speedup: %.2f\n", one / two }'
echo "grades: $(du -sk "$work/grades-2" | cut -f 1) KiB for the class"
[ "$failures" -eq 0 ]
