#!/bin/sh
# Lab mode: other people's programs as commands (-s, -c, lesson keys),
# golden patterns with repeated lines (-g), the Python example of
# tests/grading-example, and commands that cannot run.  Programs that
# never listen, hang or go astray: t4300.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
# shellcheck source=tests/lib-grading.sh
. "$top/tests/lib-grading.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN
example=$top/tests/grading-example
# shellcheck disable=SC2034 # used inside the test bodies
golden=$example/assignment-1.flags

# --- repeated lines in a golden pattern (recorded text) -------------------

test_expect 'a repeated block matches two data segments, each acknowledged' '
	lab_capture -o "$PWD" -g "$golden" -r "$top/tests/data/two-sends.txt" &&
	tail -n 1 out | grep -qx "match: 10 packets, as in $golden" ||
	    { echo "exit $status"; cat out err; exit 1; }
'

test_expect 'a repeated block matches one copy of it too' '
	lab_capture -o "$PWD" -g "$golden" -r "$top/captures/handshake.txt" &&
	tail -n 1 out | grep -qx "match: 8 packets, as in $golden" ||
	    { echo "exit $status"; cat out err; exit 1; }
'

test_expect 'two data segments under one ACK do not match the block: diff, exit 1' '
	sed 5d "$top/tests/data/two-sends.txt" >one-ack.txt &&
	[ "$(grep -c "Flags" one-ack.txt)" -eq 9 ] &&
	lab_capture -o "$PWD" -g "$golden" -r "$PWD/one-ack.txt"
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	sed -n "/^MISMATCH/,\$p" out >actual &&
	cat >expect <<-EOT &&
	MISMATCH: the packets differ from $golden
	--- expected ($golden)
	+++ captured
	@@ -2,6 +2,7 @@
	 server S.
	 client .
	 server P.
	+server P.
	 client .
	 server F.
	 client F.
	first difference: packet 5, server P. (the pattern: client .)
	EOT
	compare expect actual
'

test_expect 'a course'"'"'s lesson file, named by its path: its golden pattern beside it' '
	lab_capture -o "$PWD" -r "$top/tests/data/two-sends.txt" tests/grading-example/assignment-1 &&
	tail -n 1 out | grep -qx "match: 10 packets, as in tests/grading-example/assignment-1.flags" ||
	    { echo "exit $status"; cat out err; exit 1; }
	printf "summary=x\ncolour=red\n" >my-lesson &&
	lab_capture -o "$PWD" -r "$top/captures/handshake.txt" "$PWD/my-lesson"
	[ $status -eq 2 ] || { echo "exit $status"; cat out err; exit 1; }
	echo "capture.sh: $PWD/my-lesson: unknown key '"'"'colour'"'"'" >expect &&
	compare expect err
'

test_expect '-g with a file that is not there: one line, exit 2' '
	lab_capture -g no-such.flags -r "$top/captures/handshake.txt"
	[ $status -eq 2 ] || { echo "exit $status"; cat out err; exit 1; }
	echo "capture.sh: cannot read the golden pattern no-such.flags" >expect &&
	compare expect err
'

test_expect 'a command with ; or $( outside quotes: one line, exit 2' '
	lab_capture -c "./client {address} {port}; rm -rf /"
	[ $status -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] &&
	grep -q "^capture.sh: the client command must be one program and its arguments" err ||
	    { echo "exit $status"; cat out err; exit 1; }
	lab_capture -s "./server \"\$(id)\""
	[ $status -eq 2 ] && grep -q "^capture.sh: the server command must be one program" err ||
	    { echo "exit $status"; cat out err; exit 1; }
'

test_expect 'a program that is not there fails at once: one line, exit 1' '
	lab_capture -s "no-such-program {port}"
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	echo "capture.sh: cannot run the server command: no-such-program: no such program here" >expect &&
	compare expect err && [ ! -s out ]
'

# --- live --------------------------------------------------------------

