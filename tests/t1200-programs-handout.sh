#!/bin/sh
# The students' handout: README.md within one sitting, a sheet for every
# lesson (lessons/NAME.md) with its questions and the teacher's answers,
# each linked from the README and from make class's index, and make demo's
# screen as the README shows it, line by line.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN

# every lesson: lessons/NAME, not NAME.md, its sheet
lessons=$(cd "$top/lessons" && for name in *; do case $name in *.*) ;; *) echo "$name" ;; esac; done)

test_expect 'README.md is at most 350 lines and says how to run the tests' '
	[ "$(wc -l <"$top/README.md")" -le 350 ] &&
	grep -q "^    make test  *# " "$top/README.md"
'

for lesson in $lessons; do
	test_expect "$lesson: a sheet, lessons/$lesson.md, with 3 to 5 questions and the teacher's note" "
		sheet='$top/lessons/$lesson.md' &&
		test -s \"\$sheet\" &&
		grep -q 'make demo LESSON=$lesson\|make demo  *# live' \"\$sheet\" &&
		questions=\$(sed -n '/^## Questions/,/^## /p' \"\$sheet\" | grep -c '^[0-9][0-9]*\. ') &&
		[ \"\$questions\" -ge 3 ] && [ \"\$questions\" -le 5 ] &&
		answers=\$(sed -n '/^## For the teacher/,\$p' \"\$sheet\" | grep -c '^[0-9][0-9]*\. ') &&
		[ \"\$answers\" -eq \"\$questions\" ] || { echo \"questions: \${questions:-none}, answers: \${answers:-none}\"; exit 1; }
	"
	test_expect "$lesson: README.md links its sheet" "
		grep -q '](lessons/$lesson.md)' '$top/README.md'
	"
done

test_expect 'no sheet without a lesson' '
	for sheet in "$top"/lessons/*.md; do
		test -f "${sheet%.md}" || { echo "no lesson for $sheet"; exit 1; }
	done
'

test_expect 'make class: the index links every lesson'"'"'s sheet' '
	bounded 60 sh "$top/scripts/class.sh" "$PWD/class" >out &&
	for lesson in $lessons; do
		grep -q "<li><a href=\"$lesson.html\">$lesson</a>: .*<a href=\"[^\"]*/lessons/$lesson.md\">" class/index.html ||
			{ echo "no sheet linked for $lesson"; exit 1; }
	done
'

# screen FILE: make demo's screen with what changes from run to run
# masked: numbers (times, ports, sequence numbers), the welcome's date,
# where it captured, runs of spaces (the columns move with the numbers).
screen() {
	sed -e '/^cc /d' -e 's/timestamp on server: .*/timestamp on server: DATE/' \
	    -e 's/^capturing .*/capturing WHERE/' -e 's/[0-9][0-9]*/N/g' -e 's/  */ /g' "$1"
}

# the README's sample of the screen: the block after its marker
awk '$0 == "<!-- output of: sh scripts/screen.sh handshake -->" { in_block = 1; next }
	in_block == 1 && /^```/ { in_block = 2; next }
	in_block == 2 && /^```/ { exit }
	in_block == 2' "$top/README.md" >readme-screen
test_expect 'README.md shows make demo'"'"'s screen, made from the recording' '
	[ "$(wc -l <readme-screen)" -gt 40 ] &&
	sh "$top/scripts/screen.sh" handshake >recorded &&
	compare readme-screen recorded
'

test_expect LIVE 'a live make demo prints the screen README.md shows, line by line' '
	scratch_repo && cp "$top/README.md" repo/ &&
	screen readme-screen >expect &&
	for try in 1 2 3; do
		bounded 60 sh repo/scripts/demo.sh handshake >demo 2>demo.err
		grep -q "^match: " demo && break
	done &&
	screen demo >actual &&
	compare expect actual
'

test_done
