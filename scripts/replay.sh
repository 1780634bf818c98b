#!/bin/sh
# scripts/replay.sh [lesson] - what make replay runs: the ladder of a
# lesson's recorded reference capture (captures/LESSON.txt).  Needs neither
# root nor tcpdump, so every student sees the lesson; and its classroom
# page, captures/last/LESSON.html.  EXPLAIN=1 in the
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
sh "$scripts/ladder.sh" ${EXPLAIN:+--explain} "$repo/captures/$lesson.txt" || exit 1
# The page is a bonus: where captures/last cannot be written (a read-only
# checkout, another user's), replay still shows the lesson, and says so.
page=$repo/captures/last/$lesson.html
if mkdir -p "${page%/*}" 2>/dev/null &&
    sh "$scripts/ladder.sh" --html "$repo/captures/$lesson.txt" >"$page.$$" 2>/dev/null &&
    mv -f "$page.$$" "$page" 2>/dev/null; then
	echo "(the classroom page, stepped like slides: captures/last/$lesson.html)"
else
	rm -f "$page.$$" 2>/dev/null
	echo "(no classroom page: captures/last cannot be written here)"
fi
