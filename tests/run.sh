#!/bin/sh
# tests/run.sh [-v] [-i] [SCRIPT...] - what `make test` runs: every
# tests/tNNNN-*.sh (or the SCRIPTs named), side by side.  Each is an
# executable TAP stream of its own (`prove -j2 tests/t*.sh` runs them as
# well); this prints each one's TAP as it ends, headed by its name, its
# wall time and the CPU it took, then the slowest and the costliest, then
# one line: N passed, N failed, N skipped.  Exit 0 only when none failed; a script that dies, or ends
# without its plan, counts as a failure.
#   -v  every test's output, not only a failing one's
#   -i  stop at the first failure: each script stops at its own, and the
#       others before their next test
# The scripts run side by side, each in its own scratch folder, except
# where live captures share the host's lo (port 20000): there the scripts
# that capture live run one at a time.  Scripts that capture nothing live
# run niced: a lesson's packets depend on the client closing within the
# delayed-ACK timer (40 ms), which a busy machine must not starve it of.
set -u
options=''
while getopts vi option; do
	case $option in
	v | i) options="$options -$option" ;;
	*) echo "usage: run.sh [-v] [-i] [script...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
here=$(cd "$(dirname "$0")" && pwd) || exit 1
if [ $# -eq 0 ]; then
	set -- "$here"/t[0-9]*.sh
fi
scripts='' total=0
for script do
	script=${script##*/}
	[ -f "$here/$script" ] || { echo "run.sh: no test script $script in tests/" >&2; exit 2; }
	scripts="$scripts $script"
	total=$((total + 1))
done

# the harness's clock, bound and scratch folder (tests/scratch/run), and
# lib-capture.sh's probe of how this machine captures
set --
# shellcheck source=tests/harness.sh
. "$here/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$here/lib-capture.sh"
trap 'rm -rf "$scratch"; exit' EXIT
trap 'exit 130' INT TERM
HANDSHAKE_STOP=$scratch/stop
export HANDSHAKE_STOP

# captures_live SCRIPT: SCRIPT has a test that captures live.
captures_live() {
	grep -Eq '(^|[^A-Z_])(LIVE|NETNS|HOSTLO)([^A-Z_]|$)' "$here/$1"
}

# run_one SCRIPT [nice]: run SCRIPT (bounded, a last resort: its tests
# are), keep its TAP, status and wall time, and say that it ended.  Niced,
# a script waits its turn behind whatever else the machine runs (another
# make test's captures, a grading: 50 times its own time, seen), so each
# of its tests is bounded at 300 s, not 120 (TEST_TIMEOUT, harness.sh).
# Nothing hangs longer for it: a hung test is stopped all the same.
run_one() {
	test_clock
	run_began=$test_cs
	# shellcheck disable=SC2086 # words
	bounded 1800 env TEST_TIMEOUT="${TEST_TIMEOUT:-${2:+300}}" ${2:+nice -n 10} sh "$here/$1" $options \
	    >"$scratch/$1.tap" 2>&1 3<&-
	echo $? >"$scratch/$1.status"
	test_clock
	echo $((test_cs - run_began)) >"$scratch/$1.time"
	# the CPU it took, with all it ran (this subshell's children): side by
	# side, wall times say more about the others than about it
	times >"$scratch/$1.times"
	echo "$1" >"$scratch/ended"
}

# Each script, as it ends, writes its name into a FIFO the loop below
# reads; the loop holds it open for writing too, so it never sees its end.
mkfifo "$scratch/ended" || exit 1
exec 3<>"$scratch/ended"
test_clock
began=$test_cs

live=''
for script in $scripts; do
	if captures_live "$script"; then
		live="$live $script"
	else
		run_one "$script" nice &
	fi
done
if [ -n "$live" ]; then
	# one probe for all of them, while the others start
	live_known
	export HANDSHAKE_LIVE
	if [ "$live_mode" = host ]; then
		{ for script in $live; do run_one "$script"; done; } &
	else
		for script in $live; do
			run_one "$script" &
		done
	fi
fi

# cpu_cs FILE: the children's user and system time that `times` wrote
# in FILE ("0m12.340000s 0m1.200000s", its second line), in hundredths.
cpu_cs() {
	awk 'NR == 2 { sub(/s$/, "", $1); sub(/s$/, "", $2); split($1, u, "m"); split($2, s, "m")
		printf "%d\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 100 + 0.5 }' "$1"
}

passed=0 failed=0 skipped=0 ended=0 times='' cpus='' cpu_total=0
while [ "$ended" -lt "$total" ] && IFS= read -r script <&3; do
	ended=$((ended + 1))
	read -r status <"$scratch/$script.status"
	read -r took <"$scratch/$script.time"
	times="$times$took $script$nl"
	cpu=$(cpu_cs "$scratch/$script.times")
	cpus="$cpus${cpu:-0} $script$nl"
	cpu_total=$((cpu_total + ${cpu:-0}))
	results=$scratch/$script.tap
	echo "# $script ($(test_seconds "$took") s, $(test_seconds "${cpu:-0}") s of CPU)"
	cat "$results"
	passed=$((passed + $(grep -c '^ok [0-9]* - ' "$results")))
	failures=$(grep -c '^not ok ' "$results")
	skipped=$((skipped + $(grep -c '^ok [0-9]* # skip ' "$results")))
	if [ "$status" -ne 0 ] && [ "$failures" -eq 0 ]; then
		echo "not ok - $script exited with status $status"
		failures=1
	elif ! grep -q '^1\.\.[0-9]' "$results"; then
		echo "not ok - $script ended without its plan (1..N)"
		failures=$((failures + 1))
	fi
	failed=$((failed + failures))
	case $options in
	*-i*) [ "$failures" -eq 0 ] || : >"$HANDSHAKE_STOP" ;;
	esac
done
wait
test_clock
# slowest LIST: "t1 75.2 s, t2 70.1 s, ..." for the five largest of LIST's
# lines, "hundredths script".
slowest() {
	printf '%s' "$1" | sort -rn | head -n 5 |
	    while read -r took script; do printf '%s %s s, ' "$script" "$(test_seconds "$took")"; done |
	    sed 's/, $//'
}
echo "# the slowest: $(slowest "$times")"
echo "# the most CPU: $(slowest "$cpus")"
echo "# the whole run: $(test_seconds $((test_cs - began))) s ($total scripts), $(test_seconds "$cpu_total") s of CPU"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
