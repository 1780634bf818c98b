# tests/harness.sh - the harness, in the manner of git's t/test-lib.sh
# (named so that tests/t*.sh is the tests alone): TAP, prerequisites,
# scratch folders, watchdogs.  The helpers live apart: tests/lib-programs.sh
# (a server on a free port, the ladder), tests/lib-capture.sh (captures,
# live and recorded), tests/lib-grading.sh (grading).
#
# A test script is an executable TAP stream of its own:
#
#	#!/bin/sh
#	# What the script tests.
#	. "$(dirname "$0")/harness.sh"
#	test_expect 'what the test shows' 'its body'
#	test_expect TSHARK,LIVE 'what needs both' 'its body'
#	test_done
#
# It works in a scratch folder of its own, tests/scratch/NAME, which
# test_done removes when all passed.  Its options, as git's: -v (show
# every test's output), -i (stop at the first failure), -x (trace the
# bodies with set -x; a test that reads what a function wrote on stderr
# may then read the trace too).  The scripts run under sh: dash, bash,
# busybox sh or yash (posh loses a signal sent to a child that has not
# exec'd yet, which the watchdogs need; the lab's scripts run under posh
# too, in t3300).
# shellcheck shell=sh disable=SC2034 # it sets variables for the test scripts

set -u
test_verbose='' test_immediate='' test_trace=''
for test_option do
	case $test_option in
	-v | --verbose) test_verbose=1 ;;
	-i | --immediate) test_immediate=1 ;;
	-x) test_trace=1 test_verbose=1 ;;
	*) echo "usage: ${0##*/} [-v] [-i] [-x]" >&2; exit 2 ;;
	esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$top" && cd "${HANDSHAKE_BIN:-.}" && pwd)
