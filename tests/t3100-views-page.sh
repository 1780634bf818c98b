#!/bin/sh
# The classroom page (ladder.sh --html): a page for every recording, valid
# HTML, standalone, with every packet and explanation in it; and, in
# headless Chromium driven by playwright-core (tests/browser), the keys,
# the fragment, predict mode, no request, no console error, no horizontal
# scrolling, the page without JavaScript and in print.  Screenshots go to
# captures/last/page-shots/, to be looked at.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"

browser=$top/tests/browser
chromium=${CHROMIUM:-/usr/bin/chromium}

# The browser's checks run once, one node and one Chromium (run.js:
# page-checks.js, then room-checks.js, which measures what a room sees:
# type size, nothing off screen, the lit states, predict mode), while the
# other pages are made; each check is a line of TAP below.
mkdir -p pages browser-pages
# make class's course, once: its test below reads it, and the browser's
# lessons are its pages, with the course's links
bounded 60 sh "$top/scripts/class.sh" "$PWD/class" >class.out 2>&1
# shellcheck disable=SC2034 # used inside the test body below
class_status=$?
browser_pid=''
if test_have_prereq BROWSER; then
	shots=$top/captures/last/page-shots
	mkdir -p "$shots" &&
	sh "$top/scripts/ladder.sh" --html "$top/captures/lost-ack.txt" >browser-pages/lost-ack.html &&
	for lesson in handshake lost-data refused; do
		cp "class/$lesson.html" browser-pages/ &&
		sh "$top/scripts/ladder.sh" --tsv "$top/captures/$lesson.txt" >"browser-pages/$lesson.tsv" || exit 1
	done &&
	{ CHROMIUM=$chromium bounded 120 node "$browser/run.js" browser-pages "$shots" \
	    >browser.out 2>&1 & } &&
	browser_pid=$!
fi

# Every recording the tests hold, as a page (tests/data/forms holds the
# same captures in tcpdump's other forms, which the text view checks).
# One watchdog for them all, and no process to name a page.
every_page() {
	for input in "$top"/captures/*.txt "$top"/tests/data/*.txt "$top"/tests/data/written/*.txt; do
		name=${input#"$top"/}
		while :; do	# captures/x.txt: captures-x.txt
			case $name in */*) name=${name%%/*}-${name#*/} ;; *) break ;; esac
		done
		sh "$top/scripts/ladder.sh" --html "$input" >"pages/${name%.txt}.html" 2>/dev/null ||
			rm -f "pages/${name%.txt}.html"	# no TCP packet to draw (the -q form)
	done
}
bounded 120 every_page

# (a page is its script, style and pictures, some 40 KB, and about 2 KB a
# packet: the packet's line, words and explanations, its arrow and its
# place in the graph; 0.4 KB more for each with the server kernel's
# numbers, explained and on the graph's cwnd line: slow-start's 136
# packets, 59 with them, make 319 KB)
test_expect 'a page for every recording, each under 300 KB or 2.2 KB a packet (2.6 with the kernel'"'"'s numbers), needing nothing but itself' '
	[ "$(ls pages | wc -l)" -ge 50 ] &&
	for page in pages/*.html; do
		size=$(wc -c <"$page")
		packets=$(grep -o "<g class=\"packet\"" "$page" | wc -l)
		kernel=$(grep -c "^<dt>cwnd [0-9]" "$page")
		[ "$size" -lt 300000 ] || [ "$size" -lt $((packets * 2200 + kernel * 400)) ] ||
			{ echo "$page: $size bytes, $packets packets, $kernel with the kernel'"'"'s numbers"; exit 1; }
		# (its icon is an empty data: URL, so that a browser asks for no /favicon.ico)
		! grep -E "(src|href)=\"[a-z]+:|@import|url\\(http" "$page" |
		    grep -vqF "<link rel=\"icon\" href=\"data:,\">" || { echo "$page links out"; exit 1; }
	done
'

test_expect 'every packet and explanation is in the page itself' '
	page=pages/captures-handshake.html &&
	[ "$(grep -c "^<li id=\"step-[1-8]\" class=\"packet" "$page")" -eq 8 ] &&
	[ "$(grep -c "<g class=\"packet\" id=\"packet-" "$page")" -eq 8 ] &&
	grep -q "^<h2>7  FIN-ACK<span class=\"meaning\">: client closes (FIN), ACKs the FIN</span></h2>" "$page" &&
	grep -q "^<p class=\"states\"><span data-side=\"client\">client: CLOSE_WAIT -&gt; LAST_ACK</span><br><span data-side=\"server\">server: FIN_WAIT_1 -&gt; FIN_WAIT_2 -&gt; TIME_WAIT</span></p>" "$page" &&
	grep -q "<dt>ack \\[71\\]</dt><dd>the next byte I expect is \\[71\\]</dd>" "$page" &&
	grep -q "^<pre class=\"line\">    4  22:56:06.576325 IP 127.0.0.1.20000 &gt; 127.0.0.1.41648: Flags \\[P.\\]" "$page"
'

test_expect 'hostile bytes and markup in a capture stay text in the page' '
	printf "%s\n" "22:56:06.576064 IP 127.0.0.1.41648 > 127.0.0.1.20000: Flags [S], seq 1, win 65495, options [</script><b>x</b>], length 0" >hostile.txt &&
	sh "$top/scripts/ladder.sh" --html hostile.txt >hostile.html &&
	! grep -q "<b>x</b>" hostile.html &&
	[ "$(grep -c "</script>" hostile.html)" -eq 2 ]
'

test_expect 'the text, SVG and explain views are the golden files still' '
	for lesson in "$top"/lessons/*; do
		lesson=${lesson##*/}
		case $lesson in *.*) continue ;; esac	# NAME.md: a sheet
		sh "$top/scripts/ladder.sh" --svg "$top/captures/$lesson.txt" >svg &&
		compare "$top/captures/$lesson.svg" svg || exit 1
	done
