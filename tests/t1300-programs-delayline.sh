#!/bin/sh
# The delay line (delayline.c): its usage, its one line and exit 3 where it
# cannot make a TUN device, and, as root in namespaces of the test's own,
# a handshake across it that takes the round trip it was given, with
# nothing left behind.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"

test_lazy_prereq UNSHARE '
	test_have_command unshare && test_have_command ip && test_have_command tcpdump &&
	test_have_command nsenter
'
test_lazy_prereq TUN '[ -c /dev/net/tun ] || prereq_missing "no /dev/net/tun"'

test_expect 'delayline: bad usage is one line and exit 2' '
	for args in "" "a" "-d" "-d x a b" "-d 20000 a b" "-r 10 a b" "-x a b" "a b c" \
	    "-D a b" "-D x a b" "-D -1 a b" "-D 5:0 a b" "-D 5:x a b" "-D 5: a b" "-D :2 a b"; do
		# shellcheck disable=SC2086 # the words are the test
		expect_status 2 "$bin/delayline" $args 2>err || exit 1
		[ "$(wc -l <err)" -eq 1 ] || { cat err; exit 1; }
	done
'

# Without the right to use /dev/net/tun (an ordinary user, no
# CAP_NET_ADMIN), the delay line says so in one line and exits 3.
test_expect ROOT,SETPRIV,TUN 'delayline: no right to make a TUN device: one line, exit 3' '
	expect_status 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
	    --inh-caps=-all --bounding-set=-all "$bin/delayline" tun-a tun-b 2>err &&
	cat err && [ "$(wc -l <err)" -eq 1 ] && grep -q "^delayline: .*/dev/net/tun" err
'

# across DELAY [RATE [DROP]]: in a network and PID namespace of its own
# (the client's host), a delay line of DELAY ms each way to a second
# network namespace (the server's), and the handshake lesson's exchange
# across it, under tcpdump; prints tcpdump's lines (-tt) to line.txt,
# "gone" when the devices vanished with the delay line.  With DROP (-D's
# BYTE:TIMES), the server sends 20,000 bytes instead, tcpdump runs until
# it has printed the client's FIN, and the client's namespace's count of
# TCP checksum errors is printed, "checksum errors: N".  Every wait is on
# an event, read from a FIFO; the test bounds the whole.
cat >across.sh <<'EOF'
set -u
bin=$1 delay=$2 rate=${3:-} drop=${4:-}
count='-c 8' bulk='' quiet=''
[ -z "$drop" ] || count='' bulk='-n 20000' quiet=-q
ip link set lo up
rm -f line.fifo server.fifo tcpdump.fifo packets.fifo line.txt
mkfifo line.fifo server.fifo tcpdump.fifo packets.fifo
echo "waiting for the delay line"
"$bin/delayline" -d "$delay" ${rate:+-r "$rate"} ${drop:+-D "$drop"} tun-a tun-b >line.fifo &
line=$!
read -r said <line.fifo && echo "$said"
echo "waiting for the server"
unshare --net "$bin/server" $bulk 20000 >server.fifo &
server=$!
read -r said <server.fifo && echo "$said"
cat server.fifo >/dev/null &
ip link set tun-b netns "$server" &&
nsenter --target "$server" --net sh -c '
	echo 1 >/proc/sys/net/ipv6/conf/tun-b/disable_ipv6
	ip addr add 10.20.0.2 peer 10.20.0.1 dev tun-b && ip link set tun-b up' &&
{ echo 1 >/proc/sys/net/ipv6/conf/tun-a/disable_ipv6; } 2>/dev/null
ip addr add 10.20.0.1 peer 10.20.0.2 dev tun-a && ip link set tun-a up || exit 1
echo "waiting for tcpdump"
# -s 1600: in immediate mode libpcap's ring has a slot per snapshot
# length, and the default, 262144, holds eight packets: a burst overflows it
tcpdump -i tun-a $count -s 1600 -n -S -tt --immediate-mode -l -Z root "tcp port 20000" \
    >packets.fifo 2>tcpdump.fifo &
tcpdump=$!
# its lines into line.txt; with DROP, up to the client's FIN.  The shell
# reads a line as it comes; an awk may not (mawk reads a pipe in blocks,
# and would wait for more long after the FIN)
while IFS= read -r packet; do
	printf '%s\n' "$packet"
	[ -z "$drop" ] || case $packet in
	*" 10.20.0.1."[0-9]*" > 10.20.0.2.20000: Flags [F"*) break ;;
	esac
