#!/bin/sh
# scripts/bench.sh [runs] - how long a full capture and check takes, next to
# the bare floor it cannot beat: unshare -n, lo up, tcpdump started until it
# says "listening on", then stopped with SIGINT until it exits.  The two are
# measured alternately in one run (default 20 rounds); prints both medians
# and their ratio.  Needs root (a namespace) and date +%N.
# Exit: 0 measured, 1 a capture failed, 2 usage, 3 cannot measure here.

set -u
prog=bench.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

runs=${1:-20}
case $runs in '' | *[!0-9]* | 0) echo "usage: bench.sh [runs]" >&2; exit "$EXIT_USAGE" ;; esac
[ $# -le 1 ] || { echo "usage: bench.sh [runs]" >&2; exit "$EXIT_USAGE" ; }
case $(date +%N) in *[!0-9]*) fail "$EXIT_CANNOT" "date +%N gives no nanoseconds here" ;; esac
unshare --net true 2>/dev/null ||
	fail "$EXIT_CANNOT" "the floor needs a network namespace (unshare -n, as root)"
work=$repo/captures/last/bench.$$
mkdir -p "$work" || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The floor, run inside the namespace: $1 is the work folder.
floor='ip link set lo up || exit 1
	tcpdump -i lo -n -S --immediate-mode -l -U -Z root -w "$1/floor.pcap" \
	    --print "tcp port 20000" 2>"$1/fifo" &
	pid=$!
	while IFS= read -r line; do
		case $line in *"listening on"*) break ;; esac
	done <"$1/fifo"
	kill -INT "$pid"
	wait "$pid"'
rm -f "$work/fifo" && mkfifo "$work/fifo" || exit 1

now() { date +%s%N; }
round=0
while [ "$round" -lt "$runs" ]; do
	round=$((round + 1))
	start=$(now)
	unshare -n sh -c "$floor" floor "$work" || fail 1 "the floor failed"
	echo $((($(now) - start) / 1000)) >>"$work/floor"
	start=$(now)
	sh "$scripts/capture.sh" -o "$work" >"$work/output" 2>&1 ||
		{ cat "$work/output" >&2; fail 1 "capture $round failed"; }
	echo $((($(now) - start) / 1000)) >>"$work/capture"
done

median() {
	sort -n "$1" | awk '{ t[NR] = $1 } END {
		print NR % 2 ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}
floor_us=$(median "$work/floor")
capture_us=$(median "$work/capture")
awk -v runs="$runs" -v f="$floor_us" -v c="$capture_us" 'BEGIN {
	printf "%d rounds, medians: floor (unshare -n, lo up, tcpdump start to stop) %.1f ms, ", runs, f / 1000
	printf "full capture and check %.1f ms; ratio %.2f\n", c / 1000, c / f
}'
