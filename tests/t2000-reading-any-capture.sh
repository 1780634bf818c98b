#!/bin/sh
# The ladder reads any capture a teacher brings, and says only what its
# packets show: the right connection, true states, no invented loss,
# whole sentences, other forms of tcpdump's text, any bytes.  The inputs
# are recordings of the real kernel (tests/behaviours/record.sh) and
# captures written by hand (tests/data/written/); the golden ladders in t3000
# hold them whole, these tests say what each is there to prove.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"
data=$top/tests/data
# shellcheck disable=SC2034 # used inside the test bodies
written=$data/written
forms=$data/forms

# draws FILE PATTERN...: the ladder of FILE (its options first, if any)
# has a line matching each PATTERN.
draws() {
	ladder "$@" >actual 2>err || { cat err; return 1; }
}
has() {
	for pattern do
		grep -q -e "$pattern" actual || { echo "no line matching: $pattern"; cat actual; return 1; }
	done
}
hasnt() {
	for pattern do
		! grep -e "$pattern" actual || { echo "a line matches: $pattern"; return 1; }
	done
}

test_expect 'a capture begun during another connection draws the handshake, and says so' '
	draws "$written/started-during.txt" &&
	has "^TCP ladder: 8 packets in 307 us$" "^connection 2 of 2 in the capture" \
	    "^client 127.0.0.1 port 41648 " "(1 packet of other connections left out)"
'

test_expect '--list: each connection, its packets, when, how it begins and ends' '
	draws --list "$data/others.txt" &&
	has "^  1  127.0.0.1 port [0-9]* *> 127.0.0.1 port 20001$" \
	    "^     10 packets, 0 us to [0-9]* us$" "^     from mid-connection, both sides closed (FIN)$" \
	    "^  2  127.0.0.1 port [0-9]* *> 127.0.0.1 port 20000$" &&
	[ "$(grep -c "^ *[0-9]  " actual)" -eq 3 ]
'

test_expect '--connection N draws another; a number past the last: one line, exit 2' '
	draws --connection 3 "$data/others.txt" &&
	has "^connection 3 of 3 in the capture" "^TCP ladder: 8 packets in" &&
	ladder --connection 9 "$data/others.txt" >actual 2>err
	[ $? -eq 2 ] && [ ! -s actual ] &&
	echo "ladder.sh: no connection 9: the capture holds 3 (ladder.sh --list shows them)" >expect &&
	compare expect err
'

test_expect 'totals and times are those of the drawn connection' '
	draws "$data/others.txt" &&
	has "^TCP ladder: 8 packets in [0-9]* us$" "(18 packets of other connections left out)" &&
	hasnt "mid-connection"
'

test_expect 'capture.sh -r judges one connection, and says the capture holds more' '
	bounded 60 sh "$top/scripts/capture.sh" -o . -r "$data/others.txt" >out 2>err &&
	grep -q "^the capture holds 3 connections; the verdict is on connection 2 (client 127.0.0.1 port [0-9]*): scripts/ladder.sh --list shows them all$" out &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/handshake.flags"
'

# whole: no sentence of --explain lost its number.
whole() {
	ladder --explain "$1" >actual || return 1
	hasnt "seq:" "ack:" "bytes to," "expect is *|" "uses number *|" "\[\] "
}

test_expect '--explain in whole sentences without the first number: relative, mid-connection, one side' '
	whole "$forms/handshake-relative.txt" && whole "$data/late.txt" &&
	whole "$written/one-side.txt"
'

test_expect 'window scaling only when both SYNs offer it; unknown mid-connection' '
	ladder --explain "$written/no-wscale.txt" >actual &&
	has "win 64: 64 bytes free (not scaled: a SYN did" && hasnt " x 1024 = " &&
	ladder --explain "$data/late.txt" >actual &&
	has "win 64: room, in units the SYNs set; they" && hasnt "64 bytes free"
'

test_expect 'a window scale above 14 is taken as 14 (RFC 7323), and said so' '
	ladder --explain "$written/wscale-255.txt" >actual &&
	has "wscale 255: its later windows are x 16384: a" \
	    "win 64: 64 x 16384 = 1048576 bytes free (its" &&
	hasnt "e+" "x 5789"
