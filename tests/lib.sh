# tests/lib.sh - a small TAP harness in the manner of git's t/test-lib.sh.
# shellcheck disable=SC2034 # it sets variables for the test scripts
# A test script sets its name, sources this file, calls test_expect and
# friends, and ends with test_done.  Each script works in its own scratch
# folder, tests/scratch/NAME, which test_done removes when all passed.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$top" && cd "${HANDSHAKE_BIN:-.}" && pwd)
# a build of its own (make check, musl) gets a scratch folder of its own
scratch=$top/tests/scratch/$(basename "$0" .sh)${HANDSHAKE_BIN:+-${HANDSHAKE_BIN##*/}}
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$scratch" || exit 1
tests=0 passed=0 failed=0 skipped=0

# Every program a test starts runs bounded in time, and every test as a
# whole under a watchdog with the longer bound: nothing may hang the
# suite, not even a shell waiting on a FIFO.
bound=${TEST_BOUND:-20}
test_timeout=${TEST_TIMEOUT:-120}

# watchdog SECONDS PID [NOTE]: in the background, TERM PID after SECONDS
# (and append NOTE to ./log); $! is the watchdog, which, told TERM, stops
# its sleep and leaves.  KILL, for the sleep: a TERM can be lost on a
# child that has not exec'd yet (it still runs its parent's trap).
watchdog() {
	sh -c 'trap "kill -KILL \${!:-} 2>/dev/null; exit 0" TERM
		sleep "$1" & wait $! || exit 0
		if kill -TERM "$2" 2>/dev/null && [ -n "$3" ]; then
			echo "$3" >>"$4"
		fi' \
	    watchdog "$1" "$2" "${3:-}" "$scratch/log" >/dev/null 2>&1 &
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

# test_expect NAME SCRIPT: run SCRIPT; on failure show what it printed.
# SCRIPT may end itself as a skip with skip_test, for what only trying
# tells (IPv6 switched off, as in a container).
test_expect() {
	tests=$((tests + 1))
	rm -f "$scratch/skip"
	(eval "$2") >"$scratch/log" 2>&1 &
	body=$!
	watchdog "$test_timeout" "$body" "timed out after $test_timeout s"
	dog=$!
	wait "$body" >/dev/null 2>&1	# dash would say "Terminated"
	status=$?
	kill "$dog" 2>/dev/null
	wait "$dog" >/dev/null 2>&1
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $tests - $1"
	elif [ "$status" -eq 77 ] && [ -s "$scratch/skip" ]; then
		tests=$((tests - 1))
		test_skip "$1" "$(cat "$scratch/skip")"
	else
		failed=$((failed + 1))
		echo "not ok $tests - $1"
		sed 's/^/#	/' "$scratch/log"
	fi
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
	tests=$((tests + 1))
	if [ "${HANDSHAKE_STRICT:-}" = 1 ]; then
		failed=$((failed + 1))
		echo "not ok $tests - $1 # skipped under HANDSHAKE_STRICT=1: $2"
	else
		skipped=$((skipped + 1))
		echo "ok $tests # skip $1 ($2)"
	fi
}

# test_with REASON NAME SCRIPT: run the test, or skip it when REASON (why
# this machine cannot) is not empty.
test_with() {
	if [ -z "$1" ]; then
		test_expect "$2" "$3"
	else
		test_skip "$2" "$1"
	fi
}

# reasons WHY...: the reasons that are given, one line, "; " between.
reasons() {
	joined=''
	for why do
		[ -z "$why" ] || joined=${joined:+$joined; }$why
	done
	echo "$joined"
}

test_done() {
	echo "1..$tests"
	echo "# $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] && cd "$top" && rm -rf "$scratch"
	[ "$failed" -eq 0 ]
}

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

# start_server PROGRAM [ARGS]: start a listening program (bounded), wait
# for its "listening on port N" line, set $port and $server_pid; the rest
# of its stdout goes to server.out, its stderr to server.err.  It reads the
# caller's stdin (a background job would otherwise get /dev/null).
start_server() {
	rm -f server.fifo server.out
	mkfifo server.fifo
	exec 7<&0
	bounded "$bound" "$@" <&7 >server.fifo 2>server.err &
	server_pid=$!
	exec 7<&-
	exec 7<server.fifo
	if ! IFS= read -r line <&7; then
		exec 7<&-
		echo "$1 did not say it listens: $(cat server.err)"
		return 1
	fi
	port=${line##* }
	cat <&7 >server.out &
	drain_pid=$!
	exec 7<&-
	rm -f server.fifo
}

# finish_server WANT: wait for the server to exit with status WANT.
finish_server() {
	wait "$server_pid"
	got=$?
	wait "$drain_pid"
	[ "$got" -eq "$1" ] && return 0
	echo "server exit status $got, expected $1; stderr:"
	cat server.err
	return 1
}

# no_ipv6_in FILE: when capture.sh's output in FILE says that this machine
# has IPv6 switched off (Docker's default), skip the test, saying so.
no_ipv6_in() {
	! grep -q "needs IPv6, which is disabled on this machine" "$1" ||
		skip_test "IPv6 is disabled on this machine"
}

# has_ipv6: true when this machine can talk IPv6 over loopback.
has_ipv6() {
	[ -r /proc/net/if_inet6 ] && grep -q ' lo$' /proc/net/if_inet6
}

# has_sys_admin: this process has CAP_SYS_ADMIN (bit 21 of CapEff), which
# root in a container lacks.
has_sys_admin() {
	awk '$1 == "CapEff:" {
		low = substr($2, length($2) - 7)
		n = 0
		for (i = 1; i <= 8; i++)
			n = n * 16 + index("0123456789abcdef", substr(low, i, 1)) - 1
		exit int(n / 2097152) % 2 == 0
	}' /proc/self/status 2>/dev/null
}

# --- live captures -----------------------------------------------------

# live_probe: how this machine captures, found the way a user finds it: a
# capture of the handshake.  Prints "namespace", "host" (the host's lo) or
# "none:" and capture.sh's reason.
live_probe() {
	CAPTURE_TIMEOUT=${CAPTURE_TIMEOUT:-20} sh "$top/scripts/capture.sh" \
	    -o "$scratch/probe" >"$scratch/probe.out" 2>"$scratch/probe.err"
	status=$?
	if [ "$status" -eq 3 ]; then
		echo "none:$(tail -n 1 "$scratch/probe.err")"
	elif grep -q "^capturing on the host's lo" "$scratch/probe.out"; then
		echo host
	elif grep -q "^capturing in a private network namespace" "$scratch/probe.out"; then
		echo namespace
	else
		echo "none:the probe capture failed: $(tail -n 1 "$scratch/probe.err")"
	fi
	rm -rf "$scratch/probe" "$scratch/probe.out" "$scratch/probe.err"
}

# live_mode: namespace, host or none, from tests/run.sh's probe when it
# made one (HANDSHAKE_LIVE), else from our own; live_reason says why none.
[ -n "${HANDSHAKE_LIVE:-}" ] || HANDSHAKE_LIVE=$(live_probe)
live_mode=${HANDSHAKE_LIVE%%:*}
live_reason=${HANDSHAKE_LIVE#none:}
[ "$live_mode" != none ] || live_reason=${live_reason#capture.sh: }

# live NAME SCRIPT [REASON]: a test that captures for real, in a namespace
# or on the host's lo, whichever this machine gives; it skips, saying why,
# where it cannot capture at all, or when REASON (a further need it lacks)
# is given.
live() {
	if [ "$live_mode" = none ]; then
		test_skip "$1" "$live_reason"
	else
		test_with "${3:-}" "$1" "$2"
	fi
}

# isolated NAME SCRIPT [REASON]: the same, for a test that needs network
# namespaces.
isolated() {
	case $live_mode in
	namespace) test_with "${3:-}" "$1" "$2" ;;
	host) test_skip "$1" "needs network namespaces; this machine captures on the host's lo" ;;
	*) test_skip "$1" "$live_reason" ;;
	esac
}

# complaints FILE: capture.sh's stderr in FILE, but for its warning that it
# captures on the host's lo, which there comes with every capture.
complaints() {
	grep -v "^capture.sh: no private network namespace here (.*); capturing on the host's lo" "$1"
}

# capture_header: the line capture.sh prints for this machine's isolation.
capture_header() {
	case $live_mode in
	host) echo "capturing on the host's lo, NOT isolated" ;;
	*) echo "capturing in a private network namespace" ;;
	esac
}

