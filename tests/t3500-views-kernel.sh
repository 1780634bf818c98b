#!/bin/sh
# The server kernel's own numbers beside the packets (scripts/lib/mean/kernel.awk):
# the record beside a capture (LESSON.cwnd) joined to the client's
# segments by their order and snd_una, shown as they are; where the
# record says "unknown" (no root: capture/exchange.sh's record then), is
# of another connection, or parts from the capture, the numbers are
# unknown, never another line's.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"
recording=$top/captures/slow-start

# copy NAME [SED]: the recording as NAME.txt, its record as NAME.cwnd,
# changed by the sed script SED where there is one.
copy() {
	cp "$recording.txt" "$1.txt" &&
	sed "${2:-}" "$recording.cwnd" >"$1.cwnd"
}
# said TEXT: the ladder's head (./ladder, up to its first empty line),
# its lines joined, says TEXT (a grep -E pattern).
said() {
	awk '/^$/ { exit } { printf "%s%s", (NR > 1 ? " " : ""), $0 }' ladder | grep -Eq "$1"
}
# cwnds TSV: the cwnd column of each packet of the client's, "-" where empty.
cwnds() {
	awk -F "	" 'NR > 1 && $2 == "client" { print $1, ($21 == "" ? "-" : $21) }' "$1"
}

test_expect 'the recording: every ACK of the client'"'"'s before the server'"'"'s FIN has the record'"'"'s line, in order' '
	ladder --tsv "$recording.txt" >tsv &&
	awk -F "	" "/^[0-9]/ { print \$2, \$3, \$4 }" "$recording.cwnd" >recorded &&
	awk -F "	" "NR > 1 && \$2 == \"server\" && \$3 ~ /F/ { exit }
		NR > 1 && \$2 == \"client\" && \$7 > 1 { print \$21, \$22, \$23 }" tsv >shown &&
	echo "$(wc -l <shown) ACKs, $(wc -l <recorded) lines" &&
	[ -s shown ] && compare recorded shown &&
	awk -F "	" "NR > 1 && (\$2 == \"server\" || \$7 <= 1) && \$21 \$22 \$23 != \"\" { print; bad = 1 }
		END { exit bad }" tsv
'

test_expect 'the ladder, explain, graph and page show the kernel'"'"'s numbers, and say whence' '
	ladder "$recording.txt" >ladder &&
	said "^(.* )?cwnd, ssthresh, state: the server kernel.s own [(]congestion control cubic[)], as each segment reached it, before it was processed [(]tracepoint tcp:tcp_probe, in slow-start.cwnd[)]\$" &&
	grep -q "|        server.s kernel: cwnd 10 to 19  *|" ladder &&
	ladder --all "$recording.txt" | grep -q "|  server.s kernel: cwnd 10, ssthresh none, Open  *|" &&
	ladder --explain --all "$recording.txt" >explain &&
	grep -q "|    state Open: no loss seen" explain &&
	ladder --graph "$recording.txt" >graph.svg &&
	[ "$(grep -c "class=\"cwnd\"" graph.svg)" -ge 10 ] && grep -q ">cwnd (segments)<" graph.svg &&
	ladder --html "$recording.txt" >page.html &&
	grep -q "the slate steps, the server kernel.s cwnd" page.html &&
	grep -q "ssthresh none" page.html
'

# What capture/exchange.sh writes where the tracepoints cannot be had:
# not root, or no tracefs.
test_expect 'without root: "unknown" and why, and no number anywhere' '
	cp "$recording.txt" noroot.txt &&
	echo "unknown: the kernel'"'"'s tracepoints need root" >noroot.cwnd &&
	ladder noroot.txt >ladder &&
	said "the server kernel.s cwnd: unknown: the kernel.s tracepoints need root\$" &&
	! grep -q "server.s kernel:" ladder &&
	ladder --tsv noroot.txt >tsv &&
	awk -F "	" "NR > 1 && \$21 \$22 \$23 != \"\" { bad = 1 } END { exit bad }" tsv &&
	ladder --graph noroot.txt >graph.svg && ! grep -q "cwnd" graph.svg
'

test_expect 'a record of another connection: unknown, says which' '
	copy other "s/^# connection 10\.20\.0\.1\.[0-9]*/# connection 10.20.0.1.1/" &&
	ladder other.txt >ladder &&
	said "the server kernel.s cwnd: unknown: other.cwnd is of another connection [(]10[.]20[.]0[.]1[.]1 > " &&
	! grep -q "server.s kernel:" ladder
'