'

test_expect 'no retransmission across connections or directions (relative numbers, two clients)' '
	for connection in 1 2; do
		draws --connection "$connection" "$forms/reuse-relative.txt" &&
		hasnt "retransmission" "LOST" || exit 1
	done &&
	draws --connection 2 "$forms/fast-open-relative.txt" && hasnt "retransmission"
'

test_expect 'a capture point that saw each packet twice: copies, no loss' '
	draws "$data/twice.txt" &&
	[ "$(grep -c "a copy: the capture saw packet [0-9]* twice" actual)" -eq 8 ] &&
	hasnt "LOST" "retransmission" "X" &&
	bounded 60 sh "$top/scripts/capture.sh" -o . -r "$data/twice.txt" >out &&
	grep -qx "the capture saw 8 of its packets twice: each counts once" out &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/handshake.flags"
'

test_expect 'one segment sending again what three carried is a retransmission, its FIN one FIN' '
	draws "$written/repacked.txt" &&
	has "retransmission of packet 4 after a timeout," "300 ms later, data (300 bytes)," \
	    "the server.s FIN again" &&
	[ "$(grep -c "server closes (FIN)" actual)" -eq 1 ]
'

test_expect 'a retransmission a D-SACK shows was not needed: no loss' '
	draws "$data/zero-window.txt" &&
	has "not needed: packet 8 had arrived (D-SACK)" && hasnt "LOST"
'

test_expect 'the real loss of the bulk transfer is found, and only it (its retransmission comes out as the original did)' '
	draws "$data/bulk.txt" &&
	[ "$(grep -c "LOST" actual)" -eq 1 ] &&
	[ "$(grep -c "retransmission of packet" actual)" -eq 1 ]
'

# meanings FILE: packet number and meaning of each packet, from --tsv.
meanings() {
	ladder --tsv "$1" >tsv && cut -f 1,11,14 tsv >actual
}

test_expect 'duplicate ACKs are counted, and a fast retransmission named (the bulk transfer)' '
	meanings "$data/bulk.txt" &&
	has "^19	0	duplicate ACK 1 of packet 13\$" "^50	0	duplicate ACK 18 of packet 13\$" \
	    "^51	0	fast retransmission of packet 14, 244 us later, after 18 duplicate ACKs seen here," &&
	[ "$(grep -c "duplicate ACK [0-9]* of packet" actual)" -eq 18 ]
'

test_expect 'a duplicate ACK without SACK is no keep-alive' '
	meanings "$written/dupack-nosack.txt" &&
	hasnt "keep-alive" "copy" &&
	has "^20	0	duplicate ACK 2 of packet 13\$" "^51	0	fast retransmission of packet 14"
'

test_expect 'a keep-alive or window probe only when the numbers prove it; else cannot tell' '
	meanings "$data/keepalive.txt" &&
	has "^6	0	keep-alive: are you still there?\$" "^7	0	ACK of the keep-alive\$" &&
	meanings "$data/zero-window.txt" &&
	has "^11	0	window probe: is there room yet?\$" \
	    "^13	0	the same ACK, unasked: window probe? (no seq: cannot tell)\$" \
	    "^14	0	window update: room again\$" \
	    "^8	0	data (24 bytes), window full: the client has no room for more\$" &&
	[ "$(grep -c "window full" actual)" -eq 21 ]
'

test_expect 'a timeout, a needless retransmission, a window update' '
	meanings "$top/captures/lost-data.txt" &&
	has "^5	0	retransmission of packet 4 after a timeout, 206 ms later," &&
	meanings "$written/needless.txt" &&
	has "^6	0	window update: more room\$" \
	    "^7	0	needless retransmission of packet 4, 300.0 s later: packet 5 had acknowledged it," &&
	hasnt "LOST" &&
	meanings "$written/late-ack.txt" &&
	has "^5	0	needless retransmission of packet 4, 204 ms later: packet 6 answers the first (its TS ecr)," &&
	hasnt "LOST"
