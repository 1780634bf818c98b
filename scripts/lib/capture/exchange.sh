#!/bin/sh
# scripts/lib/capture/exchange.sh STAGE - run one lesson's exchange under tcpdump; write
# STAGE/LESSON.pcap, .txt, .flags, .versions and .log (and .expected on a
# mismatch, with the likely cause in STAGE/cause).
#
# Run by capture.sh, never by hand: inside the isolation capture.sh chose
# (a private network namespace, or the host's lo), with the lesson in its
# environment.  STAGE is the run's own folder inside OUT, which capture.sh
# made with its FIFOs, for the results and the scratch files (what the
# programs print); STAGE.started says that we have begun.  Once the
# results are complete, "ready" on fd 8 (the FIFO STAGE/done) tells
# capture.sh to move them into OUT, and remove the rest, while tcpdump
# ends; any other end closes fd 8 unsaid.  Every wait is on an event --
# tcpdump's "listening on", a socket listening on the port, process exits,
# the connection's last packet -- and a watchdog bounds the whole run
# (CAPTURE_TIMEOUT).
# For grade.sh, $hide_list names a file of folders that the programs must
# not see: each gets an empty tmpfs over it, in this run's mount namespace.
# Exit: 0 captured, 1 failed, 3 cannot capture here.
# shellcheck disable=SC2154 # the lesson comes from capture.sh's environment

# capture.sh asks us to stop with USR1, never TERM or INT: a child just
# forked still runs our signal handlers until it execs, and would swallow
# the TERM meant to stop it, if we trapped TERM.
trap 'exit 1' USR1	# nothing started yet: stopping is just leaving
: >"$1.started"	# tells capture.sh that the isolation worked and USR1 is heard
exec 2>&9 9>&-	# unshare's own messages went to a file; ours go to the user
# First, while the rest of us starts: lo up -- a new namespace's lo is
# down: connect() would fail, ENETUNREACH.  Stopped meanwhile, we stop ip
# too ($! is ip, once it has started).
trap 'kill ${lo_pid:-${!:-}} 2>/dev/null; exit 1' USR1
lo_pid=''
if [ "$isolation" != host ]; then
	ip link set lo up 8>&- &
	lo_pid=$!
fi
set -u
prog=capture.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/../common.sh"
step namespace
tmp=$1/
echo "capturing $isolation_text"
# which end of tcpdump's "A > B" lines is which, before the first one
echo "tcpdump's lines: the server is $lesson_address.$lesson_port, the client the other end"
log=$out/$lesson.log	# its name once capture.sh has moved it into OUT

tcpdump_pid='' reader_pid='' watch_pid='' server_pid='' client_pid='' poller_pid='' line_pid=''
trace_instance=""	# the tracefs instance recording tcp_probe, while there is one
# (not "probe": common.sh's can_write, which fail() calls, uses that name)
nft_pid='' version_pid='' watchdog='' starting='' waiting_for="the start"
server_status='' client_status=''

# Kill what we started and is still running, by PID, and see it gone.
# Each PID is forgotten once its process is reaped; "starting" marks the
# moment between "job &" and "job_pid=$!", when only $! knows the job.
cleanup() {
	trap - EXIT USR1 ALRM
	[ -z "$starting" ] || starting=${!:-}
	for pid in $lo_pid $client_pid $server_pid $poller_pid $nft_pid $version_pid \
	    $tcpdump_pid $reader_pid $watch_pid $line_pid $watchdog $starting; do
		kill "$pid" 2>/dev/null
	done
	probe_off
	# In a PID namespace of its own, the kernel ends what is left when we
	# end, and unshare returns only once it is all gone.
	[ "$isolation" = namespace ] || wait >/dev/null 2>&1	# dash would say "Terminated"
	[ -z "$host_port_taken" ] || rm -f "$host_port_lock"
	step cleanup
}
# What tcpdump, the server and the client said: OUT/LESSON.log, a section
# each, headed by the program's exit status.  The lab's own programs say
# two lines, copied without a process start; other people's programs may
# say a mebibyte (grade.sh keeps that much), which cat copies at once.
# The programs' sections, once both have ended, may be written ahead
# ($programs_log, by write_ahead).
copy=print_file
[ -n "$server_own" ] && [ -n "$client_own" ] || copy="cat"
programs_log=''
write_log() {
	{
		section tcpdump
		if [ -n "$programs_log" ]; then
			printf '%s' "$programs_log"
		else
			section server
			section client
		fi
	} >"${tmp}$lesson.log" 2>/dev/null	# a full disk: capture.sh says so
}
# section WHO: that program's section of the log.
section() {
	eval "status=\${${1}_status:-}"
	case $status in
	'') echo "== $1" ;;
	stopped) echo "== $1 (still running at the end: stopped)" ;;
	*) echo "== $1 (exit $status)" ;;
	esac
	for part in log out err; do
		[ ! -f "${tmp}$1.$part" ] || $copy "${tmp}$1.$part"
	done
}
# write_ahead: the server's and the client's sections into $programs_log,
# when both have ended and are the lab's own (a line at a time, in the
# shell: a millisecond), while tcpdump stops.  The "." keeps the last
# newline, which $(...) would drop.
write_ahead() {
	[ "$copy" = print_file ] && [ -z "$server_pid" ] && [ -z "$client_pid" ] || return 0
	programs_log=$(section server; section client; echo .)
	programs_log=${programs_log%.}
}

