# The offline path under one awk and one shell, compared with this
# machine's own: shared by t3200 (the awks) and t3300 (the shells), which
# run side by side.  Sourced after tests/harness.sh, which sets top.
# shellcheck shell=sh disable=SC2154
# shellcheck source=tests/lib-grading.sh
. "$top/tests/lib-grading.sh"

# shellcheck disable=SC2034 # used inside the test bodies
# every lesson: lessons/NAME, not NAME.md, its sheet
lessons=$(cd "$top/lessons" && for name in *; do case $name in *.*) ;; *) echo "$name" ;; esac; done)

# outputs LESSON...: what the offline path prints for these lessons (the
# SVG, and the --explain ladder, which holds the plain one; make replay
# for the first), and for every odd capture made by hand in tests/data,
# with exit statuses, and grade.sh's formats of made-up results; with every_capture=1 (the awks' turn), also the
# --explain ladder of the captures written to try the reading of text
# (written/, tcpdump's other forms, the oddest recordings), one SVG of
# hostile bytes, and the graph, --tsv and --list (times, windows, round
# trips, rates) of a few.
# Run with ./shim first on PATH.
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
		# the odd captures made by hand (a recording has its pcap beside it)
		[ ! -f "${capture%.txt}.pcap" ] || continue
		echo "== capture.sh -r ${capture##*/}"
		sh "$top/scripts/capture.sh" -o out -r "$capture"
		echo "exit $?"
	done
	# the shells' part of the formats is the same in either form
	grade_formats grades-fixture "tap${every_capture:+ lines}"
	[ -z "${every_capture:-}" ] && return
	data=$top/tests/data
	for capture in "$data"/written/*.txt "$data"/forms/closing-v.txt \
	    "$data"/forms/closing-e.txt "$data"/forms/closing-ttt.txt \
	    "$data"/forms/closing-nano.txt "$data"/forms/handshake-relative.txt \
	    "$data"/twice.txt "$data"/zero-window.txt "$data"/self.txt \
	    "$data"/closing.txt "$data"/fast-open.txt "$data"/keepalive.txt; do
		echo "== ladder.sh --explain ${capture#"$data"/}"
		sh "$top/scripts/ladder.sh" --explain "$capture"
	done
	sh "$top/scripts/ladder.sh" --svg "$data/written/hostile.txt"
	# past the room the reading makes at first for the packets, 1,024, then
	# twice as much (read/connections.awk; not under gawk)
	"$awk" -v packets=1100 -f "$top/scripts/lib/bench/transfer.awk" >long.txt
	echo "== ladder.sh --tsv of 1,100 packets"
	sh "$top/scripts/ladder.sh" --tsv <long.txt | cksum
	# the measures and the graph: times, windows, round trips, rates
	for capture in "$data"/bulk.txt "$data"/zero-window.txt "$data"/others.txt \
	    "$data"/written/dupack-nosack.txt "$data"/written/needless.txt \
	    "$data"/forms/closing-ttt.txt "$top"/captures/lost-data.txt; do
		for option in --graph --tsv --list; do
			echo "== ladder.sh $option ${capture#"$top"/}"
			sh "$top/scripts/ladder.sh" "$option" "$capture"
		done
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
# this machine's own awk and sh, which t3000 and t4100 check against golden files.
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

