#!/bin/sh
# scripts/capture.sh - capture a lesson's exchange with tcpdump and check
# its packets against the golden pattern, and its records against the
# lesson's invariants (invariant= lines).
#
#   capture.sh              the handshake lesson, files in captures/last/
#   capture.sh -o DIR NAME  lesson NAME, files in DIR
#   capture.sh -r FILE      check recorded tcpdump text (tcpdump -n -S)
#                           instead of capturing: no root, no tcpdump;
#                           or a pcap or pcapng file, which tcpdump reads
#   capture.sh -s 'SERVER COMMAND' -c 'CLIENT COMMAND' [NAME]
#                           run these in place of the lesson's programs;
#                           {port} and {address} become the lesson's
#   capture.sh -g FILE      compare with the golden pattern in FILE
#   capture.sh FILE         a course's own lesson (a path with a slash), its
#                           golden pattern FILE.flags when there is one
#   capture.sh --list       the lessons, one line each
#
# Exit: 0 the packets match and the invariants hold; 1 they differ, an
# invariant fails, the capture failed, or the output folder cannot be
# written or is in use by another run; 2 usage, unknown lesson, or an
# invariant that cannot be read; 3 this machine cannot capture (says why
# and what to run).

set -u
prog=capture.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"
step sourced

usage() {
	echo "usage: capture.sh [-o dir] [-r file] [-s command] [-c command] [-g golden] [lesson | file] | --list" >&2
	exit "$EXIT_USAGE"
}

out=$repo/captures/last recorded='' kernel_record='' golden='' server_given='' client_given=''
case ${1:-} in
--list) [ $# -eq 1 ] || usage; list_lessons; exit 0 ;;
--help | -h) usage ;;
esac
while getopts :o:r:s:c:g: opt; do
	case $opt in
	o) out=$OPTARG ;;
	r) recorded=$OPTARG ;;
	s) server_given=1 server_command=$OPTARG ;;
	c) client_given=1 client_command=$OPTARG ;;
	g) golden=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
[ -z "$server_given" ] || [ -n "$server_command" ] || fail "$EXIT_USAGE" "-s needs a command"
[ -z "$client_given" ] || [ -n "$client_command" ] || fail "$EXIT_USAGE" "-c needs a command"
load_lesson "${1:-handshake}" ||
	fail "$EXIT_USAGE" "unknown lesson '${1:-}' (capture.sh --list shows them)"
# a course's lesson file may have its golden pattern beside it
if [ -z "$golden" ] && [ "$lesson_file" != "$repo/lessons/$lesson" ] &&
    [ -f "$lesson_file.flags" ]; then
	golden=$lesson_file.flags
fi
golden_name=${golden:-captures/$lesson.flags}
golden=${golden:-$repo/captures/$lesson.flags}
if [ ! -f "$golden" ] || [ ! -r "$golden" ]; then
	fail "$EXIT_USAGE" "cannot read the golden pattern $golden_name"