# A run that fails on a full disk fails for that reason: say so, not what
# the missing space led to.
fail() {
	code=$1
	shift
	if ! can_write "${tmp%/}"; then
		say "cannot write in $out: $write_error"
		exit 1
	fi
	say "$@"
	exit "$code"
}

trap cleanup EXIT
trap 'say "stopped while waiting for $waiting_for"; write_log; exit 1' USR1
trap 'write_log; fail 1 "gave up after $bound s (CAPTURE_TIMEOUT) waiting for $waiting_for$(
	[ -z "$server_pid" ] || echo "; the server said: $(said server)")$(
	[ -z "$client_status" ] || echo "; the client exited (status $client_status) and said: $(said client)"); see $log"' ALRM

# take_host_port: on the host's lo the lesson's port is the whole
# machine's, so one capture at a time has it, whoever runs it (another
# checkout's tests, a grading beside them): a lock, /tmp/handshake-lo-PORT.lock
# with the holder's PID, made with noclobber (O_EXCL).  A lock whose holder
# is gone is a killed run's, taken over.  Waited for up to the bound.
host_port_lock=/tmp/handshake-lo-$lesson_port.lock host_port_taken=''
take_host_port() {
	looks=0
	until { set -C && { echo "$$" >"$host_port_lock"; } 2>/dev/null; }; do
		set +C
		holder=''
		read -r holder 2>/dev/null <"$host_port_lock"
		if [ -n "$holder" ] && ! alive "$holder"; then
			rm -f "$host_port_lock"
			continue
		fi
		looks=$((looks + 1))
		[ "$looks" -le $((bound * 100)) ] ||
			fail 1 "gave up after $bound s (CAPTURE_TIMEOUT) waiting for port $lesson_port on the host's lo, which another capture (PID ${holder:-?}) has"
		sleep 0.01
	done
	set +C
	host_port_taken=1
}

# tcpdump_gone: wait for tcpdump (and the reader of the pipe form) and
# the watcher to end.
tcpdump_gone() {
	wait "$tcpdump_pid"
	tcpdump_pid=
	[ -z "$reader_pid" ] || wait "$reader_pid"
	wait "$watch_pid"
	reader_pid='' watch_pid=''
	step tcpdump-exit
}

# start WHO COMMAND: run COMMAND, words as sh reads them, in the background
# (the server of two hosts in a network namespace of its own); its output
# goes to WORK/WHO.out and WHO.err, its PID to WHO_pid.
start() {
	who=$1 prefix=''
	[ "$who" != server ] || [ "$lesson_network" = loopback ] || prefix="unshare --net"
	[ -z "$programs_nice" ] || prefix="nice -n -10 $prefix"	# capture.sh says why
	set -f
	eval "set -- $2"
	set +f
	starting=1
	$prefix "$@" >"${tmp}$who.out" 2>"${tmp}$who.err" 8>&- &
	eval "${who}_pid=\$!"
	starting=''
}

# offloads_off DEV: segments as they go on a wire, not merged into 64 KB
# ones by the kernel (segmentation and receive offload), where ethtool is.
offloads_off() {
	! command -v ethtool >/dev/null 2>&1 ||
		ethtool -K "$1" tso off gso off gro off 2>/dev/null
}