# A line whose snd_una is not what the packets before it make: the
# numbers before it stay, from its packet on none.  A line missing (the
# kernel took two ACKs in as one): that packet alone has none, for the
# next line finds the next packet alone by its snd_una.
test_expect 'a record that parts from the capture: unknown from that packet on; a line missing: that packet alone' '
	ladder --tsv "$recording.txt" >whole.tsv && cwnds whole.tsv >whole &&
	line=$(awk "/^[0-9]/ { if (++n == 20) { print NR; exit } }" "$recording.cwnd") &&
	copy wrong "${line}s/	\([0-9]*\)	\([0-9]*\)	\([0-9]*\)\$/	1	\2	\3/" &&
	ladder --tsv wrong.txt >wrong.tsv && cwnds wrong.tsv >wrong &&
	# the 20th ACK is the 22nd packet of the client'"'"'s (SYN, handshake)
	head -n 21 whole >want && awk "NR > 21 { print \$1, \"-\" }" whole >>want &&
	compare want wrong &&
	ladder wrong.txt >ladder &&
	packet=$(sed -n 22p whole | cut -d " " -f 1) &&
	said "from packet $packet on, the record and the capture part: unknown" &&
	copy missing "${line}d" &&
	ladder --tsv missing.txt >missing.tsv && cwnds missing.tsv >missing &&
	awk "NR == 22 { \$2 = \"-\" } { print }" whole >want &&
	compare want missing &&
	ladder missing.txt >ladder &&
	said "no line for 1 of the client.s segments [(]taken in with the one before, or lost from the trace[)]: unknown"
'

# ACKs that queued while the server's process held the socket, merged
# into the one before them, just before the duplicate ACKs (2 runs in 20
# of fast-retransmit): the duplicate ACKs all find the same snd_una, and
# the line after the gap is the first one's.
test_expect 'lines missing just before the duplicate ACKs: those packets alone unknown, the duplicate ACKs joined' '
	fast=$top/captures/fast-retransmit &&
	ladder --tsv "$fast.txt" >whole.tsv && cwnds whole.tsv >whole &&
	# the first line whose snd_una the next one has too: duplicate ACK 1
	line=$(awk -F "	" "/^[0-9]/ { if (\$7 == una) { print previous; exit } una = \$7; previous = NR }" "$fast.cwnd") &&
	sed "$((line - 2)),$((line - 1))d" "$fast.cwnd" >merged.cwnd && cp "$fast.txt" merged.txt &&
	ladder --tsv merged.txt >merged.tsv && cwnds merged.tsv >merged &&
	# the client'"'"'s packets before them: its SYN, the handshake'"'"'s ACK, and a
	# packet a line
	first=$(awk "/^[0-9]/ { n++ } NR == $line - 2 { print n + 2; exit }" "$fast.cwnd") &&
	awk -v first="$first" "NR == first || NR == first + 1 { \$2 = \"-\" } { print }" whole >want &&
	compare want merged &&
	grep -q "Recovery" merged.tsv &&
	ladder merged.txt >ladder &&
	said "no line for 2 of the client.s segments [(]taken in with the one before, or lost from the trace[)]: unknown"
'

test_expect '--kernel names the record; none beside a capture on stdin; a bad one is exit 2' '
	cp "$recording.txt" named.txt &&
	ladder --kernel "$recording.cwnd" --tsv named.txt >named.tsv &&
	ladder --tsv "$recording.txt" >beside.tsv && compare beside.tsv named.tsv &&
	ladder --tsv <"$recording.txt" >stdin.tsv &&
	awk -F "	" "NR > 1 && \$21 \$22 \$23 != \"\" { bad = 1 } END { exit bad }" stdin.tsv &&
	ladder --kernel "$recording.cwnd" --tsv <"$recording.txt" >given.tsv && compare beside.tsv given.tsv &&
	expect_status 2 ladder --kernel no-such.cwnd named.txt 2>err &&
	echo "ladder.sh: cannot read no-such.cwnd: not a readable file" >expect && compare expect err &&
	printf "not a record\n" >bad.cwnd &&
	ladder --kernel bad.cwnd named.txt >ladder &&
	said "the server kernel.s cwnd: unknown: bad.cwnd is not a record of the kernel.s numbers\$"
'

# The record is read by the ladder's awk itself, not through ladder.sh's
# tr: a line that is not the kernel's numbers, and bytes that are not
# printable, never reach a view.
test_expect 'a record with a line not of numbers, or with a terminal'"'"'s escapes: unknown, nothing unprintable' '
	copy odd "\$s/	[0-9]*	/	1e3	/" &&
	ladder odd.txt >ladder &&
	said "the server kernel.s cwnd: unknown: odd.cwnd is not a record of the kernel.s numbers\$" &&
	! grep -q "server.s kernel:" ladder &&
	cp "$recording.txt" escapes.txt &&
	printf "unknown: \033[31mred\n" >escapes.cwnd &&
	ladder escapes.txt >ladder &&
	said "unknown: .\[31mred\$" && ! grep -q "$(printf "\033")" ladder &&
	{ sed -n "1,12p" "$recording.cwnd"; printf "1.0\t1\0332\t3\tOpen\t4\t5\t6\t7\t0\n"; } >escapes.cwnd &&
	ladder --explain escapes.txt >ladder && ! grep -q "$(printf "\033")" ladder
'

test_done
