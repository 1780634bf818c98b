#!/bin/sh
# Every lesson: its files, its recorded capture (no root needed), its live
# capture where this machine allows, and what each one is there to show.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN
# every lesson: lessons/NAME, not NAME.md, its sheet
lessons=$(cd "$top/lessons" && for name in *; do case $name in *.*) ;; *) echo "$name" ;; esac; done)

# capture LESSON: a live capture into ./LESSON; stdout to LESSON.out.  A
# machine with IPv6 switched off skips the test instead.  Every process
# it starts inherits HANDSHAKE_TEST_OWNER, this script's scratch folder
# and PID, a slash after each (make check's folder is this one's name and
# "-check"): ours_left finds them, and no other script's (t1300 and t4400
# run the same delay line beside this one) nor an earlier run's.
capture() {
	bounded 60 env HANDSHAKE_TEST_OWNER="$scratch/$$/" sh "$top/scripts/capture.sh" -o "$1" "$1" >"$1.out" 2>&1
	status=$?
	echo "$bounded_job" >>captures.pid	# its capture.sh's PID (tracing_left)
	no_ipv6_in "$1.out"
	if [ "$status" -ne 0 ] || ! grep -q "^match: " "$1.out"; then
		cat "$1.out"
		return 1
	fi
}

# captured LESSON: the live capture of LESSON's own test, or, when there is
# none, a new one.
captured() {
	if [ -f "$1.out" ]; then
		no_ipv6_in "$1.out"
		grep -q "^match: " "$1.out" || { cat "$1.out"; return 1; }
	else
		capture "$1"
	fi
}

# needs_namespaces LESSON: two hosts, a delay line, or a lost packet.
needs_namespaces() {
	grep -q -e '^network=two-hosts' -e '^network=delay-line' -e '^lose=.' "$top/lessons/$1"
}

# packets LESSON: how many packets its recording has: the lines of its
# golden pattern, or, where the pattern names alternatives (a bulk
# transfer), the packets of the recording itself.
packets() {
	if grep -q ' | ' "$top/captures/$1.flags"; then
		grep -c ' Flags \[' "$top/captures/$1.txt"
	else
		grep -vc -e '^#' -e '^$' "$top/captures/$1.flags"
	fi
}

# refuses LESSON: exit 3 and one line, for a lesson this machine cannot
# isolate.
refuses() {
	bounded 60 sh "$top/scripts/capture.sh" -o "refused-$1" "$1" >/dev/null 2>err
	status=$?
	cat err
	[ "$status" -eq 3 ] && [ "$(wc -l <err)" -eq 1 ] &&
		grep -q "^capture.sh: lesson $1 " err
}
# what a capture needs before it looks for namespaces
test_lazy_prereq CAPTURE_TOOLS '
	test_have_command tcpdump && test_have_command unshare && test_have_command ip
'

