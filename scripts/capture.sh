#!/bin/sh
# scripts/capture.sh [-o dir] [-r file] [lesson] - capture a lesson's
# exchange with tcpdump and check its packets against the golden pattern.
#
#   capture.sh              the handshake lesson, files in captures/last/
#   capture.sh -o DIR NAME  lesson NAME, files in DIR
#   capture.sh -r FILE      check recorded tcpdump text (tcpdump -n -S)
#                           instead of capturing: no root, no tcpdump
#   capture.sh --list       the lessons, one line each
#
# Exit: 0 the packets match; 1 they differ, or the capture failed;
# 2 usage or unknown lesson; 3 this machine cannot capture (says why and
# what to run).

set -u
prog=capture.sh
# shellcheck source=scripts/lib.sh
. "${0%/*}/lib.sh"

usage() {
	echo "usage: capture.sh [-o dir] [-r file] [lesson] | --list" >&2
	exit "$EXIT_USAGE"
}

out=$repo/captures/last recorded=
case ${1:-} in
--list) [ $# -eq 1 ] || usage; list_lessons; exit 0 ;;
--help | -h) usage ;;
esac
while getopts :o:r: opt; do
	case $opt in
	o) out=$OPTARG ;;
	r) recorded=$OPTARG ;;
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
case $bound in '' | *[!0-9]* | 0) fail "$EXIT_USAGE" "CAPTURE_TIMEOUT must be a number of seconds: $bound" ;; esac
mkdir -p "$out" || fail 1 "cannot create $out"
out=$(cd "$out" && pwd)
text=$out/$lesson.txt

# verdict: show the packets, compare their flags with the golden pattern.
verdict() {
	print_file "$text"
	awk -f "$scripts/tcpdump.awk" -f "$scripts/flags.awk" "$text" \
	    >"$out/$lesson.flags"
	expected='' captured='' packets=0
	while IFS= read -r line; do
		case $line in '' | '#'*) ;; *) expected="$expected$line
" ;; esac
	done <"$golden"
	while IFS= read -r line; do
		captured="$captured$line
"
		packets=$((packets + 1))
	done <"$out/$lesson.flags"
	if [ "$expected" = "$captured" ]; then
		echo "match: $packets packets, as in captures/$lesson.flags"
		exit 0
	fi
	printf '%s' "$expected" >"$out/$lesson.expected"
	echo "MISMATCH: the packets differ from captures/$lesson.flags"
	diff -u "$out/$lesson.expected" "$out/$lesson.flags" |
	    sed -e "1s|.*|--- expected (captures/$lesson.flags)|" \
	    -e "2s|.*|+++ captured|"
	cause=$(diagnose "$out/$lesson.expected" "$out/$lesson.flags")
	[ -z "$cause" ] || echo "likely cause: $cause"
	exit "$EXIT_MISMATCH"
}

# diagnose EXPECTED CAPTURED: one line on the likely cause, when it shows.
diagnose() {
	has() { grep -q "$1" "$2"; }
	# the first FIN answered by a bare ACK, not by the receiver's own FIN
	fin_acked_alone='$2 ~ /F/ { fins++; fin = $1; next }
		fins == 1 && fin != "" && $1 != fin && $2 == "." { found = 1 }
		{ fin = "" } END { exit !found }'
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

if [ -n "$recorded" ]; then
	if [ ! -f "$recorded" ] || [ ! -r "$recorded" ]; then
		fail "$EXIT_USAGE" "cannot read $recorded: not a readable file"
	fi
	text=$recorded
	echo "$lesson: $lesson_summary"
	echo "checking recorded text $recorded"
	verdict
fi

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

choose_isolation
if [ "$isolation" = host ]; then
	say "no private network namespace here ($why); capturing on the host's lo, where other traffic on port $lesson_port can get in"
fi

# --- the capture -------------------------------------------------------

# Stopping a run early (Ctrl-C, TERM): ask the namespace's first process,
# timeout, to end it -- it passes TERM on to exchange.sh, which stops and
# waits for what it started -- and wait for unshare, which returns only
# once the namespace is empty.  On the host, timeout is the runner itself.
# Only if that process cannot be found, KILL unshare: --kill-child then
# takes the namespace down, a moment later.
runner='' work='' starting=''
stop_runner() {
	pid=$runner
	# a signal between "runner &" and "runner=$!": $! is the runner
	[ -z "$starting" ] || pid=${!:-}
	if [ -n "$pid" ]; then
		first=$pid
		if [ "$isolation" = namespace ]; then
			first=
			read -r first _ 2>/dev/null <"/proc/$pid/task/$pid/children"
		fi
		if [ -n "$first" ]; then
			kill -TERM "$first" 2>/dev/null
		else
			kill -KILL "$pid" 2>/dev/null
		fi
		wait "$pid" 2>/dev/null
	fi
	[ -z "$work" ] || rm -rf "$work"
}
trap 'stop_runner' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -f "$out/$lesson".pcap "$out/$lesson".flags "$out/$lesson".log \
    "$out/$lesson".expected
# emptied, not removed: whoever follows it (tail -F) follows from the start
: >"$text"
read -r kernel </proc/sys/kernel/osrelease || kernel=unknown
{
	echo "kernel: Linux $kernel"
	echo "$tcpdump_versions"
	echo "isolation: $isolation_text"
} >"$out/$lesson.versions"
# mawk must be told to read the watcher's pipe a line at a time.
case $(awk -W version 2>&1 </dev/null) in
mawk*) HANDSHAKE_AWK='mawk' ;;
*) HANDSHAKE_AWK='awk' ;;
esac
export HANDSHAKE_AWK

echo "$lesson: $lesson_summary"
echo "capturing with tcpdump $version $isolation_text"
work=$(mktemp -d "$out/.capture.XXXXXX") || fail 1 "cannot create a folder in $out"
starting=1
# shellcheck disable=SC2086 # $isolate is a command line
$isolate timeout -k 2 "$bound" sh "$scripts/exchange.sh" "$out" "$lesson" \
    "$isolation" "$work" &
runner=$! starting=''
wait "$runner"
status=$?
runner=
case $status in
0) ;;
3) exit "$EXIT_CANNOT" ;;
124 | 137) fail 1 "gave up after $bound s (CAPTURE_TIMEOUT); see $out/$lesson.log" ;;
*) exit 1 ;;
esac

verdict