fi
case $golden in /*) ;; *) golden=$PWD/$golden ;; esac
bound=${CAPTURE_TIMEOUT:-20}
case $bound in '' | *[!0-9]* | 0) fail "$EXIT_USAGE" "CAPTURE_TIMEOUT must be a number of seconds: $bound" ;; esac
case $out in /*) ;; *) out=$PWD/$out ;; esac
[ -d "$out" ] || mkdir -p "$out" 2>/dev/null || fail 1 "cannot create the folder $out"
stage=$out/.capture.$$ stage_pid='' cleaned=''

# Stopping a run early (Ctrl-C, TERM): ask exchange.sh to end it (USR1) --
# it stops and waits for what it started -- and wait for the runner.  In a
# PID namespace exchange.sh is unshare's child, and unshare returns only
# once the namespace is empty.  Before exchange.sh has said it started, it
# may not hear USR1 yet (a namespace's first process ignores the signals it
# has no trap for), but it has started nothing either: KILL the runner, and
# with it, through --kill-child, the namespace.
runner='' starting='' isolation=''
stop_runner() {
	pid=$runner
	# a signal between "runner &" and "runner=$!": $! is the runner
	[ -z "$starting" ] || pid=${!:-}
	if [ -n "$pid" ]; then
		first=$pid
		if [ "$isolation" = namespace ]; then
			first=
			read -r first _ 2>/dev/null <"/proc/$pid/task/$pid/children"
		fi
		if [ -n "$first" ] && [ -f "$stage.started" ]; then
			kill -USR1 "$first" 2>/dev/null
		else
			kill -KILL "$pid" 2>/dev/null
		fi
		wait "$pid" 2>/dev/null
	fi
}

# At the end, whatever the end: the stage, the files beside it and the
# lock go with the run.
finish() {
	stop_runner
	[ -z "$stage_pid" ] || wait "$stage_pid"	# a mkdir half way would make it after the rm
	[ -n "$cleaned" ] || clean
}
# clean: the stage, the files beside it and the lock go.
clean() {
	rm -rf "$stage" "$stage.started" "$stage.err" "$stage.space" ${locked:+"$lock"}
	cleaned=1 locked=''
	step cleaned
}

# A live run's stage, made while we go on: the folder and exchange.sh's
# FIFOs -- tcpdump's text, the events it waits on, the pipe form's raw
# packets, and "done", where it says that the results are ready.  (A
# killed run's stage may hold our PID: it goes first.)
trap 'finish' EXIT
if [ -z "$recorded" ]; then
	{ mkdir "$stage" || { rm -rf "$stage" && mkdir "$stage"; }; } 2>/dev/null &&
	    exec mkfifo "$stage/tcpdump" "$stage/events" "$stage/raw" "$stage/done" 2>/dev/null &
	stage_pid=$!
fi
# The lesson's programs run ahead of everything else (nice -10) where we
# may (CAP_SYS_NICE, as root): a client that closes later than the
# delayed-ACK timer (40 ms) after the server's FIN changes the packets,
# and on a busy machine (a test suite, other captures) one that waits for
# a CPU can.  Never a graded submission's (HANDSHAKE_GRADING, from
# grade.sh): it gets no more than the capture needs, and grade.sh
# captures it again instead.
programs_nice=''
[ -n "${HANDSHAKE_GRADING:-}" ] || ! capable 23 || programs_nice=1

# --- the output folder ---------------------------------------------------

# A run writes into a stage folder of its own, OUT/.capture.PID, and moves
# its results into OUT only when it is over: a run that fails to capture,
# is stopped or killed, or finds the disk full changes no earlier result.
# A lock, OUT/.LESSON.lock with the PID in it, keeps two runs of a lesson
# from writing one set of files at once.  Beside the stage,
# OUT/.capture.PID.space (can_write's probe), .err (what unshare or mkdir
# said) and .started (exchange.sh has begun).
results="txt pcap log versions flags expected cwnd"
lock=$out/.$lesson.lock locked=''
for part in $results; do
	[ ! -d "$out/$lesson.$part" ] ||
		fail 1 "cannot write in $out (another folder: -o DIR)"
done
# What a killed run left behind -- its stage, its lock -- goes now; and,
# as root, its tracefs instance where it had one (exchange.sh's probe_on
# names it handshake-PID; it outlives a run whose processes were all
# killed at once), whatever this run captures.  Here, in the namespace
# where that PID was the run's: whether it is alive can be told.
forgotten=' '
forget_trace() {
	case $forgotten in *" $1 "*) return ;; esac
	forgotten="$forgotten$1 "
	[ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 || return 0
	alive "$1" && return	# its PID a new run's since
	unshare -m sh -c 'instance=/sys/kernel/tracing/instances/handshake-$0
		[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing || exit
		[ -d "$instance" ] || exit
		echo 0 >"$instance/events/enable"
		rmdir "$instance"' "$1" 2>/dev/null
}
for left in "$out"/.capture.*; do
	[ -e "$left" ] || continue
	pid=${left##*/.capture.}
	pid=${pid%%.*}
	[ "$left" != "$stage" ] || continue	# ours, made above
	if [ "$pid" = $$ ] || ! alive "$pid"; then
		rm -rf "$left"
		case $pid in '' | *[!0-9]* | "$$") ;; *) forget_trace "$pid" ;; esac
	fi
