#!/bin/sh
# scripts/bench-ladder.sh [megabytes] - how long the ladder takes to draw
# a big capture, next to the floor it is measured against: tcpdump's own
# time to print the same pcap as text.  It captures a transfer of that
# many megabytes (default 100) on the lo of a private network namespace,
# and one of half as many, then times, alternately and three times each,
# tcpdump -r, and ladder.sh under mawk and gawk (the ones installed),
# and prints the medians, the ratios to tcpdump, and how the time grows
# from half the packets to all of them (linear: 2.0).  Needs root, tcpdump
# and date +%N.
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
	tcpdump -n -S -r "$work/${size#*:}.pcap" >"$work/${size#*:}.txt" 2>/dev/null ||
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
for _ in 1 2 3; do
	for part in all half; do
		timed "tcpdump-$part" tcpdump -n -S -r "$work/$part.pcap"
		for awk in $awks; do
			PATH=$work/$awk:$PATH timed "$awk-$part" sh "$scripts/ladder.sh" "$work/$part.txt"
		done
	done
done

median() {
	sort -n "$work/$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}
packets=0
while IFS= read -r _; do packets=$((packets + 1)); done <"$work/all.txt"
floor=$(median tcpdump-all)
echo "$megabytes MB over lo: $packets packets; medians of 3 rounds:"
echo "  tcpdump -r (the floor): $((floor / 1000)) ms"
for awk in $awks; do
	all=$(median "$awk-all") half=$(median "$awk-half")
	awk -v awk="$awk" -v all="$all" -v half="$half" -v floor="$floor" 'BEGIN {
		printf "  ladder.sh under %s: %d ms, %.1f times the floor; half the packets %d ms: x %.2f for twice the packets\n",
		    awk, all / 1000, all / floor, half / 1000, all / half
	}'
done