'

test_expect 'out of order: bytes past a hole, then the hole filled; no retransmission, no loss' '
	meanings "$written/reorder.txt" &&
	has "^6	0	data (1000 bytes), bytes \[1001\] to \[2000\] before it come later (out of order)\$" \
	    "^7	0	duplicate ACK 1 of packet 5\$" \
	    "^8	0	data (1000 bytes), out of order: its bytes come before packet 6.s, yet after it\$" &&
	hasnt "retransmission" "LOST" &&
	meanings "$written/data-after-fin.txt" &&
	has "^4	0	server closes (FIN), bytes \[1\] to \[1000\] before it come later (out of order)\$" \
	    "^6	0	data (1000 bytes), out of order: its bytes come before packet 4.s, yet after it\$" &&
	hasnt "retransmission" "LOST" &&
	awk -F "	" "(\$1 == 5 && \$12 != \"ESTABLISHED\") || (\$1 == 6 && \$12 != \"CLOSE_WAIT\") { exit 1 }" tsv
'

test_expect 'bytes the capture missed: a hole acknowledged, a FIN after data never captured' '
	meanings "$written/not-captured.txt" &&
	has "^6	0	data (1000 bytes), bytes \[1001\] to \[2000\] before it are not in the capture\$" \
	    "^7	0	ACK of the data, acknowledges bytes \[1001\] to \[2000\], which the capture never held\$" &&
	meanings "$written/fin-unseen.txt" &&
	has "^4	0	server closes (FIN), bytes \[1\] to \[2902\] before it are not in the capture\$" &&
	meanings "$written/one-way-acks.txt" &&
	has "^3	0	acknowledges bytes \[1\] to \[500\], which the capture never held\$" &&
	awk -F "	" "\$1 == 3 && \$13 != \"ESTABLISHED\" { exit 1 }" tsv
'

test_expect 'a FIN seen twice before the SYN-ACK: no state from LISTEN to CLOSE_WAIT, acknowledged SYNs not lost' '
	meanings "$written/fin-first.txt" &&
	hasnt "^1	1" "^4	1" &&
	! grep -q "LISTEN	CLOSE_WAIT" tsv &&
	awk -F "	" "\$1 == 3 && \$13 !~ /ESTABLISHED CLOSE_WAIT/ { exit 1 }" tsv &&
	meanings "$written/fin-at-syn.txt" &&
	hasnt "retransmission" "LOST" "ACK of the client.s FIN" &&
	has "^3	0	the client.s FIN again, outside the server.s window (it expects \\[1\\] next): ignored\$" &&
	! grep -q "CLOSE_WAIT" tsv
'

test_expect 'no state the packets contradict: one side, a lone SYN, ack 0' '
	draws "$written/one-side.txt" && hasnt "handshake 3/3" &&
	[ "$(grep -c "SYN_SENT |" actual)" -eq 1 ] &&
	draws "$written/lone-syn.txt" && hasnt "SYN_RCVD" "LOST" "| LISTEN" &&
	has "retransmission of packet 1 after a timeout," &&
	meanings "$written/syn-thrice.txt" &&
	has "^1	1	handshake 1/3, LOST\$" "^2	1	retransmission of packet 1 after a timeout, 1.0 s later, handshake 1/3, LOST\$" \
	    "^3	0	retransmission of packet 1 after a timeout, 3.0 s later, handshake 1/3\$" &&
	draws "$written/fin-ack0.txt" && hasnt "established" "SYN_RCVD"
'

test_expect 'a socket connected to itself: a simultaneous open, not a lost SYN' '
	draws "$data/self.txt" &&
	has "^a socket connected to itself: 127.0.0.1 port 20000$" \
	    "with an ACK (simultaneous open)" &&
	hasnt "LOST" "retransmission"
'

test_expect 'only TCP is drawn: PTP, ICMP in Geneve, ARP, DNS left out and counted' '
	draws "$written/not-tcp.txt" &&
	has "^TCP ladder: 8 packets in 307 us$" "(4 lines that are not TCP packets left out)"
