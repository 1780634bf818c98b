#!/bin/sh
# Faults: a full disk, a killed run, two runs into one folder, a bad -r
# file.  Each ends in one line and a documented exit status, and no earlier
# result is lost or half-overwritten.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN
# shellcheck disable=SC2034 # used inside the test bodies
recorded=$top/captures/handshake.txt

# capture ARGS: capture.sh, bounded; stdout to out, stderr to err, exit
# status in $status.
capture() {
	bounded 60 sh "$top/scripts/capture.sh" "$@" >out 2>err
	status=$?
}

# earlier DIR: an earlier run's results in DIR, to see that they stay.
earlier() {
	mkdir -p "$1" &&
	for part in txt pcap log versions flags; do
		echo "earlier $part" >"$1/handshake.$part" || return 1
	done
}

# unchanged DIR: the earlier run's results are all still there, whole.
unchanged() {
	for part in txt pcap log versions flags; do
		echo "earlier $part" >expect.part &&
		compare expect.part "$1/handshake.$part" || return 1
	done
}

test_expect 'a -r file that is not there: exit 2, no earlier result changed' '
	earlier kept &&
	capture -o kept -r /no/such/file
	[ $status -eq 2 ] && echo "capture.sh: cannot read /no/such/file: not a readable file" >expect &&
	compare expect err && unchanged kept && no_scratch_in kept
'

test_expect 'a -r check replaces the flags it made, and a match removes an old diff' '
	capture -o set -r "$top/tests/data/delayed-ack.txt"
	[ $status -eq 1 ] && test -s set/handshake.expected &&
	capture -o set -r "$recorded" &&
	[ ! -e set/handshake.expected ] &&
	grep -v "^#" "$top/captures/handshake.flags" | grep . >expect &&
	compare expect set/handshake.flags && no_scratch_in set
'

# A folder the run may not write in (root: with its capabilities dropped,
# so that the folder's mode holds for it too): one line, not a silent
# exit (the shell's ":" with a redirection that fails ends the shell).
test_expect SETPRIV 'an output folder that cannot be written: one line naming it, exit 1' '
	mkdir -p locked && chmod 555 locked &&
	as=""
	[ "$(id -u)" -ne 0 ] || as="setpriv --bounding-set=-all --inh-caps=-all --no-new-privs"
	$as sh "$top/scripts/capture.sh" -o locked -r "$recorded" >out 2>err
	status=$?
	chmod 755 locked
	[ $status -eq 1 ] && [ ! -s out ] &&
	echo "capture.sh: cannot write in $PWD/locked: Permission denied" >expect &&
	compare expect err
'

# make demo where captures/last holds an earlier run's results and cannot
# be written: the reason, exit 1, and not the earlier run's capture shown
# as this one's (demo.sh, in a copy of the scripts).
test_expect SETPRIV 'make demo that cannot write captures/last: the reason, exit 1, no earlier capture shown' '
	rm -rf repo && mkdir -p repo/captures/last && cp -R "$top/scripts" "$top/lessons" repo/ &&
	cp "$top/captures/handshake.flags" repo/captures/ &&
	cp "$top/captures/handshake.txt" repo/captures/last/ &&
	chmod 555 repo/captures/last &&
	as=""
	[ "$(id -u)" -ne 0 ] || as="setpriv --bounding-set=-all --inh-caps=-all --no-new-privs"
	HANDSHAKE_BIN=$bin $as sh repo/scripts/demo.sh handshake >out 2>err
	status=$?
	chmod 755 repo/captures/last
	[ $status -eq 1 ] && [ ! -s out ] &&
	echo "capture.sh: cannot write in $PWD/repo/captures/last: Permission denied" >expect &&
	compare expect err
'

test_expect 'what a killed run left (its stage, its lock) goes with the next run' '
	dead=$(dead_pid) &&
	mkdir -p killed/.capture.$dead && : >killed/.capture.$dead/handshake.txt &&
	mkfifo killed/.capture.$dead/tcpdump && : >killed/.capture.$dead.events &&
	echo "$dead" >killed/.handshake.lock &&
	capture -o killed -r "$recorded" &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/handshake.flags" &&
	no_scratch_in killed
'

test_expect 'a folder another live run holds: one line, exit 1, nothing changed' '
	earlier held &&
	echo $$ >held/.handshake.lock &&
	capture -o held -r "$recorded"
	[ $status -eq 1 ] && [ ! -s out ] &&
	echo "capture.sh: $PWD/held is in use by another capture of handshake (PID $$); wait for it to end, or write elsewhere: -o DIR" >expect &&
	compare expect err && unchanged held &&
	rm held/.handshake.lock && no_scratch_in held
'

# A small disk: a 64 KiB tmpfs in a mount namespace of our own (root's, or
# an ordinary user's inside a user namespace), gone when the test ends.
disk=unshare
[ "$(id -u)" -eq 0 ] || disk="unshare --map-root-user"
test_lazy_prereq SMALL_DISK '
	if ! command -v unshare >/dev/null 2>&1; then
		prereq_missing "unshare is not installed, to mount a small disk"
	elif ! $disk -m true 2>/dev/null; then
		prereq_missing "no mount namespace here ($disk -m), to mount a small disk"
	fi