# congestion_here DEV PEER SOURCE: the lesson's congestion control for
# every connection to PEER, in this namespace only: the route to PEER
# through DEV says it (congctl; lock: a program's setsockopt(TCP_CONGESTION)
# cannot change it).  Not net.ipv4.tcp_congestion_control: the kernel lets
# a namespace other than the machine's own make only the algorithms in
# net.ipv4.tcp_allowed_congestion_control its default (EPERM; here
# "reno bbr", where the machine's is bbr), and the machine's is never
# touched.  A kernel without it: exit 3.  The server's namespace gets
# the same route in plug_in.
congestion_here() {
	ip route replace "$2" dev "$1" src "$3" congctl lock "$lesson_congestion" 2>"${tmp}route.err" && return
	available=unknown
	read -r available 2>/dev/null </proc/sys/net/ipv4/tcp_available_congestion_control
	why=$(first_line "${tmp}route.err")
	why=${why#Error: }
	fail "$EXIT_CANNOT" "lesson $lesson needs the congestion control $lesson_congestion, which this kernel cannot give a route: ${why%.} (it has: $available)"
}

# The kernel's own congestion window, for each ACK the server receives:
# the tracepoint tcp:tcp_probe (fired before the kernel processes the ACK,
# and only while the connection is ESTABLISHED: hence the lesson's server
# -w) and, for the congestion state, tcp:tcp_cong_state_set (fired when
# it changes), recorded in a tracefs instance of this run's own -- its
# own buffer, switches and clock (mono: one clock for every CPU, so the
# two tracepoints' lines are in the kernel's order), so that the machine's
# tracing is left as it was; removed at the end.  tracefs is mounted
# where it is not, in this run's mount namespace, and vanishes with it.
# Root only (not root in a user namespace); where it cannot, probe_why
# says why.
tracing=/sys/kernel/tracing probe_why=''
probe_on() {
	inside='' outside='' count=''
	read -r inside outside count 2>/dev/null </proc/self/uid_map
	if [ "$inside:$outside:$count" != 0:0:4294967295 ]; then
		probe_why="the kernel's tracepoints need root" && return 1
	fi
	[ "$isolation" = namespace ] ||
		{ probe_why="no mount namespace of our own, to mount tracefs in" && return 1; }
	[ -d "$tracing/events" ] || mount -t tracefs nodev "$tracing" 2>/dev/null ||
		{ probe_why="cannot mount tracefs on $tracing" && return 1; }
	for event in tcp_probe tcp_cong_state_set; do
		[ -d "$tracing/events/tcp/$event" ] ||
			{ probe_why="this kernel has no tracepoint tcp:$event" && return 1; }
	done
	name=${tmp%/}
	name=handshake-${name##*/.capture.}
	# named before it is made: a stop (USR1) just after mkdir finds it
	# in cleanup's probe_off (one just before: rmdir finds none)
	trace_instance=$tracing/instances/$name
	mkdir "$trace_instance" 2>/dev/null ||
		{ trace_instance='' probe_why="cannot make the tracefs instance $name" && return 1; }
	enabled=1
	{ echo mono >"$trace_instance/trace_clock"; } 2>/dev/null || enabled=''
	for event in tcp_probe tcp_cong_state_set; do
		{ echo "sport == $lesson_port" >"$trace_instance/events/tcp/$event/filter" &&
		    echo 1 >"$trace_instance/events/tcp/$event/enable"; } 2>/dev/null || enabled=''
	done
	if [ -z "$enabled" ]; then
		probe_why="cannot enable tcp:tcp_probe and tcp:tcp_cong_state_set"
		probe_off
		return 1
	fi
}
probe_off() {
	[ -n "$trace_instance" ] || return 0
	echo 0 >"$trace_instance/events/enable" 2>/dev/null
	rmdir "$trace_instance" 2>/dev/null
	trace_instance=""
}
# info_on: without the tracepoints, the numbers the lab's own server can
# read itself, without privilege: server -i FILE writes getsockopt(TCP_INFO)
# of its socket each time they change, while it waits for the ACKs (-w).
# Those are the kernel's numbers between ACKs, not at each one: fewer, and
# joined as such (mean/kernel.awk).  Another program as the server: none.
# HANDSHAKE_TCP_INFO=1 takes this way as root too (what a run without
# root records, to see it, and for the tests).
info_file=''
info_on() {
	[ -n "$server_own" ] || { probe_why="$probe_why, and the server is not the lab's own, which reads TCP_INFO" && return 1; }
	quote "$bindir/server"
	server_path=$quoted
	quote "${tmp}server.info"
	server_command="$server_path -i $quoted ${server_command#"$server_path" }"
	info_file=${tmp}server.info
}
# probe_record: LESSON.cwnd, the server's numbers for this connection
# (capture/record.awk), from the instance's trace, else from server -i's
# file.
probe_record() {
	record=${tmp}$lesson.cwnd
	congestion=unknown
	read -r congestion 2>/dev/null <"${tmp}congestion"
	set -- -v server="$lesson_address" -v port="$lesson_port" -v text="${tmp}$lesson.txt" \
	    -v congestion="$congestion" -f "$lib/capture/record.awk"
	if [ -n "$info_file" ]; then
		# the readings are joined to the client's segments in the order
		# they came: a capture that lost one of them would pair a reading
		# with the wrong one (kernel.awk); tcpdump counts what it lost
		# as it ends
		[ -z "$tcpdump_pid" ] || tcpdump_gone
		dropped=$(sed -n 's/^\([1-9][0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "${tmp}tcpdump.log" 2>/dev/null)
		if [ -n "$dropped" ]; then
			echo "unknown: tcpdump lost $dropped of the packets, and the server's readings of TCP_INFO can be joined only to a capture that has every one" >"$record"
			return
		fi
		LC_ALL=C awk "$@" -v source=TCP_INFO "$info_file" >"$record" 2>/dev/null ||
			echo "unknown: $probe_why; the server's TCP_INFO could not be read" >"$record"
		return
	fi
	if [ -z "$trace_instance" ]; then
		echo "unknown: $probe_why" >"$record"
		return
	fi
	echo 0 >"$trace_instance/events/enable"
	LC_ALL=C awk "$@" "$trace_instance/trace" >"$record" 2>/dev/null ||
		echo "unknown: the trace could not be read" >"$record"
	probe_off
}

# said WHO: the first line that program wrote on stderr, else on stdout.
said() {
	if [ -s "${tmp}$1.err" ]; then
		first_line "${tmp}$1.err"
	else
		first_line "${tmp}$1.out"
	fi
}

# exited PID: true when that child of ours has ended (a zombie, or gone).
exited() {
	state=Z
	read -r state 2>/dev/null </proc/"$1"/stat
	case ${state##*) } in Z* | X*) return 0 ;; esac
	return 1
}

# reap WHO: wait for that program, keep its exit status in WHO_status.
reap() {
	eval "wait \$${1}_pid"
	eval "${1}_status=$? ${1}_pid="
}

# sockets PID TABLES STATE...: true when a socket in PID's network
# namespace, listed in TABLES ("tcp tcp6"), in one of these states (as
# /proc/net/tcp writes them: 0A LISTEN, 01 ESTABLISHED, ...), has the port
# at either end.
sockets() {
	pid=$1 tables=$2
	shift 2
	for table in $tables; do
		[ -r "/proc/$pid/net/$table" ] || continue
		while read -r _ local remote state _; do
			case " $* " in *" $state "*) ;; *) continue ;; esac
			[ "${local##*:}" = "$hex_port" ] || [ "${remote##*:}" = "$hex_port" ] &&
				return 0
		done <"/proc/$pid/net/$table"
	done
	return 1
}

# syn_sent: this namespace's TCP has sent a SYN: ActiveOpens, the fifth
# counter on the second Tcp: line of /proc/net/snmp, is not 0.
syn_sent() {
	names=''
	while read -r name _ _ _ _ opens _; do
		[ "$name" = Tcp: ] || continue
		[ -n "$names" ] || { names=1; continue; }
		[ "$opens" != 0 ]
		return
	done </proc/net/snmp
	return 0
}

# server_ready: the server listens on the port.  Ours says so, on its first
# line, once it does (server: listening on port N); any other server is
# looked for in /proc/net/tcp, which takes milliseconds.
server_ready() {
	if [ -n "$server_own" ]; then
		line=''
		IFS= read -r line 2>/dev/null <"${tmp}server.out"
		[ "$line" = "server: listening on port $lesson_port" ]
		return
	fi
	listens "$server_pid"
}

# listens PID: a socket in PID's network namespace listens on the port.
# Reading /proc/net/tcp walks every socket of the machine, milliseconds
# here: read only the tables (IPv4, IPv6) where sockstat counts any socket.
listens() {
	inuse=0 inuse6=0
	{ read -r _ && read -r _ _ inuse _; } 2>/dev/null <"/proc/$1/net/sockstat"
	read -r _ _ inuse6 _ 2>/dev/null <"/proc/$1/net/sockstat6"
	if [ "$inuse6" != 0 ] && sockets "$1" tcp6 0A; then
		return 0
	fi
	[ "$inuse" != 0 ] && sockets "$1" tcp 0A
}
# The port as /proc/net/tcp writes it: four hex digits, upper case (no
# $(printf), a process).
hex_port='' rest=$lesson_port
for _ in 1 2 3 4; do
	digit=$((rest % 16)) rest=$((rest / 16))
	case $digit in
	10) digit=A ;; 11) digit=B ;; 12) digit=C ;;
	13) digit=D ;; 14) digit=E ;; 15) digit=F ;;
	esac
	hex_port=$digit$hex_port
