#!/bin/sh
# Lab mode: programs that fail as a student's can (never listen, hang,
# connect elsewhere, never connect): each run ends within its bound, says
# why in one line, and leaves nothing behind.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN

# The programs that hang are named by paths of this run's own, so that
# another checkout's run beside this one is never taken for ours.
idle=$scratch/idle
: >"$idle"

# nothing_left DIR: no process of ours, and no scratch file in DIR.
nothing_left() {
	left=$(pgrep -a -f "^tail -f $idle\$|^$bin/client -d 60000")
	[ -z "$left" ] || { echo "left running: $left"; return 1; }
	no_scratch_in "$1"
}

# gives_up DIR MESSAGE ARGS...: capture.sh ARGS, bounded at 2 s (1 s was
# once too short for tcpdump to start on a busy machine), ends within that
# bound with exit 1 and one line that begins "gave up after 2 s" and
# matches MESSAGE (a grep pattern), and leaves nothing behind.
gives_up() {
	dir=$1 message=$2
	shift 2
	started=$(date +%s)
	CAPTURE_TIMEOUT=2 lab_capture -o "$PWD/$dir" "$@"
	[ "$status" -eq 1 ] && [ $(($(date +%s) - started)) -le 10 ] && cat err &&
	[ "$(complaints err | wc -l)" -eq 1 ] &&
	grep -q "^capture.sh: gave up after 2 s (CAPTURE_TIMEOUT) waiting for $message" err &&
	nothing_left "$dir"
}

test_expect LIVE 'a server that never listens: exit 1 within the bound, one line' '
	gives_up never "the server to listen on port 20000; the server said: warming up" \
	    -s "sh -c '"'"'echo warming up; exec tail -f $idle'"'"'"
'

test_expect LIVE 'a client that hangs: exit 1 within the bound, one line' '
	gives_up hang "the client to finish" -c "$bin/client -d 60000 {address} {port}"
'

test_expect LIVE 'a client that connects to another port: exit 1 within the bound, with what it said' '
	gives_up astray "the connection.s last packet .*; the client exited (status 1) and said: client: connect to 127.0.0.1 port 20001: Connection refused; see " \
	    -c "./client {address} 20001"
'

test_expect NETNS 'a client that never connects fails at once, one line' '
	lab_capture -o "$PWD/never" -c "./client -d 1"
	[ $status -eq 1 ] && cat err && [ "$(wc -l <err)" -eq 1 ] &&
	grep -q "^capture.sh: the client exited (status 2) without connecting to 127.0.0.1 port 20000; it said: usage: client" err &&
	nothing_left never
'

test_done