'

test_expect 'tunnelled TCP is read from its inner header (IPv6 in IPv4, Geneve), ports after an IPv6 extension header' '
	draws "$written/six-in-four.txt" &&
	has "^client 2001:db8::2 port 40000 *server 2001:db8::1 port 80$" &&
	draws "$written/geneve.txt" &&
	has "^client 10.9.0.1 port 41648 *server 10.9.0.2 port 20000$" "^TCP ladder: 8 packets" &&
	draws "$written/ipv6-hbh.txt" &&
	has "^client 2001:db8::10 port 45000 *server 2001:db8::20 port 443$" "^TCP ladder: 2 packets"
'

test_expect 'client and server from the ports: names (bgp), NFS from a low port' '
	draws "$written/names-bgp.txt" &&
	has "^client peer.example port 41000 *server router.example port bgp$" &&
	draws "$written/nfs.txt" &&
	has "^client 10.0.0.9 port 800 *server 10.0.0.5 port 2049$"
'

test_expect 'a simultaneous close: CLOSING, two TIME_WAITs, the last lines in 80 columns' '
	draws "$data/closing.txt" &&
	has "^     CLOSING |<" "^client ends in TIME_WAIT" "^server ends in TIME_WAIT"
'

# same_as FORM: the form's packets mean what the plain text's do.
same_as() {
	ladder --tsv "$forms/closing-$1.txt" >actual &&
	ladder --tsv "$data/closing.txt" >expect &&
	compare expect actual
}

test_expect 'tcpdump -v, -e, -#, -x and every time form mean the same packets' '
	for form in v e number x tt ttt tttt ttttt nano; do
		same_as "$form" || { echo "form -$form"; exit 1; }
	done
'

test_expect '-t has no times; -ttt added up, its first packet TCP or not; -tttt across its dates' '
	draws "$forms/closing-t.txt" && has "^TCP ladder: 10 packets$" &&
	hasnt " us |" &&
	draws "$forms/closing-ttt.txt" && has "^TCP ladder: 10 packets in 205365 us$" \
	    "^times: tcpdump.s gaps between packets (-ttt), added up$" &&
	draws "$forms/closing-ttt-arp.txt" && has "^TCP ladder: 10 packets in 205365 us$" \
	    "^times: tcpdump.s gaps between packets (-ttt), added up$" &&
	draws "$forms/closing-tttt.txt" && has "^TCP ladder: 10 packets in 205365 us$"
'

test_lazy_prereq TCPDUMP 'test_have_command tcpdump'

test_expect TCPDUMP 'a pcap and a pcapng file are read as they are, as their text is' '
	ladder --tsv "$data/bulk.pcap" >actual 2>err && [ ! -s err ] &&
	ladder --tsv "$data/bulk.txt" >expect && compare expect actual &&
	if command -v editcap >/dev/null 2>&1; then
		editcap -F pcapng "$data/closing.pcap" closing.pcapng &&
		[ "$(od -An -tx1 -N4 closing.pcapng | tr -d " ")" = 0a0d0d0a ] &&
		ladder closing.pcapng >actual &&
		ladder "$data/closing.txt" >expect && compare expect actual
	fi
'

test_expect TCPDUMP 'capture.sh -r reads a pcap with tcpdump, never its bytes as text' '
	bounded 60 sh "$top/scripts/capture.sh" -o . -r "$top/captures/handshake.pcap" >out 2>err &&
	grep -qx "checking recorded capture .*handshake.pcap (tcpdump -# -n -S -r)" out &&
	! LC_ALL=C grep -q "[^ -~]" out && ! grep -q "??" out &&
	tail -n 1 out | grep -qx "match: 8 packets, as in captures/handshake.flags"
'

# without_tcpdump: ./bin, a PATH of what the ladder and capture.sh -r
# run, tcpdump left out.
without_tcpdump() {
	mkdir -p bin &&
	for tool in sh od tr sed awk cat rm mkdir mv; do
		ln -sf "$(command -v "$tool")" bin/"$tool" || return 1
	done
}