done

interface=lo
if [ "$isolation" != host ]; then
	wait "$lo_pid" || fail 1 "cannot bring lo up in the namespace"
	lo_pid=''
	step lo-up
	# grade.sh's submissions: what they must not see, hidden in this
	# run's mount namespace (a PID namespace comes with one)
	if [ -n "${hide_list:-}" ] && [ "$isolation" = namespace ]; then
		hide_folders "$hide_list" || fail 1 "cannot hide the folders in $hide_list"
	fi
else
	take_host_port
fi
if [ "$isolation" = host ] && sockets $$ "tcp tcp6" 0A 01 02 03 04 05 08 09 0B; then
	# in use: listening or connected, TIME_WAIT aside (a past run's)
	fail "$EXIT_CANNOT" "port $lesson_port is in use on this machine, and without a private network namespace the capture cannot have it to itself; stop what uses it (ss -tanp 'sport = :$lesson_port or dport = :$lesson_port')"
fi
case $lesson_address in
*:*)
	ipv6=''
	while read -r _ _ _ _ _ device; do
		[ "$device" != lo ] || ipv6=1
	done 2>/dev/null </proc/net/if_inet6
	[ -n "$ipv6" ] ||
		fail "$EXIT_CANNOT" "lesson $lesson needs IPv6, which is disabled on this machine" ;;
