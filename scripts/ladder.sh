#!/bin/sh
# scripts/ladder.sh [--svg | --html | --graph | --step] [--explain] [--all] [file] - draw a capture
# as a ladder: client on the left, server on the right, an arrow per
# packet with its flags, numbers, time and meaning, and each side's TCP
# state beside it.
#
#   ladder.sh captures/handshake.txt       80 columns, colour on a terminal
#   ladder.sh x.pcap                       a pcap or pcapng file: tcpdump
#                                          reads it (-# -n -S -r)
#   tcpdump -n -S -r x.pcap | ladder.sh    the text may come on stdin
#   ladder.sh --svg FILE >ladder.svg       a standalone SVG sequence diagram
#   ladder.sh --html FILE >page.html       the classroom page: one HTML file,
#                                          stepped like slides, each packet
#                                          explained beside the ladder
#   ladder.sh --step FILE                  one packet per Enter (keys from
#                                          /dev/tty); no terminal: all at once
#   ladder.sh --explain FILE               under each packet, what each of
#                                          its fields says
#   ladder.sh --all FILE                   every packet drawn whole: a
#                                          long connection's ladder tells
#                                          each run of plain data and ACKs
#                                          (more than 40 packets) in a line
#   ladder.sh --list FILE                  the capture's connections
#   ladder.sh --connection N FILE          draw connection N of them
#   ladder.sh --tsv FILE                   what each packet means, a
#                                          tab-separated line each
#   ladder.sh --graph FILE >graph.svg      the time-sequence graph (as
#                                          tcptrace draws it) of the
#                                          stream that carried more
#                                          bytes: time across, bytes up
#   ladder.sh --kernel REC FILE            beside the packets, the server
#                                          kernel's own cwnd, ssthresh and
#                                          state from its record REC (by
#                                          default FILE's name with .cwnd,
#                                          where there is one, as
#                                          capture.sh writes it)
#
# Reads tcpdump's text (-n or not, -S or not, -v, -e, -#, any -t form,
# IPv4 or IPv6, tunnels); lines it does not understand are left out, and
# counted.  It draws one connection: the one of the first SYN, else the
# first one seen.  NO_COLOR=1 turns colour off.  Exit: 0 drawn, 1 no TCP
# packet in the input, 2 usage (or no such connection), 3 a pcap file and
# no tcpdump to read it.

set -u
prog=ladder.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

usage() {
	echo "usage: ladder.sh [--svg | --html | --tsv | --graph | --step | --list] [--explain] [--all] [--connection N] [--kernel record] [file]" >&2
	exit "$EXIT_USAGE"
}

format=text step=0 explain=0 list=0 connection='' all=0 kernel=''
while [ $# -gt 0 ]; do
	case $1 in
	--svg) format=svg ;;
	--html) format=html ;;
	--tsv) format=tsv ;;
	--graph) format=graph ;;
	--step) step=1 ;;
	--explain) explain=1 ;;
	--all) all=1 ;;
	--list) list=1 format=text ;;
	--connection)
		[ $# -ge 2 ] || usage
		case $2 in '' | *[!0-9]*) usage ;; esac
		connection=$2
		shift ;;
	--kernel)
		[ $# -ge 2 ] || usage
		kernel=$2
		{ [ -f "$kernel" ] && [ -r "$kernel" ]; } ||
			fail "$EXIT_USAGE" "cannot read $kernel: not a readable file"
		shift ;;
	--) shift; break ;;
	-?*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -le 1 ] || usage
input=${1:--}
[ "$input" = - ] || { [ -f "$input" ] && [ -r "$input" ]; } ||
	fail "$EXIT_USAGE" "cannot read $input: not a readable file"

# The kernel's record of the capture: FILE's name with .cwnd instead of
# .pcap, .pcapng or .txt, where capture.sh wrote one (mean/kernel.awk).
if [ -z "$kernel" ] && [ "$input" != - ]; then
	case $input in
	*.pcap | *.pcapng | *.txt) [ ! -r "${input%.*}.cwnd" ] || kernel=${input%.*}.cwnd ;;
	esac
