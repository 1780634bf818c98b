#!/bin/sh
# scripts/capture.sh [-o dir] [lesson] - capture a lesson's exchange with
# tcpdump and check its packets against the golden pattern.
#
#   capture.sh              the handshake lesson, files in captures/last/
#   capture.sh -o DIR NAME  lesson NAME, files in DIR
#   capture.sh --list       the lessons, one line each
#
# Exit: 0 the packets match; 1 they differ, or the capture failed;
# 2 usage or unknown lesson; 3 this machine cannot capture (says why and
# what to run).

set -u
prog=capture.sh
. "$(dirname "$0")/lib.sh"

usage() {
	echo "usage: capture.sh [-o dir] [lesson] | --list" >&2
	exit "$EXIT_USAGE"
}

out=$repo/captures/last
case ${1:-} in
--list) list_lessons; exit 0 ;;
--help | -h) usage ;;
esac
while getopts o: opt; do
	case $opt in
	o) out=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
load_lesson "${1:-handshake}" ||
	fail "$EXIT_USAGE" "unknown lesson '${1:-}' (capture.sh --list shows them)"
golden=$repo/captures/$lesson.flags
[ -r "$golden" ] || fail "$EXIT_USAGE" "lesson $lesson has no golden pattern $golden"
bound=${CAPTURE_TIMEOUT:-20}

# --- what this machine can do ------------------------------------------

command -v tcpdump >/dev/null 2>&1 ||
	fail "$EXIT_CANNOT" "tcpdump is not installed; run: sudo apt-get install tcpdump (or make replay, which needs none)"
tcpdump_versions=$(tcpdump --version 2>&1)
version=${tcpdump_versions#tcpdump version }
version=${version%%[!0-9.]*}
major=${version%%.*} minor=${version#*.}
minor=${minor%%.*}
if [ "${major:-0}" -lt 4 ] || { [ "$major" -eq 4 ] && [ "${minor:-0}" -lt 99 ]; }; then
	fail "$EXIT_CANNOT" "tcpdump $version is too old: capture.sh needs 4.99 or later (for -w with --print); Ubuntu 20.04 ships 4.9.3; upgrade tcpdump, or run make replay"
fi
for program in server client; do
	[ -x "$bindir/$program" ] || fail 1 "$bindir/$program is missing: run make first"
done
mkdir -p "$out" || fail 1 "cannot create $out"
out=$(cd "$out" && pwd)

# A private network namespace: nothing else on port $lesson_port, no other
# run, no host setting (ECN, say) can touch the capture.  A private PID
# namespace too: when its first process dies, everything in it dies.
if [ "$(id -u)" -eq 0 ]; then
	isolate="unshare --net --pid --fork --kill-child"
	isolation_text="a private network namespace (unshare -n)"
else
	isolate="unshare --map-auto --map-root-user --net --pid --fork --kill-child"
	isolation_text="a private network namespace, no sudo (unshare --map-auto --map-root-user -n)"
fi
# shellcheck disable=SC2086 # $isolate is a command line
if why=$($isolate true 2>&1); then
	isolation=namespace stop_signal=KILL
else
	say "no private network namespace here (${why:-unshare failed}); capturing on the host's lo, where other traffic on port $lesson_port can get in"
	isolate= isolation=host stop_signal=TERM
	isolation_text="the host's lo, NOT isolated"
fi

# --- the capture -------------------------------------------------------

# Killing the runner ends the run: unshare takes its namespace with it;
# timeout passes TERM on to exchange.sh, which kills what it started.
runner=
stop_runner() {
	pid=${runner:-${!:-}}
	[ -n "$pid" ] || return 0
	kill -s "$stop_signal" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
trap 'stop_runner' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -f "$out/$lesson".pcap "$out/$lesson".txt "$out/$lesson".flags \
    "$out/$lesson".log
{
	echo "kernel: $(uname -sr)"
	echo "$tcpdump_versions"
	echo "isolation: $isolation_text"
} >"$out/$lesson.versions"

echo "$lesson: $lesson_summary"
echo "capturing in $isolation_text with tcpdump $version"
# shellcheck disable=SC2086 # $isolate is a command line
$isolate timeout -k 2 "$bound" sh "$scripts/exchange.sh" "$out" "$lesson" \
    "$isolation" &
runner=$!
wait "$runner"
status=$?
runner=
case $status in
0) ;;
3) exit "$EXIT_CANNOT" ;;
124 | 137) fail 1 "gave up after $bound s (CAPTURE_TIMEOUT); see $out/$lesson.log" ;;
*) exit 1 ;;
esac

# --- the verdict -------------------------------------------------------

cat "$out/$lesson.txt"
awk -f "$scripts/tcpdump.awk" -f "$scripts/flags.awk" "$out/$lesson.txt" \
    >"$out/$lesson.flags"
grep -v -e '^#' -e '^$' "$golden" >"$out/$lesson.expected"
if cmp -s "$out/$lesson.expected" "$out/$lesson.flags"; then
	rm -f "$out/$lesson.expected"
	echo "match: $(wc -l <"$out/$lesson.flags") packets, as in captures/$lesson.flags"
	exit 0
fi

# diagnose EXPECTED CAPTURED: one line on the likely cause, when it shows.
diagnose() {
	has() { grep -q "$1" "$2"; }
	fin_acked_alone='$2 ~ /F/ { fin = $1; next } fin != "" && $1 != fin && $2 == "." { found = 1 } { fin = "" } END { exit !found }'
	if [ ! -s "$2" ]; then
		echo "no packet was captured"
	elif has ' .*R' "$2" && ! has ' .*R' "$1"; then
		echo "a reset (R): a socket was closed with unread data or SO_LINGER {1, 0}, or nothing listened"
	elif has ' .*[EW]' "$2" && ! has ' .*[EW]' "$1"; then
		echo "ECN (E, W): this machine asks for congestion notification (sysctl net.ipv4.tcp_ecn=1)"
	elif [ "$(head -n 1 "$1")" = "client S" ] && [ "$(head -n 1 "$2")" != "client S" ]; then
		echo "the capture started late: the first packets are missing"
	elif awk "$fin_acked_alone" "$2" && ! awk "$fin_acked_alone" "$1"; then
		echo "delayed ACK: a FIN was acknowledged alone, because its receiver closed more than the delayed-ACK timeout (40 ms or more) after it arrived"
	fi
}

echo "MISMATCH: the packets differ from captures/$lesson.flags"
diff -u "$out/$lesson.expected" "$out/$lesson.flags"
cause=$(diagnose "$out/$lesson.expected" "$out/$lesson.flags")
[ -n "$cause" ] && echo "likely cause: $cause"
exit "$EXIT_MISMATCH"