esac
if [ "$lesson_network" = delay-line ]; then
	# Two hosts joined through the delay line (delayline.c): two TUN
	# devices, each packet held $lesson_delay ms each way (and with
	# $lesson_drop, the server's segment that carries that byte lost, as
	# many times as it says).  This end,
	# tun-client, stays here; tun-server goes to the server's namespace
	# once it is there.  The devices vanish with the delay line.  Its
	# first line says that both exist; it prints it at once, or exits.
	interface=tun-client
	mkfifo "${tmp}line" 2>/dev/null || fail 1 "cannot make the FIFO ${tmp}line"
	starting=1
	"$bindir/delayline" -d "$lesson_delay" ${lesson_rate:+-r "$lesson_rate"} ${lesson_drop:+-D "$lesson_drop"} \
	    tun-client tun-server >"${tmp}line" 2>"${tmp}line.err" 8>&- &
	line_pid=$! starting=''
	said=''
	read -r said <"${tmp}line"
	if [ "$said" != "delayline: tun-client tun-server ready" ]; then
		wait "$line_pid"
		status=$? line_pid=''
		[ "$status" -ne 3 ] ||
			fail "$EXIT_CANNOT" "lesson $lesson needs a TUN device for its delay line: $(first_line "${tmp}line.err")"
		fail 1 "the delay line did not start: $(first_line "${tmp}line.err")"
	fi
	# no IPv6 on the line: its own chatter (MLD, router solicitations)
	# would share the link with the lesson's packets
	{ echo 1 >/proc/sys/net/ipv6/conf/tun-client/disable_ipv6; } 2>/dev/null
	if ! { ip addr add "${lesson_address%.*}.1" peer "$lesson_address" dev tun-client &&
	    ip link set tun-client up && offloads_off tun-client; }; then
		fail 1 "cannot set up the client's end of the delay line"
	fi
	[ -z "$lesson_congestion" ] || congestion_here tun-client "$lesson_address" "${lesson_address%.*}.1"
	if [ "${HANDSHAKE_TCP_INFO:-}" = 1 ]; then
		probe_why="HANDSHAKE_TCP_INFO is set"
		info_on
	else
		probe_on || info_on
	fi
fi
if [ "$lesson_network" = two-hosts ]; then
	# Two hosts, one cable: this namespace is the client's host, the
	# server gets one of its own, and a veth pair joins them.  The
	# addresses exist only inside these namespaces, which vanish with us.
	interface=veth-client
	if ! { ip link add veth-client type veth peer name veth-server &&
	    ip addr add "${lesson_address%.*}.1/24" dev veth-client &&
	    ip link set veth-client up; }; then
		fail 1 "cannot set up the veth pair"
	fi
fi

# In immediate mode libpcap sizes each slot of its 2 MB ring for the
# snapshot length: with the default, 262144 bytes, the ring holds eight
# packets, and a bulk transfer's burst overflows it (10 to 92 of ~400
# packets "dropped by kernel", in 20 of 20 runs of slow-start).  The delay
# line's devices carry at most 1500 bytes: 1600 keeps every byte, and
# the ring a thousand packets.
snaplen=''
[ "$lesson_network" != delay-line ] || snaplen=' -s 1600'

# Debian's tcpdump drops to user tcpdump, who may not write OUT: stay root
# (in a user namespace, "root" is the user who ran us).
privileges="-Z root"
[ "$isolation" != host ] || [ "$(id -u)" -eq 0 ] || privileges=''

