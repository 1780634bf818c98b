#!/bin/sh
# scripts/ladder.sh: the ladder drawn from recorded captures, text and SVG,
# and make replay.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"
data=$top/tests/data

# Golden text: every capture in tests/data with a .ladder or an .explain
# beside it -- odd kinds, the behaviours of tests/behaviours, captures
# written by hand (written/), tcpdump's other forms (forms/) -- drawn in
# plain mode, compared whole (each lesson's own capture is in t4100).
for golden in "$data"/*.ladder "$data"/*.explain "$data"/written/*.ladder \
    "$data"/written/*.explain "$data"/forms/*.explain; do
	input=${golden%.*}.txt
	option=--${golden##*.} view=${golden##*.}
	[ "$option" = --explain ] || option=-- view=ladder
	test_expect "$view of ${input#"$top"/} is ${golden#"$top"/}" "
		ladder $option '$input' >actual &&
		compare '$golden' actual
	"
done

# inputs: every capture the tests hold.
inputs() {
	for input in "$top"/captures/*.txt "$data"/*.txt "$data"/written/*.txt \
	    "$data"/forms/*.txt; do
		echo "$input"
	done
}

# each ARGUMENTS...: the ladder of one of them, in a test that draws
# every capture: unbounded, under the test's own watchdog (as t3400's),
# not one of its own a run (two processes each).
each() {
	sh "$top/scripts/ladder.sh" "$@"
}

# The golden files hold the ladder and explain views of most captures;
# the rest, and every --list, are drawn here.
test_expect 'every text view of every capture fits 80 columns' '
	for input in "$data"/forms/*.txt "$data"/written/hostile.txt; do
		each "$input" && each --explain "$input"
	done >drawn 2>/dev/null
	for input in $(inputs); do
		each --list "$input"
	done >>drawn 2>/dev/null
	awk "length > 80 { print FILENAME \": over 80 columns: \" \$0; bad = 1 }
	    END { exit bad }" "$data"/*.ladder "$data"/*.explain "$data"/written/*.ladder \
	    "$data"/written/*.explain "$data"/forms/*.explain "$data"/lessons/* drawn
'

test_expect 'a long ladder folds its runs of plain packets, a flight each' '
	ladder "$top/captures/slow-start.txt" >actual &&
	grep -q "^ *81139 us |  5-22  18 packets: 9 data segments from the server|$" actual &&
	grep -q "^ ESTABLISHED |<=*>| ESTABLISHED$" actual &&
	[ "$(grep -c "packets: .* data segments from the" actual)" -eq 3 ] &&
	[ "$(wc -l <actual)" -lt 70 ]
'

test_expect 'a fold hides no packet with something to say; --all draws every one' '
	for input in "$data/bulk.txt" "$top/captures/slow-start.txt"; do
		ladder --tsv "$input" >tsv &&
		ladder "$input" >folded &&
		ladder --all "$input" >all &&
		awk -F "\t" "NR > 1 && \$14 !~ /^(data \\([0-9]+ bytes?\\)|ACK of the data|ACK)\$/ { print \$1 }" tsv >notable &&
		[ -s notable ] &&
		while read -r number; do
			grep -q "^ *[0-9]* us |  $number  " folded ||
				{ echo "packet $number of $input is folded"; exit 1; }
		done <notable &&
		[ "$(grep -c "^ *[0-9]* us |  [0-9]*  " all)" -eq "$(($(wc -l <tsv) - 1))" ] &&
		! grep -q "====" all || return 1
	done
'

test_expect 'the same capture on stdin draws the same ladder' '
	ladder <"$top/captures/handshake.txt" >actual &&
	compare "$data/lessons/handshake.ladder" actual
'

test_expect 'no colour when stdout is not a terminal' '
	ladder "$top/captures/handshake.txt" >actual &&
	! grep -q "$(printf "\033")" actual
'

# script(1) gives a program a terminal, where the machine has one to give
test_lazy_prereq TERMINAL '
	test_have_command script &&
	{ script -qec true /dev/null >/dev/null 2>&1 </dev/null ||
		prereq_missing "script(1) cannot make a terminal here (no /dev/pts?)"; }
'
test_expect TERMINAL 'colour on a terminal, none with NO_COLOR=1' '
	script -qec "sh \"$top/scripts/ladder.sh\" \"$top/captures/handshake.txt\"" /dev/null >tty.out </dev/null &&
	grep -q "$(printf "\033")\[36m" tty.out &&
	NO_COLOR=1 script -qec "sh \"$top/scripts/ladder.sh\" \"$top/captures/handshake.txt\"" /dev/null >tty.out </dev/null &&
	! grep -q "$(printf "\033")\[" tty.out
'
test_expect TERMINAL '--step on a terminal: one packet per Enter, all eight shown' '
	printf "\n\n\n\n\n\n\n\n" |
	    bounded "$bound" env NO_COLOR=1 script -qec "sh \"$top/scripts/ladder.sh\" --step \"$top/captures/handshake.txt\"" /dev/null >tty.out &&
	grep -q "(Enter shows the next packet)" tty.out &&
	[ "$(grep -c "^ *[0-9]* us |" tty.out)" -eq 8 ]
'

test_expect '--step without a terminal draws the whole ladder at once' '
	ladder --step "$top/captures/handshake.txt" >actual </dev/null &&
	compare "$data/lessons/handshake.ladder" actual
'

test_expect 'the SVG has one arrow per packet and a legend' '
	ladder --svg "$top/captures/handshake.txt" >ladder.svg &&
	[ "$(grep -c "<g class=\"packet\"" ladder.svg)" -eq 8 ] &&
	[ "$(grep -c "marker-end=" ladder.svg)" -eq 8 ] &&
	grep -q "flags: F=FIN, S=SYN" ladder.svg &&
	grep -q ">client<" ladder.svg && grep -q ">server<" ladder.svg
'

# marked GRAPH TSV: every packet of TSV (ladder.sh --tsv) is in one of
# GRAPH's elements: data-packet, or data-packet to data-last.
marked() {
	awk -F '\t' '
		FNR == NR {
			while (match($0, /data-packet="[0-9]+"( data-last="[0-9]+")?/)) {
				m = substr($0, RSTART, RLENGTH)
				$0 = substr($0, RSTART + RLENGTH)
				gsub(/[^0-9 ]/, "", m)
				k = split(m, b, " ")
				for (j = b[1] + 0; j <= b[k] + 0; j++)
					in_graph[j] = 1
			}
			next
		}
		FNR > 1 && !(($1 + 0) in in_graph) {
			print "packet " $1 " is not in the graph"; bad = 1
		}
		END { exit bad }' "$1" "$2"
}

# (each: under the test's own bound, not a program's 20 s, which each
# draw of 1.5 s passed behind two other make test and a grading)
test_expect 'the graph of 30,000 packets: a bounded file, its marks merged by pixel column' '
	awk -v packets=30000 -f "$top/scripts/lib/bench/transfer.awk" >big.txt &&
	each --graph big.txt >big.svg &&
	each --tsv big.txt >big.tsv &&
	[ "$(wc -l <big.tsv)" -gt 29000 ] &&
	marked big.svg big.tsv &&
	size=$(wc -c <big.svg) &&
	echo "$size bytes" &&
	[ "$size" -lt 400000 ] &&
	grep -q "data-last=" big.svg &&
	grep -q ">R</text>" big.svg && grep -q "class=\"sack\"" big.svg && grep -q "class=\"dup\"" big.svg
'

test_expect 'the graph: its axes in units a student reads, colours from the palette' '
	ladder --graph "$top/tests/data/bulk.txt" >graph.svg &&
	grep -q "time since the first packet (us)" graph.svg &&
	grep -q ">server.s bytes from its first (kB)<" graph.svg &&
	! grep -n "#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]" graph.svg | grep -v "^[0-9]*:	--"
'

test_expect 'the graph'"'"'s key names the marks it drew, and only those' '
	ladder --graph "$top/captures/handshake.txt" >plain.svg &&
	! grep -E "SACK blocks|duplicate ACKs|R: sent again" plain.svg &&
	ladder --graph "$top/captures/fast-retransmit.txt" >recovery.svg &&
	for mark in "R: sent again" "SACK blocks" "duplicate ACKs"; do
		grep -q "$mark" recovery.svg || { echo "no key for $mark"; exit 1; }
	done &&
	grep -q "class=\"sack\"" recovery.svg && grep -q "class=\"dup\"" recovery.svg
'

test_expect 'captures/handshake.svg is the ladder of captures/handshake.txt' '
	ladder --svg "$top/captures/handshake.txt" >ladder.svg &&
	compare "$top/captures/handshake.svg" ladder.svg
'

test_expect 'tests/data/post-graph.svg, the Kurose-Ross run'"'"'s graph in GUIDE.md, is the graph of tests/data/post.txt' '
	ladder --graph "$top/tests/data/post.txt" >graph.svg &&
	compare "$top/tests/data/post-graph.svg" graph.svg
'

test_expect 'every sample output in README.md and GUIDE.md is what the scripts print' '
	sh "$top/scripts/readme.sh" --check
'

test_expect 'bad usage: exit 2, one line' '
	ladder --nope >out 2>err
	[ $? -eq 2 ] && echo "usage: ladder.sh [--svg | --html | --tsv | --graph | --step | --list] [--explain] [--all] [--connection N] [--kernel record] [file]" >expect &&
	compare expect err &&
	ladder /no/such/file 2>err
	[ $? -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] &&
	mkdir -p folder && ladder folder >out 2>err
	[ $? -eq 2 ] && echo "ladder.sh: cannot read folder: not a readable file" >expect &&
	compare expect err
'

test_expect 'input without a TCP packet: exit 1, one line' '
	echo "hello" | ladder >out 2>err
	[ $? -eq 1 ] && echo "ladder.sh: no TCP packet in the input" >expect &&
	compare expect err
'

# make replay without privileges: as user nobody where nobody can read the
# repository, else as root with every capability dropped -- either way no
# capture is possible, and replay must not need one.  Root needs setpriv
# (util-linux) to drop them.
test_lazy_prereq UNPRIVILEGED '
	[ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1 ||
		prereq_missing "setpriv is not installed, to drop root'"'"'s privileges"
'
replay_unprivileged() {
	if [ "$(id -u)" -ne 0 ]; then
		make -s -C "$top" replay
	elif setpriv --reuid=65534 --regid=65534 --clear-groups \
	    test -r "$top/captures/handshake.txt" 2>/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    make -s -C "$top" replay
	else
		setpriv --bounding-set=-all --inh-caps=-all --no-new-privs \
		    make -s -C "$top" replay
	fi
}
test_expect UNPRIVILEGED 'make replay works without privileges' '
	replay_unprivileged >out 2>err &&
	grep -q "^== RECORDED reference capture" out &&
	sed -n "/^TCP ladder/,\$p" out >actual &&
	tail -n 1 actual | grep -Eqx "\((no classroom page: captures/last cannot be written here|the classroom page, stepped like slides: captures/last/handshake.html)\)" &&
	sed "\$d" actual >ladder &&
	compare "$data/lessons/handshake.ladder" ladder
'

test_done
