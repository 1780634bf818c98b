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
# the lesson's reference recording, and, for the join's cases made from
# it by hand, an earlier recording of slow-start (BBR, the machine's
# default then) kept as it was: the cases name its ports and numbers
# shellcheck disable=SC2034 # read in the tests' strings
lesson=$top/captures/slow-start
recording=$top/tests/data/kernel/slow-start-bbr

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
	ladder --tsv "$lesson.txt" >tsv &&
	awk -F "	" "/^[0-9]/ { print \$2, \$3, \$4 }" "$lesson.cwnd" >recorded &&
	awk -F "	" "NR > 1 && \$2 == \"server\" && \$3 ~ /F/ { exit }
		NR > 1 && \$2 == \"client\" && \$7 > 1 { print \$21, \$22, \$23 }" tsv >shown &&
	echo "$(wc -l <shown) ACKs, $(wc -l <recorded) lines" &&
	[ -s shown ] && compare recorded shown &&
	awk -F "	" "NR > 1 && (\$2 == \"server\" || \$7 <= 1) && \$21 \$22 \$23 != \"\" { print; bad = 1 }
		END { exit bad }" tsv
'

test_expect 'the ladder, explain, graph and page show the kernel'"'"'s numbers, and say whence' '
	ladder "$lesson.txt" >ladder &&
	said "^(.* )?cwnd, ssthresh, state: the server kernel.s own [(]congestion control cubic[)], as each segment reached it, before it was processed [(]tracepoint tcp:tcp_probe, in slow-start.cwnd[)]\$" &&
	grep -q "|        server.s kernel: cwnd 10 to 19  *|" ladder &&
	ladder --all "$lesson.txt" | grep -q "|  server.s kernel: cwnd 10, ssthresh none, Open  *|" &&
	ladder --explain --all "$lesson.txt" >explain &&
	grep -q "|    state Open: no loss seen" explain &&
	ladder --graph "$lesson.txt" >graph.svg &&
	[ "$(grep -c "class=\"cwnd\"" graph.svg)" -ge 10 ] && grep -q ">cwnd (segments)<" graph.svg &&
	ladder --html "$lesson.txt" >page.html &&
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