done <packets.fifo >line.txt &
reader=$!
while read -r said && [ "${said#*listening on}" = "$said" ]; do :; done <tcpdump.fifo
cat tcpdump.fifo >/dev/null &
"$bin/client" $quiet 10.20.0.2 20000 >/dev/null || exit 1
if [ -n "$drop" ]; then
	echo "waiting for the client's FIN"
	wait "$reader"
	kill "$tcpdump" 2>/dev/null	# gone already, if a write after the FIN failed
	wait "$tcpdump"
	wait "$server" || exit 1
	awk '$1 == "Tcp:" && !names { for (i = 2; i <= NF; i++) name[i] = $i; names = 1; next }
		$1 == "Tcp:" { for (i = 2; i <= NF; i++) if (name[i] == "InCsumErrors") print "checksum errors: " $i }' /proc/net/snmp
else
	echo "waiting for the last packet"
	wait "$tcpdump" || exit 1
	wait "$reader"
	wait "$server" || exit 1
fi
kill "$line"
wait "$line"
ip link show tun-a >/dev/null 2>&1 || echo gone
EOF

# rtt_ms FILE: from tcpdump -tt lines, the time from the SYN (1) to the
# SYN-ACK (2) in ms, as it is seen on the client's end.
rtt_ms() {
	awk 'NR == 1 { t = $1 } NR == 2 { printf "%d\n", ($1 - t) * 1000; exit }' "$1"
}

for delay in 0 20; do
	test_expect ROOT,UNSHARE,TUN "delayline -d $delay: the handshake's round trip is $((2 * delay)) ms (+ less than 10), its 8 packets as over lo, nothing left" "
		bounded 20 unshare --net --pid --fork --kill-child --mount-proc \
		    sh across.sh '$bin' $delay >out 2>&1
		status=\$?
		cat out
		[ \$status -eq 0 ] && grep -qx gone out &&
		[ \$(wc -l <line.txt) -eq 8 ] && rtt=\$(rtt_ms line.txt) &&
		echo \"round trip: \$rtt ms\" &&
		[ \"\$rtt\" -ge $((2 * delay)) ] && [ \"\$rtt\" -lt $((2 * delay + 10)) ]
	"
done

# -r 2000: 2000 bytes a second each way, so the SYN and the SYN-ACK (60
# bytes each) take 30 ms each to cross: a round trip of 60 ms more.  (With
# IPv6 on, the devices' own MLD and router solicitations, 70-odd bytes,
# took the link for 35 ms more now and then: off on both ends.)
test_expect ROOT,UNSHARE,TUN 'delayline -d 0 -r 2000: the round trip is the SYN'"'"'s and SYN-ACK'"'"'s time on the link, 60 ms (+ less than 10)' '
	bounded 20 unshare --net --pid --fork --kill-child --mount-proc \
	    sh across.sh "$bin" 0 2000 >out 2>&1
	status=$?
	cat out
	[ $status -eq 0 ] && grep -qx gone out &&
	rtt=$(rtt_ms line.txt) && echo "round trip: $rtt ms" &&
	[ "$rtt" -ge 60 ] && [ "$rtt" -lt 70 ]
'

# -D BYTE:TIMES: the server's segment that carries byte BYTE of its
# stream is spoilt the first TIMES times it passes: tcpdump on the
# client's end sees it TIMES + 1 times (the last one good), and the
# client's kernel counts TIMES checksum errors.  The bytes counted from
# the SYN-ACK's number plus one; byte 0 is the welcome's first.
# sent FILE BYTE: how many of the server's segments in tcpdump's lines
# carry that byte.
sent() {
	awk -v byte="$2" '/ 10\.20\.0\.2\.20000 > / {
		if (!match($0, /seq [0-9]+(:[0-9]+)?/))
			next
		split(substr($0, RSTART + 4, RLENGTH - 4), range, ":")
		if ($0 ~ /Flags \[S\.\]/) { first = range[1] + 1; next }
		if (range[2] != "" && range[1] - first <= byte && byte < range[2] - first) n++
	} END { print n + 0 }' "$1"
}
for drop in 5000:1 5000:2 0:1; do
	times=${drop#*:}
	test_expect ROOT,UNSHARE,TUN "delayline -D $drop: the segment with byte ${drop%:*} is seen $((times + 1)) times, $times checksum errors at the client, nothing left" "
		bounded 20 unshare --net --pid --fork --kill-child --mount-proc \
		    sh across.sh '$bin' 0 '' $drop >out 2>&1
		status=\$?
		cat out
		[ \$status -eq 0 ] && grep -qx gone out &&
		seen=\$(sent line.txt ${drop%:*}) && echo \"seen: \$seen\" &&
		[ \"\$seen\" -eq $((times + 1)) ] &&
		grep -qx 'checksum errors: $times' out
	"
done

test_done
