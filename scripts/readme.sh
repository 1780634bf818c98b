#!/bin/sh
# scripts/readme.sh [--check] - the sample outputs in README.md, GUIDE.md,
# HACKING.md and the lesson sheets (lessons/*.md), made again from the
# reference captures, so that they cannot drift from what the scripts print.  A sample is the fenced block after a line
#
#   <!-- output of: COMMAND -->
#
# and holds what COMMAND prints, run in the repository's top folder.
# make readme rewrites them; --check only compares (a test does).
# Exit: 0 up to date (or rewritten), 1 a sample differs, 2 usage.

set -u
prog=readme.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

case $# in
0) check='' ;;
1) [ "$1" = --check ] || fail "$EXIT_USAGE" "usage: readme.sh [--check]"; check=1 ;;
*) fail "$EXIT_USAGE" "usage: readme.sh [--check]" ;;
esac
cd "$repo" || exit 1
new=''
trap 'rm -f "$new"' EXIT

status=0
for doc in README.md GUIDE.md HACKING.md lessons/*.md; do
	[ -f "$doc" ] || continue
	new=$doc.new
	awk '
	# in: 0 text, 1 the marker seen, 2 inside its fenced block
	in_block == 2 {
		if (/^```/)
			in_block = 0
		next
	}
	{ print }
	/^<!-- output of: .* -->$/ {
		command = $0
		sub(/^<!-- output of: /, "", command)
		sub(/ -->$/, "", command)
		in_block = 1
		next
	}
	in_block == 1 && /^```/ {
		while ((command | getline line) > 0)
			print line
		close(command)
		print "```"
		in_block = 2
	}
	' "$doc" >"$new" || exit 1
	if [ -z "$check" ]; then
		mv "$new" "$doc"
	elif ! diff -u "$doc" "$new"; then
		say "$doc's samples differ from what the scripts print (make readme makes them again)"
		status=1
	fi
	rm -f "$new"
done
exit "$status"