test_expect 'a pcap without tcpdump: one line saying so, exit 3' '
	without_tcpdump &&
	PATH=$PWD/bin bounded 20 sh "$top/scripts/ladder.sh" "$data/bulk.pcap" >actual 2>err
	[ $? -eq 3 ] && [ ! -s actual ] &&
	echo "ladder.sh: $data/bulk.pcap is a pcap file, and reading one needs tcpdump, which is not installed" >expect &&
	compare expect err &&
	PATH=$PWD/bin bounded 20 sh "$top/scripts/capture.sh" -o . -r "$data/bulk.pcap" >actual 2>err
	[ $? -eq 3 ] && [ ! -s actual ] &&
	echo "capture.sh: $data/bulk.pcap is a pcap file, and reading one needs tcpdump, which is not installed" >expect &&
	compare expect err
'

test_expect 'no TCP packet: one line, ended, exit 1; a pcap on stdin: how to give it' '
	printf "not a packet\n" >none.txt &&
	ladder none.txt >actual 2>err
	[ $? -eq 1 ] && [ ! -s actual ] &&
	echo "ladder.sh: no TCP packet in the input" >expect &&
	compare expect err &&
	ladder <"$data/bulk.pcap" >actual 2>err
	[ $? -eq 1 ] && [ ! -s actual ] &&
	echo "ladder.sh: the input is a pcap file'"'"'s bytes, not tcpdump'"'"'s text: give the file'"'"'s name (ladder.sh FILE), or tcpdump -n -S -r FILE | ladder.sh" >expect &&
	compare expect err
'

# A segment sent again 1 ms after the first, no duplicate ACK between,
# the SYN to the SYN-ACK 40 ms: no timer fires that soon (an RTO waits
# longer than a round trip), so neither "after a timeout" nor a loss --
# the packets do not say why.
test_expect 'a segment sent again sooner than a timer could: "too soon for a timeout", nothing LOST' '
	printf "%s\n" "10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, options [mss 1460], length 0" \
	    "10:00:00.040000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 500, ack 101, win 65160, options [mss 1460], length 0" \
	    "10:00:00.040100 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 501, win 502, length 0" \
	    "10:00:00.050000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq 501:601, ack 101, win 509, length 100" \
	    "10:00:00.051000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq 501:601, ack 101, win 510, length 100" \
	    "10:00:00.092000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 601, win 502, length 0" >soon.txt &&
	ladder --tsv soon.txt >tsv &&
	awk -F "	" "\$1 == 5 { print \$14 }" tsv >actual &&
	echo "retransmission of packet 4, 1 ms later, too soon for a timeout (a round trip is 40 ms or more), data (100 bytes)" >expect &&
	compare expect actual &&
	awk -F "	" "NR > 1 && \$11 == 1 { print; bad = 1 } END { exit bad }" tsv
'

# The server's ACK right after its SYN-ACK, the same ack, a window of
# 1024 x 2^12 bytes where the SYN-ACK (never scaled) offered 14600: a
# window update, as tshark says (as in tcpdump's own test capture
# arcnet-rfc1201-arp-icmp-http.pcap); 512 x 2^7 after a SYN-ACK's 65483
# is the same window rounded up to the scale's unit: a plain ACK.
test_expect 'a window update right after the SYN-ACK, in bytes; a window only rounded to its scale is none' '
	printf "%s\n" "13:20:28.299292 IP 10.80.131.1.1027 > 192.0.2.163.80: Flags [S], seq 2567257385, win 1872, options [mss 468,sackOK,TS val 305412 ecr 0,nop,wscale 0], length 0" \
	    "13:20:28.346375 IP 192.0.2.163.80 > 10.80.131.1.1027: Flags [S.], seq 305328889, ack 2567257386, win 14600, options [mss 1320,nop,wscale 12,sackOK,TS val 1281130006 ecr 305412], length 0" \
	    "13:20:28.347811 IP 10.80.131.1.1027 > 192.0.2.163.80: Flags [.], ack 305328890, win 1872, options [nop,nop,TS val 305417 ecr 1281130006], length 0" \
	    "13:20:28.351197 IP 10.80.131.1.1027 > 192.0.2.163.80: Flags [P.], seq 2567257386:2567257580, ack 305328890, win 1872, options [nop,nop,TS val 305417 ecr 1281130006], length 194" \
	    "13:20:28.390574 IP 192.0.2.163.80 > 10.80.131.1.1027: Flags [.], ack 2567257386, win 1024, options [nop,nop,TS val 1281130053 ecr 305417], length 0" >update.txt &&
	ladder --tsv update.txt | awk -F "	" "\$1 == 5 { print \$14 }" >actual &&
	echo "window update: more room" >expect &&
	compare expect actual &&
	sed "s/wscale 0/wscale 7/; s/wscale 12/wscale 7/; s/win 14600/win 65483/; \$ s/win 1024/win 512/" update.txt >rounded.txt &&
	ladder --tsv rounded.txt | awk -F "	" "\$1 == 5 { print \$14 }" >actual &&
	echo "ACK" >expect &&
	compare expect actual