# a build of its own (make check, musl) gets a scratch folder of its own
scratch=$top/tests/scratch/$(basename "$0" .sh)${HANDSHAKE_BIN:+-${HANDSHAKE_BIN##*/}}
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$scratch" || exit 1
nl='
'
test_tab=$(printf '\t')
test_blank=" $test_tab"
test_count=0 test_passed=0 test_failed=0 test_skipped=0

# Every program a test starts runs bounded in time, and every test as a
# whole under a watchdog with the longer bound: nothing may hang the
# suite, not even a shell waiting on a FIFO.
bound=${TEST_BOUND:-20}
test_timeout=${TEST_TIMEOUT:-120}

# watchdog SECONDS PID [NOTE]: in the background, TERM PID after SECONDS
# (and append NOTE to ./log), KILL it kill_grace seconds later if it
# still runs (unshare --fork ignores TERM while it waits for its child);
# $! is the watchdog.  Its two sleeps are the bounds themselves, not
# waits for anything: the event they stand for is PID's end, and whoever
# waits for that (bounded(), a test) then tells the watchdog TERM, which
# stops its sleep at once and leaves.  KILL, for the sleep: a TERM can be
# lost on a child that has not exec'd yet (it still runs its parent's
# trap).
kill_grace=5
watchdog() {
	sh -c 'trap "kill -KILL \${!:-} 2>/dev/null; exit 0" TERM
		sleep "$1" & wait $! || exit 0
		if kill -TERM "$2" 2>/dev/null && [ -n "$3" ]; then
			echo "$3" >>"$4"
		fi
		sleep "$5" & wait $! || exit 0
		if kill -KILL "$2" 2>/dev/null && [ -n "$3" ]; then
			echo "(and killed $5 s later: it did not stop on TERM)" >>"$4"
		fi' \
	    watchdog "$1" "$2" "${3:-}" "$scratch/log" "$kill_grace" >/dev/null 2>&1 &
}

# bounded SECONDS COMMAND...: run COMMAND, reading the caller's stdin, and
# stop it (TERM) if it still runs after SECONDS; returns its exit status.
# timeout(1) is not everywhere (macOS, the BSDs): the shell does it.
bounded() {
	bounded_limit=$1
	shift
	exec 6<&0
	"$@" <&6 &
	bounded_job=$!
	exec 6<&-
	watchdog "$bounded_limit" "$bounded_job"
	bounded_guard=$!
	wait "$bounded_job"
	bounded_status=$?
	kill "$bounded_guard" 2>/dev/null
	wait "$bounded_guard" 2>/dev/null	# dash would say "Terminated"
	return "$bounded_status"
}

# test_clock: $test_cs, a clock in hundredths of a second (Linux's
# /proc/uptime; elsewhere whole seconds).
test_clock() {
	if [ -r /proc/uptime ]; then
		read -r test_cs _ </proc/uptime
		test_cs=${test_cs%.*}${test_cs#*.}
	else
		test_cs=$(($(date +%s) * 100))
	fi
}

# test_seconds CENTISECONDS: as seconds, "12.34"
test_seconds() {
	printf '%d.%02d' $(($1 / 100)) $(($1 % 100))
}

# --- the tests -------------------------------------------------------------

# test_expect [PREREQ,...] NAME BODY: run BODY in a subshell, bounded;
# "ok" when it ends with 0.  Without a prerequisite it skips, saying why.
# Once the file HANDSHAKE_STOP names is there (tests/run.sh -i), the
# script ends before its next test.
# BODY may end itself as a skip with skip_test, for what only trying
# tells (IPv6 switched off, as in a container).
test_expect() {
	test_needs=''
	[ $# -lt 3 ] || { test_needs=$1; shift; }
	if [ -n "${HANDSHAKE_STOP:-}" ] && [ -e "$HANDSHAKE_STOP" ]; then
		echo "# stopped here: a test of another script failed (-i)"
		test_done
	fi
	if [ -n "$test_needs" ] && ! test_have_prereq "$test_needs"; then
		test_skip "$1" "$test_missing"
		return
	fi
	test_count=$((test_count + 1))
	rm -f "$scratch/skip" "$scratch/.test-line"
	test_mark "$2"
	test_clock
	test_began=$test_cs
	# the subshell leaves the number of the last line that passed
	(
		trap 'echo "$test_line" >"$scratch/.test-line"' EXIT
		test_line=0
		[ -z "$test_trace" ] || set -x
		eval "$test_marked"
	) </dev/null >"$scratch/log" 2>&1 &
	test_body=$!
	watchdog "$test_timeout" "$test_body" "timed out after $test_timeout s"
	test_dog=$!
	wait "$test_body" >/dev/null 2>&1	# dash would say "Terminated"
	test_status=$?
	kill "$test_dog" 2>/dev/null
	wait "$test_dog" >/dev/null 2>&1
	test_clock
	test_took=$((test_cs - test_began))
	if [ "$test_status" -eq 0 ]; then
		test_passed=$((test_passed + 1))
		echo "ok $test_count - $1"
		[ -z "$test_verbose" ] || test_show "$scratch/log" "($(test_seconds "$test_took") s)"
	elif [ "$test_status" -eq 77 ] && [ -s "$scratch/skip" ]; then
		test_count=$((test_count - 1))
		test_skip "$1" "$(cat "$scratch/skip")"
	else
		test_failed=$((test_failed + 1))
		cp "$scratch/log" "$scratch/test-$test_count.log"
		echo "not ok $test_count - $1"
		test_why "$2"
		[ -z "$test_immediate" ] || test_done
	fi
}

# test_mark BODY: $test_marked, BODY with "test_line=N &&" after each line
# N that ends in "&&" (but in a here-document).  The line that failed is
# then after the last one recorded, up to the next that ends in "&&".
test_mark() {
	test_rest=$1 test_marked='' test_n=0 test_doc=''
	while [ -n "$test_rest" ]; do
		test_l=${test_rest%%"$nl"*}
		case $test_rest in
		*"$nl"*) test_rest=${test_rest#*"$nl"} ;;
		*) test_rest='' ;;
		esac
		test_n=$((test_n + 1))
		if [ -n "$test_doc" ]; then
			# a here-document's line, as it is, up to its delimiter
			test_t=$test_l
			while :; do
				case $test_t in "$test_tab"*) test_t=${test_t#?} ;; *) break ;; esac
			done
			[ "$test_t" != "$test_doc" ] || test_doc=''
		else
			case $test_l in
			*'<<'*) test_here "${test_l#*<<}" ;;
			esac
			case $test_l in
			*'&&') test_l="$test_l test_line=$test_n &&" ;;
			esac
		fi
		test_marked=$test_marked$test_l$nl
	done
}

# test_here WORDS: $test_doc, the delimiter of the here-document that
# WORDS, what follows a "<<", begin.
test_here() {
	test_doc=${1#-}
	while :; do
		case $test_doc in ["$test_blank"]*) test_doc=${test_doc#?} ;; *) break ;; esac
	done
	test_doc=${test_doc%%["$test_blank;&|)<>"]*}
	test_doc=${test_doc#\\}
	test_doc=${test_doc#[\"\']}
	test_doc=${test_doc%[\"\']}
}

# test_show FILE [NOTE]: FILE as TAP comments (the last 100 lines; a
# failing test's whole output is kept as test-N.log), then NOTE.
test_show() {
	if [ -s "$1" ]; then
		test_lines=$(wc -l <"$1")
		[ "$test_lines" -le 100 ] ||
			echo "#	... $((test_lines - 100)) lines, all in tests/scratch/${scratch##*/}/test-$test_count.log"
		tail -n 100 "$1" | sed 's/^/#	/'
	fi
	[ -z "${2:-}" ] || echo "#	$2"
}

# test_why BODY: why the test that just ran failed: what it printed (its
# diff, its last command's output), its exit status, and the lines of
# BODY the failing command is in.
test_why() {
	if [ -s "$scratch/log" ]; then
		test_show "$scratch/log"
	else
		echo "#	(the test printed nothing)"
	fi
	test_after=''
	[ ! -s "$scratch/.test-line" ] || read -r test_after <"$scratch/.test-line"
	if [ -z "$test_after" ]; then
		echo "#	exit status $test_status (took $(test_seconds "$test_took") s), in the test:"
	else
		echo "#	exit status $test_status (took $(test_seconds "$test_took") s); the command that failed is in:"
	fi
	test_rest=$1 test_n=0 test_shown=0
	while [ -n "$test_rest" ]; do
		test_l=${test_rest%%"$nl"*}
		case $test_rest in
		*"$nl"*) test_rest=${test_rest#*"$nl"} ;;
		*) test_rest='' ;;
		esac
		test_n=$((test_n + 1))
		[ "$test_n" -gt "${test_after:-0}" ] || continue
		test_shown=$((test_shown + 1))
		[ "$test_shown" -le 6 ] || { echo "#	>	..."; break; }
		case $test_l in *[!"$test_blank"]*) ;; *) continue ;; esac
		while :; do
			case $test_l in ["$test_blank"]*) test_l=${test_l#?} ;; *) break ;; esac
		done
		printf '#\t>\t%s\n' "$test_l"
		case $test_l in *'&&') [ -z "$test_after" ] || break ;; esac
	done
}

# skip_test REASON: inside a test, end it here as a skip, for REASON.
skip_test() {
	echo "$1" >"$scratch/skip"
	exit 77
}

# test_skip NAME REASON: a test this machine cannot run.  It counts as a
# failure only when HANDSHAKE_STRICT=1 (the project's own CI asks for
# that), never because of CI=true, which every CI service sets.
test_skip() {
	test_count=$((test_count + 1))
	if [ "${HANDSHAKE_STRICT:-}" = 1 ]; then
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1 # skipped under HANDSHAKE_STRICT=1: $2"
		[ -z "$test_immediate" ] || test_done
	else
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # skip $1 ($2)"
	fi
}

# test_done: the plan, a summary, and the exit status; the scratch folder
# goes when every test passed.
test_done() {
	echo "1..$test_count"
	echo "# $test_passed passed, $test_failed failed, $test_skipped skipped"
	if [ "$test_failed" -eq 0 ]; then
		cd "$top" && rm -rf "$scratch"
		exit 0
	fi
	exit 1
}

# --- prerequisites, as git's: declared once, found out when first needed ---

# test_lazy_prereq NAME SCRIPT: the prerequisite NAME holds when SCRIPT,
# run in a subshell the first time a test needs NAME, ends with 0.  When
# it does not, the last line SCRIPT printed says why (prereq_missing).
test_lazy_prereq() {
	eval "test_prereq_script_$1=\$2"
}

# test_set_prereq NAME: NAME holds.
test_set_prereq() {
	eval "test_prereq_$1=yes"
}

# prereq_missing REASON: in a prerequisite's SCRIPT: it does not hold,
# for REASON.
prereq_missing() {
	echo "$1"
	return 1
}

# test_have_command NAME: in a prerequisite's SCRIPT: NAME is installed.
test_have_command() {
	command -v "$1" >/dev/null 2>&1 || prereq_missing "$1 is not installed"
}

# test_have_prereq PREREQ[,PREREQ...]: all of them hold (!NAME: NAME does
# not); when one does not, $test_missing says why, "; " between reasons.
test_have_prereq() {
	test_missing=''
	test_ifs=$IFS
	IFS=,
	# shellcheck disable=SC2086 # split at the commas
	set -- $1
	IFS=$test_ifs
	for test_prereq do
		test_want=yes
		case $test_prereq in !*) test_want=no test_prereq=${test_prereq#!} ;; esac
		eval "test_state=\${test_prereq_$test_prereq:-}"
		if [ -z "$test_state" ]; then
			eval "test_script=\${test_prereq_script_$test_prereq-}"
			if [ -z "$test_script" ]; then
				test_state=no test_reason="no prerequisite $test_prereq is declared"
			elif (eval "$test_script") </dev/null >"$scratch/prereq.out" 2>&1; then
				test_state=yes test_reason=''
			else
				test_state=no test_reason=$(sed '/^$/d' "$scratch/prereq.out" | tail -n 1)
				test_reason=${test_reason:-missing $test_prereq}
			fi
			rm -f "$scratch/prereq.out"
			eval "test_prereq_$test_prereq=\$test_state test_prereq_why_$test_prereq=\$test_reason"
		fi
		[ "$test_state" != "$test_want" ] || continue
		if [ "$test_want" = yes ]; then
			eval "test_reason=\${test_prereq_why_$test_prereq:-missing $test_prereq}"
		else
			test_reason="not where $test_prereq holds"
		fi
		test_missing=${test_missing:+$test_missing; }$test_reason
	done
	[ -z "$test_missing" ]
}

# The prerequisites more than one family needs; a family's own are in its
# helpers (tests/lib-*.sh), a script's own in the script.
test_lazy_prereq ROOT '[ "$(id -u)" -eq 0 ] || prereq_missing "needs root"'
test_lazy_prereq SETPRIV 'test_have_command setpriv'
test_lazy_prereq TSHARK 'test_have_command tshark'
test_lazy_prereq XMLLINT 'test_have_command xmllint'
# the classroom page's test-time packages (npm ci --prefix tests/browser)
test_lazy_prereq HTML_VALIDATE '
	test_have_command node &&
	{ [ -x "$top/tests/browser/node_modules/.bin/html-validate" ] ||
		prereq_missing "the test-time node packages are not installed (npm ci --prefix tests/browser)"; }
'
test_lazy_prereq BROWSER '
	test_have_command node &&
	{ [ -d "$top/tests/browser/node_modules/playwright-core" ] ||
		prereq_missing "the test-time node packages are not installed (npm ci --prefix tests/browser)"; } &&
	{ [ -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
		prereq_missing "Chromium is not installed (${CHROMIUM:-/usr/bin/chromium})"; }
'

# compare EXPECT ACTUAL: a unified diff, and failure, when they differ.
compare() {
	diff -u "$1" "$2"
}

# expect_status WANT COMMAND...: run COMMAND (bounded), check its status.
expect_status() {
	want=$1
	shift
	bounded "$bound" "$@"
	got=$?
	[ "$got" -eq "$want" ] && return 0
	echo "exit status $got, expected $want: $*"
	return 1
}