'
# a capture inside a user namespace of the test's own is not the one users run
test_lazy_prereq SMALL_DISK_LIVE '
	{ test_have_prereq SMALL_DISK || prereq_missing "$test_missing"; } &&
	{ [ "$(id -u)" -eq 0 ] ||
		prereq_missing "a capture inside a user namespace of the test'"'"'s own is not the one users run"; }
'

# full_disk DIR ARGS: in DIR, a full small disk holding an earlier run's
# results, run capture.sh ARGS -o DIR; afterwards, what it left in DIR is
# in ./left (ls -A), its stdout in out, its stderr in err, and its status
# in $status.  unchanged() then reads DIR's copy in ./after.
full_disk() {
	dir=$1
	shift
	mkdir -p "$dir" after && rm -f after/* || return 1
	# shellcheck disable=SC2086 # $disk is a command line
	bounded 60 $disk -m sh -c '
		dir=$1 out=$PWD/out err=$PWD/err
		shift
		mount -t tmpfs -o size=64k tmpfs "$dir" || exit 99
		for part in txt pcap log versions flags; do
			echo "earlier $part" >"$dir/handshake.$part"
		done
		dd if=/dev/zero of="$dir/fill" bs=1024 count=256 2>/dev/null
		sh "$@" -o "$dir" >"$out" 2>"$err"
		status=$?
		ls -A "$dir" >left
		cp "$dir"/handshake.* after/
		exit "$status"' full_disk "$dir" "$top/scripts/capture.sh" "$@"
	status=$?
	[ "$status" -ne 99 ] || { echo "cannot mount a tmpfs"; return 1; }
}

test_expect SMALL_DISK 'a full disk under -r: one line naming the folder, exit 1, nothing lost' '
	full_disk "$PWD/small" -r "$recorded"
	cat err
	[ $status -eq 1 ] && [ ! -s out ] &&
	echo "capture.sh: cannot write in $PWD/small: No space left on device" >expect &&
	compare expect err && unchanged after &&
	printf "%s\n" fill handshake.flags handshake.log handshake.pcap handshake.txt handshake.versions >expect &&
	compare expect left
'

test_expect LIVE,SMALL_DISK_LIVE 'a full disk under a live capture: one line, exit 1, nothing lost' '
	full_disk "$PWD/small"
	cat err
	[ $status -eq 1 ] && [ ! -s out ] &&
	echo "capture.sh: cannot write in $PWD/small: No space left on device" >expect &&
	compare expect err && unchanged after
'

# start_capture DIR LESSON [ARGS...]: a live capture in the background, in
# a session of its own; $session is its PID; run.fifo gives its output, on
# fd 5, read up to its first packet -- or, when $until is set, up to the
# first line that holds it.
start_capture() {
	dir=$1 lesson=$2
	shift 2
	rm -f run.fifo && mkfifo run.fifo || return 1
	in_session run.fifo sh "$top/scripts/capture.sh" -o "$dir" "$@" "$lesson"
	exec 5<run.fifo
	while IFS= read -r line <&5; do
		case $line in *"${until:-Flags [}"*) session_of; return ;; esac
	done
	echo "capture.sh ended before its first packet"
	return 1
}

# session_ended: every process of the session is gone (bounded: 20 s).
session_ended() {
	tries=0
	while [ -n "$(ps -o pid= -s "$session")" ]; do
		tries=$((tries + 1))
		[ "$tries" -lt 2000 ] || { echo "still running: $(ps -o pid=,args= -s "$session")"; return 1; }
		sleep 0.01
	done
}

# gated DIR LESSON: start_capture with a client that waits at a gate (the
# FIFO "gate", held open on fd 7, so that neither side's open blocks)
# until "echo go >&7": however busy the machine, the run is in the middle
# until then.  Returned once the exchange has begun.
gated() {
	rm -f gate && mkfifo gate && exec 7<>gate &&
	until="tcpdump's lines:" start_capture "$1" "$2" \
	    -c "sh -c 'read -r _ <\"\$0\"; shift; exec \"\$@\"' $PWD/gate x $bin/client {address} {port}"
}

test_expect LIVE,INTERRUPT 'after a SIGKILL mid-run, the next run is right and leaves nothing of either' '
	earlier killed &&
	gated killed handshake &&
	kill -KILL "$session" && wait "$waiter"
	echo go >&7	# on the host'"'"'s lo, the exchange goes on alone
	cat <&5 >/dev/null
	exec 5<&-
	# (the gate held open until the run is over: a FIFO that nobody holds
	# loses what was written into it, and on the host'"'"'s lo the client
	# may open it only once another capture has given the port back)
	session_ended
	ended=$?
	exec 7>&-
	[ $ended -eq 0 ] && unchanged killed &&
	capture -o killed &&
	grep -q "^match: 8 packets" out && no_scratch_in killed &&
	[ "$(grep -c "Flags \[" killed/handshake.txt)" -eq 8 ]
'

# The first run's client waits at the gate until the second run has ended.
test_expect LIVE,INTERRUPT 'two runs into one folder at once: the second refuses, the first is whole' '
	gated both handshake &&
	capture -o both handshake
	second=$status
	echo go >&7
	cat <&5 >first.out
	exec 5<&- 7>&-
	wait "$waiter" || { cat first.out; exit 1; }
	[ "$second" -eq 1 ] && [ ! -s out ] && cat err &&
	echo "capture.sh: $PWD/both is in use by another capture of handshake (PID $session); wait for it to end, or write elsewhere: -o DIR" >expect &&
	compare expect err &&
	grep -q "^match: 8 packets" first.out &&
	tcpdump -# -n -S -r both/handshake.pcap 2>/dev/null >from-pcap &&
	compare from-pcap both/handshake.txt && no_scratch_in both
'

test_done