'

# tcpdump prints "[|tcp]" where a packet ends inside its TCP header (few
# bytes captured, or lengths that lie, as in tcpdump's own tests'
# bigtcp-ipv6.pcap and tcp_header_heapoverflow.pcap)
test_expect 'only packets cut short inside the TCP header: one line that says so, exit 1' '
	printf "%s\n" "15:09:21.939724 IP6 2001:db8::b > 2001:db8::d: [|tcp]" \
	    "15:09:22.000001 IP 192.0.2.1.12336 > 192.0.2.2.80:  [|tcp]" >short.txt &&
	ladder short.txt >actual 2>err
	[ $? -eq 1 ] && [ ! -s actual ] &&
	echo "ladder.sh: no whole TCP packet in the input: tcpdump printed 2 packets cut short inside the TCP header ([|tcp])" >expect &&
	compare expect err
'

test_expect 'tcpdump -q, without flags: one line, exit 1' '
	ladder "$forms/closing-q.txt" >actual 2>err
	[ $? -eq 1 ] && [ ! -s actual ] &&
	echo "ladder.sh: these lines are tcpdump -q'"'"'s, without the flags and numbers a ladder needs: print the capture without -q" >expect &&
	compare expect err
'

test_expect 'words: a second reset, Fast Open data, urgent data, 1 byte, keep-alives' '
	draws "$written/two-resets.txt" && has "reset again" &&
	draws --connection 2 "$data/fast-open.txt" &&
	has "with 4 bytes of data (Fast Open)" &&
	draws "$data/urgent.txt" && has "data (1 byte), urgent (URG)" &&
	draws "$data/keepalive.txt" &&
	[ "$(grep -c "keep-alive: are you still there?" actual)" -eq 2 ] &&
	[ "$(grep -c "ACK of the keep-alive" actual)" -eq 2 ] &&
	draws "$data/half-close.txt" && has "after the other side.s FIN (half-close)"
'

test_expect 'capture.sh -r on data carried by a SYN says so beside its verdict' '
	bounded 60 sh "$top/scripts/capture.sh" -o . -r "$written/fast-open-data.txt" >out &&
	grep -qx "packet 1 carries 4 bytes of data on its SYN (TCP Fast Open), which a golden pattern.s flags do not show" out
'

test_expect 'IPv6 without -n is explained with IPv6 header sizes' '
	ladder --explain "$written/ipv6-names.txt" >actual &&
	has "65536 less 40 (IPv6 header) and 20" && hasnt "IPv4"
'

test_expect 'any bytes: printable text out, a number no TCP field holds refused' '
	draws "$written/hostile.txt" &&
	! LC_ALL=C grep -q "[^ -~]" actual &&
	has "(1 line that is not a TCP packet left out)" &&
	ladder --svg "$written/hostile.txt" >ladder.svg 2>err && [ ! -s err ] &&
	if command -v xmllint >/dev/null; then xmllint --noout ladder.svg; fi
'

test_done
