#!/bin/sh
# scripts/class.sh [dir] - what make class runs: the classroom page of
# every lesson's reference recording, and an index that lists the lessons
# with their summaries and links to their pages, in DIR (default
# captures/class), so that an instructor opens one file and has the whole
# course.  Needs neither root nor tcpdump.  Exit: 0 written, 1 not, 2
# usage.

set -u
prog=class.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

if [ $# -gt 1 ] || [ "${1-x}" = "" ]; then
	fail "$EXIT_USAGE" "usage: class.sh [dir]"
fi
dir=${1:-$repo/captures/class}
mkdir -p "$dir" || fail 1 "cannot make $dir"
index=$dir/index.html.new
# the lesson sheets, lessons/NAME.md: from the usual folder, a relative link
if [ "$dir" = "$repo/captures/class" ]; then
	sheets=../../lessons
else
	sheets=$(cd "$repo/lessons" && pwd) || fail 1 "cannot find $repo/lessons"
fi
trap 'rm -f "$index" "$dir"/*.html.new' EXIT
{
	echo '<!DOCTYPE html>'
	echo '<html lang="en">'
	echo '<head><meta charset="utf-8"><title>TCP lessons</title>'
	echo '<style>body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 20px; margin: 1em 2em; } li { margin: 0.4em 0; } a { color: #0d47a1; }</style>'
	echo '</head>'
	echo '<body>'
	echo '<h1>TCP lessons</h1>'
	echo '<p>Each page steps through one recorded capture: Right arrow or Space for the next packet, Left for the previous, P to predict.</p>'
	echo '<ol>'
} >"$index" || fail 1 "cannot write in $dir"
for file in "$repo"/lessons/*; do
	case ${file##*/} in *.*) continue ;; esac	# lessons/NAME.md is NAME's sheet
	load_lesson "${file##*/}" || continue
	if ! sh "$scripts/ladder.sh" --html "$repo/captures/$lesson.txt" >"$dir/$lesson.html.new" ||
	    ! mv "$dir/$lesson.html.new" "$dir/$lesson.html"; then
		fail 1 "cannot write $dir/$lesson.html"
	fi
	summary=$(printf '%s\n' "$lesson_summary" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
	sheet=''
	[ ! -f "$repo/lessons/$lesson.md" ] ||
		sheet=" (<a href=\"$sheets/$lesson.md\">the sheet: what to look at, questions</a>)"
	echo "<li><a href=\"$lesson.html\">$lesson</a>: $summary$sheet</li>" >>"$index" ||
		fail 1 "cannot write in $dir"
done
if ! printf '</ol>\n</body>\n</html>\n' >>"$index" || ! mv "$index" "$dir/index.html"; then
	fail 1 "cannot write in $dir"
fi
echo "the course: $dir/index.html"
