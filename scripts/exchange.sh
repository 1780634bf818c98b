#!/bin/sh
# scripts/exchange.sh DIR LESSON ISOLATION WORK - run one lesson's exchange
# under tcpdump; write DIR/LESSON.pcap, DIR/LESSON.txt and DIR/LESSON.log.
#
# Run by capture.sh, never by hand: inside a private network namespace
# (ISOLATION=namespace) or on the host's lo (ISOLATION=host), with WORK a
# scratch folder that capture.sh removes.  Every wait is on an event --
# tcpdump's "listening on", the server's "listening on port", process
# exits, the connection's last packet -- and capture.sh bounds the whole
# run with timeout(1).
# Exit: 0 captured, 1 failed, 3 cannot capture here.

set -u
prog=capture.sh
# shellcheck source=scripts/lib.sh
. "${0%/*}/lib.sh"
dir=$1 isolation=$3 tmp=$4
load_lesson "$2" || fail "$EXIT_USAGE" "unknown lesson: $2"

tcpdump_pid='' watch_pid='' server_pid='' client_pid='' drain_pid=''
starting='' waiting_for="the start"

# Kill what we started and is still running, by PID, and wait until it is
# gone.  Each PID is forgotten once its process is reaped; "starting" marks
# the moment between "job &" and "job_pid=$!", when only $! knows the job.
cleanup() {
	trap - EXIT INT TERM
	[ -z "$starting" ] || starting=${!:-}
	for pid in $client_pid $server_pid $drain_pid $tcpdump_pid \
	    $watch_pid $starting; do
		kill "$pid" 2>/dev/null
	done
	wait >/dev/null 2>&1	# dash would say "Terminated" for each
}
trap cleanup EXIT
trap 'say "stopped while waiting for $waiting_for"; write_log; exit 1' INT TERM

# What tcpdump, the server and the client said: DIR/LESSON.log.
write_log() {
	for part in "tcpdump" tcpdump.log "server ${server_status:+(exit $server_status)}" \
	    server.out server.err \
	    "client ${client_status:+(exit $client_status)}" \
	    client.out client.err; do
		case $part in
		*.*) if [ -f "$tmp/$part" ]; then print_file "$tmp/$part"; fi ;;
		*) echo "== $part" ;;
		esac
	done >"$dir/$lesson.log"
}

mkfifo "$tmp/tcpdump" "$tmp/events" "$tmp/server" || exit 1
interface=lo server_ns=''
if [ "$isolation" = namespace ]; then
	# A new namespace's lo is down: connect() would fail, ENETUNREACH.
	ip link set lo up || fail 1 "cannot bring lo up in the namespace"
fi
case $lesson_address in
*:*)
	grep -q ' lo$' /proc/net/if_inet6 2>/dev/null ||
		fail "$EXIT_CANNOT" "lesson $lesson needs IPv6, which is disabled on this machine" ;;
esac
if [ "$lesson_network" = two-hosts ]; then
	[ "$isolation" = namespace ] ||
		fail "$EXIT_CANNOT" "lesson $lesson needs network namespaces: run it as root (sudo make demo LESSON=$lesson), or see README: Capturing without sudo"
	# Two hosts, one cable: this namespace is the client's host, the
	# server gets one of its own, and a veth pair joins them.  The
	# addresses exist only inside these namespaces, which vanish with us.
	interface=veth-client server_ns="unshare --net"
	if ! { ip link add veth-client type veth peer name veth-server &&
	    ip addr add "${lesson_address%.*}.1/24" dev veth-client &&
	    ip link set veth-client up; }; then
		fail 1 "cannot set up the veth pair"
	fi
fi
# Debian's tcpdump drops to user tcpdump, who may not write DIR: stay root
# (in a user namespace, "root" is the user who ran us).
privileges="-Z root"
[ "$isolation" = namespace ] || [ "$(id -u)" -eq 0 ] || privileges=''
# mawk reads a pipe in blocks unless told to read it a line at a time.
stream_awk='awk'
[ "${HANDSHAKE_AWK:-}" != mawk ] || stream_awk="awk -W interactive"