# scratch_repo: a copy of the scripts and data in ./repo, to mutate.
scratch_repo() {
	rm -rf repo && mkdir -p repo/captures &&
	cp -R "$top/scripts" "$top/lessons" repo/ &&
	cp "$top"/captures/*.flags repo/captures/
}

# interrupt_reason: why this machine cannot send a terminal's Ctrl-C to a
# capture (setsid and env --default-signal start one the way a shell would).
interrupt_reason() {
	command -v setsid >/dev/null 2>&1 || { echo "setsid is not installed"; return; }
	env --default-signal=INT true 2>/dev/null ||
		echo "env has no --default-signal (GNU coreutils 8.31 or later)"
}

# no_scratch_in DIR: none of a capture's hidden scratch files is left in DIR.
no_scratch_in() {
	for hidden in "$1"/.[!.]*; do
		[ ! -e "$hidden" ] || { echo "left behind: $hidden"; return 1; }
	done
}

# interrupt LESSON [PACKET [SIGNAL TARGET]]: capture LESSON into int-LESSON
# and, once tcpdump has printed PACKET (a pattern; none: as soon as the
# capture starts), send SIGNAL (INT) to TARGET: "group" (the default, as a
# terminal's Ctrl-C would) or "pid" (capture.sh alone).  Nothing it started
# may be left: no process, no hidden file, and no result in int-LESSON (a
# stopped run changes none); it exits 128 + SIGNAL.  ./seen holds all it
# printed.
interrupt() {
	rm -rf run.fifo "int-$1" && mkfifo run.fifo || return 1
	setsid env --default-signal=INT sh "$top/scripts/capture.sh" -o "int-$1" "$1" \
	    >run.fifo 2>&1 &
	session=$!
	exec 5<run.fifo
	# the second line comes as the exchange starts; packets follow
	: >seen
	for _ in 1 2; do
		IFS= read -r line <&5 || {
			echo "capture.sh ended before the exchange started"
			return 1
		}
		echo "$line" >>seen
	done
	if [ -n "${2:-}" ]; then
		while IFS= read -r line <&5; do
			echo "$line" >>seen
			case $line in *"$2"*) break ;; esac
		done
	fi
	case ${4:-group} in
	group) kill "-${3:-INT}" "-$session" ;;
	pid) kill "-${3:-INT}" "$session" ;;
	esac
	cat <&5 >rest
	wait "$session"
	status=$?
	exec 5<&-
	cat rest >>seen
	left=$(ps -o pid=,stat=,args= -s "$session")
	[ -z "$left" ] || { echo "left running: $left"; return 1; }
	no_scratch_in "int-$1" || return 1
	for result in "int-$1"/*; do
		[ ! -e "$result" ] || { echo "a stopped run wrote $result"; return 1; }
	done
	case ${3:-INT} in INT) want=130 ;; TERM) want=143 ;; esac
	[ "$status" -eq "$want" ] || { echo "exit $status"; cat seen; return 1; }
}

# lab_capture ARGS: capture.sh from the top folder (where commands are read
# from), bounded; stdout to ./out, stderr to ./err, exit status in $status.
lab_capture() {
	(cd "$top" && bounded 60 sh scripts/capture.sh "$@") >out 2>err
	status=$?
}

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