for lesson in $lessons; do
	test_expect "$lesson: golden pattern, reference capture and SVG are there" "
		for part in flags pcap txt versions svg; do
			test -s '$top/captures/$lesson.'\$part || { echo 'no captures/$lesson.'\$part; exit 1; }
		done
	"
	test_expect "$lesson: the recorded capture matches the golden pattern" "
		bounded 60 sh '$top/scripts/capture.sh' -o . -r '$top/captures/$lesson.txt' '$lesson' >out &&
		grep -q '^match: ' out
	"
	test_expect "$lesson: captures/$lesson.svg is the ladder of its capture" "
		bounded 60 sh '$top/scripts/ladder.sh' --svg '$top/captures/$lesson.txt' >ladder.svg &&
		compare '$top/captures/$lesson.svg' ladder.svg
	"
	for view in ladder explain; do
		option=--$view
		[ "$view" = explain ] || option=--
		test_expect "$lesson: its $view is as in tests/data/lessons/$lesson.$view" "
			bounded 60 sh '$top/scripts/ladder.sh' $option '$top/captures/$lesson.txt' >actual &&
			compare '$top/tests/data/lessons/$lesson.$view' actual &&
			! awk 'length > 80 { print \"over 80 columns: \" \$0; bad = 1 } END { exit !bad }' actual
		"
	done
	# a fold, "25-58  34 packets: ...", counts for its packets
	test_expect "$lesson: make replay LESSON=$lesson draws every packet in 80 columns" "
		bounded 60 make -s -C '$top' replay LESSON='$lesson' >out &&
		[ \"\$(awk '/^ *[0-9]+ us [|]  [0-9]+-[0-9]+  [0-9]+ packets/ { drawn += \$5; next }
		    /^ *[0-9]+ us [|]/ { drawn++ } END { print drawn + 0 }' out)\" -eq \"\$(packets '$lesson')\" ] &&
		! awk 'length > 80 { print; found = 1 } END { exit !found }' out
	"
	if needs_namespaces "$lesson" && test_have_prereq HOSTLO; then
		test_expect "$lesson: on the host's lo it says why it cannot, exit 3" \
		    "refuses '$lesson'"
	elif grep -q '^lose=.' "$top/lessons/$lesson"; then
		test_expect LIVE,NFT "$lesson: the live capture matches" "captured '$lesson'"
	elif grep -q '^network=delay-line' "$top/lessons/$lesson"; then
		test_expect LIVE,TUN "$lesson: the live capture matches" "captured '$lesson'"
	else
		test_expect LIVE "$lesson: the live capture matches" "captured '$lesson'"
	fi
done

test_expect LIVE 'refused: the client says "Connection refused", exit 1' '
	captured refused &&
	grep -qx "client: connect to 127.0.0.1 port 20000: Connection refused" refused/refused.log &&
	grep -qx "== client (exit 1)" refused/refused.log
'

test_expect LIVE 'abort: the client still prints the data, then the reset' '
	captured abort &&
	grep -q "^welcome to our server\. " abort/abort.log &&
	grep -qx "client: read from 127.0.0.1 port 20000: Connection reset by peer" abort/abort.log
'

test_expect LIVE 'client-close: TIME_WAIT lands on the client' '
	captured client-close &&
	sh "$top/scripts/ladder.sh" client-close/client-close.txt >ladder &&
	grep -q "^client ends in TIME_WAIT" ladder
'

test_expect LIVE 'ipv6: IP6 packets and the IPv6 loopback MSS' '
	captured ipv6 &&
	[ "$(grep -c " IP6 ::1\." ipv6/ipv6.txt)" -eq 8 ] &&
	grep -q "mss 65476" ipv6/ipv6.txt
'

test_expect NETNS 'two-hosts: a real link MSS, and nothing left on this host' '
	captured two-hosts &&
	grep -q "mss 1460" two-hosts/two-hosts.txt &&
	grep -q " IP 10\.20\.0\.1\.[0-9]* > 10\.20\.0\.2\.20000: " two-hosts/two-hosts.txt &&
	! ip link show veth-client 2>/dev/null &&
	! ip link show veth-server 2>/dev/null
'

# slow-start, live: the round trip the delay line was given (the SYN to
# the SYN-ACK, on the client's end: 2 x 20 ms, within 10 ms more), every
# packet captured, the kernel's own cwnd per ACK from tcp:tcp_probe as
# root, the ladder showing the kernel's numbers and no others, and nothing
# left: no TUN device, no tracefs instance, no tracepoint enabled, no
# process of the run.
test_lazy_prereq TRACEFS '
	[ "$(id -u)" -eq 0 ] || prereq_missing "the tracepoints need root"
	unshare -m sh -c "mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || [ -d /sys/kernel/tracing/events ]; [ -d /sys/kernel/tracing/events/tcp/tcp_probe ]" ||
		prereq_missing "no tracefs with tcp:tcp_probe"
'
# ours_left: the processes of this script's captures still running.
ours_left() {
	grep -lsF "HANDSHAKE_TEST_OWNER=$scratch/$$/" /proc/[0-9]*/environ
	return 0
}

# tracing_left: the tracefs instances this script's own runs left behind.
# A run's is handshake-PID, its capture.sh's PID (capture() keeps them in
# ./captures.pid); another's is not this script's to count: a run beside
# it (two make test at once), or the one another make test kills whole
# on purpose, below, whose instance is there until its next run.
tracing_left() {
	[ -s captures.pid ] || return 0
	unshare -m sh -c '
		t=/sys/kernel/tracing
		[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null || exit 0
		while read -r pid; do
			[ ! -d "$t/instances/handshake-$pid" ] || echo "$t/instances/handshake-$pid"
		done
		exit 0' <captures.pid
}
test_expect NETNS,TUN 'slow-start: the round trip the delay line gives, every packet captured, nothing left' '
	captured slow-start &&
	rtt=$(awk "{ split(\$2, a, \":\"); t = ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
		NR == 1 { syn = t } NR == 2 { printf \"%d\n\", t - syn; exit }" slow-start/slow-start.txt) &&
	echo "round trip: $rtt ms" &&
	[ "$rtt" -ge 40 ] && [ "$rtt" -lt 50 ] &&
	grep -q "^0 packets dropped by kernel" slow-start/slow-start.log &&
	grep -q "mss 1460" slow-start/slow-start.txt &&
	! awk "/ length [0-9]+/ && \$NF > 1448 { print; bad = 1 } END { exit !bad }" slow-start/slow-start.txt &&
	! ip link show tun-client 2>/dev/null && ! ip link show tun-server 2>/dev/null &&
	left=$(tracing_left) && { [ -z "$left" ] || { echo "left behind: $left"; exit 1; }; } &&
	left=$(ours_left) && { [ -z "$left" ] || { echo "still running: $left"; exit 1; }; }
'
# in_instances COMMAND: COMMAND in tracefs's instances folder (tracefs
# mounted in a mount namespace of its own where it is not).
in_instances() {
	unshare -m sh -c 't=/sys/kernel/tracing
		[ -d $t/events ] || mount -t tracefs nodev $t || exit 1
		cd $t/instances && eval "$0"' "$1"
}
# A run killed whole (its every process at once: no trap runs) leaves
# its tracefs instance; the next run into its folder, whatever it
# captures (here a replay), removes it with the run's stage.
test_expect TRACEFS 'the tracefs instance of a run killed whole goes with the next run into its folder' '
	dead=$(dead_pid) &&
	mkdir -p killed/.capture.$dead &&
	in_instances "mkdir handshake-$dead" && in_instances "[ -d handshake-$dead ]" &&
	bounded 60 sh "$top/scripts/capture.sh" -o killed -r "$top/captures/handshake.txt" >killed.out 2>&1
	status=$?
	in_instances "[ ! -d handshake-$dead ]"
	gone=$?
	in_instances "rmdir handshake-$dead 2>/dev/null; :"
	[ $status -eq 0 ] && [ $gone -eq 0 ] && [ ! -e killed/.capture.$dead ] || { cat killed.out; exit 1; }
'
# The server (-w) closes once all is acknowledged: every ACK of the
# client's but the last two (of the FIN, and its own FIN) reaches it
# ESTABLISHED, where tcp:tcp_probe fires.
test_expect NETNS,TUN,TRACEFS 'slow-start: the kernel'"'"'s cwnd per ACK (tcp:tcp_probe) starts at 10 and never falls, state Open, no loss' '
	captured slow-start &&
	grep -qx "time	cwnd	ssthresh	ca_state	srtt	snd_wnd	snd_una	snd_nxt	length" slow-start/slow-start.cwnd &&
	awk -F "	" "/^[0-9]/ { n++; if (n == 1 && \$2 != 10) bad = 1
			if (\$2 + 0 < max || \$3 != 2147483647 || \$4 != \"Open\") { print; bad = 1 }
			max = \$2 + 0 }
		END { print n \" probes, the largest cwnd \" max; exit bad || n < 1 }" slow-start/slow-start.cwnd
'
# What the ladder shows is the kernel's: each cwnd beside an ACK, or a
# fold's first and last, is one the record has, and the largest is the
# record's largest, folded or not; every ACK of the client's from the
# handshake's to the server's FIN has one.
test_expect NETNS,TUN,TRACEFS 'slow-start: the ladder shows the kernel'"'"'s cwnd for every ACK, and only the kernel'"'"'s' '
	captured slow-start &&
	{ bounded 60 sh "$top/scripts/ladder.sh" slow-start/slow-start.txt &&
	    bounded 60 sh "$top/scripts/ladder.sh" --all slow-start/slow-start.txt; } >drawn &&
	awk "/server.s kernel: cwnd [0-9]/ { sub(/.*server.s kernel: cwnd /, \"\"); sub(/,.*/, \"\")
		n = split(\$0, w, \" to \"); for (k = 1; k <= n; k++) print w[k] + 0 }" drawn >shown &&
	awk -F "	" "/^[0-9]/ { print \$2 }" slow-start/slow-start.cwnd >recorded &&
	sort -n -u shown >shown.set && sort -n -u recorded >recorded.set &&
	echo "shown: $(wc -l <shown) cwnds (ACKs and folds), $(head -n 1 shown.set) to $(tail -n 1 shown.set); recorded: $(wc -l <recorded) lines, the largest $(tail -n 1 recorded.set)" &&
	[ -s shown ] && [ -z "$(comm -23 shown.set recorded.set)" ] &&
	[ "$(tail -n 1 shown.set)" = "$(tail -n 1 recorded.set)" ] &&
	bounded 60 sh "$top/scripts/ladder.sh" --tsv slow-start/slow-start.txt >tsv &&
	none=$(awk -F "	" "\$2 == \"server\" && \$3 ~ /F/ { exit }
		NR > 1 && \$2 == \"client\" && \$3 == \".\" && \$7 > 1 && \$21 == \"\" { n++ }
		END { print n + 0 }" tsv) &&
	# an ACK the kernel took in with the one before has no line of its
	# own (once in about 100 runs): the ladder says how many, as ACKs
	# with no line, or, among ACKs that find the same snd_una, unknown
	said=$(awk "/^\$/ { exit } { printf \"%s \", \$0 }" drawn |
	    awk "{ if (match(\$0, /no line for [0-9]+ of/)) n += substr(\$0, RSTART + 12, RLENGTH - 15)
		if (match(\$0, /; [0-9]+ of the client.s segments unknown:/)) n += substr(\$0, RSTART + 2) + 0 }
		END { print n + 0 }") &&
	{ [ "$none" -eq "$said" ] ||
		{ echo "$none ACKs without the kernel'"'"'s numbers, $said said"; exit 1; }; }
'
# Without root the lab's server reads the kernel's numbers itself (server
# -i: TCP_INFO); HANDSHAKE_TCP_INFO=1 makes root's run do the same.  The
# ladder shows only numbers the server read, the first ACK the initial
# window, and says how many segments have none.
test_expect NETNS,TUN 'slow-start without the tracepoints: the ladder shows the server'"'"'s own TCP_INFO readings, and only those' '
	HANDSHAKE_TCP_INFO=1 bounded 60 sh "$top/scripts/capture.sh" -o info slow-start >info.out 2>&1 ||
		{ cat info.out; exit 1; } &&
	grep -q "^match: " info.out && ! grep -q "^FAILS: " info.out &&
	grep -qx "time	cwnd	ssthresh	ca_state	srtt	snd_una	resent	rto" info/slow-start.cwnd &&
	bounded 60 sh "$top/scripts/ladder.sh" --tsv info/slow-start.txt >tsv &&
	awk -F "	" "NR > 1 && \$2 == \"client\" && \$21 != \"\" { print \$21, \$22, \$23 }" tsv >shown &&
	awk -F "	" "/^[0-9]/ { print \$2, \$3, \$4 }" info/slow-start.cwnd >recorded &&
	sort -u shown >shown.set && sort -u recorded >recorded.set &&
	echo "shown: $(wc -l <shown) of the client'"'"'s segments; read: $(wc -l <recorded) lines" &&
	[ -s shown ] && [ -z "$(comm -23 shown.set recorded.set)" ] &&
	head -n 1 shown | grep -qx "10 2147483647 Open" &&
	bounded 60 sh "$top/scripts/ladder.sh" info/slow-start.txt |
	    awk "/^\$/ { exit } { printf \"%s \", \$0 }" | grep -q "(getsockopt TCP_INFO, which the lab.s server reads itself"
'
# server -w: the FIN goes alone, once the ACK of the last byte is in.
test_expect NETNS,TUN 'slow-start: the server'"'"'s FIN comes alone, after the ACK of its last byte' '
	captured slow-start &&
	awk "\$4 ~ /^10\.20\.0\.1\./ { last_ack = \$0; sub(/.* ack /, \"\", last_ack); sub(/,.*/, \"\", last_ack) }
		\$4 ~ /\.20000\$/ && /Flags \[F\.\]/ { seq = \$0; sub(/.* seq /, \"\", seq); sub(/,.*/, \"\", seq)
			print \"FIN at \" seq \", the last ACK before it \" last_ack \", its length \" \$NF
			good = (seq == last_ack && \$NF == 0); exit }
		END { exit !good }" slow-start/slow-start.txt
'
# CUBIC (congestion=cubic) does not pace: each flight is the window, 10,
# 20, 40, and the 71st segment waits a round trip for the third's ACKs.
# A flight starts after a pause of 10 ms, half a round trip or more after
# the one before started: a busy machine can stall one in the middle for
# 10 ms and more (two make test and a grading at once: 38 and 3 for 40).
# (Times of day, not seconds alone: a capture can cross a minute.)
test_expect NETNS,TUN 'slow-start: its flights, 10, 20, 40 segments and the last one, a round trip apart' '
	captured slow-start &&
	awk "{ split(\$2, a, \":\"); t = ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
		\$4 ~ /\\.20000\$/ && \$NF > 0 { if (t - last > 10 && (!f || t - first > 20)) { f++; first = t }; last = t; n[f]++ }
		END { print n[1], n[2], n[3], n[4]; exit !(n[1] == 10 && n[2] == 20 && n[3] == 40 && n[4] == 1 && !(5 in n)) }" slow-start/slow-start.txt
'
# congestion=cubic: set on the routes of the run's own namespaces (the
# record says so), never the machine's default; a congestion control
# the kernel lacks: one line, exit 3.
test_expect NETNS,TUN,TRACEFS 'slow-start: its record says congestion control cubic, the machine'"'"'s default untouched' '
	read -r before </proc/sys/net/ipv4/tcp_congestion_control &&
	captured slow-start &&
	read -r after </proc/sys/net/ipv4/tcp_congestion_control &&
	echo "the machine'"'"'s default: $before, then $after" &&
	[ "$before" = "$after" ] &&
	grep -qx "# congestion control cubic" slow-start/slow-start.cwnd &&
	bounded 60 sh "$top/scripts/ladder.sh" slow-start/slow-start.txt >drawn &&
	grep -q "(congestion control cubic)" drawn
'
test_expect NETNS,TUN 'congestion=NAME the kernel does not have: one line, exit 3' '
	sed "s/^congestion=.*/congestion=nosuchcc/" "$top/lessons/slow-start" >no-cc &&
	cp "$top/captures/slow-start.flags" no-cc.flags &&
	bounded 60 sh "$top/scripts/capture.sh" -o no-cc-out ./no-cc >out 2>err
	[ $? -eq 3 ] && cat err && [ "$(wc -l <err)" -eq 1 ] &&
	grep -q "^capture.sh: lesson no-cc needs the congestion control nosuchcc, which this kernel cannot give a route: .* [(]it has: .*cubic.*[)]\$" err ||
		{ cat out err; exit 1; }
'

# Every lesson with invariants, live: each holds (a line each after the
# match), and tcpdump lost none of the packets they are read from.
# shellcheck disable=SC2086 # a word per lesson
for lesson in $(cd "$top/lessons" && grep -l '^invariant=' -- $lessons); do
	prereqs=LIVE
	! grep -q '^network=delay-line' "$top/lessons/$lesson" || prereqs=NETNS,TUN
	test_expect $prereqs "$lesson: live, each of its invariants holds, every packet captured" "
		captured '$lesson' &&
		[ \"\$(grep -c '^holds: ' '$lesson.out')\" -eq \"\$(grep -c '^invariant=' '$top/lessons/$lesson')\" ] &&
		grep -q '^0 packets dropped by kernel' '$lesson/$lesson.log' || { cat '$lesson.out'; exit 1; }
		grep '^holds: ' '$lesson.out'
	"
done

# The server ends long before its namespace may: the last packets of a
# client that closes 100 ms late still cross the cable (a delayed-ACK
# mismatch, not a capture cut short).
test_expect NETNS 'two-hosts: the cable outlives the server, for the last packets' '
	dir=$PWD/late-client
	(cd "$top" && bounded 60 sh scripts/capture.sh -o "$dir" \
	    -c "./client -d 100 {address} {port}" two-hosts) >out 2>err
	[ $? -eq 1 ] && grep -q "^likely cause: delayed ACK" out &&
	! grep -q "interface disappeared" late-client/two-hosts.log ||
		{ cat out err; exit 1; }
'

# The server's FIN: the client is then in its 300 ms wait.
test_expect LIVE,INTERRUPT 'Ctrl-C in the middle of delayed-ack leaves nothing behind' '
	interrupt delayed-ack "Flags [F.]" || exit 1
	packets=$(grep -c "Flags" seen)
	[ "$packets" -lt 9 ] || { echo "$packets packets"; exit 1; }
'

test_expect LIVE,INTERRUPT 'kill (TERM) of capture.sh alone in the middle leaves nothing behind' '
	interrupt delayed-ack "Flags [F.]" TERM pid
'

test_expect NETNS,INTERRUPT 'Ctrl-C in the middle of two-hosts leaves nothing behind' '
	interrupt two-hosts "Flags [S]" &&
	! ip link show veth-client 2>/dev/null
'

# --- lessons that lose a packet -------------------------------------------

# shellcheck disable=SC2086 # a word per lesson
lossy=$(cd "$top/lessons" && grep -l '^lose=.' -- $lessons)

# retransmitted PCAP: tshark, an independent decoder, finds a
# retransmission in PCAP; a retransmitted SYN comes 0.9 s or more after
# the first.
retransmitted() {
	tshark -r "$1" -Y tcp.analysis.retransmission \
	    -T fields -e tcp.flags.syn -e tcp.analysis.rto >found 2>tshark.err ||
		{ cat tshark.err; return 1; }
	cat found
	[ -s found ] && awk '$1 == 1 && $2 < 0.9 { exit 1 }' found
}

for lesson in $lossy; do
	test_expect TSHARK "$lesson: tshark finds the retransmission in the reference pcap" "
		retransmitted '$top/captures/$lesson.pcap'
	"
	test_expect CAPTURE_TOOLS "$lesson: without namespaces it says why it cannot, exit 3" "
		mkdir -p nons && printf '#!/bin/sh\nexit 1\n' >nons/unshare && chmod +x nons/unshare &&
		PATH=\$PWD/nons:\$PATH refuses '$lesson'
	"
done

# one live capture too, the one with a timing to check: a second's wait
test_expect NETNS,TSHARK,NFT "lost-syn: tshark finds the retransmission in the live pcap, 0.9 s on" "
	captured lost-syn && retransmitted lost-syn/lost-syn.pcap
"

test_expect CAPTURE_TOOLS 'lost-ack without nft: exit 3, says what to install' '
	mkdir -p nonft && for tool in sh awk unshare ip tcpdump mkdir rm id; do
		ln -sf "$(command -v $tool)" nonft/
	done &&
	PATH=$PWD/nonft bounded 60 sh "$top/scripts/capture.sh" -o nonft lost-ack >out 2>err
	[ $? -eq 3 ] && cat err && [ "$(wc -l <err)" -eq 1 ] &&
	grep -q "sudo apt-get install nftables" err
'

# ruleset: the host's nftables ruleset (root only).
ruleset() {
	nft list ruleset
}
test_lazy_prereq RULESET '
	{ test_have_prereq NFT || prereq_missing "$test_missing"; } &&
	{ [ "$(id -u)" -eq 0 ] || prereq_missing "reading the host'"'"'s nftables ruleset needs root"; }
'

test_expect NETNS,RULESET 'lost-ack leaves the host firewall byte for byte as it was' '
	ruleset >before &&
	capture lost-ack &&
	ruleset >after &&
	compare before after
'

# The first SYN is lost: the client waits a second before sending it again.
# As root, the host's firewall is compared too.
test_expect NETNS,NFT,INTERRUPT 'Ctrl-C while lost-syn waits to retransmit leaves nothing behind' '
	if test_have_prereq RULESET; then ruleset >before || exit 1; fi
	interrupt lost-syn "Flags [S]" || exit 1
	# stopped before the SYN went again (the first may not be written yet)
	packets=$(grep -c "Flags" seen)
	[ "$packets" -le 1 ] || { echo "$packets packets"; exit 1; }
	if test_have_prereq RULESET; then ruleset >after && compare before after; fi
'

test_expect 'a lesson file with an unknown key: one line, exit 2' '
	scratch_repo &&
	echo "colour=blue" >>repo/lessons/handshake &&
	bounded 60 sh repo/scripts/capture.sh -r "$top/captures/handshake.txt" >out 2>err
	[ $? -eq 2 ] && echo "capture.sh: lessons/handshake: unknown key '"'"'colour'"'"'" >expect &&
	compare expect err
'

test_expect 'a lesson file with a bad value: one line, exit 2' '
	echo "port=twenty" >>repo/lessons/handshake &&
	sed -i "/^colour=/d" repo/lessons/handshake &&
	bounded 60 sh repo/scripts/capture.sh -r "$top/captures/handshake.txt" >out 2>err
	[ $? -eq 2 ] && echo "capture.sh: lessons/handshake: port must be a number" >expect &&
	compare expect err
'

test_expect 'make demo with an unknown lesson: exit 2' '
	bounded 60 make -s -C "$top" demo LESSON=no-such >out 2>err
	grep -q "unknown lesson .no-such." err
'

test_done
