#!/bin/sh
# scripts/replay.sh [lesson] - what make replay runs: the ladder of a
# lesson's recorded reference capture (captures/LESSON.txt).  Needs neither
# root nor tcpdump, so every student sees the lesson.  EXPLAIN=1 in the
# environment: the ladder says what each packet's fields mean.
# Exit: 0 shown, 2 unknown lesson.

set -u
prog=replay
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

load_lesson "${1:-handshake}" ||
	fail "$EXIT_USAGE" "unknown lesson '${1:-}' (make lessons shows them)"
echo "== $lesson: $lesson_summary"
echo "== RECORDED reference capture, captures/$lesson.txt, made with"
sed 's/^/==   /' "$repo/captures/$lesson.versions" | head -n 3
echo
sh "$scripts/ladder.sh" ${EXPLAIN:+--explain} "$repo/captures/$lesson.txt"
