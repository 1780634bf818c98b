#!/bin/sh
# scripts/bench.sh [-s] [-c checkout] [runs] - how long a full capture and
# check takes, next to the bare floor it cannot beat: unshare -n, lo up,
# tcpdump started until it says "listening on", then stopped with SIGINT
# until it exits.  The two are measured alternately in one run (default 20
# rounds); prints both medians and their ratio.
#   -s           also where the time goes: the median of each step, from
#                the marks capture.sh and exchange.sh leave (common.sh's
#                step, HANDSHAKE_STEPS) and the floor's own
#   -c checkout  also another checkout's capture (an earlier commit, say),
#                in the same rounds: before and after, side by side
# Needs root (a namespace) and date +%N; -s reads /proc/timer_list (root).
# Exit: 0 measured, 1 a capture failed, 2 usage, 3 cannot measure here.

set -u
prog=bench.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

usage() {
	echo "usage: bench.sh [-s] [-c checkout] [runs]" >&2
	exit "$EXIT_USAGE"
}
steps='' other=''
while getopts :sc: opt; do
	case $opt in
	s) steps=1 ;;
	c) other=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
runs=${1:-20}
case $runs in '' | *[!0-9]* | 0) usage ;; esac
if [ -n "$other" ] && [ ! -f "$other/scripts/capture.sh" ]; then
	fail "$EXIT_USAGE" "-c: no scripts/capture.sh in $other"
fi
case $(date +%N) in *[!0-9]*) fail "$EXIT_CANNOT" "date +%N gives no nanoseconds here" ;; esac
unshare --net true 2>/dev/null ||
	fail "$EXIT_CANNOT" "the floor needs a network namespace (unshare -n, as root)"
if [ -n "$steps" ] && ! { read -r _ && read -r _ && read -r _ _ _ _; } 2>/dev/null </proc/timer_list; then
	fail "$EXIT_CANNOT" "-s reads the clock in /proc/timer_list, which only root can read"
fi
work=$repo/captures/last/bench.$$
mkdir -p "$work/capture.out" "$work/other.out" || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The floor, run inside the namespace: $1 is the work folder, $2 the file
# for its step marks (empty: none).
floor='step() { [ -z "$2" ] || { { read -r _ && read -r _ && read -r _ _ now _; } </proc/timer_list &&
		echo "$1 $now" >>"$2"; }; }
	ip link set lo up || exit 1
	step lo-up "$2"
	tcpdump -i lo -n -S --immediate-mode -l -U -Z root -w "$1/floor.pcap" \
	    --print "tcp port 20000" 2>"$1/fifo" &
	pid=$!
	while IFS= read -r line; do
		case $line in *"listening on"*) break ;; esac
	done <"$1/fifo"
	step listening "$2"
	kill -INT "$pid"
	wait "$pid"
	step tcpdump-exit "$2"'
rm -f "$work/fifo" && mkfifo "$work/fifo" || exit 1

now() { date +%s%N; }
# measure NAME COMMAND...: run it, add its time (us) to WORK/NAME; with -s,
# its step marks, begin to end, as one line of WORK/NAME.steps
measure() {
	name=$1
	shift
	HANDSHAKE_STEPS=${steps:+$work/marks}
	export HANDSHAKE_STEPS
	: >"$work/marks"
	# the marks inside the clock readings, which start a process each
	start=$(now)
	step begin
	status=0
	"$@" >"$work/output" 2>&1 || status=$?
	step end
	stop=$(now)
	[ "$status" -eq 0 ] ||
		{ cat "$work/output" >&2; fail 1 "$name $round failed"; }
	echo $(((stop - start) / 1000)) >>"$work/$name"
	unset HANDSHAKE_STEPS
	[ -z "$steps" ] || { tr '\n' ' ' <"$work/marks"; echo; } >>"$work/$name.steps"
}
round=0
while [ "$round" -lt "$runs" ]; do
	round=$((round + 1))
	measure floor unshare -n sh -c "$floor" floor "$work" "${steps:+$work/marks}"
	# with -c, the two captures take turns going first: what one leaves the
	# kernel to do (a namespace's cleanup runs after it) falls on the other
	if [ -n "$other" ] && [ $((round % 2)) -eq 0 ]; then
		measure other sh "$other/scripts/capture.sh" -o "$work/other.out"
		measure capture sh "$scripts/capture.sh" -o "$work/capture.out"
	else
		measure capture sh "$scripts/capture.sh" -o "$work/capture.out"
		[ -z "$other" ] || measure other sh "$other/scripts/capture.sh" -o "$work/other.out"
	fi
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
if [ -n "$other" ]; then
	other_us=$(median "$work/other")
	awk -v f="$floor_us" -v c="$other_us" -v o="$other" 'BEGIN {
		printf "%s: full capture and check %.1f ms; ratio %.2f\n", o, c / 1000, c / f }'