done
trap 'exit 130' INT
trap 'exit 143' TERM
can_write "$out" ".capture.$$.space" || fail 1 "cannot write in $out: $write_error"
# The lock is made with noclobber (O_EXCL): of two runs, one makes it.
# One that names no live process is a killed run's, taken over.
while :; do
	set -C
	{ echo "$$" >"$lock"; } 2>/dev/null && locked=1
	set +C
	[ -z "$locked" ] || break
	holder=''
	read -r holder 2>/dev/null <"$lock"
	if [ -n "$holder" ] && alive "$holder"; then
		fail 1 "$out is in use by another capture of $lesson (PID $holder); wait for it to end, or write elsewhere: -o DIR"
	fi
	[ -z "${taken_over:-}" ] || fail 1 "cannot write in $out (another folder: -o DIR)"
	rm -f "$lock"
	taken_over=1
done
step staged

# install PARTS: move the run's results (LESSON.PART for these parts) into
# OUT, and remove any of an earlier run that this one did not make: the
# files in OUT are always one run's.
install() {
	parts=$1
	set --
	for part in $parts; do
		[ -f "$stage/$lesson.$part" ] || [ ! -f "$out/$lesson.$part" ] ||
			set -- ${1+"$@"} "$out/$lesson.$part"
	done
	[ $# -eq 0 ] || rm -f "$@"
	set --
	for part in $parts; do
		[ ! -f "$stage/$lesson.$part" ] || set -- ${1+"$@"} "$stage/$lesson.$part"
	done
	[ $# -eq 0 ] || mv -f "$@" "$out/" || fail 1 "cannot move the results into $out"
}

# show_verdict match|mismatch WHY TEXT: say whether the packets match the
# golden pattern (WHY: where they first differ and the likely cause, the
# lines golden.awk wrote), and whether the lesson's invariants hold on the
# records of TEXT, tcpdump's text of them (with the kernel's record
# $kernel_record, else the one beside TEXT); exit with the verdict.
show_verdict() {
	if [ "$1" = match ]; then
		packets=0
		while IFS= read -r _; do packets=$((packets + 1)); done <"$out/$lesson.flags"
		echo "match: $packets packets, as in $golden_name"
	else
		echo "MISMATCH: the packets differ from $golden_name"
		diff -u "$out/$lesson.expected" "$out/$lesson.flags" |
		    sed -e "1s|.*|--- expected ($golden_name)|" -e "2s|.*|+++ captured|"
		[ -z "$2" ] || printf '%s\n' "$2"
	fi
	held=0
	[ -z "$lesson_invariants" ] || check_invariants "$3" "$kernel_record" || held=$?
	# the invariants' form was read with the lesson: 2 here is no records
	# to check them on, a failure of this run
	[ "$1" != match ] || [ "$held" -ne 0 ] || exit 0
	exit "$EXIT_MISMATCH"
}

if [ -n "$recorded" ]; then
	if [ ! -f "$recorded" ] || [ ! -r "$recorded" ]; then
		fail "$EXIT_USAGE" "cannot read $recorded: not a readable file"
	fi
	pcap=''
	if is_pcap "$recorded"; then
		can_read_pcap "$recorded"
		pcap=1
	fi
	mkdir "$stage" 2>/dev/null || fail 1 "cannot write in $out (another folder: -o DIR)"
	echo "$lesson: $lesson_summary"
	# as ladder.sh reads it: a pcap as tcpdump prints it, and what is not
	# printable text becomes "?"
	if [ -n "$pcap" ]; then
		echo "checking recorded capture $recorded (tcpdump -# -n -S -r)"
		pcap_as_text "$recorded" >"$stage/text" || fail 1 "tcpdump cannot read $recorded"
		set -- "$stage/text"
	else
		echo "checking recorded text $recorded"
		set -- "$recorded"
	fi
	# the kernel's record beside it, as ladder.sh would find it there
	case $recorded in
	*.pcap | *.pcapng | *.txt) [ ! -r "${recorded%.*}.cwnd" ] || kernel_record=${recorded%.*}.cwnd ;;
	esac
	LC_ALL=C tr -c '\t\n -~' '?' <"$1" >"$stage/recorded" ||
		fail 1 "cannot read $recorded"
	LC_ALL=C awk -v standalone=1 -v whole="$recorded" -f "$lib/capture/listing.awk" "$stage/recorded"
	cause=$(judge "$stage/recorded" "$stage" "$stage/notes")
	verdict=$?
	[ "$verdict" -le 1 ] || fail 1 "the check of $recorded failed (awk exit $verdict)"
	install "flags expected"
	[ ! -s "$stage/notes" ] || print_file "$stage/notes"
	[ "$verdict" -ne 0 ] || show_verdict match "" "$stage/recorded"
	show_verdict mismatch "$cause" "$stage/recorded"
fi

# --- the programs --------------------------------------------------------

# program WHO: fill {port} and {address} into WHO_command, or exit at once
# when its program cannot be started.
program() {
	eval "command=\$${1}_command"
	value=''
	for field in port address; do
		eval "value=\$lesson_$field"
		marker="{$field}"
		while :; do
			case $command in
			*"$marker"*)
				after=${command#*"$marker"}
				command=${command%"$marker$after"}$value$after ;;
			*) break ;;
			esac
		done
	done
	eval "${1}_command=\$command"
	set -f
	eval "set -- $1 $command"
	set +f
	[ $# -gt 1 ] || fail "$EXIT_USAGE" "the $1 command is empty"
	case $2 in
	*/*) [ -f "$2" ] && [ -x "$2" ] ;;
	*) command -v "$2" >/dev/null 2>&1 ;;
	esac || fail 1 "cannot run the $1 command: $2: no such program here"
}

# The lesson's own programs, unless commands replace them; any command but
# our own programs' must be simple.  Exit statuses are checked only for
# the programs the lesson itself names.
server_own=''
if [ -z "$server_given" ]; then
	server_command=$lesson_server_command server_exit=$lesson_server_exit
else
	server_exit=''
fi
if [ -z "$client_given" ]; then
	client_command=$lesson_client_command client_exit=$lesson_client_exit
else
	client_exit=''
fi
if [ -n "$server_command" ]; then
	simple server "$server_command"
elif [ "$lesson_server" != none ]; then
	server_own=1
	quote "$bindir/server"
	server_command="$quoted $lesson_server {port}"
fi
client_own=''
if [ -n "$client_command" ]; then
	simple client "$client_command"
else
	client_own=1
	quote "$bindir/client"
	client_command="$quoted $lesson_client {address} {port}"
fi
[ -z "$server_command" ] || program server
program client

# --- what this machine can do --------------------------------------------

command -v tcpdump >/dev/null 2>&1 ||
	fail "$EXIT_CANNOT" "tcpdump is not installed; run: sudo apt-get install tcpdump (or make replay, which needs none)"
[ -r /proc/sys/kernel/osrelease ] ||
	fail "$EXIT_CANNOT" "a live capture needs Linux (network namespaces, /proc); here, make replay shows the recordings"
[ "$lesson_network" != delay-line ] || [ -x "$bindir/delayline" ] ||
	fail 1 "lesson $lesson needs the delay line, $bindir/delayline: run make"
[ -z "$lesson_lose" ] || command -v nft >/dev/null 2>&1 ||
	fail "$EXIT_CANNOT" "lesson $lesson loses a packet with nftables, which is not installed; run: sudo apt-get install nftables"

# --- the capture ---------------------------------------------------------

wait "$stage_pid" || fail 1 "cannot write in $out: cannot make the folder $stage"
stage_pid=''
echo "$lesson: $lesson_summary"
# shellcheck disable=SC2090 # the quotes in the commands are for eval
export out lesson bound golden programs_nice lesson_port lesson_address lesson_network \
    lesson_delay lesson_rate lesson_drop lesson_congestion lesson_lose server_command client_command server_exit client_exit server_own client_own \
    isolation isolation_text isolation_why

# Isolate as well as this machine allows: try each way for real, and step
# down only when unshare itself fails (the exchange then never started).
# The reason told is the one that matters: root's own failure (in a
# container, no CAP_SYS_ADMIN), or an ordinary user's with a user
# namespace; util-linux ends some messages with a stray ": Success".
step isolating
attempt=1 why='' why1=''
if ! command -v unshare >/dev/null 2>&1; then
	attempt=4 why="unshare is not installed"
elif ! command -v ip >/dev/null 2>&1; then
	attempt=4 why="ip is not installed, to bring up a namespace's lo"
fi
while :; do
	isolation_for "$attempt"
	if [ "$isolation" = host ] && { [ "$lesson_network" != loopback ] || [ -n "$lesson_lose" ]; }; then
		what="network namespaces"
		[ -z "$lesson_lose" ] || what="a private network namespace, to lose a packet without touching this machine's firewall"
		fail "$EXIT_CANNOT" "lesson $lesson needs $what, and there is none here ($why); $(namespace_hint)"
	fi
	isolation_why=$why
	# exchange.sh says "ready" on its fd 8, STAGE/done, opened here both
	# ways before it starts (an open of one way would wait for the other
	# end, and a signal in that open ends dash without its EXIT trap),
	# then read on fd 7 once ours for writing is closed: the runner's
	# alone is left, and its end is the FIFO's end.
	exec 8<>"$stage/done" || fail 1 "cannot open $stage/done"
	starting=1
	# shellcheck disable=SC2086 # $isolate is a command line
	$isolate sh "$lib/capture/exchange.sh" "$stage" 9>&2 2>"$stage.err" &
	runner=$! starting=''
	exec 7<"$stage/done" 8>&-
	said=''
	IFS= read -r said <&7
	[ "$said" != ready ] || break
	exec 7<&-
	wait "$runner"
	status=$?
	runner=
	[ ! -f "$stage.started" ] || break
	error=$(first_line "$stage.err")
	error=${error#unshare: }
	error=${error%: Success}
	# On the host's lo there is no isolation to fail: the exchange did not
	# even start (its folder gone, say), and trying again would not help.
	[ "$isolation" != host ] || fail 1 "cannot start the capture: ${error:-exit status $status}"
	case $attempt:$error in
	1:*"not permitted"*) why1=$error attempt=3 ;;	# no rights: a chroot's way cannot help
	1:*) why1=$error attempt=2 ;;
	*) why=$error attempt=$((attempt + 1)) ;;
	esac
	if [ "$attempt" -eq 4 ] && [ "$(id -u)" -eq 0 ]; then
		why=$why1
		! lacks_sys_admin ||
			why="root here lacks the capability CAP_SYS_ADMIN, as in a container"
	fi
done
step exchanged

# Ready: the results are complete, while tcpdump, in the namespace, still
# ends (20-odd ms in close(), the CPUs idle): move them into OUT and clean
# up meanwhile, then wait for the run to be over.
if [ "$said" = ready ]; then
	install "$results"
	step installed
	cause=''
	[ ! -f "$out/$lesson.expected" ] || [ ! -f "$stage/cause" ] || cause=$(cat "$stage/cause")
	clean
	wait "$runner"
	runner=
	exec 7<&-
	step over
	[ -f "$out/$lesson.expected" ] || show_verdict match "" "$out/$lesson.txt"
	show_verdict mismatch "$cause" "$out/$lesson.txt"
fi
# Not ready: the run failed, and said why.
[ "$status" -ne 3 ] || exit "$EXIT_CANNOT"
# what it captured, for a closer look; but nothing from a full disk
! can_write "$stage" || install "$results"
exit 1
