#!/bin/sh
# scripts/soak.sh [-l cpus] [-s command] [-c command] N [lesson] - run N
# captures of a lesson, one after another, and print how many passed, each
# failure's packets, and the median and worst wall time.  -l CPUS: keep
# stress-ng --cpu CPUS running meanwhile, to prove the check holds under
# load.  -s, -c: other programs, as for capture.sh.
# Exit: 0 all passed, 1 any failed, 2 usage.

set -u
prog=soak.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

usage() {
	echo "usage: soak.sh [-l cpus] [-s command] [-c command] runs [lesson]" >&2
	exit "$EXIT_USAGE"
}

load='' server_command='' client_command=''
while getopts :l:s:c: opt; do
	case $opt in
	l) load=$OPTARG ;;
	s) server_command=$OPTARG ;;
	c) client_command=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
case $# in 1 | 2) ;; *) usage ;; esac
runs=$1
case $runs:$load in *[!0-9:]* | :* | 0:*) usage ;; esac
load_lesson "${2:-handshake}" ||
	fail "$EXIT_USAGE" "unknown lesson '${2:-}' (capture.sh --list shows them)"

work=$repo/captures/last/soak.$$
failures=$repo/captures/last/soak-failures
mkdir -p "$work" || exit 1
stress_pid=
trap 'rm -rf "$work"; [ -z "$stress_pid" ] || kill "$stress_pid" 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "$load" ]; then
	command -v stress-ng >/dev/null ||
		fail 1 "-l needs stress-ng: sudo apt-get install stress-ng"
	stress-ng --cpu "$load" --quiet &
	stress_pid=$!
fi

echo "soak: $runs runs of $lesson${server_command:+, server: $server_command}${client_command:+, client: $client_command}${load:+ under stress-ng --cpu $load}"
failed=0 run=0
while [ "$run" -lt "$runs" ]; do
	run=$((run + 1))
	start=$(date +%s%N)
	sh "$scripts/capture.sh" -o "$work" ${server_command:+-s "$server_command"} \
	    ${client_command:+-c "$client_command"} "$lesson" >"$work/output" 2>&1
	status=$?
	echo $((($(date +%s%N) - start) / 1000000)) >>"$work/times"
	if [ "$status" -ne 0 ]; then
		failed=$((failed + 1))
		# keep the failing run's files for a closer look
		rm -rf "${failures:?}/$run" && mkdir -p "$failures/$run" &&
			cp "$work"/* "$failures/$run/"
		echo "run $run: exit $status:" \
		    "$(tr '\n' ' ' <"$work/$lesson.flags" 2>/dev/null)" \
		    "$(grep -v '^[0-9]' "$work/output" | tail -n 2 | tr '\n' ' ')"
	fi
	[ $((run % 100)) -eq 0 ] && echo "soak: $run runs, $failed failed"
done

sort -n "$work/times" | awk -v runs="$runs" -v failed="$failed" '
	{ t[NR] = $1 }
	END {
		median = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "%d runs: %d passed, %d failed; median %d ms, worst %d ms\n",
		    runs, runs - failed, failed, median, t[NR]
	}'
[ "$failed" -eq 0 ]
