#!/bin/sh
# scripts/lib/grade/cut-output.sh PREFIX CAP COMMAND... - a student's
# program (COMMAND, confined), as grade-one.sh writes it into a check's
# capture commands, never by hand: its stdout and stderr go through pipes
# (the FIFOs PREFIX.stdout and PREFIX.stderr) to readers that keep the
# first CAP bytes of each, on our own stdout and stderr (the capture's
# files), and read the rest to its end, discarding it.  So a program that
# prints without end is cut, not stopped: it runs on, and its packets are
# graded; PREFIX.cut gets a line for each stream that was cut, "stdout
# BYTES" (the bytes discarded).  Files the program writes itself stay
# bounded by its prlimit --fsize.
#
# The program runs in a session of its own.  Once it has exited, and no
# process of its process group is left to write into the pipes, the
# readers are waited for, so that all it printed is in our files before
# we exit, with its exit status; a child that outlives it (and holds the
# pipes) is not waited for, so that the capture sees the program end when
# it ends.  A TERM (the capture stopping a server that serves on) is
# passed on to the program.
# Runs as root (in a user namespace, its root), in the capture's isolation.

set -u
prefix=$1 cap=$2
shift 2
# (grade-one.sh removes the FIFOs of a run before the next)
{ [ ! -p "$prefix.stdout" ] && [ ! -p "$prefix.stderr" ]; } || rm -f "$prefix.stdout" "$prefix.stderr"
mkfifo -m 600 "$prefix.stdout" "$prefix.stderr" || exit 126

# keep STREAM: stdin to stdout (a file) as it comes, up to CAP bytes in
# the file (its size limit: cat's write past it fails, SIGXFSZ ignored);
# the rest read and dropped; "STREAM BYTES" into PREFIX.cut when there was
# more (BYTES: those read after cat had stopped; what cat held then is
# not counted).  head -c would keep a stream's end from the file until
# the stream ended.
keep() {
	prlimit --fsize="$cap" sh -c 'trap "" XFSZ; exec cat' 2>/dev/null
	kept=$?
	rest=$(wc -c)
	[ "$kept" -eq 0 ] && [ "$rest" -eq 0 ] || echo "$1 $rest" >>"$prefix.cut"
}

program=''
trap '[ -z "$program" ] || kill -TERM "$program" 2>/dev/null; exit 143' TERM
keep stdout <"$prefix.stdout" &
readers=$!
keep stderr <"$prefix.stderr" >&2 &
readers="$readers $!"
setsid "$@" >"$prefix.stdout" 2>"$prefix.stderr" &
program=$!
wait "$program"
status=$?
program_group=$program program=''
# Something of its group still runs: it may hold the pipes for as long
# as it runs, so the readers finish on their own (at the end of the
# capture everything of the student's id is stopped).  The shells' kill
# builtins take a group in one form or the other (busybox: no --), and
# procps' kill reads a small group number as a signal.
if kill -s 0 -- "-$program_group" 2>/dev/null || kill -s 0 "-$program_group" 2>/dev/null; then
	exit "$status"
fi
for reader in $readers; do
	wait "$reader"
done
exit "$status"
