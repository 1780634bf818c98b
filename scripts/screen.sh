#!/bin/sh
# scripts/screen.sh [lesson] - make demo's screen, made from the lesson's
# reference recording (captures/LESSON.txt, .pcap and .versions) instead of
# a live capture: README.md's sample of the screen (make readme), and what
# tests/t1200-programs-handout.sh compares a live make demo with.  Every
# line is one make demo prints: capture.sh's three first lines, tcpdump's
# lines, the verdict, what the programs printed (the client: the welcome the
# recording carries, or the error client.c prints for the reset it got; the
# server: its port and the client's address and port, from the capture),
# the ladder and the last line.  Needs neither root nor tcpdump.
# Exit: 0 shown, 1 the recording cannot be read, 2 unknown lesson.

set -u
prog=screen.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

[ $# -le 1 ] || fail "$EXIT_USAGE" "usage: screen.sh [lesson]"
load_lesson "${1:-handshake}" ||
	fail "$EXIT_USAGE" "unknown lesson '${1:-}' (make lessons shows them)"
recorded=$repo/captures/$lesson
for part in txt pcap versions; do
	[ -r "$recorded.$part" ] || fail 1 "no reference recording of $lesson in captures/ (no $lesson.$part)"
done
check=$(mktemp -d "${TMPDIR:-/tmp}/screen.XXXXXX") || fail 1 "cannot make a scratch folder"
trap 'rm -rf "$check"' EXIT

echo "$lesson: $lesson_summary"
# how it was isolated, as capture.sh says it (the oldest recordings lack "in")
isolation=$(sed -n 's/^isolation: //p' "$recorded.versions")
case $isolation in a\ *) isolation="in $isolation" ;; esac
echo "capturing $isolation"
echo "tcpdump's lines: the server is $lesson_address.$lesson_port, the client the other end"
# as the live capture lists them, shortened where long
LC_ALL=C awk -v standalone=1 -v whole="captures/last/$lesson.txt" -f "$lib/capture/listing.awk" \
    "$recorded.txt" >"$check/listing"
cat "$check/listing"
# the verdict: what capture.sh -r prints after its two lines and the packets
listed=$(grep -c . "$check/listing")
sh "$scripts/capture.sh" -o "$check" -r "$recorded.txt" "$lesson" >"$check/out"
sed "1,$((listed + 2))d" "$check/out"

# packet 1's sender is the client: "IP 127.0.0.1.41648 > ..." (IP6 for ::1)
client=$(sed -n '1s/^[^>]* IP6* \([^ ]*\) > .*/\1/p' "$recorded.txt")
welcome=$(tr -c '[:print:]\n' '\n' <"$recorded.pcap" |
	sed -n 's/.*\(welcome to our server\. .*\)/\1/p' | sed -n 1p)
echo
echo "the client printed:"
case " $lesson_client " in
*" -q "*)	# how many bytes came: the server's stream, as the ladder counts it
	sh "$scripts/ladder.sh" --tsv "$recorded.txt" | awk -F '\t' '
	    NR > 1 && $2 == "server" && $8 > 0 && $5 + $8 > top { top = $5 + $8 }
	    END { printf "  client: received %d bytes\n", top - 1 }' ;;
*) [ -z "$welcome" ] || echo "  $welcome" ;;
esac
if grep -q "^ *[0-9]*  [^ ]* IP6* [^ ]*\.$lesson_port > .*Flags \[R" "$recorded.txt"; then
	if [ -n "$welcome" ]; then
		echo "  client: read from $lesson_address port $lesson_port: Connection reset by peer"
	else
		echo "  client: connect to $lesson_address port $lesson_port: Connection refused"
	fi
fi
if [ "$lesson_server" = none ]; then
	echo "(no server in this lesson: nothing listens on the port)"
else
	echo "the server printed:"
	echo "  server: listening on port $lesson_port"
	echo "  connect from client: IP: ${client%.*}, Port: ${client##*.}"
fi
echo
sh "$scripts/ladder.sh" "$recorded.txt"
echo "(the ladder as SVG: captures/last/$lesson.svg; the time-sequence graph: captures/last/$lesson-graph.svg; the classroom page, stepped like slides: captures/last/$lesson.html)"