# start_tcpdump print|pipe: tcpdump on the interface, its text and its
# messages to the watcher.  tcpdump 4.99 writes the pcap and prints the
# text in one process (--print); before it, the pcap goes to stdout, tee
# keeps it and a second tcpdump reads it back as text.
# --immediate-mode: hand each packet over at once, or the last ones are
# still in a kernel buffer when tcpdump is stopped.  -S: absolute sequence
# numbers.  -#: each packet numbered, as the ladder numbers it.  -l: a
# line at a time.
start_tcpdump() {
	tried=$1
	options="-i $interface -# -n -S --immediate-mode -l -U $privileges$snaplen"
	# Neither tcpdump nor the watcher waits for the other to open the FIFO
	# between them: we hold it open (Linux allows both ways on a FIFO)
	# while they start, and close it after, so that it can end.
	exec 5<>"${tmp}tcpdump"
	starting=1
	# The watcher reads the FIFO (fd 6 here) and shows the packets on our
	# stdout (fd 4) as they come; "ended" says it is gone, for whatever
	# reason (tcpdump ended, or the reader of our stdout left: | head).
	# Told TERM, its shell stops it and waits, so that it ends with us.
	# shellcheck disable=SC2086 # $awk is one or three words
	{
		trap 'kill -KILL ${!:-} 2>/dev/null; wait; exit' TERM
		LC_ALL=C $awk -v packets="${tmp}$lesson.txt" -v messages="${tmp}tcpdump.log" \
		    -v events="${tmp}events" -v port="$lesson_port" -v lose="$lesson_lose" \
		    -v counts="$([ "$tried" != print ] || echo 1)" -v whole="${out#"$repo"/}/$lesson.txt" \
		    -v golden="$golden" -v flags_out="${tmp}$lesson.flags" \
		    -v expected_out="${tmp}$lesson.expected" -v cause_out="${tmp}cause" -v again="${tmp}again" \
		    -f "$lib/arrays.awk" -f "$lib/read/tcpdump.awk" -f "$lib/read/flags.awk" \
		    -f "$lib/read/connections.awk" -f "$lib/capture/golden.awk" -f "$lib/capture/listing.awk" -f "$lib/capture/watch.awk" <&6 >&4 2>"${tmp}watch.err" &
		wait $!
		echo ended
	} 6<"${tmp}tcpdump" 4>&1 >"${tmp}events" 5<&- 8>&- &
	watch_pid=$!
	# shellcheck disable=SC2086 # $options are words
	if [ "$1" = print ]; then
		tcpdump $options -w "${tmp}$lesson.pcap" --print "tcp port $lesson_port" \
		    >"${tmp}tcpdump" 2>&1 5<&- 8>&- &
		tcpdump_pid=$!
	else
		tcpdump $options -w - "tcp port $lesson_port" >"${tmp}raw" 2>"${tmp}tcpdump" 5<&- 8>&- &
		tcpdump_pid=$!
		tee "${tmp}$lesson.pcap" <"${tmp}raw" 5<&- 8>&- | tcpdump -# -n -S -l -r - \
		    >"${tmp}tcpdump" 2>&1 5<&- 8>&- &
		reader_pid=$!
	fi
	starting=''
	exec 5<&-
}

# mawk reads a pipe in blocks unless told -W interactive, an option the
# other awks reject.  Is PATH's awk mawk?  test -ef answers that without
# starting a process; where test lacks -ef (posh), awk itself is asked.
awk=awk awk_file='' mawk_file=''
IFS=:
for dir in $PATH; do
	[ -n "$awk_file" ] || [ ! -x "$dir/awk" ] || awk_file=$dir/awk
	[ -n "$mawk_file" ] || [ ! -x "$dir/mawk" ] || mawk_file=$dir/mawk
done
unset IFS
# shellcheck disable=SC3013 # -ef: dash, bash, busybox and yash have it
if [ -z "$mawk_file" ]; then
	:
elif [ / -ef / ] 2>/dev/null; then
	[ ! "$awk_file" -ef "$mawk_file" ] || awk="awk -W interactive"
else
	case $(awk -W version 2>&1 </dev/null) in mawk*) awk="awk -W interactive" ;; esac
fi
step starting
start_tcpdump print

if [ -n "$lesson_lose" ]; then
	# The network loses a packet: a rule in this namespace only, which
	# vanishes with it.  tcpdump sees the packet before the rule drops it.
	lose_rule "$lesson_lose" "$lesson_port"
	printf 'table inet handshake {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\t%s\n\t}\n}\n' \
	    "$nft_rule" >"${tmp}lose.nft"
	starting=1
	nft -f "${tmp}lose.nft" 2>"${tmp}nft.err" 8>&- &
	nft_pid=$! starting=''
