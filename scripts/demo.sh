#!/bin/sh
# scripts/demo.sh [lesson] - what make demo runs: capture the lesson live,
# show tcpdump's lines, the verdict, what the client and the server
# printed and the ladder, and write the ladder as DIR/LESSON.svg, the
# time-sequence graph as DIR/LESSON-graph.svg and the classroom page as
# DIR/LESSON.html beside the pcap.  Where this machine cannot capture, say
# why and show the recorded reference capture instead, labelled as such.
# EXPLAIN=1 in the environment: the ladder says what each packet's fields
# mean (ladder.sh --explain).
# Exit: 0 shown (a live match, or the recording), 1 live mismatch or
# failure, 2 unknown lesson.

set -u
prog=demo
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"
name=${1:-handshake}
out=$repo/captures/last

# A run that captured moves its results into OUT as new files: one that
# failed (OUT not writable, say) leaves an earlier run's, which are not
# shown as this one's.  The inode tells the two apart.
earlier=$(ls -i "$out/$name.txt" 2>/dev/null)
sh "$scripts/capture.sh" -o "$out" "$name"
status=$?
case $status in
0 | 1)
	[ -s "$out/$name.txt" ] && [ "$(ls -i "$out/$name.txt" 2>/dev/null)" != "$earlier" ] ||
		exit "$status"
	echo
	echo "the client printed:"
	sed -n '/^== client/,$p' "$out/$name.log" | sed '1d; s/^/  /'
	if grep -qx 'server=none' "$repo/lessons/$name"; then
		echo "(no server in this lesson: nothing listens on the port)"
	else
		echo "the server printed:"
		sed -n '/^== server/,/^== /p' "$out/$name.log" | sed '1d; /^== /d; s/^/  /'
	fi
	echo
	sh "$scripts/ladder.sh" ${EXPLAIN:+--explain} "$out/$name.txt"
	sh "$scripts/ladder.sh" --svg "$out/$name.txt" >"$out/$name.svg" &&
		sh "$scripts/ladder.sh" --graph "$out/$name.txt" >"$out/$name-graph.svg" &&
		sh "$scripts/ladder.sh" --html "$out/$name.txt" >"$out/$name.html" &&
		echo "(the ladder as SVG: captures/last/$name.svg; the time-sequence graph: captures/last/$name-graph.svg;" \
		    "the classroom page, stepped like slides: captures/last/$name.html)"
	exit "$status" ;;
"$EXIT_CANNOT")
	echo
	echo "No live capture on this machine (see above); here is the recording."
	exec sh "$scripts/replay.sh" "$name" ;;
*) exit "$status" ;;
esac
