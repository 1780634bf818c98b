#!/bin/sh
# scripts/demo.sh [lesson] - what make demo runs: capture the lesson live and
# show it; where this machine cannot capture, show the recorded reference
# capture instead, labelled as such.
# Exit: 0 shown (live match, or the recording), 1 live mismatch or failure,
# 2 unknown lesson.

set -u
prog=demo
. "${0%/*}/lib.sh"
name=${1:-handshake}

sh "$scripts/capture.sh" "$name"
status=$?
[ "$status" -eq "$EXIT_CANNOT" ] || exit "$status"

load_lesson "$name" || exit "$EXIT_USAGE"
echo
echo "== no live capture here (see above): the RECORDED reference capture =="
echo "$lesson: $lesson_summary"
sed 's/^/recorded with /' "$repo/captures/$lesson.versions" | head -n 2
cat "$repo/captures/$lesson.txt"