# --immediate-mode: hand each packet over at once, or the last ones are
# still in a kernel buffer when tcpdump is stopped.  -S: absolute sequence
# numbers.  -l: one line at a time to the watcher.
starting=1
# shellcheck disable=SC2086 # $privileges is zero or two words
tcpdump -i "$interface" -n -S --immediate-mode -l -U $privileges \
    -w "$dir/$lesson.pcap" --print "tcp port $lesson_port" \
    >"$tmp/tcpdump" 2>&1 &
tcpdump_pid=$!
$stream_awk -v packets="$dir/$lesson.txt" -v messages="$tmp/tcpdump.log" \
    -f "$scripts/tcpdump.awk" -f "$scripts/watch.awk" \
    <"$tmp/tcpdump" >"$tmp/events" &
watch_pid=$! starting=''
# The server starts while tcpdump starts: listening sends no packet.
if [ "$lesson_server" != none ]; then
	starting=1
	# shellcheck disable=SC2086 # options are words
	$server_ns "$bindir/server" $lesson_server "$lesson_port" \
	    >"$tmp/server" 2>"$tmp/server.err" &
	server_pid=$! starting=''
	exec 4<"$tmp/server"
fi
exec 3<"$tmp/events"

waiting_for="tcpdump's 'listening on' line"
read -r event <&3 || event=
if [ "$event" != listening ]; then
	wait "$tcpdump_pid"
	tcpdump_pid=
	write_log
	said=$(grep -m 1 '^tcpdump: ' "$tmp/tcpdump.log")
	case $said in
	*ermission* | *"not permitted"*)
		fail "$EXIT_CANNOT" "${said#tcpdump: }; run: sudo make demo, or see README: Capturing without sudo" ;;
	esac
	fail 1 "tcpdump did not start: $said"
fi

if [ -n "$server_pid" ]; then
	waiting_for="the server's 'listening on port' line"
	if ! IFS= read -r line <&4; then
		wait "$server_pid"
		server_status=$? server_pid=
		write_log
		said=$(cat "$tmp/server.err")
		case $isolation:$said in
		host:*"Address already in use"*)
			fail "$EXIT_CANNOT" "port $lesson_port is in use on this machine, and without a private network namespace the capture cannot have it; stop what uses it (ss -ltnp 'sport = :$lesson_port'), or run: sudo make demo" ;;
		esac
		fail 1 "the server did not start: $said"
	fi
	echo "$line" >"$tmp/server.out"
	starting=1
	cat <&4 >>"$tmp/server.out" &
	drain_pid=$! starting=''
	exec 4<&-
fi

if [ -n "$server_ns" ]; then
	# The server, listening, is surely in its namespace: plug in its end.
	waiting_for="the server's end of the veth pair"
	if ! { ip link set veth-server netns "$server_pid" &&
	    nsenter --target "$server_pid" --net sh -c '
		ip addr add "$1/24" dev veth-server &&
		ip link set veth-server up' sh "$lesson_address"; }; then
		fail 1 "cannot set up the server's end of the veth pair"
	fi
fi

waiting_for="the client to finish"
starting=1
# shellcheck disable=SC2086 # options are words
"$bindir/client" $lesson_client "$lesson_address" "$lesson_port" \
    >"$tmp/client.out" 2>"$tmp/client.err" &
client_pid=$! starting=''
wait "$client_pid"
client_status=$? client_pid=

if [ -n "$server_pid" ]; then
	waiting_for="the server to finish"
	wait "$server_pid"
	server_status=$? server_pid=
	wait "$drain_pid"
	drain_pid=
fi

waiting_for="the connection's last packet (both FINs acknowledged, or an RST)"
read -r event <&3 || event=
exec 3<&-
# SIGINT: tcpdump writes out what it has and exits.
kill -INT "$tcpdump_pid"
waiting_for="tcpdump to finish writing"
wait "$tcpdump_pid"
tcpdump_pid=
wait "$watch_pid"
watch_pid=
write_log

[ "$event" = closed ] ||
	fail 1 "tcpdump stopped before the connection was over; see $dir/$lesson.log"
[ "$client_status" -eq "$lesson_client_exit" ] ||
	fail 1 "the client exited with $client_status, the lesson expects $lesson_client_exit: $(cat "$tmp/client.err")"
[ "${server_status:-0}" -eq 0 ] ||
	fail 1 "the server exited with $server_status: $(cat "$tmp/server.err")"
exit 0
