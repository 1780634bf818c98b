#!/bin/sh
# scripts/ladder.sh [--svg | --step] [--explain] [file] - draw a capture
# as a ladder: client on the left, server on the right, an arrow per
# packet with its flags, numbers, time and meaning, and each side's TCP
# state beside it.
#
#   ladder.sh captures/handshake.txt       80 columns, colour on a terminal
#   tcpdump -n -S -r x.pcap | ladder.sh    the text may come on stdin
#   ladder.sh --svg FILE >ladder.svg       a standalone SVG sequence diagram
#   ladder.sh --step FILE                  one packet per Enter (keys from
#                                          /dev/tty); no terminal: all at once
#   ladder.sh --explain FILE               under each packet, what each of
#                                          its fields says
#
# Reads tcpdump's text for one TCP connection (-n or not, -S or not, IPv4 or
# IPv6); lines it does not understand are left out.  NO_COLOR=1 turns colour
# off.  Exit: 0 drawn, 1 no TCP packet in the input, 2 usage.

set -u
prog=ladder.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

usage() {
	echo "usage: ladder.sh [--svg | --step] [--explain] [file]" >&2
	exit "$EXIT_USAGE"
}

format=text step=0 explain=0
while [ $# -gt 0 ]; do
	case $1 in
	--svg) format=svg ;;
	--step) step=1 ;;
	--explain) explain=1 ;;
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

color=0
if [ "$format" = text ] && [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	color=1
fi
# Stepping needs a terminal to show on and one to read Enter from.
if [ "$step" -eq 1 ] && { [ ! -t 1 ] || ! : 2>/dev/null </dev/tty; }; then
	step=0
fi

exec awk -v format="$format" -v color="$color" -v step="$step" -v explain="$explain" \
    -f "$lib/tcpdump.awk" -f "$lib/ladder.awk" "$input"
