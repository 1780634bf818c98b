#!/bin/sh
# scripts/bench-ladder.sh [megabytes] - how long the ladder and the graph
# take to draw a big capture, side by side with the floor they are
# measured against, tcpdump's own time to print the same pcap as text,
# and with tshark's own TCP analysis of it (tshark -r F -T fields -e
# tcp.analysis.flags -e tcp.analysis.ack_rtt, where tshark is installed).
# It captures a transfer of that many megabytes (default 100) on the lo
# of a private network namespace, and one of half as many, and cuts the
# first 30,000 packets of the first into a third pcap; then times,
# alternately and three times each (BENCH_ROUNDS), tcpdump -r, tshark,
# and ladder.sh and ladder.sh --graph (on tcpdump's text) under mawk and
# gawk (the ones installed), and prints a table of the medians with the
# ratios to tcpdump, and how the ladder's time grows from half the packets
# to all of them (linear: 2.0).  Needs root, tcpdump and date +%N.
# Exit: 0 measured, 1 a step failed, 2 usage, 3 cannot measure here.

set -u
prog=bench-ladder.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

# --transfer WORK MB NAME: MB megabytes from tests/peer to the client,
# captured into WORK/NAME.pcap; run again by this script inside a network
# namespace of its own, whose lo has a real link's MTU (and, with ethtool,
# no offloads that send 64 KiB at once): packets of the sizes a network
# carries.
if [ "${1:-}" = --transfer ]; then
	ip link set lo up && ip link set lo mtu 1500 || exit 1
	! command -v ethtool >/dev/null || ethtool -K lo tso off gso off || exit 1
	listening "$2/tcpdump.fifo" "$2/$4.stats" -i lo -n -S -s 128 -B 65536 \
	    -w "$2/$4.pcap" tcp || exit 1
	rm -f "$2/peer.fifo" && mkfifo "$2/peer.fifo" || exit 1
	dd if=/dev/zero bs=1048576 count="$3" 2>/dev/null | "$bindir/tests/peer" >"$2/peer.fifo" &
	peer=$!
	read -r port <"$2/peer.fifo"
	"$bindir/client" 127.0.0.1 "${port##* }" >/dev/null || exit 1
	wait "$peer"
	kill -INT "$tcpdump_pid"
	wait
	exit
fi

megabytes=${1:-100}
case $#:$megabytes in
[01]:[1-9] | [01]:[1-9][0-9] | [01]:[1-9][0-9][0-9] | [01]:[1-9][0-9][0-9][0-9]) ;;
*) echo "usage: bench-ladder.sh [megabytes]" >&2; exit "$EXIT_USAGE" ;;
esac
case $(date +%N) in *[!0-9]*) fail "$EXIT_CANNOT" "date +%N gives no nanoseconds here" ;; esac
command -v tcpdump >/dev/null 2>&1 || fail "$EXIT_CANNOT" "tcpdump is not installed"
unshare --net true 2>/dev/null ||
	fail "$EXIT_CANNOT" "the capture needs a network namespace (unshare -n, as root)"
make -s -C "$repo" all tests/peer || exit 1
work=$repo/captures/last/bench-ladder.$$
mkdir -p "$work" || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for size in "$megabytes:all" "$((megabytes / 2)):half"; do
	unshare -n sh "$0" --transfer "$work" "${size%:*}" "${size#*:}" ||
		fail 1 "the transfer of ${size%:*} MB failed"
	if grep -q '[1-9][0-9]* packets dropped by kernel' "$work/${size#*:}.stats"; then
		fail 1 "tcpdump lost packets of the ${size%:*} MB transfer: $(grep dropped "$work/${size#*:}.stats")"
	fi
done
# the first 30,000 packets of the big one
tcpdump -r "$work/all.pcap" -c 30000 -w "$work/k30.pcap" 2>/dev/null ||
	fail 1 "tcpdump cannot cut the first 30,000 packets"
for part in all half k30; do
	tcpdump -n -S -r "$work/$part.pcap" >"$work/$part.txt" 2>/dev/null ||
		fail 1 "tcpdump cannot read its own capture"
done

now() { date +%s%N; }
# timed NAME COMMAND...: run COMMAND, add its time in microseconds to
# WORK/NAME.
timed() {
	name=$1
	shift
	start=$(now)
	"$@" >/dev/null 2>&1 || fail 1 "$* failed"
	echo $((($(now) - start) / 1000)) >>"$work/$name"
}
awks=''
for awk in mawk gawk; do
	command -v "$awk" >/dev/null 2>&1 || continue
	mkdir -p "$work/$awk" && ln -sf "$(command -v "$awk")" "$work/$awk/awk"
	awks="$awks $awk"
done
[ -n "$awks" ] || fail "$EXIT_CANNOT" "neither mawk nor gawk is installed"
tshark=''
! command -v tshark >/dev/null 2>&1 || tshark=tshark
rounds=${BENCH_ROUNDS:-3}
case $rounds in
'' | *[!0-9]* | 0) fail "$EXIT_USAGE" "BENCH_ROUNDS must be a number of rounds, 1 or more" ;;
esac
round=0
while [ "$round" -lt "$rounds" ]; do
	round=$((round + 1))
	for part in all half k30; do
		timed "tcpdump-$part" tcpdump -n -S -r "$work/$part.pcap"
		[ -z "$tshark" ] || timed "tshark-$part" tshark -n -r "$work/$part.pcap" -T fields \
		    -e tcp.analysis.flags -e tcp.analysis.ack_rtt
		for awk in $awks; do
			PATH=$work/$awk:$PATH timed "$awk-$part" sh "$scripts/ladder.sh" "$work/$part.txt"
			[ "$part" = half ] ||
				PATH=$work/$awk:$PATH timed "$awk-graph-$part" sh "$scripts/ladder.sh" --graph "$work/$part.txt"
		done
	done
done

median() {
	sort -n "$work/$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}
count() {
	packets=0
	while IFS= read -r _; do packets=$((packets + 1)); done <"$work/$1.txt"
	echo "$packets"
}
# cell NAME PART: "1234 ms (2.1)", the median and its ratio to tcpdump's
cell() {
	awk -v t="$(median "$1-$2")" -v floor="$(median "tcpdump-$2")" \
	    'BEGIN { printf "%d ms (%.1f)", t / 1000, t / floor }'
}
echo "medians of $rounds rounds, ms (times tcpdump -r's):"
header="| capture | packets | tcpdump -r |"
rule="|---|---|---|"
[ -z "$tshark" ] || { header="$header tshark's analysis |"; rule="$rule---|"; }
for awk in $awks; do
	header="$header ladder, $awk | graph, $awk |"
	rule="$rule---|---|"
done
echo "$header"
echo "$rule"
for part in all k30; do
	case $part in all) what="$megabytes MB over lo" ;; k30) what="its first 30,000 packets" ;; esac
	row="| $what | $(count "$part") | $(($(median "tcpdump-$part") / 1000)) ms |"
	[ -z "$tshark" ] || row="$row $(cell tshark "$part") |"
	for awk in $awks; do
		row="$row $(cell "$awk" "$part") | $(cell "$awk-graph" "$part") |"
	done
	echo "$row"
done
[ -n "$tshark" ] || echo "(tshark is not installed: its analysis is not measured)"
for awk in $awks; do
	all=$(median "$awk-all") half=$(median "$awk-half")
	awk -v awk="$awk" -v all="$all" -v half="$half" 'BEGIN {
		printf "ladder.sh under %s: half the packets %d ms, all %d ms: x %.2f for twice the packets\n",
		    awk, half / 1000, all / 1000, all / half
	}'
done
