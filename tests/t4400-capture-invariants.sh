#!/bin/sh
# A lesson's invariants (its invariant= lines, scripts/lib/capture/
# invariants.awk): each holds on its lesson's recording, each fails, at a
# packet, on the recording with the packets that show it taken out;
# what cannot be read is one line and exit 2, what the records do not
# hold is "cannot tell"; and the delay line's drop key is checked as the
# other keys are.  Recorded text only: no root needed.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN

# check LESSON TEXT: capture.sh -r TEXT on the lesson file ./LESSON (a
# course's own lesson: its golden pattern ./LESSON.flags), bounded;
# stdout to out, stderr to err.
check() {
	bounded 60 sh "$top/scripts/capture.sh" -o . -r "$2" "./$1" >out 2>err
}

# copy LESSON: ./LESSON and ./LESSON.flags, the repository's.
copy() {
	cp "$top/lessons/$1" "$1" && cp "$top/captures/$1.flags" "$1.flags"
}

# without TEXT PACKETS...: tcpdump's text TEXT without these packets
# (their numbers, tcpdump -#'s), on stdout.
without() {
	text=$1
	shift
	awk -v gone=" $* " 'index(gone, " " $1 " ") == 0' "$text"
}

# check_without LESSON CONDITION: check LESSON (./LESSON, a copy) on its
# recording without the packets whose records (ladder.sh --tsv) meet the
# awk CONDITION ($1 the packet's number, $2 its side, $8 its length,
# $14 its meaning); exit as check.
# shellcheck disable=SC2046 # a word per packet
check_without() {
	copy "$1" &&
	sh "$top/scripts/ladder.sh" --tsv "$top/captures/$1.txt" |
		awk -F "	" "NR > 1 && ($2) { printf \"%s \", \$1 }" >gone &&
	without "$top/captures/$1.txt" $(cat gone) >mutated.txt &&
	check "$1" mutated.txt
}

# every lesson with invariants
lessons=$(cd "$top/lessons" && grep -l '^invariant=' -- *)

for lesson in $lessons; do
	test_expect "$lesson: each invariant holds on its recording, a line each" "
		copy '$lesson' &&
		check '$lesson' '$top/captures/$lesson.txt' &&
		want=\$(grep -c '^invariant=' '$lesson') &&
		[ \"\$(grep -c '^holds: ' out)\" -eq \"\$want\" ] || { cat out err; exit 1; }
		grep '^holds: ' out
	"
done

# step_packets LESSON K: the packets that showed step K of the lesson's
# first invariant of steps, from the holds line of its check ("packets 43;
# 45, 47, 49; 83"), a space between each.
step_packets() {
	awk -v k="$2" '/^holds: / && / packets / {
		sub(/.*: packets /, "")
		split($0, steps, /; /)
		gsub(/,/, "", steps[k])
		print steps[k]
		exit
	}' out
}