fi
# The server starts while tcpdump starts: listening sends no packet.  A
# poller says when it listens (server_ready), while tcpdump starts.  It
# looks every millisecond at first -- our server listens within a few,
# well before tcpdump does, and a poller that looked every 10 ms made the
# client wait for its next look -- then every 10 ms (a server that starts
# an interpreter).
if [ -n "$server_command" ]; then
	start server "$server_command"
	starting=1
	(
		trap exit TERM
		pause=0.001 looks=0
		until server_ready; do
			if exited "$server_pid"; then
				echo exited
				exit
			fi
			looks=$((looks + 1))
			[ "$looks" -lt 10 ] || pause=0.01
			sleep "$pause"
		done
		echo ready
	) >"${tmp}events" 8>&- &
	poller_pid=$! starting=''
fi

# The bound: a watchdog that sends us ALRM, and stops its sleep when told
# (KILL: a TERM can be lost on a child that has not exec'd yet).  A
# subshell, not sh -c: one process start less.  $$ is still our PID.
starting=1
(
	trap 'kill -KILL ${!:-} 2>/dev/null; wait; exit 0' TERM
	sleep "$bound" &
	wait $! && kill -ALRM $$
) >/dev/null 2>&1 8>&- &
watchdog=$! starting=
step started

# The events: from the watcher "listening", later "closed", and "ended"
# when it is gone; from the poller "ready" or "exited".  Opened for writing
# too (Linux allows it on a FIFO), so that it never reads as ended when a
# writer leaves.
exec 3<>"${tmp}events"
capturing='' ready=${poller_pid:+no}
until [ -n "$capturing" ] && [ "$ready" != no ]; do
	waiting_for="tcpdump's 'listening on' line"
	[ -z "$capturing" ] || waiting_for="the server to listen on port $lesson_port"
	read -r event <&3
	case $event in
	listening)
		capturing=1
		step listening
		[ "$isolation" != host ] ||
			say "no private network namespace here ($isolation_why); capturing on the host's lo, where other traffic on port $lesson_port can get in; $(namespace_hint)" ;;
	ready) ready=yes poller_pid=''; step ready ;;
	exited)
		reap server
		write_log
		fail 1 "the server exited (status $server_status) before it listened on port $lesson_port; it said: $(said server)" ;;
	*)
		kill "$tcpdump_pid" 2>/dev/null	# if the watcher left first
		wait "$tcpdump_pid"
		tcpdump_pid=
		[ -z "$reader_pid" ] || wait "$reader_pid"
		wait "$watch_pid"
		reader_pid='' watch_pid=''
		message=$(first_line "${tmp}tcpdump.log")
		[ "$message" != "(nothing)" ] || message=$(first_line "${tmp}watch.err")
		case $tried:$message in
		print:*--print*)
			# an older tcpdump, without --print: the same with a pipe
			start_tcpdump pipe
			continue ;;
		*ermission* | *"not permitted"*)
			write_log
			message=${message#tcpdump: }
			if [ "$isolation" != host ]; then
				fail "$EXIT_CANNOT" "$message; run: sudo make demo, or see GUIDE.md: Capturing without sudo"
			elif [ "$(id -u)" -eq 0 ]; then
				fail "$EXIT_CANNOT" "$message; in a container, run it with --cap-add NET_RAW"
			fi
			fail "$EXIT_CANNOT" "$message, and there is no private network namespace here either ($isolation_why); $(namespace_hint)" ;;
		*--immediate-mode*)
			fail "$EXIT_CANNOT" "this tcpdump is too old: it has no --immediate-mode (4.6 and later have it), without which it loses packets" ;;
		esac
		write_log
		fail 1 "tcpdump did not start: $message" ;;
	esac
done

# plug_in DEVICE WHAT SETUP: the server, listening, is surely in its
# namespace: hold that namespace open (it would vanish with the server,
# taking the cable and the connection's last packets with it), move our
# DEVICE (WHAT: "the veth pair") into it, and run SETUP there, sh -c with
# the lesson's address as $1, its .1 as $2 and its congestion control
# (or nothing) as $3.
plug_in() {
	waiting_for="the server's end of $2"
	exec 7<"/proc/$server_pid/ns/net" ||
		fail 1 "cannot hold the server's network namespace"
	if ! { ip link set "$1" netns "$server_pid" &&
	    nsenter --target "$server_pid" --net sh -c "$3" sh "$lesson_address" "${lesson_address%.*}.1" \
	    "$lesson_congestion"; }; then
		fail 1 "cannot set up the server's end of $2"
	fi
}
case $lesson_network in
two-hosts)
	plug_in veth-server "the veth pair" '
		ip addr add "$1/24" dev veth-server &&
		ip link set veth-server up' ;;
