# tests/lib.sh - a small TAP harness in the manner of git's t/test-lib.sh.
# shellcheck disable=SC2034 # it sets variables for the test scripts
# A test script sets its name, sources this file, calls test_expect and
# friends, and ends with test_done.  Each script works in its own scratch
# folder, tests/scratch/NAME, which test_done removes when all passed.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$top" && cd "${HANDSHAKE_BIN:-.}" && pwd)
scratch=$top/tests/scratch/$(basename "$0" .sh)
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$scratch" || exit 1
tests=0 passed=0 failed=0 skipped=0

# Every program a test starts runs under timeout(1) with this bound, and
# every test as a whole under a watchdog with the longer one: nothing may
# hang the suite, not even a shell waiting on a FIFO.
bound=${TEST_BOUND:-20}
test_timeout=${TEST_TIMEOUT:-120}

# test_expect NAME SCRIPT: run SCRIPT; on failure show what it printed.
test_expect() {
	tests=$((tests + 1))
	(eval "$2") >"$scratch/log" 2>&1 &
	body=$!
	# the watchdog kills the test after $test_timeout s, and its own
	# sleep, by PID, when it is told to stop
	sh -c 'sleep "$1" & nap=$!
		trap "kill \$nap; wait \$nap; exit 0" TERM
		wait "$nap" && kill -TERM "$2" 2>/dev/null &&
			echo "timed out after $1 s" >>"$3"' \
	    watchdog "$test_timeout" "$body" "$scratch/log" >/dev/null 2>&1 &
	watchdog=$!
	wait "$body" >/dev/null 2>&1	# dash would say "Terminated"
	status=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" >/dev/null 2>&1
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $tests - $1"
	else
		failed=$((failed + 1))
		echo "not ok $tests - $1"
		sed 's/^/#	/' "$scratch/log"
	fi
}

# test_skip NAME REASON: a test this machine cannot run.  Under CI=true the
# machine is expected to run everything, so a skip there is a failure.
test_skip() {
	tests=$((tests + 1))
	if [ "${CI:-}" = true ]; then
		failed=$((failed + 1))
		echo "not ok $tests - $1 # skipped under CI=true: $2"
	else
		skipped=$((skipped + 1))
		echo "ok $tests # skip $1 ($2)"
	fi
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
	timeout "$bound" "$@"
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
	exec 6<&0
	timeout "$bound" "$@" <&6 >server.fifo 2>server.err &
	server_pid=$!
	exec 6<&-
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

# needs_ipv6: true when this machine can talk IPv6 over loopback.
has_ipv6() {
	[ -r /proc/net/if_inet6 ] && grep -q ' lo$' /proc/net/if_inet6
}

# live_reason: why this machine cannot capture live; empty when it can.
live_reason() {
	command -v tcpdump >/dev/null || { echo "tcpdump is not installed"; return; }
	unshare --net true 2>/dev/null && return
	unshare --map-auto --map-root-user --net true 2>/dev/null && return
	echo "needs root, or user namespaces with subordinate ids"
}

# live NAME SCRIPT: a test that captures for real; it skips, saying why,
# where this machine cannot capture (and so fails under CI=true).
live() {
	[ -n "${cannot_capture+set}" ] || cannot_capture=$(live_reason)
	if [ -z "$cannot_capture" ]; then
		test_expect "$1" "$2"
	else
		test_skip "$1" "$cannot_capture"
	fi
}

# scratch_repo: a copy of the scripts and data in ./repo, to mutate.
scratch_repo() {
	rm -rf repo && mkdir -p repo/captures &&
	cp -R "$top/scripts" "$top/lessons" repo/ &&
	cp "$top"/captures/*.flags repo/captures/
}

# interrupt LESSON [PACKET [SIGNAL TARGET]]: capture LESSON into int-LESSON
# and, once tcpdump has printed PACKET (a pattern; none: as soon as the
# capture starts), send SIGNAL (INT) to TARGET: "group" (the default, as a
# terminal's Ctrl-C would) or "pid" (capture.sh alone).  Nothing it started
# may be left: no process, no hidden file; and it exits 128 + SIGNAL.
interrupt() {
	rm -rf run.fifo tail.fifo "int-$1" && mkfifo run.fifo tail.fifo || return 1
	setsid env --default-signal=INT sh "$top/scripts/capture.sh" -o "int-$1" "$1" \
	    >run.fifo 2>&1 &
	session=$!
	exec 5<run.fifo
	# the second line comes just before the exchange starts
	read -r _ <&5 && read -r _ <&5 || return 1
	if [ -n "${2:-}" ]; then
		timeout 10 tail -n +1 -F "int-$1/$1.txt" >tail.fifo 2>/dev/null &
		tail_pid=$!
		grep -m 1 -q "$2" <tail.fifo
		found=$?
		kill "$tail_pid"
		[ $found -eq 0 ] || { echo "never saw $2"; return 1; }
	fi
	case ${4:-group} in
	group) kill "-${3:-INT}" "-$session" ;;
	pid) kill "-${3:-INT}" "$session" ;;
	esac
	cat <&5 >rest
	wait "$session"
	status=$?
	exec 5<&-
	left=$(ps -o pid=,stat=,args= -s "$session")
	[ -z "$left" ] || { echo "left running: $left"; return 1; }
	for hidden in "int-$1"/.[!.]*; do
		[ ! -e "$hidden" ] || { echo "left behind: $hidden"; return 1; }
	done
	case ${3:-INT} in INT) want=130 ;; TERM) want=143 ;; esac
	[ "$status" -eq "$want" ] || { echo "exit $status"; cat rest; return 1; }
}