# Each invariant of steps fails when the packets of one of its steps are
# taken out of the recording: its last, the one that makes the step (the
# second timeout; the second probe).
for case in timeout:2 zero-window:2; do
	lesson=${case%:*} step=${case#*:}
	test_expect "$lesson: without the packets of its invariant's step $step, the invariant FAILS, after a packet" "
		copy '$lesson' &&
		check '$lesson' '$top/captures/$lesson.txt' &&
		packets=\$(step_packets '$lesson' $step) && last=\${packets##* } &&
		echo \"taking out packet \$last\" &&
		check_without '$lesson' \"\\\$1 == \$last\"
		[ \$? -eq 1 ] || { cat out err; exit 1; }
		grep '^FAILS: ' out &&
		invariant=\$(sed -n '/^invariant=/ { s///p; q; }' '$lesson') &&
		awk -v want=\"FAILS: \$invariant: after packet \" 'index(\$0, want) == 1 { found = 1 } END { exit !found }' out
	"
done

# (Without its fast retransmission, nothing in the packets says that
# packet 43 was lost: the invariant fails at its first step.)
test_expect 'fast-retransmit: without its duplicate ACKs, the invariant FAILS after the lost packet' '
	check_without fast-retransmit "\$14 ~ /^duplicate ACK /"
	[ $? -eq 1 ] &&
	grep -qx "FAILS: server LOST, then client duplicate ACK, then server after \[0-9\]+ duplicate ACK: after packet 43, no client packet whose meaning has \"duplicate ACK\"" out ||
		{ cat out err; exit 1; }
'

# slow-start's flights: 10, 20, 40, 1 in the recording
test_expect 'slow-start: a segment fewer in the first flight: "first flight 10" FAILS' '
	copy slow-start &&
	check slow-start "$top/captures/slow-start.txt" &&
	grep -q "^holds: first flight 10: flight 1 is packets 4-21$" out &&
	check_without slow-start "\$1 == 6"
	[ $? -eq 1 ] && grep -qx "FAILS: first flight 10: flight 1 (packets 4-21) has 9 segments" out ||
		{ cat out err; exit 1; }
'

test_expect 'slow-start: ten segments fewer in the second flight: "flights double" FAILS at it' '
	check_without slow-start "\$1 >= 24 && \$2 == \"server\" && \$8 > 0 && n++ < 10"
	[ $? -eq 1 ] && grep "^FAILS: " out &&
	grep -q "^FAILS: flights double: flight 2 (packets [0-9]*-[0-9]*) has 10 segments, no more than flight 1.s 10$" out ||
		{ cat out err; exit 1; }
'

test_expect 'an invariant the packets never show FAILS, and says so from the start' '
	copy handshake &&
	echo "invariant=server window probe" >>handshake &&
	check handshake "$top/captures/handshake.txt"
	[ $? -eq 1 ] && grep -q "^match: " out &&
	grep -qx "FAILS: server window probe: in the capture, no server packet whose meaning has \"window probe\"" out ||
		{ cat out err; exit 1; }
'

# The hook for the kernel's numbers (cwnd, ssthresh, ca_state): a column
# the records do not have is "cannot tell", not a failure.
test_expect 'an invariant on a column the records lack, or no record fills: cannot tell, exit 0' '
	copy fast-retransmit &&
	cp "$top/captures/fast-retransmit.txt" noroot.txt &&
	echo "unknown: the kernel'"'"'s tracepoints need root" >noroot.cwnd &&
	check fast-retransmit noroot.txt &&
	grep -qx "cannot tell: server LOST, then client duplicate ACK, then client ca_state=Recovery: no record has a ca_state" out &&
	grep -qx "cannot tell: server LOST, then client ssthresh<cwnd: no record has a ssthresh" out ||
		{ cat out err; exit 1; }
	copy fast-retransmit &&
	copy fast-retransmit &&
	echo "invariant=server LOST, then client rto=1" >>fast-retransmit &&
	check fast-retransmit "$top/captures/fast-retransmit.txt" &&
	grep -qx "cannot tell: server LOST, then client rto=1: the records have no column rto" out ||
		{ cat out err; exit 1; }
'

test_expect 'an invariant on the kernel'"'"'s numbers: slow-start'"'"'s first ACK finds cwnd 10, the last 79, state Open' '
	copy slow-start &&
	echo "invariant=client cwnd=10, then client ca_state=Open, then client cwnd=79" >>slow-start &&
	check slow-start "$top/captures/slow-start.txt" &&
	grep -qx "holds: client cwnd=10, then client ca_state=Open, then client cwnd=79: packets 5; 7; 127" out ||
		{ cat out err; exit 1; }
'

test_expect 'an invariant that cannot be read: one line, exit 2' '
	copy handshake &&
	echo "invariant=sometimes" >>handshake &&
	check handshake "$top/captures/handshake.txt"
	[ $? -eq 2 ] && [ ! -s out ] &&
	echo "capture.sh: ./handshake: invariant must be '"'"'first flight N'"'"', '"'"'flights double'"'"', '"'"'every client|server WHAT'"'"' or '"'"'[N ]client|server WHAT[, then ...]'"'"', WHAT a regular expression or a comparison: sometimes" >expect &&
	compare expect err || exit 1
	# a later step is read with the lesson too, before any packet; and a
	# comparison with what is neither a number nor a column
	for invariant in "server FIN, then nobody ACK" "client cwnd<1.5" "every client cwnd>" \
	    "server FIN, then client ssthresh<cwnd2" "client data(" "every server [FR" "client \\"; do
		copy handshake &&
		echo "invariant=$invariant" >>handshake &&
		check handshake "$top/captures/handshake.txt"
		[ $? -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && [ ! -s out ] &&
		[ "$(sed "s/.*: //" err)" = "$invariant" ] && grep -q "^capture.sh: ./handshake: invariant must be " err ||
			{ cat out err; exit 1; }
	done
'

test_expect 'drop: delay-line only, BYTE:TIMES, TIMES from 1; else one line, exit 2' '
	copy handshake &&
	echo "drop=30000:1" >>handshake &&
	check handshake "$top/captures/handshake.txt"
	[ $? -eq 2 ] && echo "capture.sh: ./handshake: delay, rate, drop and congestion are for the delay-line network only" >expect &&
	compare expect err || exit 1
	# (the last three: what delayline -D refuses, the lesson refuses first)
	for drop in 30000 30000:0 :1 30000: 1:2:3 x:1 30000:x \
	    2000000001:1 30000:1001 99999999999999999999:1; do
		case $drop in
		*:1001 | 2*:1 | 9*:1) why="drop: BYTE is at most 2000000000, TIMES from 1 to 1000" ;;
		*) why="drop must be BYTE:TIMES, as in 30000:1" ;;
		esac
		copy fast-retransmit &&
		echo "drop=$drop" >>fast-retransmit &&
		check fast-retransmit "$top/captures/fast-retransmit.txt"
		[ $? -eq 2 ] && echo "capture.sh: ./fast-retransmit: $why" >expect &&
		compare expect err || exit 1
	done
'

test_expect 'congestion: delay-line only, a congestion control'"'"'s name; else one line, exit 2' '
	copy handshake &&
	echo "congestion=cubic" >>handshake &&
	check handshake "$top/captures/handshake.txt"
	[ $? -eq 2 ] && echo "capture.sh: ./handshake: delay, rate, drop and congestion are for the delay-line network only" >expect &&
	compare expect err || exit 1
	for congestion in Cubic "cubic;reboot" "cu bic" abcdefghijklmnop; do
		copy slow-start &&
		sed -i "s/^congestion=.*/congestion=$congestion/" slow-start &&
		check slow-start "$top/captures/slow-start.txt"
		[ $? -eq 2 ] && echo "capture.sh: ./slow-start: congestion must be a congestion control'"'"'s name, as in cubic" >expect &&
		compare expect err || exit 1
	done
'

# The kernel's numbers: each invariant on them fails on the recording
# with a record that says otherwise (BBR keeps no ssthresh; a Recovery,
# a Loss, a cwnd that is not there), at the packet where it can.
# kernel_check LESSON SED: check LESSON on its recording, its record
# changed by the sed script SED.
kernel_check() {
	copy "$1" &&
	cp "$top/captures/$1.txt" changed.txt &&
	sed "$2" "$top/captures/$1.cwnd" >changed.cwnd &&
	check "$1" changed.txt
}
test_expect 'fast-retransmit: no Recovery, no threshold (as BBR keeps none): its kernel invariants FAIL' '
	kernel_check fast-retransmit "s/	Recovery	/	Disorder	/; s/	[0-9]*	\([A-Z][a-z]*\)	/	2147483647	\1	/"
	[ $? -eq 1 ] &&
	grep -qx "FAILS: server LOST, then client duplicate ACK, then client ca_state=Recovery: after packet 48, no client packet whose meaning has \"ca_state=Recovery\"" out &&
	grep -qx "FAILS: server LOST, then client ssthresh<cwnd: after packet 43, no client packet whose meaning has \"ssthresh<cwnd\"" out ||
		{ cat out err; exit 1; }
'
test_expect 'timeout: no Loss, no cwnd 1 after the timeouts: its kernel invariants FAIL' '
	kernel_check timeout "s/^\([0-9.]*\)	1	\([0-9]*\)	Loss	/\1	44	\2	Open	/"
	[ $? -eq 1 ] &&
	grep -q "^FAILS: server LOST, then 2 server retransmission of .* after a timeout, then client ca_state=Loss: after packet 66, " out &&
	grep -qx "FAILS: server LOST, then client cwnd=1: after packet 62, no client packet whose meaning has \"cwnd=1\"" out ||
		{ cat out err; exit 1; }
'
test_expect 'slow-start and zero-window: a state not Open, a cwnd not 10: "every" FAILS at that packet' '
	kernel_check slow-start "12s/	Open	/	Recovery	/"
	[ $? -eq 1 ] &&
	grep -qx "FAILS: every client ca_state=Open: packet 7 has ca_state Recovery" out || { cat out err; exit 1; }
	kernel_check zero-window "13s/^\([0-9.]*\)	10	/\1	11	/"
	[ $? -eq 1 ] &&
	grep -qx "FAILS: every client cwnd=10: packet 10 has cwnd 11" out ||
		{ cat out err; exit 1; }
'

test_done
