#!/bin/sh
# tests/behaviours/record.sh [behaviour...] - record, with the real kernel,
# the TCP behaviours the ladder must read right, as test data:
# tests/data/NAME.pcap and NAME.txt (tcpdump -n -S).  For maintainers, not
# part of make test (the recordings are kept in git): it needs root,
# tcpdump, nft, ethtool, nsenter, python3 and a TUN device.  Each runs in a
# private network namespace with its own lo, sysctls and nftables rules,
# which vanish with it; those across a line, in two (across(), below).
#
#   bulk         100 KiB with one segment lost: SACK, fast retransmission
#   zero-window  a full receive buffer: zero window, window probes
#   keepalive    an idle connection, probed every second
#   reset-mid    an RST in the middle of the stream
#   half-close   shutdown(SHUT_WR), then the answer
#   fast-open    TCP Fast Open: a cookie, then data on the SYN
#   self         a socket connected to itself (simultaneous open)
#   closing      both sides close at once (CLOSING, two TIME_WAITs)
#   reuse        one port pair, two connections
#   urgent       one byte of urgent data (URG)
#   others       a connection already open, the handshake lesson and one
#                more connection in between
#   twice        the handshake lesson as a capture point that sees every
#                packet twice (made from captures/handshake.pcap by
#                edit.py)
#   window-update a slow reader's window closing and opening again
#   reordering   100 KiB across a line (2 ms each way), one segment held
#                back 0.5 ms: out of order, after four duplicate ACKs;
#                the server sends it again, needlessly (seen at the client)
#   reordered-once  the same, the segment held back behind one later
#                segment only: one duplicate ACK, nothing sent again
#   timeout      one segment lost, and its first sending again: the
#                timer's retransmissions, seen at the sender
#   held-ack     the ACK of a segment held back past the sender's timer:
#                a needless retransmission, seen at the receiver
#   held-ack-sender  the same, seen at the sender: the late ACK echoes the
#                first sending's timestamp
#   post         the Kurose-Ross TCP lab's HTTP POST of 150 KiB across
#                ../../delayline (5 ms each way, 10 Mbit/s), seen at the
#                sender (the client)
#   cut          bulk as a capture that missed two of its packets (a
#                segment and an ACK, by edit.py): bytes not captured
# Exit: 0 recorded, 1 a recording failed, 2 no such behaviour, 3 cannot
# record here.

set -u
prog=record.sh
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib/common.sh
. "$top/scripts/lib/common.sh"
here=$top/tests/behaviours
data=$top/tests/data
all="bulk zero-window keepalive reset-mid half-close fast-open self closing reuse urgent others twice"
all="$all window-update reordering reordered-once timeout held-ack held-ack-sender post cut"
# across the line between two namespaces (across), not on one lo
lines=" reordering reordered-once timeout held-ack held-ack-sender post "
[ "$(id -u)" -eq 0 ] || { echo "record.sh: it needs root, for network namespaces" >&2; exit 3; }
for tool in tcpdump nft ethtool python3 unshare nsenter ip; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "record.sh: $tool is not installed" >&2; exit 3; }
done

# inside BEHAVIOUR: the recording itself, run in a namespace of its own.
inside() {
	behaviour=$1 work=$2
	ip link set lo up || exit 1
	case $behaviour in
	bulk)
		# segments of a real link's size: no offloads that send 64 KiB
		ip link set lo mtu 1500 && ethtool -K lo tso off gso off || exit 1
		nft -f - <<-EOT || exit 1
		table inet lose {
			chain input {
				type filter hook input priority 0; policy accept;
				tcp sport 20000 meta length > 1000 numgen inc mod 1000 5 drop
			}
		}
		EOT
		;;
	zero-window | window-update) ip link set lo mtu 1500 && ethtool -K lo tso off gso off || exit 1 ;;
	fast-open) sysctl -q -w net.ipv4.tcp_fastopen=3 || exit 1 ;;
	closing)
		nft -f - <<-EOT || exit 1
		table inet lose {
			chain input {
				type filter hook input priority 0; policy accept;
				tcp dport 20000 tcp flags & fin == fin numgen inc mod 1000 0 drop
			}
		}
		EOT
		;;
	esac
	mkfifo "$work/server.fifo" "$work/control.fifo" "$work/client.fifo" || exit 1
	if [ "$behaviour" = others ]; then
		# the other connection is open before the capture starts
		python3 "$here/peer.py" server others >"$work/server.fifo" &
		server=$!
		read -r _ <"$work/server.fifo"
		exec 4<>"$work/control.fifo"
		python3 "$here/peer.py" client others <&4 >"$work/client.fifo" &
		client=$!
		read -r _ <"$work/client.fifo"	# "connected"
	fi
	listening "$work/tcpdump.fifo" "$work/tcpdump.err" -i lo -n -S -U --immediate-mode \
	    -B 32768 -w "$work/$behaviour.pcap" -Z root tcp || exit 1
	if [ "$behaviour" = others ]; then
		echo go >&4
		# held open at both ends: the server's later lines find a reader
		exec 5<>"$work/server.fifo"
		"$top/server" 20000 >&5 &
		lesson=$!
		read -r _ <&5	# "listening on port 20000"
		"$top/client" 127.0.0.1 20000 >/dev/null || exit 1
		wait "$lesson"
		echo go >&4
		wait "$client" && wait "$server" || exit 1
	else
		python3 "$here/peer.py" server "$behaviour" >"$work/server.fifo" &
		server=$!
		read -r _ <"$work/server.fifo"
		python3 "$here/peer.py" client "$behaviour" || exit 1
		wait "$server" || exit 1
	fi
	kill -INT "$tcpdump_pid"
	wait "$tcpdump_pid"
	wait
}

