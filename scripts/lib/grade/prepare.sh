#!/bin/sh
# scripts/lib/grade/prepare.sh SOURCE COPY ID LOG - a submission made ready for
# its checks, for grade-one.sh, never by hand: SOURCE copied to COPY, which
# ID alone may enter, then built there by the assignment's command
# ($build), run as ID with the folders in $hide_list hidden, bounded by
# $build_timeout seconds, its output in LOG; niced, so that the captures
# of the other submissions beside it get the CPU when their packets come.  Runs as root (in a user
# namespace, its root), inside the isolation grade.sh chose.
# Prints one line: "none" (no build), "built", or why the build failed.
# Exit: 0 so far so good; 1 the copy failed (why on stderr).
# shellcheck disable=SC2154 # the assignment comes from grade.sh's environment

set -u
prog=grade.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/../common.sh"

source=$1 copy=$2 id=$3 log=$4
# A submission holds files, folders and links: a device or a FIFO, copied
# by root, would be a way out.  Its size is bounded, like its output.
odd=$(find "$source" ! -type f ! -type d ! -type l -print 2>&1 | head -n 1)
[ -z "$odd" ] || fail 1 "it holds something that is neither a file, a folder nor a link: $odd"
size=$(du -sk "$source" 2>/dev/null | cut -f 1)
[ "${size:-0}" -le 65536 ] || fail 1 "it is over 64 MiB ($size KiB)"
if ! { mkdir "$copy" && cp -R "$source/." "$copy/" && chown -R "$id:$id" "$copy" &&
    chmod 700 "$copy"; }; then
	fail 1 "cannot copy $source"
fi

if [ -z "$build" ]; then
	echo none
	exit 0
fi
[ -z "${hide_list:-}" ] || hide_folders "$hide_list" || fail 1 "cannot hide the folders in $hide_list"
cd "$copy" || exit 1
confine "$id" "$copy" 67108864 "$memory" "$build_timeout" "${cgroup_procs:-}"
eval "nice -n 10 $confined sh -c \"\$build\"" >"$log" 2>&1 </dev/null &
builder=$!
sh -c 'trap "kill -KILL \${!:-} 2>/dev/null; wait; exit 0" TERM
	sleep "$1" & wait $! && kill -KILL "$2"' watchdog "$build_timeout" "$builder" >/dev/null 2>&1 &
watchdog=$!
wait "$builder"
status=$?
if kill -TERM "$watchdog" 2>/dev/null; then
	wait "$watchdog"
	[ "$status" -eq 0 ] && echo built && exit 0
	echo "the build failed (exit $status)"
else
	echo "the build took over $build_timeout s (build_timeout): stopped"
fi
exit 0