# as_commands LESSON: capture LESSON with this repository's own programs,
# given as commands; say "LESSON: VERDICT" in LESSON.result.
as_commands() {
	options() { sed -n "s/^$1=//p" "$top/lessons/$2"; }
	lesson=$1 server=$(options server "$1") client=$(options client "$1")
	set -- -c "./client $client {address} {port}"
	[ "$server" = none ] || set -- "$@" -s "./server $server {port}"
	dir=$PWD/cmd
	(cd "$top" && bounded 60 sh scripts/capture.sh -o "$dir" "$@" "$lesson") \
	    >"$lesson.out" 2>&1
	echo "$lesson: $? $(tail -n 1 "$lesson.out")" >"$lesson.result"
}

# Every lesson on one network; those that lose a packet need nft and a
# namespace of their own.
set -- -e '^network=two-hosts'
if ! test_have_prereq NFT,NETNS; then
	set -- "$@" -e '^lose=.'
fi
# shellcheck disable=SC2034 # used inside the test body
# (lessons/NAME.md is a lesson's sheet, not a lesson)
# (a delay line's lessons are t4100's: they need a TUN device)
loopback=$(cd "$top/lessons" && grep -L -e '^address=.*:' -e '^network=delay-line' "$@" -- * | grep -v '\.')
test_expect LIVE "this repository's programs, given as commands, match every loopback lesson on IPv4" '
	for lesson in $loopback; do
		as_commands "$lesson"
	done
	for lesson in $loopback; do
		grep -q "^$lesson: 0 match: " "$lesson.result" || { cat "$lesson.out"; exit 1; }
	done
'

test_expect LIVE "this repository's programs, given as commands, match the ipv6 lesson" '
	as_commands ipv6
	no_ipv6_in ipv6.out
	grep -q "^ipv6: 0 match: " ipv6.result || { cat ipv6.out; exit 1; }
'

test_expect LIVE,PYTHON 'the Python example pair matches the handshake golden' '
	lab_capture -o "$PWD/py" -s "python3 tests/grading-example/server.py {port}" \
	    -c "python3 tests/grading-example/client.py {address} {port}" &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/handshake.flags" &&
	grep -qx "== client (exit 0)" py/handshake.log &&
	grep -q "^welcome to our server\. timestamp on server: " py/handshake.log ||
	    { echo "exit $status"; cat out err py/handshake.log; exit 1; }
'

test_expect LIVE,PYTHON 'a client that closes without reading: MISMATCH, exit 1, a reset' '
	lab_capture -o "$PWD/py" -s "python3 tests/grading-example/server.py {port}" \
	    -c "python3 tests/grading-example/client-hangs-up.py {address} {port}"
	[ $status -eq 1 ] && grep -q "^MISMATCH" out &&
	grep -q "^likely cause: a reset (R)" out ||
	    { echo "exit $status"; cat out err; exit 1; }
'

test_expect LIVE,PYTHON 'the lesson keys: a course lesson with its own programs and golden' '
	scratch_repo &&
	cp "$example/assignment-1" repo/lessons/ &&
	cp "$golden" repo/captures/ &&
	mkdir -p repo/tests && cp -R "$example" repo/tests/ &&
	(cd repo && bounded 60 sh scripts/capture.sh -o "$PWD/course" assignment-1) >out 2>err &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/assignment-1.flags" ||
	    { cat out err; exit 1; }
'

test_expect LIVE,PYTHON 'a lesson that expects another exit status: exit 1, says both' '
	scratch_repo &&
	sed "s/^client_exit=0/client_exit=3/" "$example/assignment-1" >repo/lessons/assignment-1 &&
	cp "$golden" repo/captures/ &&
	mkdir -p repo/tests && cp -R "$example" repo/tests/ &&
	(cd repo && bounded 60 sh scripts/capture.sh -o "$PWD/course" assignment-1) >out 2>err
	status=$?
	[ $status -eq 1 ] && cat err &&
	grep -q "^capture.sh: the client exited with 0, the lesson expects 3" err ||
	    { echo "exit $status"; cat out err; exit 1; }
'

test_done
