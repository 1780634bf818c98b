#!/bin/sh
# Portability: the offline path (ladder, SVG, --explain, capture.sh -r,
# make replay) prints the same bytes under every awk and every shell this
# machine has; the programs build and pass their tests with musl; the
# harness bounds programs without timeout(1) and skips without failing
# unless HANDSHAKE_STRICT=1.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2034 # used inside the test bodies
lessons=$(cd "$top/lessons" && echo *)

# outputs LESSON...: what the offline path prints for these lessons (the
# SVG, and the --explain ladder, which holds the plain one; make replay
# for the first), and for every odd capture in tests/data, with exit
# statuses; run with ./shim first on PATH.
outputs() {
	make -s -C "$top" replay LESSON="$1"
	for lesson do
		capture=$top/captures/$lesson.txt
		for option in --svg --explain; do
			echo "== ladder.sh $option $lesson"
			sh "$top/scripts/ladder.sh" "$option" "$capture"
		done
		echo "== capture.sh -r $lesson"
		sh "$top/scripts/capture.sh" -o out -r "$capture" "$lesson"
		echo "exit $?"
		cat "out/$lesson.flags"
	done
	for capture in "$top"/tests/data/*.txt; do
		echo "== capture.sh -r ${capture##*/}"
		sh "$top/scripts/capture.sh" -o out -r "$capture"
		echo "exit $?"
	done
}

# shim AWK SH: ./shim/awk and ./shim/sh are these programs (busybox: its
# applets).
shim() {
	rm -rf shim && mkdir shim &&
	ln -s "$1" shim/awk && ln -s "$2" shim/sh
}

# where AWK-OR-SHELL: its program, or nothing when not installed.
where() {
	case $1 in
	busybox*) command -v busybox ;;
	*) command -v "$1" ;;
	esac
}

# Every awk and every shell reads every lesson; each is compared with
# this machine's own awk and sh, which t3 and t4 check against golden files.
awk=$(command -v awk) sh=$(command -v sh)
test_expect "the offline path under this machine's awk and sh" '
	shim "$awk" "$sh" &&
	PATH=$PWD/shim:$PATH outputs $lessons >reference 2>&1
'

# same NAME PROGRAM awk|sh: PROGRAM, as this machine's awk or sh, prints
# the same.
same() {
	if [ -z "$2" ]; then
		test_skip "the offline path under $1 prints the same bytes" "$1 is not installed"
		return
	fi
	# shellcheck disable=SC3013 # -ef: every shell the tests run under has it
	if [ "$2" -ef "$awk" ] || [ "$2" -ef "$sh" ]; then
		echo "# $1 is this machine's own $3: the reference above"
		return
	fi
	case $3 in
	awk) set -- "$1" "$2" "$sh" ;;
	sh) set -- "$1" "$awk" "$2" ;;
	esac
	test_expect "the offline path under $1 prints the same bytes" "
		shim '$2' '$3' &&
		PATH=\$PWD/shim:\$PATH outputs \$lessons >actual 2>&1 &&
		compare reference actual
	"
}

for name in gawk mawk original-awk busybox-awk; do
	same "$name" "$(where "$name")" awk
done
for name in dash bash busybox-sh yash posh; do
	same "$name" "$(where "$name")" sh
done

musl_why=''
command -v musl-gcc >/dev/null 2>&1 || musl_why="musl-gcc is not installed"
test_with "$musl_why" 'musl: the programs build without a warning and pass their tests' '
	mkdir -p musl &&
	for program in server client; do
		musl-gcc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror \
		    -D_POSIX_C_SOURCE=200809L -o "musl/$program" \
		    "$top/$program.c" "$top/number.c" || exit 1
	done &&
	HANDSHAKE_BIN=$PWD/musl sh "$top/tests/t1-programs.sh"
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
	printf "%s\n" ". \"$top/tests/lib.sh\"" \
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

test_done