'

test_expect 'make class: an index of every lesson in teaching order, each page linking the index and its neighbours' '
	cat class.out && [ "$class_status" -eq 0 ] &&
	grep -qx "the course: $PWD/class/index.html" class.out &&
	for lesson in "$top"/lessons/*; do
		lesson=${lesson##*/}
		case $lesson in *.*) continue ;; esac	# NAME.md: a sheet
		grep -q "<li><a href=\"$lesson.html\">$lesson</a>: " class/index.html &&
		grep -q "^<h1>TCP ladder: " "class/$lesson.html" || { echo "no $lesson"; exit 1; }
	done &&
	! ls class | grep -v "\.html$" && cp class/index.html pages/class-index.html &&
	sed -n "s/^<li><a href=\"\\([a-z0-9-]*\\)\\.html\">.*/\\1/p" class/index.html >order &&
	head -n 1 order | grep -qx handshake && tail -n 1 order | grep -qx timeout &&
	[ "$(grep -c . order)" -eq "$(ls "$top"/lessons | grep -vc "\.")" ] &&
	grep -q "<meta name=\"viewport\"" class/index.html &&
	grep -q "<a href=\"index.html\">all lessons</a> | <a href=\"$top/lessons/refused.md\">the sheet: what to look at, questions</a> | <a href=\"delayed-ack.html\" rel=\"prev\">previous: delayed-ack</a> | <a href=\"abort.html\" rel=\"next\">next: abort</a></nav>" class/refused.html &&
	! grep -q "rel=\"prev\"" class/handshake.html && ! grep -q "rel=\"next\"" class/timeout.html &&
	cp class/refused.html pages/class-refused.html
'

test_expect 'make replay writes the lesson'"'"'s page and says so in its last line' '
	rm -rf repo && mkdir repo repo/captures && cp -R "$top/scripts" "$top/lessons" repo/ &&
	# the recordings, not captures/last, where the live tests write meanwhile
	for file in "$top"/captures/*; do
		[ ! -f "$file" ] || cp "$file" repo/captures/ || exit 1
	done &&
	bounded 60 sh repo/scripts/replay.sh lost-ack >out &&
	tail -n 1 out | grep -qx "(the classroom page, stepped like slides: captures/last/lost-ack.html)" &&
	grep -q "^<h1>TCP ladder: lost-ack.txt</h1>" repo/captures/last/lost-ack.html &&
	grep -q "^<li id=\"step-10\" class=\"packet" repo/captures/last/lost-ack.html
'

test_expect HTML_VALIDATE 'every page is valid HTML (html-validate)' '
	bounded 60 "$browser/node_modules/.bin/html-validate" \
	    --config "$browser/.htmlvalidate.json" pages/*.html
'

[ -z "$browser_pid" ] || wait "$browser_pid"
checks="keys step forward and back and update the fragment
#k opens at k, with both current states lit
predict mode counts right and wrong answers
the page makes no request but itself and logs no error
no horizontal scrolling at 1024x768 and 1920x1080; the handshake fits
+ and - change the type size
without JavaScript every packet and explanation is shown
printing shows the whole ladder with every explanation
the smallest text is 16 px or more at 1024x768, 1.3 times that at 1920x1080
on every step, stepping and predicting, the page does not scroll and what is current and lit is on screen
predict mode shows no future (no name, no ending, no graph, no meaning told with hindsight, the ladder no longer); 1-9 and 0 answer, lost and sent again as --tsv says; the score survives a reload
predicting, no text or lit box shows a state the class cannot know yet; a state shows once its side has sent, and all at the end
+ and - scale the ladder and the panel, and the size survives a reload
the states: the client column left, the server column right, one lit each, lit against unlit 3:1
times as a person reads them; the long waits of lost-data marked on the ladder
print: every packet and field, nothing lit or underlined; no JavaScript: no button; Back and Forward step"
while IFS= read -r check; do
	test_expect BROWSER "in Chromium: $check" "
		grep -qxF 'ok $check' '$PWD/browser.out' || { cat '$PWD/browser.out'; exit 1; }
	"
done <<EOF
$checks
EOF

# axe-core (npm, in tests/browser's lockfile): what a screen reader and a
# keyboard user meet
test_lazy_prereq AXE '
	[ -f "$top/tests/browser/node_modules/axe-core/axe.min.js" ] ||
		prereq_missing "axe-core is not installed (npm ci --prefix tests/browser)"
'
check="axe-core: no serious or critical violation at steps 0, 3, the end and predicting"
test_expect BROWSER,AXE "in Chromium: $check" "
	grep -qxF 'ok $check' '$PWD/browser.out' || { cat '$PWD/browser.out'; exit 1; }
"

grep "^# " browser.out 2>/dev/null || :
test_done
