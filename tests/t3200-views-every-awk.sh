#!/bin/sh
# Portability, awks: the offline path (ladder, SVG, --explain, capture.sh
# -r, make replay) prints the same bytes under every awk this machine has
# (the shells: t3300); the programs build and pass their tests with musl; the
# harness bounds programs without timeout(1), skips without failing
# unless HANDSHAKE_STRICT=1, says why a test failed and stops at the first
# failure with -i.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# the awks read every capture: what they do with the text differs most
# shellcheck disable=SC2034 # read by tests/portable.sh
every_capture=1
# shellcheck source=tests/portable.sh
. "$top/tests/portable.sh"

for name in gawk mawk original-awk busybox-awk; do
	same "$name" "$(where "$name")" awk
done

test_lazy_prereq MUSL 'test_have_command musl-gcc'
test_expect MUSL 'musl: the programs build without a warning and pass their tests' '
	mkdir -p musl &&
	for program in "server tcpinfo" client; do
		set -- $program
		musl-gcc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror \
		    -D_POSIX_C_SOURCE=200809L -o "musl/$1" \
		    "$top/$1.c" "$top/number.c" ${2:+"$top/$2.c"} || exit 1
	done &&
	HANDSHAKE_BIN=$PWD/musl sh "$top/tests/t1000-programs-run.sh"
'

test_expect 'bounded stops a program that hangs, without timeout(1)' '
	started=$(date +%s) &&
	! bounded 1 "$bin/server" 0 >/dev/null &&
	[ $(($(date +%s) - started)) -le 5 ]
'

# harness RESULT VARIABLES...: a one-test script in ./harness that skips,
# run with VARIABLES set; RESULT is the exit status it must end with.
harness() {
	want=$1
	shift
	mkdir -p harness/tests &&
	printf "%s\n" ". \"$top/tests/harness.sh\"" \
	    "test_skip \"a test\" \"a reason\"" "test_done" >harness/tests/t-skip.sh &&
	env HANDSHAKE_LIVE=none:probe HANDSHAKE_STRICT= CI= "$@" \
	    sh harness/tests/t-skip.sh >harness.out 2>&1
	got=$?
	cat harness.out
	[ "$got" -eq "$want" ]
}

test_expect 'CI=true alone: a skip is a skip, not a failure' '
	harness 0 CI=true &&
	grep -q "^ok 1 # skip a test (a reason)" harness.out
'

test_expect 'HANDSHAKE_STRICT=1: a skip is a failure' '
	harness 1 HANDSHAKE_STRICT=1 &&
	grep -q "^not ok 1 - a test # skipped under HANDSHAKE_STRICT=1: a reason" harness.out
'

# failing [OPTIONS]: harness/tests/t-fail.sh, a script of three tests (the
# second fails printing nothing, the third needs what no machine has), run
# with OPTIONS; its TAP in failing.out.
failing() {
	mkdir -p harness/tests &&
	printf '. "%s/tests/harness.sh"\n' "$top" >harness/tests/t-fail.sh &&
	cat >>harness/tests/t-fail.sh <<-\EOF &&
	test_lazy_prereq NOWHERE 'prereq_missing "nothing has it"'
	test_expect 'passes' 'true'
	test_expect 'fails, printing nothing' '
		status=3 &&
		[ $status -eq 2 ] &&
		echo not reached
	'
	test_expect NOWHERE 'needs what is nowhere' 'true'
	test_done
	EOF
	env HANDSHAKE_STRICT= HANDSHAKE_STOP= sh harness/tests/t-fail.sh "$@" >failing.out 2>&1
	got=$?
	[ "$got" -eq 1 ] || { echo "exit status $got, expected 1"; cat failing.out; return 1; }
}

test_expect 'a test that fails printing nothing: its status and the lines it failed in' '
	failing &&
	sed -n "/^not ok/,/^ok/p" failing.out | sed "s/took [0-9.]* s/took 0.00 s/" >actual &&
	cat >expect <<-\EOT &&
	not ok 2 - fails, printing nothing
	#	(the test printed nothing)
	#	exit status 1 (took 0.00 s); the command that failed is in:
	#	>	[ $status -eq 2 ] &&
	ok 3 # skip needs what is nowhere (nothing has it)
	EOT
	compare expect actual && grep -qx "1\.\.3" failing.out
'

test_expect '-i: the script stops at its first failure' '
	failing -i &&
	grep -qx "1\.\.2" failing.out
'

test_done
