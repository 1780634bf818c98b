#!/bin/sh
# The records between the meaning and the views (scripts/lib/mean/records.awk):
# every view of every recording is what it was (the --tsv and --list
# views whole, in tests/data/views/; the SVG, the graph, the page, and the text and
# explain views that t3000 has no golden file for, by checksum), every SVG
# and graph well-formed, each packet in one of its graph's elements; --tsv's
# endpoints; no view calls a function of the reading or the meaning, and
# the meaning knows no width; the flag table and common.sh's lose_rule
# agree.  When a view changes on purpose, write the golden files anew
# with HANDSHAKE_UPDATE_GOLDEN=1 sh tests/t3400-views-records.sh, and
# look at git diff.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"
data=$top/tests/data
golden=$data/views
# shellcheck disable=SC2034 # used inside the test bodies
lib=$top/scripts/lib

# has_golden FILE VIEW: t3000 compares FILE's VIEW (ladder or explain)
# with a golden file already.
has_golden() {
	case $1 in
	"$top"/captures/*) set -- "$data/lessons/${1##*/}" "$2" ;;
	esac
	[ -f "${1%.txt}.$2" ]
}

# views: every view of every recording, as the golden files hold them:
# ./tsv and ./list whole, a "== FILE" line before each; ./sums a line
# "FILE VIEW CRC SIZE" for each other view.  The ladder reads files here,
# so it runs unbounded, under the test's own watchdog: 300 runs.
# views VIEW...: these views of every recording: tsv and list whole into
# ./tsv and ./list, the drawn ones (svg html graph ladder explain) as a
# checksum a line into ./sums; ladder and explain only where the
# recording has no golden file of its own.
views() {
	for view do
		case $view in tsv | list) : >"$view" ;; esac
	done
	: >sums && rm -rf drawn && mkdir drawn &&
	files='' count=0
	for input in "$top"/captures/*.txt "$data"/*.txt "$data"/*/*.txt; do
		name=${input#"$top"/}
		for view do
			case $view in
			tsv | list)
				{
					echo "== $name"
					sh "$top/scripts/ladder.sh" "--$view" "$input" 2>&1
					echo "exit $?"
				} >>"$view"
				continue ;;
			ladder | explain) ! has_golden "$input" "$view" || continue ;;
			esac
			case $view in ladder) option=-- ;; *) option=--$view ;; esac
			count=$((count + 1))
			files="$files drawn/$count"
			sh "$top/scripts/ladder.sh" "$option" "$input" >"drawn/$count" 2>&1
			echo "$name $view" >>drawn/names
		done
	done
	# one cksum for them all: "CRC SIZE FILE" a line, in order
	# shellcheck disable=SC2086 # the files' names are words
	[ -z "$files" ] ||
		cksum $files | awk 'NR == FNR { name[FNR] = $0; next } { print name[FNR], $1, $2 }' \
		    drawn/names - >sums
}

if [ -n "${HANDSHAKE_UPDATE_GOLDEN:-}" ]; then
	views tsv list svg html graph ladder explain && mkdir -p "$golden" && cp tsv list "$golden/" && cp sums "$golden/cksum" &&
	echo "# wrote $golden/tsv, list and cksum anew"
fi

# drawn VIEW...: the golden checksums of these views.
drawn() {
	awk -v views=" $* " 'index(views, " " $2 " ")' "$golden/cksum"
}

# (three tests, not one: on a machine shared with another test run the
# whole took more than a test's 120 s)
test_expect 'the TSV and list views of every recording are their golden files' '
	views tsv list &&
	compare "$golden/tsv" tsv &&
	compare "$golden/list" list
'

test_expect 'the SVG, page and graph of every recording are their golden checksums' '
	views svg html graph && drawn svg html graph >want &&
	[ -s want ] && compare want sums
'

