# tests/lib-capture.sh - helpers for the tests of capture.sh: how this
# machine captures (found once, lazily), the prerequisites that follow
# from it, and the helpers for Ctrl-C, scratch copies and lab mode.
# Sourced after tests/harness.sh.
# shellcheck shell=sh disable=SC2154 # top, scratch: tests/harness.sh

# no_ipv6_in FILE: when capture.sh's output in FILE says that this machine
# has IPv6 switched off (Docker's default), skip the test, saying so.
no_ipv6_in() {
	! grep -q "needs IPv6, which is disabled on this machine" "$1" ||
		skip_test "IPv6 is disabled on this machine"
}

# has_sys_admin: this process has CAP_SYS_ADMIN (bit 21 of CapEff), which
# root in a container lacks.
has_sys_admin() {
	awk '$1 == "CapEff:" {
		low = substr($2, length($2) - 7)
		n = 0
		for (i = 1; i <= 8; i++)
			n = n * 16 + index("0123456789abcdef", substr(low, i, 1)) - 1
		exit int(n / 2097152) % 2 == 0
	}' /proc/self/status 2>/dev/null
}

# --- live captures -----------------------------------------------------

# live_probe: how this machine captures, found the way a user finds it: a
# capture of the handshake.  Prints "namespace", "host" (the host's lo) or
# "none:" and capture.sh's reason.
live_probe() {
	CAPTURE_TIMEOUT=${CAPTURE_TIMEOUT:-20} sh "$top/scripts/capture.sh" \
	    -o "$scratch/probe" >"$scratch/probe.out" 2>"$scratch/probe.err"
	status=$?
	if [ "$status" -eq 3 ]; then
		echo "none:$(tail -n 1 "$scratch/probe.err")"
	elif grep -q "^capturing on the host's lo" "$scratch/probe.out"; then
		echo host
	elif grep -q "^capturing in a private network namespace" "$scratch/probe.out"; then
		echo namespace
	else
		echo "none:the probe capture failed: $(tail -n 1 "$scratch/probe.err")"
	fi
	rm -rf "$scratch/probe" "$scratch/probe.out" "$scratch/probe.err"
}

# live_known: $live_mode (namespace, host or none) and $live_reason (why
# none), from tests/run.sh's probe when it made one (HANDSHAKE_LIVE), else
# from this script's own, made the first time a test asks and kept.
live_known() {
	if [ -z "${HANDSHAKE_LIVE:-}" ]; then
		if [ -s "$scratch/.live-mode" ]; then
			read -r HANDSHAKE_LIVE <"$scratch/.live-mode"
		else
			HANDSHAKE_LIVE=$(live_probe)
			echo "$HANDSHAKE_LIVE" >"$scratch/.live-mode"
		fi
	fi
	live_mode=${HANDSHAKE_LIVE%%:*}
	live_reason=${HANDSHAKE_LIVE#none:}
	[ "$live_mode" != none ] || live_reason=${live_reason#capture.sh: }
}

# LIVE: a test that captures for real, in a namespace or on the host's
# lo, whichever this machine gives.  NETNS: one that needs network
# namespaces.  HOSTLO: this machine captures on the host's lo.
test_lazy_prereq LIVE '
	live_known
	[ "$live_mode" != none ] || prereq_missing "$live_reason"
'
test_lazy_prereq NETNS '
	live_known
	case $live_mode in
	namespace) ;;
	host) prereq_missing "needs network namespaces; this machine captures on the host'"'"'s lo" ;;
	*) prereq_missing "$live_reason" ;;
	esac
'
test_lazy_prereq HOSTLO '
	live_known
	case $live_mode in
	host) ;;
	namespace) prereq_missing "this machine captures in a private network namespace" ;;
	*) prereq_missing "$live_reason" ;;
	esac
'
# TUN: the delay line's TUN devices can be made: /dev/net/tun is there and
# this user may open it (root; a user namespace's root may not).
test_lazy_prereq TUN '
	[ -c /dev/net/tun ] && [ -r /dev/net/tun ] && [ -w /dev/net/tun ] ||
		prereq_missing "no TUN device this user may open (/dev/net/tun), for the delay line"
'
test_lazy_prereq NFT '
	command -v nft >/dev/null 2>&1 || prereq_missing "nft (nftables) is not installed"
'
# INTERRUPT: a terminal's Ctrl-C can be sent to a capture (setsid and env
# --default-signal start one the way a shell would).
test_lazy_prereq INTERRUPT '
	test_have_command setsid &&
	{ setsid -w true 2>/dev/null ||
		prereq_missing "setsid has no -w (util-linux 2.24 or later)"; } &&
	{ env --default-signal=INT true 2>/dev/null ||
		prereq_missing "env has no --default-signal (GNU coreutils 8.31 or later)"; }
