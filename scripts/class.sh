#!/bin/sh
# scripts/class.sh [dir] - what make class runs: the classroom page of
# every lesson's reference recording, and an index that lists the lessons
# in teaching order with their summaries and links to their pages, each
# page linking the index and the lessons before and after it, in DIR (default
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
	echo '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>TCP lessons</title>'
	echo '<link rel="icon" href="data:,"><style>body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 20px; margin: 1em; max-width: 50em; } li { margin: 0.4em 0; } a { color: #0d47a1; }</style>'
	echo '</head>'
	echo '<body>'
	echo '<h1>TCP lessons</h1>'
	echo '<p>Each page steps through one recorded capture: Right arrow or Space for the next packet, Left for the previous, P to predict.</p>'
	echo '<ol>'
} >"$index" || fail 1 "cannot write in $dir"
# The lessons in teaching order: the handshake first, then flow and
# congestion, the losses last; a lesson this list does not know (a
# course's own) before the losses.
taught=''
known=" handshake client-close delayed-ack refused abort ipv6 two-hosts slow-start zero-window lost-syn lost-ack lost-data fast-retransmit timeout "
for name in handshake client-close delayed-ack refused abort ipv6 two-hosts slow-start zero-window; do
	[ -f "$repo/lessons/$name" ] && taught="$taught $name"
done
for file in "$repo"/lessons/*; do
	name=${file##*/}
	case $name in *.*) continue ;; esac	# lessons/NAME.md is NAME's sheet
	case $known in
	*" $name "*) ;;
	*) taught="$taught $name" ;;
	esac
done
for name in lost-syn lost-ack lost-data fast-retransmit timeout; do
	[ -f "$repo/lessons/$name" ] && taught="$taught $name"
done

# course_nav PREV NEXT SHEET: the links to the index, the lesson's sheet
# (none: "") and the lessons either side.
course_nav() {
	printf '<nav class="course" aria-label="the course"><a href="index.html">all lessons</a>'
	[ -z "$3" ] || printf ' | <a href="%s">the sheet: what to look at, questions</a>' "$3"
	[ -z "$1" ] || printf ' | <a href="%s.html" rel="prev">previous: %s</a>' "$1" "$1"
	[ -z "$2" ] || printf ' | <a href="%s.html" rel="next">next: %s</a>' "$2" "$2"
	printf '</nav>'
}

previous=''
# shellcheck disable=SC2086 # lesson names: letters, digits and dashes
set -- $taught
for name in "$@"; do
	shift
	load_lesson "$name" || continue
	following=${1:-}
	sheet=''
	[ ! -f "$repo/lessons/$lesson.md" ] || sheet=$sheets/$lesson.md
	# for sed's replacement below: a folder's name may hold \ & or #
	links=$(course_nav "$previous" "$following" "$sheet" | sed 's/[\\&#]/\\&/g')
	# the page, with the links at its start
	if ! sh "$scripts/ladder.sh" --html "$repo/captures/$lesson.txt" >"$dir/$lesson.page.html.new" ||
	    ! sed "s#^<li id=\"step-0\" class=\"start\" data-step=\"0\">#&$links#" \
	    "$dir/$lesson.page.html.new" >"$dir/$lesson.html.new" ||
	    ! rm -f "$dir/$lesson.page.html.new" ||
	    ! mv "$dir/$lesson.html.new" "$dir/$lesson.html"; then
		fail 1 "cannot write $dir/$lesson.html"
	fi
	previous=$lesson
	summary=$(printf '%s\n' "$lesson_summary" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
	[ -z "$sheet" ] ||
		sheet=" (<a href=\"$sheet\">the sheet: what to look at, questions</a>)"
	echo "<li><a href=\"$lesson.html\">$lesson</a>: $summary$sheet</li>" >>"$index" ||
		fail 1 "cannot write in $dir"
done
if ! printf '</ol>\n</body>\n</html>\n' >>"$index" || ! mv "$index" "$dir/index.html"; then
	fail 1 "cannot write in $dir"
fi
echo "the course: $dir/index.html"
