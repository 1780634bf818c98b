#!/bin/sh
# The code itself: C that builds without a warning under gcc and clang, and
# shell that ShellCheck finds nothing in.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"

test_lazy_prereq GCC 'test_have_command gcc'
test_lazy_prereq CLANG 'test_have_command clang'
test_lazy_prereq SHELLCHECK 'test_have_command shellcheck'

# builds_clean COMPILER: both programs, the delay line and the test peer, -Werror.
builds_clean() {
	for source in server.c client.c delayline.c number.c tcpinfo.c tests/peer.c; do
		"$1" -std=c99 -Wall -Wextra -Wpedantic -Werror \
		    -D_POSIX_C_SOURCE=200809L -fsyntax-only "$top/$source" ||
			return 1
	done
}

test_expect GCC 'C99 builds without a warning under gcc' 'builds_clean gcc'
test_expect CLANG 'C99 builds without a warning under clang' 'builds_clean clang'

# ShellCheck takes seconds of one CPU: two of them, each on every other
# file.  About 11 s of CPU alone; where two test suites and a grading
# share two CPUs (tests/machines.sh two-at-once) more than two minutes:
# this test's bound is ten minutes.
test_timeout=600
test_expect SHELLCHECK 'ShellCheck (POSIX sh) finds nothing in the scripts' '
	cd "$top" || exit 1
	one="" other=""
	for file in scripts/*.sh scripts/lib/*.sh scripts/lib/*/*.sh tests/*.sh .ci/run \
	    tests/grading-example/class.sh tests/grading-example/ci/run_autograder \
	    tests/grading-example/ci/setup.sh; do
		swap=$one one="$other $file" other=$swap
	done
	bounded 590 shellcheck -s sh -x $one >"$scratch/one.out" 2>&1 &
	first=$!
	bounded 590 shellcheck -s sh -x $other
	second=$?
	wait "$first"
	first=$?
	cat "$scratch/one.out"
	[ "$first" -eq 0 ] && [ "$second" -eq 0 ]
'
test_timeout=${TEST_TIMEOUT:-120}

test_expect 'every command in scripts/ can be run as the docs show it (scripts/NAME.sh)' '
	for command in "$top"/scripts/*.sh; do
		[ -x "$command" ] || { echo "not executable: $command"; exit 1; }
	done
'

test_expect 'make install puts both programs under DESTDIR, uninstall removes them' '
	make -s -C "$top" install DESTDIR="$PWD/root" PREFIX=/usr >/dev/null &&
	test -x root/usr/bin/handshake-server && test -x root/usr/bin/handshake-client &&
	make -s -C "$top" uninstall DESTDIR="$PWD/root" PREFIX=/usr &&
	[ -z "$(find root -type f)" ]
'

test_done