fi
# awk -v reads escapes: its path with each backslash doubled, and its
# name, as the notes say it, printable too
kernel_name=''
if [ -n "$kernel" ]; then
	kernel=$(printf '%s\n' "$kernel" | sed 's/\\/\\\\/g')
	kernel_name=$(printf '%s\n' "${kernel##*/}" | LC_ALL=C tr -c '\n -~' '?')
fi

# A long connection's text ladder folds its runs of plain packets
# (in-order data and ACKs) into a line each; --all draws every packet.
fold=0
[ "$format" != text ] || [ "$all" -eq 1 ] || fold=1
color=0
if [ "$format" = text ] && [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	color=1
fi
# Stepping needs a terminal to show on and one to read Enter from.
if [ "$step" -eq 1 ] && { [ ! -t 1 ] || ! : 2>/dev/null </dev/tty; }; then
	step=0
fi

# The stages, in order: read, follow, mean (into the records), then one
# view, which lays out the records alone (scripts/lib/ladder.awk); first
# arrays.awk, which the meaning and the views share.  The
# SVG and the page draw the same picture (svg-ladder.awk); the page
# inlines its style and its script, draws each side's states, and
# explains each packet.
case $format in
html) set -- -f "$lib/view/page/html.awk" ;;
*) set -- -f "$lib/view/$format.awk" ;;
esac
set -- -f "$lib/arrays.awk" -f "$lib/read/tcpdump.awk" -f "$lib/read/flags.awk" -f "$lib/read/connections.awk" \
    -f "$lib/mean/analysis.awk" -f "$lib/mean/kernel.awk" -f "$lib/mean/explanations.awk" \
    -f "$lib/mean/records.awk" \
    -f "$lib/ladder.awk" -f "$lib/view/layout.awk" "$@"
case $format in
svg) set -- "$@" -f "$lib/view/escape.awk" -f "$lib/view/svg-ladder.awk" \
	-v palette_css="$lib/view/palette.css"
	[ -r "$lib/view/palette.css" ] || fail 1 "cannot read $lib/view/palette.css, which the SVG holds" ;;
graph) set -- "$@" -f "$lib/view/escape.awk" -f "$lib/view/svg-ladder.awk" -f "$lib/view/svg-graph.awk" \
	-v graph=1 -v palette_css="$lib/view/palette.css"
	[ -r "$lib/view/palette.css" ] || fail 1 "cannot read $lib/view/palette.css, which the SVG holds" ;;
html)
	# its title: the file's name, printable, safe from awk -v's escapes
	title="standard input"
	[ "$input" = - ] ||
		title=$(printf '%s\n' "${input##*/}" | LC_ALL=C tr -c '\n -~' '?' | sed 's/\\/\\\\/g')
	explain=1
	set -- "$@" -f "$lib/view/escape.awk" -f "$lib/view/svg-ladder.awk" -f "$lib/view/svg-graph.awk" -v keep_lines=1 -v graph=1 \
	    -v palette_css="$lib/view/palette.css" -v page_css="$lib/view/page/page.css" \
	    -v page_js="$lib/view/page/page.js" -v title="$title"
	for part in "$lib/view/palette.css" "$lib/view/page/page.css" "$lib/view/page/page.js"; do
		[ -r "$part" ] || fail 1 "cannot read $part, which the page holds"
	done ;;
esac

# Every byte that is not printable text (NUL, a terminal's escapes, what
# is not ASCII) becomes "?" before awk sees it: awks differ on such bytes,
# and a terminal or an SVG reader must never get them.  Bytes, not
# characters (LC_ALL=C), under every awk: the same output everywhere.
draw() {
	LC_ALL=C tr -c '\t\n -~' '?' | LC_ALL=C awk -v color="$color" -v step="$step" \
	    -v explain="$explain" -v list="$list" -v connection="$connection" -v fold="$fold" \
	    -v kernel="$kernel" -v kernel_name="$kernel_name" "$@"
}
# A pcap or pcapng file is read by tcpdump, as tcpdump -# -n -S -r FILE.
if [ "$input" != - ] && is_pcap "$input"; then
	can_read_pcap "$input"
	pcap_as_text "$input" | draw "$@"
else
	[ "$input" = - ] || exec <"$input"
	draw "$@"
fi