# Segments that find the same snd_una (here a window update after the
# first ACK, packet 6, and the ACK after it) are joined one to one only
# where the record has a line for each: with one line for the two (the
# kernel took them in as one), which is whose cannot be told, and both
# are unknown -- not the first given the second's numbers.
test_expect 'two segments that find the same snd_una: joined with a line each; with one line for both, both unknown' '
	awk "NR == 5 { print; sub(/278526/, \"278530\"); sub(/win 63/, \"win 64\")
		sub(/val 2427907756/, \"val 2427907757\") } { print }" "$recording.txt" |
		awk "{ printf \"%5d%s\\n\", NR, substr(\$0, 6) }" >update.txt &&
	awk "{ print } /^[0-9]/ && !done { done = 1
		print \"22556.368130	99	2147483647	Open	40262	64512	3876653555	3876666587	0\" }" \
		"$recording.cwnd" >update.cwnd &&
	ladder --tsv update.txt >tsv && cwnds tsv | sed -n 3,5p >shown &&
	printf "5 10\n6 99\n8 11\n" >want && compare want shown &&
	cp update.txt merged.txt && cp "$recording.cwnd" merged.cwnd &&
	ladder --tsv merged.txt >tsv && cwnds tsv | sed -n 3,6p >shown &&
	printf "5 10\n6 -\n8 -\n10 12\n" >want && compare want shown &&
	ladder merged.txt >ladder &&
	said "2 of the client.s segments unknown: they find the same snd_una as their neighbours, and the record has more or fewer lines with it than segments: which line is whose cannot be told"
'

# A segment of the client's that the capture says was lost (here packet
# 5, the server having sent again the bytes it acknowledged) may have
# reached the server: the record has its line, here.  The join ends
# before it: no later segment is given its numbers.  (The capture without
# its times, tcpdump -t's: with them, a resend 2 us after the first is
# too soon for any timer, and says nothing of a loss.)
test_expect 'a segment of the client'"'"'s the capture says was lost: unknown from it on' '
	awk "NR == 5 { print; print \"    0  13:16:20.278528 IP 10.20.0.2.20000 > 10.20.0.1.50908: Flags [P.], seq 3876653486:3876653555, ack 3418674857, win 64, options [nop,nop,TS val 2040667455 ecr 2427907716], length 69\"; next }
		{ print }" "$recording.txt" | awk "{ printf \"%5d%s\\n\", NR, substr(\$0, 6) }" |
	    sed "s/^\\( *[0-9]*  \\)[0-9:.]* IP /\\1IP /" >lost.txt &&
	cp "$recording.cwnd" lost.cwnd &&
	ladder --tsv lost.txt >tsv &&
	awk -F "	" "NR > 1 && \$1 == 5 && \$11 != 1 { print \"packet 5 is not lost:\"; print; exit 1 }" tsv &&
	cwnds tsv | awk "\$2 != \"-\" { print; bad = 1 } END { exit bad }" &&
	ladder lost.txt >ladder &&
	said "from packet 5 on, unknown: the capture says it was lost, and cannot tell whether it reached the server"
'


# Without root, the lab's server reads the numbers itself (server -i:
# TCP_INFO, each millisecond while it waits for the ACKs), a line where
# they changed: a recording of fast-retransmit made so, as it was.  A
# segment gets the last reading with the snd_una it finds, where no other
# segment finds that snd_una and no resending came between: here packet 5
# (the handshake's window), 90 and 93.  The first ACK of the second
# flight is unknown: the reading after it counts a resending (the fast
# retransmission, within the same millisecond); the duplicate ACKs after
# the loss (48-59), whose readings (Recovery) cannot be placed among
# them, are unknown, and so is every segment that reached the server
# before it read again, and those after the server's FIN.  The readings
# have the server's rto too, which the tracepoint has not.
test_expect 'the server'"'"'s own readings (TCP_INFO): a segment alone with its snd_una gets the last reading with it; the rest unknown, and said' '
	readings=$top/tests/data/kernel/fast-retransmit-tcpinfo &&
	ladder --tsv "$readings.txt" >tsv &&
	awk -F "	" "NR > 1 && \$2 == \"client\" && \$21 != \"\" { print \$1, \$21, \$22, \$23 }" tsv >shown &&
	printf "%s\n" "5 10 2147483647 Open" "90 22 21 Open" "93 22 21 Open" >expect &&
	compare expect shown &&
	ladder "$readings.txt" >ladder &&
	said "the server.s last reading before it [(]getsockopt TCP_INFO, which the lab.s server reads itself each millisecond, in fast-retransmit-tcpinfo.cwnd[)]; 30 segments of the client.s reached the server before it read again [(]each millisecond[)]: unknown; 6 segments of the client.s find the same snd_una as a neighbour .*; 1 segment of the client.s came between two readings with a segment the server sent again [(]a timer may have changed the numbers before it came[)]: unknown\$" &&
	bounded "$bound" sh "$top/scripts/capture.sh" -r "$readings.txt" fast-retransmit >verdict 2>&1 &&
	grep -qx "cannot tell: server LOST, then client duplicate ACK, then client ca_state=Recovery: after packet 48, no client packet with a known ca_state has ca_state=Recovery, and 16 have an unknown ca_state" verdict &&
	grep -qx "holds: server LOST, then client ssthresh<cwnd: packets 46; 90" verdict &&
	ladder --explain --all "$readings.txt" | grep -q "|    rto 244000 us: the server.s retransmission  *|"
'

# A reading whose snd_una no segment of the capture gives was taken after
# a segment the capture lacks (tcpdump dropped it: here packet 23, the
# last ACK of the first flight, taken out): every segment after it is
# unknown, the one before keeps its numbers; and an invariant on them
# that no known packet holds, where some are unknown, cannot be told.
test_expect 'the server'"'"'s own readings and a capture that lacks a segment: unknown from there, said' '
	readings=$top/tests/data/kernel/fast-retransmit-tcpinfo &&
	grep -v "^   23 " "$readings.txt" >lacking.txt &&
	cp "$readings.cwnd" lacking.cwnd &&
	ladder --tsv lacking.txt >tsv &&
	awk -F "	" "NR > 1 && \$2 == \"client\" && \$21 != \"\" { print \$1, \$21 }" tsv >shown &&
	echo "5 10" >expect &&
	compare expect shown &&
	ladder lacking.txt >ladder &&
	said "; from packet 25 on, unknown: the record has a reading after a segment of the client.s that the capture lacks\$"
'

# capture/record.awk writes the record from the trace of the run's tracefs
# instance: here the kernel's lines for the first three ACKs of the
# recording (packets 5, 7 and 9), as tracefs prints them, a state change
# between the second and the third, and lines of other connections (a
# client on another port, a server at another address), left out.
trace_line() {
	printf "          <idle>-0       [001] ..s2. %s: tcp_probe: family=AF_INET src=%s:20000 dest=10.20.0.1:%s mark=0x0 data_len=0 snd_nxt=0xe7113cdb snd_una=0x%s snd_cwnd=%s ssthresh=2147483647 snd_wnd=64512 srtt=40262 rcv_wnd=65160 sock_cookie=%s skbaddr=000000001a2b3c4d skaddr=%s\n" "$@"
}
trace() {
	trace_line 22556.368128 10.20.0.2 50908 e71109ae 10 7 00000000c0ffee01
	trace_line 22556.368129 10.20.0.2 41000 e71109ae 3 8 00000000c0ffee02
	trace_line 22556.368174 10.20.0.2 50908 e71109f3 11 7 00000000c0ffee01
	trace_line 22556.368175 10.20.0.3 50908 e71109f3 4 9 00000000c0ffee03
	echo "          <idle>-0       [001] ..s2. 22556.368177: tcp_cong_state_set: family=AF_INET sport=20000 dport=41000 saddr=10.20.0.2 daddr=10.20.0.1 saddrv6=::ffff:10.20.0.2 daddrv6=::ffff:10.20.0.1 cong_state=4"
	echo "          <idle>-0       [001] ..s2. 22556.368178: tcp_cong_state_set: family=AF_INET sport=20000 dport=50908 saddr=10.20.0.2 daddr=10.20.0.1 saddrv6=::ffff:10.20.0.2 daddrv6=::ffff:10.20.0.1 cong_state=1"
	trace_line 22556.368180 10.20.0.2 50908 e7110f9b 12 7 00000000c0ffee01
}
record() {
	LC_ALL=C awk -v server=10.20.0.2 -v port=20000 -v text="$recording.txt" -v congestion=bbr \
	    -f "$top/scripts/lib/capture/record.awk"
}
test_expect 'the record from the trace: this connection'"'"'s lines, the state set before each, in decimal; the ladder joins them' '
	trace | record >traced.cwnd &&
	grep -x "# connection 10.20.0.1.50908 > 10.20.0.2.20000" traced.cwnd &&
	grep -x "# congestion control bbr" traced.cwnd &&
	grep "^[0-9]" traced.cwnd | cut -f 2-4,7,9 >shown &&
	printf "10\t2147483647\tOpen\t3876653486\t0\n11\t2147483647\tOpen\t3876653555\t0\n12\t2147483647\tDisorder\t3876655003\t0\n" >want &&
	compare want shown &&
	cp "$recording.txt" traced.txt &&
	ladder --tsv traced.txt >tsv &&
	awk -F "	" "NR > 1 && \$2 == \"client\" && \$21 != \"\" { print \$1, \$21, \$23 }" tsv >shown &&
	printf "5 10 Open\n7 11 Open\n9 12 Disorder\n" >want && compare want shown
'

# Another run beside this one, its client on the same port (the same
# addresses: every delay-line run has them): two sockets of the server's
# with this connection's ends, whose lines and states cannot be told
# apart (tcp_cong_state_set does not print its socket).
test_expect 'a trace with two sockets of this connection'"'"'s ends: the record is "unknown", the ladder says why' '
	{ trace; trace_line 22556.368190 10.20.0.2 50908 e7110f9b 30 9 00000000c0ffee09; } | record >two.cwnd &&
	echo "unknown: two sockets in the trace have this connection'"'"'s addresses and ports (another run'"'"'s, beside this one)" >want &&
	compare want two.cwnd &&
	cp "$recording.txt" two.txt && ladder two.txt >ladder &&
	said "the server kernel.s cwnd: unknown: two sockets in the trace" && ! grep -q "server.s kernel:" ladder
'


# The graph draws each ACK's cwnd, the one it found, from the client's
# packet before it (since which the kernel had it) to it: over the pause
# before each flight, the cwnd the flight was sent under -- 10, 20, 40 --
# not the one before the last ACK was taken in (19, 38).
test_expect 'the graph: the cwnd over each pause before a flight is the one it was sent under, 10, 20, 40' '
	ladder --graph "$recording.txt" >graph.svg &&
	awk "/class=\"cwnd\"/ { match(\$0, /data-packet=\"[0-9]+\"/); p = substr(\$0, RSTART + 13, RLENGTH - 14)
		match(\$0, /d=\"M[0-9]+/); x = substr(\$0, RSTART + 4, RLENGTH - 4)
		match(\$0, /H[0-9]+/); print substr(\$0, RSTART + 1, RLENGTH - 1) - x, p }" graph.svg |
		sort -n -r | head -n 3 | cut -d " " -f 2 | sort -n >longest &&
	ladder --tsv "$recording.txt" >tsv &&
	awk -F "	" "NR == FNR { cwnd[\$1] = \$21; next } { print \$1, cwnd[\$1] }" tsv longest >shown &&
	printf "5 10\n25 20\n62 40\n" >want && compare want shown
'

test_done