delay-line)
	# offloads off there too, and no IPv6 chatter on the line; the
	# lesson's congestion control on the route to the client, as on this
	# end (congestion_here); and which one the server's kernel runs for
	# the connection, for its record: that route's, else the namespace's
	# default
	HANDSHAKE_CONGESTION=${tmp}congestion
	export HANDSHAKE_CONGESTION
	plug_in tun-server "the delay line" '
		{ echo 1 >/proc/sys/net/ipv6/conf/tun-server/disable_ipv6; } 2>/dev/null
		ip addr add "$1" peer "$2" dev tun-server &&
		ip link set tun-server up &&
		{ [ -z "$3" ] || ip route replace "$2" dev tun-server src "$1" congctl lock "$3"; } &&
		{ ! command -v ethtool >/dev/null 2>&1 ||
		    ethtool -K tun-server tso off gso off gro off 2>/dev/null; } &&
		if [ -n "$3" ]; then
			echo "$3" >"$HANDSHAKE_CONGESTION"
		else
			{ cat /proc/sys/net/ipv4/tcp_congestion_control >"$HANDSHAKE_CONGESTION"; } 2>/dev/null || :
		fi' ;;
esac

if [ -n "$nft_pid" ]; then
	waiting_for="nft to set up the lost packet"
	wait "$nft_pid" ||
		fail "$EXIT_CANNOT" "nft cannot drop the lost packet here: $(first_line "${tmp}nft.err")"
	nft_pid=
fi

waiting_for="the client to finish"
step client
start client "$client_command"
reap client
step client-exit
# A client of the lesson's own always sends its SYN; another may not have,
# and then nothing would ever end the capture.  In a namespace of our own,
# the kernel counts the SYNs sent.
if [ -z "$client_own" ] && [ "$isolation" != host ] && ! syn_sent; then
	write_log
	fail 1 "the client exited (status $client_status) without connecting to $lesson_address port $lesson_port; it said: $(said client)"
fi

waiting_for="the connection's last packet (both FINs acknowledged, or an RST)"
read -r event <&3 || event=
step closed

# SIGINT: tcpdump writes out what it has, says how many packets it
# captured, and exits -- after 20-odd ms in close(), while the kernel
# takes its packet socket apart (synchronize_net: the CPUs idle).  Its
# counts are its last words: the watcher says "stopped" on them (tcpdump
# --print; in the pipe form, the reader's lines may come later: "ended").
kill -INT "$tcpdump_pid"
# Meanwhile, which kernel and tcpdump made this capture.
read -r kernel </proc/sys/kernel/osrelease || kernel=unknown
echo "kernel: Linux $kernel" >"${tmp}$lesson.versions" 2>/dev/null
starting=1
tcpdump --version >>"${tmp}$lesson.versions" 2>&1 8>&- &
version_pid=$! starting=''
# Meanwhile, too: a server that has ended is reaped, and the programs'
# sections of the log written ahead.
if [ -n "$server_pid" ] && exited "$server_pid"; then
	reap server
fi
write_ahead
waiting_for="tcpdump to finish writing"
said=$event
[ "$said" = closed ] || said=ended	# the watcher has gone already
while [ "$said" != stopped ] && [ "$said" != ended ]; do
	read -r said <&3 || said=ended
done
exec 3<&-
step stopped
if [ "$said" = ended ]; then
	tcpdump_gone
fi
# The watcher judged the packets as soon as the connection was over; when
# a packet came later, or they differ, they are judged again, all of them.
if [ -f "${tmp}again" ]; then
	judge "${tmp}$lesson.txt" "${tmp%/}" /dev/null >"${tmp}cause"
	[ $? -le 1 ] || fail 1 "the check of the packets failed (awk)"
fi

# A server the lesson expects to end is waited for; any other server that
# is still running now (one that serves forever) is stopped.
if [ -n "$server_pid" ]; then
	waiting_for="the server to finish"
	if [ -z "$server_exit" ] && ! exited "$server_pid"; then
		kill "$server_pid"
		wait "$server_pid" 2>/dev/null
		server_pid='' server_status=stopped
	else
		reap server
	fi
fi
step server-done
[ "$lesson_network" != delay-line ] || probe_record
wait "$version_pid"
version_pid=
step versions
echo "isolation: $isolation_text" >>"${tmp}$lesson.versions" 2>/dev/null
write_log
step logged

[ "$event" = closed ] ||
	fail 1 "tcpdump stopped before the connection was over; see $log"
[ -z "$client_exit" ] || [ "$client_status" -eq "$client_exit" ] ||
	fail 1 "the client exited with $client_status, the lesson expects $client_exit: $(said client)"
[ -z "$server_exit" ] || [ "$server_status" = "$server_exit" ] ||
	fail 1 "the server exited with $server_status, the lesson expects $server_exit: $(said server)"
# All is written: capture.sh moves it while tcpdump ends.
echo ready >&8
exec 8>&-
[ -z "$tcpdump_pid" ] || tcpdump_gone
exit 0
