#!/bin/sh
# scripts/bench.sh [runs] - how long a full capture and check takes, next to
# the bare floor it cannot beat: a fresh namespace, lo up, tcpdump started
# until it says "listening on", then stopped with SIGINT.  The two are
# measured alternately in one run (default 20 rounds); prints both medians
# and their ratio.
# Exit: 0 measured, 1 a capture failed, 2 usage, 3 cannot capture here.

set -u
prog=bench.sh
# shellcheck source=scripts/lib.sh
. "${0%/*}/lib.sh"

runs=${1:-20}
case $runs in '' | *[!0-9]* | 0) echo "usage: bench.sh [runs]" >&2; exit "$EXIT_USAGE" ;; esac
[ $# -le 1 ] || { echo "usage: bench.sh [runs]" >&2; exit "$EXIT_USAGE"; }

choose_isolation
[ "$isolation" = namespace ] ||
	fail "$EXIT_CANNOT" "no private network namespace here ($why): nothing to compare with"
work=$repo/captures/last/bench.$$
mkdir -p "$work" || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The floor, run inside the namespace: $1 is the work folder.
floor='ip link set lo up || exit 1
	rm -f "$1/fifo" && mkfifo "$1/fifo" || exit 1
	tcpdump -i lo -n -S --immediate-mode -l -U -Z root -w "$1/floor.pcap" \
	    --print "tcp port 20000" >"$1/fifo" 2>&1 &
	pid=$!
	exec 3<"$1/fifo"
	while IFS= read -r line <&3; do
		case $line in *"listening on"*) break ;; esac
	done
	kill -INT "$pid"
	cat <&3 >/dev/null
	wait "$pid"'

now() { date +%s%N; }
round=0
while [ "$round" -lt "$runs" ]; do
	round=$((round + 1))
	start=$(now)
	# shellcheck disable=SC2086 # $isolate is a command line
	$isolate sh -c "$floor" floor "$work" || fail 1 "the floor failed"
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
	printf "%d rounds, medians: floor (namespace + tcpdump start/stop) %.1f ms, ", runs, f / 1000
	printf "full capture and check %.1f ms; ratio %.2f\n", c / 1000, c / f
}'