# (on the files the two tests above drew: ./tsv, and drawn/N named in
# drawn/names, "FILE VIEW" on line N)
test_expect XMLLINT 'every SVG and graph is well-formed XML, each packet of the graph in one of its elements' '
	awk "
		FILENAME == \"tsv\" && /^== / { name = substr(\$0, 4); next }
		FILENAME == \"tsv\" { if (\$0 == \"exit 0\") drawn[name] = 1; next }
		(\$1 in drawn) && (\$2 == \"svg\" || \$2 == \"graph\") { print \"drawn/\" FNR, \$1, \$2 }
	" FS="\t" tsv FS=" " drawn/names >xml &&
	[ "$(wc -l <xml)" -gt 100 ] &&
	xmllint --noout $(awk "{ print \$1 }" xml) &&
	awk "
		FILENAME == \"tsv\" && /^== / { name = substr(\$0, 4); next }
		FILENAME == \"tsv\" && !/^(exit |packet\t)/ { split(\$0, f, \"\t\"); packets[name] = packets[name] \" \" f[1]; next }
		FILENAME == \"tsv\" { next }
		\$3 == \"graph\" {
			split(\"\", in_graph)
			while ((getline line <\$1) > 0)
				while (match(line, /data-packet=\"[0-9]+\"( data-last=\"[0-9]+\")?/)) {
					m = substr(line, RSTART, RLENGTH)
					line = substr(line, RSTART + RLENGTH)
					gsub(/[^0-9 ]/, \"\", m)
					k = split(m, b, \" \")
					for (j = b[1] + 0; j <= b[k] + 0; j++)
						in_graph[j] = 1
				}
			close(\$1)
			k = split(packets[\$2], p, \" \")
			for (j = 1; j <= k; j++)
				if (!((p[j] + 0) in in_graph)) {
					print \"packet \" p[j] \" of \" \$2 \" is not in its graph\"
					bad = 1
				}
			graphs++
		}
		END { exit bad || graphs < 50 }
	" tsv xml
'

test_expect 'the text ladder and explain of every recording without a golden file are their golden checksums' '
	views ladder explain && drawn ladder explain >want &&
	[ -s want ] && compare want sums
'

test_expect '--tsv: the endpoints, then the measures, the kernel'"'"'s numbers and the flight, after the columns it had' '
	ladder --tsv "$top/captures/handshake.txt" >actual &&
	printf "packet\tside\tflags\tseq\tseq_n\tack\tack_n\tlength\tresends\tcopy_of\tlost\tclient\tserver\tmeaning\tclient_end\tserver_end\ttime_us\twin\trtt_us\tsrtt_us\tcwnd\tssthresh\tca_state\tflight\n" >expect &&
	head -n 1 actual | compare expect - &&
	awk -F "	" "NR > 1 && (\$17 !~ /^[0-9]+\$/ || \$18 !~ /^[0-9]+\$/ || \$19 \$20 !~ /^([0-9]+)?\$/) { print; bad = 1 }
	    NR > 1 && \$19 != \"\" { samples++ } END { exit bad || samples < 4 }" actual &&
	awk -F "	" "NR > 1 && (NF != 24 || \$15 != \"127.0.0.1.41648\" || \$16 != \"127.0.0.1.20000\" ||
	    \$21 \$22 \$23 != \"\") { print; bad = 1 }
	    NR > 1 && (\$24 != (\$8 > 0 ? 1 : \"\")) { print \"flight: \" \$0; bad = 1 }
	    END { exit bad || NR != 9 }" actual &&
	ladder --tsv "$top/captures/slow-start.txt" >actual &&
	awk -F "	" "NR > 1 && \$24 != \"\" { size[\$24]++ }
	    END { if (size[1] != 10 || size[2] != 20 || size[3] != 40 || size[4] != 1 || 5 in size) {
		print size[1], size[2], size[3], size[4]; exit 1 } }" actual &&
	ladder --tsv "$top/captures/ipv6.txt" >actual &&
	awk -F "	" "NR > 1 && (\$15 !~ /^::1\\.[0-9]+\$/ || \$16 != \"::1.20000\") { print; bad = 1 } END { exit bad }" actual
'

# Each srtt_us is RFC 6298's, from the rtt_us before it of the same
# direction (the side the ACK answers): the first sample, then 7/8 of the
# old and 1/8 of the new, rounded to whole microseconds (the samples
# themselves are tshark's, t2100).
test_expect '--tsv: each SRTT follows from the round trips before it (RFC 6298)' '
	for input in "$top"/captures/*.txt "$data"/bulk.txt "$data"/zero-window.txt \
	    "$data"/written/*.txt; do
		ladder --tsv "$input" 2>/dev/null | awk -F "	" -v name="${input##*/}" "
			NR > 1 && \$19 != \"\" {
				y = (\$2 == \"client\" ? \"server\" : \"client\")
				want = ((y in srtt) ? sprintf(\"%.0f\", (7 * srtt[y] + \$19) / 8) : \$19)
				srtt[y] = want
				if (\$20 != want) { print name \": packet \" \$1 \": srtt \" \$20 \", RFC 6298 \" want; bad = 1 }
				samples++
			}
			NR > 1 && \$19 == \"\" && \$20 != \"\" { print name \": packet \" \$1 \": an SRTT without a sample\"; bad = 1 }
			END { exit bad }" || exit 1
	done
'

# code FILE: FILE without its comments and string literals.
code() {
	sed -e 's/\\"//g' -e 's/"[^"]*"//g' -e 's/#.*//' "$1"
}

# no_view_has WHAT AFTER NAME...: no view's code has a NAME followed by
# AFTER (an extended regular expression); each one that does is told.
# One grep a file for all the names; a file where one is found, a grep
# a name, to tell which.
no_view_has() {
	what=$1 after=$2
	shift 2
	bad=0
	names=$(printf '%s|' "$@")
	for file in "$lib"/view/*.awk "$lib"/view/*/*.awk; do
		code "$file" >code.awk
		grep -q -E "(^|[^A-Za-z_0-9])(${names%|})$after" code.awk || continue
		for name do
			if grep -n -E "(^|[^A-Za-z_0-9])$name$after" code.awk; then
				echo "${file#"$top"/} $what $name"
				bad=1
			fi
		done
	done
	[ "$bad" -eq 0 ]
}

test_expect 'no view calls a function of the reading or the meaning' '
	defined=$(sed -n "s/^function \([A-Za-z_0-9]*\)(.*/\1/p" "$lib"/read/*.awk \
	    "$lib"/mean/*.awk "$lib/ladder.awk") &&
	[ "$(echo "$defined" | wc -l)" -gt 40 ] &&
	echo "$defined" | grep -qx flag_names && echo "$defined" | grep -qx explain_fields &&
	# shellcheck disable=SC2086 # the names are words
	no_view_has calls "[(]" $defined
'

test_expect 'no view reads what the meaning keeps for itself: only the records' '
	no_view_has reads "([^A-Za-z_0-9(]|\$)" conn conn_first conn_last conn_count side fl \
	    seq ack len win opts src meaning after_client after_server first_state lost \
	    dup_of rexmit line_of state self client server started_mid others skipped
'

test_expect 'the meaning knows no width: wrapping is the views'"'"'' '
	for file in "$lib"/mean/*.awk; do
		code "$file" >code.awk
		! grep -n -E "wrap|width|(^|[^0-9])80([^0-9]|\$)" code.awk || exit 1
	done
'

# The kinds of packet a lesson can lose: read/flags.awk's table is the
# source, common.sh's lose_rule says the same to nftables.
test_expect 'the flag table and common.sh'"'"'s lose_rule name the same kinds and matches' '
	printf "%s\n" "BEGIN { n = split(KINDS, kind, \" \")" \
	    "for (k = 1; k <= n; k++) printf \"\\t%s) match=\\\"%s\\\" ;;\\n\", kind[k], kind_nft[kind[k]] }" >kinds.awk &&
	LC_ALL=C awk -f "$lib/read/flags.awk" -f kinds.awk >expect &&
	[ "$(wc -l <expect)" -eq 5 ] &&
	sed -n "/^lose_rule()/,/^}/p" "$lib/common.sh" | grep "match=" >actual &&
	compare expect actual
'

# One palette (scripts/lib/view/palette.css): the ladder's style and the
# page's use its properties, and the state machine's picture, which must
# show alone too, gives each the palette's value as its fallback.
test_expect 'one palette: every colour and size is the palette'"'"'s, states.svg'"'"'s fallbacks too' '
	sed -n "s/^	\(--[a-z0-9-]*\): \(.*\);\$/\1 \2/p" "$lib/view/palette.css" >palette &&
	[ "$(wc -l <palette)" -gt 20 ] &&
	grep -o "var(--[a-z0-9-]*, [^)]*)" "$lib/view/page/states.svg" | sort -u |
	    sed "s/^var(\(--[a-z0-9-]*\), \(.*\))\$/\1 \2/" >fallbacks &&
	[ "$(wc -l <fallbacks)" -gt 8 ] &&
	sort palette >sorted &&
	comm -23 fallbacks sorted >wrong &&
	compare /dev/null wrong &&
	! grep -n -E "#[0-9a-fA-F]{3,6}\b|[0-9]px" "$lib/view/svg-ladder.awk" &&
	sed "/^:root {/,/^}/d" "$lib/view/page/page.css" >page.css &&
	! grep -n -E "#[0-9a-fA-F]{3,6}\b" page.css &&
	sed -n "s/.*var(\(--[a-z0-9-]*\)).*/\1/p" "$lib/view/svg-ladder.awk" page.css |
	    sort -u >used &&
	cut -d " " -f 1 palette | sort >defined &&
	comm -23 used defined >undefined &&
	compare /dev/null undefined
'

test_done