'

# in_session OUT COMMAND...: COMMAND in a session of its own, in the
# background, its stdout and stderr to OUT (a FIFO: opened by the
# background job, never by the caller); $waiter is what to wait for, and session_of sets $session,
# the session's id (its leader's PID).  setsid forks when its caller leads
# a process group, as under some runners: then $! is not the session, so
# the leader says its own PID, and setsid -w waits for it.
in_session() {
	rm -f session.pid
	in_session_out=$1
	shift
	# shellcheck disable=SC2016 # $$ and "$@" are the new shell's
	setsid -w sh -c 'echo $$ >session.pid && exec "$@"' sh "$@" >"$in_session_out" 2>&1 &
	waiter=$!
}
session_of() {
	session=''
	read -r session <session.pid 2>/dev/null
	[ -n "$session" ] || { echo "no session.pid"; return 1; }
}

# complaints FILE: capture.sh's stderr in FILE, but for its warning that it
# captures on the host's lo, which there comes with every capture.
complaints() {
	grep -v "^capture.sh: no private network namespace here (.*); capturing on the host's lo" "$1"
}

# capture_header: the line capture.sh prints for this machine's isolation.
capture_header() {
	live_known
	case $live_mode in
	host) echo "capturing on the host's lo, NOT isolated" ;;
	*) echo "capturing in a private network namespace" ;;
	esac
}

# scratch_repo: a copy of the scripts and data in ./repo, to mutate.
scratch_repo() {
	rm -rf repo && mkdir -p repo/captures &&
	cp -R "$top/scripts" "$top/lessons" repo/ &&
	cp "$top"/captures/*.flags repo/captures/
}

# no_scratch_in DIR: none of a capture's hidden scratch files is left in DIR.
no_scratch_in() {
	for hidden in "$1"/.[!.]*; do
		[ ! -e "$hidden" ] || { echo "left behind: $hidden"; return 1; }
	done
}

# interrupt LESSON [PACKET [SIGNAL TARGET]]: capture LESSON into int-LESSON
# and, once tcpdump has printed PACKET (a pattern; none: as soon as the
# capture starts), send SIGNAL (INT) to TARGET: "group" (the default, as a
# terminal's Ctrl-C would) or "pid" (capture.sh alone).  Nothing it started
# may be left: no process, no hidden file, and no result in int-LESSON (a
# stopped run changes none); it exits 128 + SIGNAL.  ./seen holds all it
# printed.
interrupt() {
	rm -rf run.fifo "int-$1" && mkfifo run.fifo || return 1
	# the lab's client, holding the connection open for a minute after
	# the server's FIN: however busy the machine, the run is in its middle
	# when the signal comes
	in_session run.fifo env --default-signal=INT sh "$top/scripts/capture.sh" -o "int-$1" \
	    -c "$bin/client -d 60000 {address} {port}" "$1"
	exec 5<run.fifo
	# the second line comes as the exchange starts; packets follow
	: >seen
	for _ in 1 2; do
		IFS= read -r line <&5 || {
			echo "capture.sh ended before the exchange started"
			return 1
		}
		echo "$line" >>seen
	done
	if [ -n "${2:-}" ]; then
		while IFS= read -r line <&5; do
			echo "$line" >>seen
			case $line in *"$2"*) break ;; esac
		done
	fi
	session_of || return 1
	case ${4:-group} in
	group) kill "-${3:-INT}" "-$session" ;;
	pid) kill "-${3:-INT}" "$session" ;;
	esac
	cat <&5 >rest
	wait "$waiter"
	status=$?
	exec 5<&-
	cat rest >>seen
	left=$(ps -o pid=,stat=,args= -s "$session")
	[ -z "$left" ] || { echo "left running: $left"; return 1; }
	no_scratch_in "int-$1" || return 1
	for result in "int-$1"/*; do
		[ ! -e "$result" ] || { echo "a stopped run wrote $result"; return 1; }
	done
	case ${3:-INT} in INT) want=130 ;; TERM) want=143 ;; esac
	[ "$status" -eq "$want" ] || { echo "exit $status"; cat seen; return 1; }
}

# lab_capture ARGS: capture.sh from the top folder (where commands are read
# from), bounded; stdout to ./out, stderr to ./err, exit status in $status.
lab_capture() {
	(cd "$top" && bounded 60 sh scripts/capture.sh "$@") >out 2>err
	status=$?
}

# dead_pid: a PID that no process has: a child that has exited.
dead_pid() {
	sh -c 'exit 0' &
	wait $!
	echo $!
}