# end DEVICE: the command that sets up DEVICE, one end of the line: the
# client's at 10.20.0.1, the server's at 10.20.0.2; no IPv6 chatter on
# it, no offloads (segments of the wire's size).
end() {
	case $1 in
	tun-client) set -- "$1" 10.20.0.1 10.20.0.2 ;;
	*) set -- "$1" 10.20.0.2 10.20.0.1 ;;
	esac
	echo "ip link set lo up && echo 1 >/proc/sys/net/ipv6/conf/$1/disable_ipv6 &&
	    ip addr add $2 peer $3 dev $1 && ip link set $1 up &&
	    ethtool -K $1 tso off gso off gro off"
}

# across BEHAVIOUR WORK: the recording between two hosts, this namespace
# and one more, joined by a line: line.py with the behaviour's faults, or
# the lab's delay line.  The side that sees the behaviour (near) stays
# here with its end of the line and tcpdump; the other side's end moves
# into the other namespace, held open by a process that only waits.
across() {
	behaviour=$1 work=$2
	line="python3 $here/line.py 2" near=client peers=$behaviour
	case $behaviour in
	reordering) faults="b:data:6:0.5" ;;
	reordered-once) faults="b:data:9:0.3" peers=reordering ;;
	timeout) faults="b:data:1:drop b:data:2:drop" near=server ;;
	held-ack) faults="a:ack:2:600" ;;
	held-ack-sender) faults="a:ack:2:600" near=server peers=held-ack ;;
	post) line="$top/delayline -d 5 -r 1250000" faults='' ;;
	esac
	far=server
	[ "$near" = client ] || far=client
	mkfifo "$work/far.fifo" "$work/line.fifo" "$work/server.fifo" || exit 1
	# (whatever happens, what we started here ends with us)
	trap 'kill ${line_pid:-} ${holder:-} ${tcpdump_pid:-} ${server:-} 2>/dev/null' EXIT
	unshare -n sh -c 'echo ready; exec sleep 600' >"$work/far.fifo" &
	holder=$!
	read -r _ <"$work/far.fifo" || exit 1
	# shellcheck disable=SC2086 # words: the command and the faults
	$line tun-client tun-server $faults >"$work/line.fifo" 2>"$work/line.err" &
	line_pid=$!
	read -r _ <"$work/line.fifo" || { cat "$work/line.err" >&2; exit 1; }
	ip link set "tun-$far" netns "$holder" &&
	sh -c "$(end "tun-$near")" &&
	nsenter --target "$holder" --net sh -c "$(end "tun-$far")" || exit 1
	listening "$work/tcpdump.fifo" "$work/tcpdump.err" -i "tun-$near" -n -S -U \
	    --immediate-mode -B 32768 -w "$work/$behaviour.pcap" -Z root tcp || exit 1
	at_client='' at_server="nsenter --target $holder --net"
	[ "$near" = client ] || at_client=$at_server at_server=''
	$at_server python3 "$here/peer.py" server "$peers" 20000 10.20.0.2 >"$work/server.fifo" &
	server=$!
	read -r _ <"$work/server.fifo"
	$at_client python3 "$here/peer.py" client "$peers" 20000 10.20.0.2 || exit 1
	wait "$server" || exit 1
	kill -INT "$tcpdump_pid"
	wait "$tcpdump_pid"
	kill "$line_pid" "$holder"
	wait
	line_pid='' holder='' tcpdump_pid='' server=''
	cat "$work/line.err" >&2
}

record() {
	work=$(mktemp -d) || exit 1
	if [ "$1" = twice ]; then
		python3 "$here/edit.py" twice "$top/captures/handshake.pcap" "$work/twice.pcap" || return 1
	elif [ "$1" = cut ]; then
		# bulk's third segment and the ACK of its second
		python3 "$here/edit.py" cut "$data/bulk.pcap" "$work/cut.pcap" 6 10 || return 1
	else
		unshare -n sh "$0" --inside "$1" "$work" || { rm -rf "$work"; return 1; }
	fi
	cp "$work/$1.pcap" "$data/$1.pcap" &&
	tcpdump -n -S -r "$data/$1.pcap" >"$data/$1.txt" 2>/dev/null &&
	echo "recorded tests/data/$1.txt: $(grep -c 'Flags \[' "$data/$1.txt") packets"
	status=$?
	rm -rf "$work"
	return "$status"
}

if [ "${1:-}" = --inside ]; then
	case $lines in
	*" $2 "*) across "$2" "$3" ;;
	*) inside "$2" "$3" ;;
	esac
	if grep -q '[1-9][0-9]* packets dropped by kernel' "$3/tcpdump.err"; then
		cat "$3/tcpdump.err" >&2
		exit 1
	fi
	exit
fi
[ -x "$top/server" ] && [ -x "$top/client" ] || make -s -C "$top" all || exit 1
failed=0
# shellcheck disable=SC2086 # one word a behaviour
[ $# -gt 0 ] || set -- $all
for behaviour do
	case " $all " in
	*" $behaviour "*) ;;
	*) echo "record.sh: no behaviour '$behaviour' (they are: $all)" >&2; exit 2 ;;
	esac
done
for behaviour do
	record "$behaviour" || { echo "record.sh: $behaviour failed" >&2; failed=1; }
done
exit "$failed"