fi
[ -n "$steps" ] || exit 0

# The steps: each the median, over the rounds, of the time from one mark
# to the next one named; a step whose marks a run lacks is left out.
# "waiting for the server" is the time the client waited after tcpdump
# listened: nearly 0 when the server was ready first.
steps_of() {
	awk -v what="$1" -v rows="$3" '
	BEGIN {
		n = split(rows, row, ";")
	}
	{
		split("", at)
		for (i = 1; i <= NF; i += 2)
			at[$i] = $(i + 1)
		for (r = 1; r <= n; r++) {
			split(row[r], part, "|")
			split(part[1], ends, " ")
			if ((ends[1] in at) && (ends[2] in at)) {
				d = (at[ends[2]] - at[ends[1]]) / 1e6
				times[r] = times[r] " " d
			}
		}
	}
	END {
		printf "%s, median ms a step:\n", what
		for (r = 1; r <= n; r++) {
			if (!(r in times))
				continue
			m = split(substr(times[r], 2), t, " ")
			for (i = 2; i <= m; i++)	# insertion sort: a few dozen
				for (j = i; j > 1 && t[j - 1] + 0 > t[j] + 0; j--) {
					x = t[j]; t[j] = t[j - 1]; t[j - 1] = x
				}
			split(row[r], part, "|")
			printf "  %6.1f  %s\n", m % 2 ? t[(m + 1) / 2] : (t[m / 2] + t[m / 2 + 1]) / 2, part[2]
		}
	}' "$2"
}
rows="begin lo-up|unshare -n, sh, lo up"
rows="$rows;lo-up listening|tcpdump: start to listening"
rows="$rows;listening tcpdump-exit|tcpdump: SIGINT to exit"
rows="$rows;tcpdump-exit end|sh and the namespace end"
steps_of "the floor" "$work/floor.steps" "$rows"
rows="begin staged|capture.sh: start, lesson, output folder, lock"
rows="$rows;staged namespace|unshare (network, PID and mount namespaces), exchange.sh starts, ip starts"
rows="$rows;namespace lo-up|the stage folder and its FIFOs; lo up"
rows="$rows;lo-up started|tcpdump, watcher, server, poller and watchdog started"
rows="$rows;started listening|tcpdump: start to listening (the server starts meanwhile)"
rows="$rows;listening client|waiting for the server after tcpdump listens"
rows="$rows;client closed|the exchange: client start to the connection's last packet"
rows="$rows;closed stopped|tcpdump: SIGINT to its counts, its last words"
rows="$rows;stopped logged|the verdict, server, versions, log"
rows="$rows;logged exchanged|exchange.sh says ready"
rows="$rows;exchanged installed|the results moved into OUT (mv), while tcpdump ends"
rows="$rows;installed cleaned|the stage removed (rm), while tcpdump ends"
rows="$rows;cleaned over|the rest of tcpdump's end, exchange.sh's, the namespaces'"
rows="$rows;over end|the verdict printed"
steps_of "the full capture and check" "$work/capture.steps" "$rows"
[ -z "$other" ] || steps_of "$other: the full capture and check" "$work/other.steps" "$rows"
