#!/bin/sh
# scripts/capture.sh: the flag check on recorded text (no root needed), and
# live captures where this machine allows them.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
HANDSHAKE_BIN=$bin
export HANDSHAKE_BIN
data=$top/tests/data

# capture ARGS: run capture.sh, bounded; stdout to out, stderr to err.
capture() {
	bounded 60 sh "$top/scripts/capture.sh" "$@" >out 2>err
}

# verdict_of: what capture.sh said after the tcpdump lines.
verdict_of() {
	grep -v '^[0-9][0-9]:' out
}

# a copy of the repository's programs for the lesson copies in ./repo
HANDSHAKE_BIN=$bin

test_expect '--list names each lesson with its summary' '
	sh "$top/scripts/capture.sh" --list >out &&
	grep -q "^handshake  *three-way handshake" out
'

test_expect 'an unknown lesson: one line, exit 2' '
	capture no-such-lesson
	[ $? -eq 2 ] && [ ! -s out ] &&
	echo "capture.sh: unknown lesson '"'"'no-such-lesson'"'"' (capture.sh --list shows them)" >expect &&
	compare expect err
'

test_expect 'a bad option: usage, exit 2' '
	capture -x
	[ $? -eq 2 ] &&
	echo "usage: capture.sh [-o dir] [-r file] [-s command] [-c command] [-g golden] [lesson | file] | --list" >expect &&
	compare expect err
'

test_expect '-r with a folder, or --list with more: one line, exit 2' '
	mkdir -p folder &&
	capture -r folder
	[ $? -eq 2 ] && echo "capture.sh: cannot read folder: not a readable file" >expect &&
	compare expect err &&
	capture --list extra
	[ $? -eq 2 ] && echo "usage: capture.sh [-o dir] [-r file] [-s command] [-c command] [-g golden] [lesson | file] | --list" >expect &&
	compare expect err
'

test_expect 'a folder it cannot write in: one line, exit 1, before any capture' '
	mkdir -p blocked/handshake.flags &&
	capture -o blocked -r "$top/captures/handshake.txt"
	[ $? -eq 1 ] && echo "capture.sh: cannot write in $PWD/blocked (another folder: -o DIR)" >expect &&
	compare expect err && [ ! -s out ] &&
	capture -o blocked
	[ $? -eq 1 ] && compare expect err && [ ! -s out ]
'

test_expect 'a folder it cannot create: one line, exit 1' '
	: >plain-file &&
	capture -o plain-file/sub -r "$top/captures/handshake.txt"
	[ $? -eq 1 ] && echo "capture.sh: cannot create the folder $PWD/plain-file/sub" >expect &&
	compare expect err && [ ! -s out ]
'

test_expect 'recorded reference capture (tcpdump 4.99) matches' '
	capture -o . -r "$top/captures/handshake.txt" &&
	echo "match: 8 packets, as in captures/handshake.flags" >expect &&
	verdict_of | tail -n 1 >actual &&
	compare expect actual &&
	grep -v "^#" "$top/captures/handshake.flags" | grep . >expect &&
	compare expect handshake.flags
'

test_expect 'recorded capture in tcpdump 3.9 wording matches' '
	capture -o . -r "$data/old-wording.txt" &&
	verdict_of | grep -q "^match: 8 packets"
'

# mismatch FILE CAUSE: exit 1, the verdict, a unified diff, the cause.
mismatch() {
	capture -o . -r "$data/$1"
	status=$?
	verdict_of | sed -n "/^MISMATCH/,\$p" >actual
	cat >expect
	compare expect actual && [ "$status" -eq 1 ]
}

test_expect 'delayed-ACK teardown (9 packets): mismatch, diff, cause' '
	mismatch delayed-ack.txt <<-\EOT
	MISMATCH: the packets differ from captures/handshake.flags
	--- expected (captures/handshake.flags)
	+++ captured
	@@ -4,5 +4,6 @@
	 server P.
	 client .
	 server F.
	+client .
	 client F.
	 server .
	first difference: packet 7, client . (the pattern: client F.)
	likely cause: delayed ACK: a FIN was acknowledged alone, because its receiver closed more than the delayed-ACK timeout (40 ms or more) after it arrived
	EOT
'

# A line of alternatives (slow-start's data): each packet may be any of
# them; a packet none allows, or a line the capture lacks, is a mismatch
# at that packet.
test_expect 'alternatives: a packet that no alternative allows is a mismatch, at that packet' '
	sed "s/^server P\. | server \. | client \. +\$/server . | client . +/" \
	    "$top/captures/slow-start.flags" >no-psh.flags &&
	! cmp -s no-psh.flags "$top/captures/slow-start.flags" &&
	capture -o . -g no-psh.flags -r "$top/captures/slow-start.txt" slow-start
	[ $? -eq 1 ] && grep -qx "first difference: packet 4, server P\. (the pattern: server \. | client \. +)" out ||
		{ cat out err; exit 1; }
'
test_expect 'alternatives: a packet the capture lacks after them is a mismatch, where it should be' '
	sed "s/^server FP\. | server F\.\$/server R\n&/" "$top/captures/slow-start.flags" >reset.flags &&
	capture -o . -g reset.flags -r "$top/captures/slow-start.txt" slow-start
	[ $? -eq 1 ] && grep -q "^-server R\$" out &&
	grep -qx "first difference: packet [0-9]*, server F\. (the pattern: server R)" out ||
		{ cat out err; exit 1; }
'

test_expect 'lost leading packets: mismatch, cause: started late' '
	mismatch late.txt <<-\EOT
	MISMATCH: the packets differ from captures/handshake.flags
	--- expected (captures/handshake.flags)
	+++ captured
	@@ -1,5 +1,3 @@
	-client S
	-server S.
	 client .
	 server P.
	 client .
	first difference: packet 1, client . (the pattern: client S)
	likely cause: the capture started late: the first packets are missing
	EOT
'

test_expect 'ECN flags: mismatch, cause: ECN' '
	mismatch ecn.txt >/dev/null <<-\EOT || true
	EOT
	[ $status -eq 1 ] && grep -q "^likely cause: ECN (E, W)" actual
'

test_expect 'a reset instead of the FINs: mismatch, cause: reset' '
	mismatch reset.txt >/dev/null <<-\EOT || true
	EOT
	[ $status -eq 1 ] && grep -q "^likely cause: a reset (R)" actual
'

# basic_path: ./basic, a PATH with only the POSIX tools the scripts use:
# no tcpdump, timeout, setsid, unshare, nsenter or ip.
basic_path() {
	rm -rf basic && mkdir basic &&
	for tool in sh awk sed head cat mkdir rm diff id tr; do
		ln -s "$(command -v "$tool")" basic/ || return 1
	done
}

test_expect 'no tcpdump: exit 3, says what to install' '
	basic_path &&
	PATH=$PWD/basic capture -o .
	[ $? -eq 3 ] && grep -q "tcpdump is not installed; run: sudo apt-get install tcpdump" err
'

test_expect 'make demo with only basic tools shows the recorded capture, exit 0' '
	basic_path &&
	PATH=$PWD/basic bounded 60 sh "$top/scripts/demo.sh" >out 2>err &&
	grep -q "tcpdump is not installed" err &&
	grep -q "^No live capture on this machine (see above)" out &&
	grep -q "^== RECORDED reference capture, captures/handshake.txt" out &&
	grep -q "^==   tcpdump version 4" out &&
	[ "$(grep -c "^ *[0-9]* us |" out)" -eq 8 ]
'

test_expect LIVE 'live capture of the handshake lesson matches' '
	capture -o live &&
	verdict_of | grep -q "^match: 8 packets" &&
	test -s live/handshake.pcap && test -s live/handshake.versions &&
	[ "$(grep -c " Flags \[" live/handshake.txt)" -eq 8 ] &&
	grep -q "^$(capture_header)" out &&
	! ls -a live | grep -q "^\.[^.]"
'

# numbered FILE: FILE's packet lines, as tcpdump -# prints them, are
# numbered 1 to 8 in order.  told_ends FILE: the line before the first
# says which end is the server.
numbered() {
	grep " Flags \[" "$1" | awk '{ if ($1 != NR) { print "line " NR ": " $0; bad = 1 } }
	    END { exit bad || NR != 8 }'
}

told_ends() {
	grep -B1 -m1 " Flags \[" "$1" | head -n 1 |
	    grep -qx "tcpdump's lines: the server is 127.0.0.1.20000, the client the other end"
}

test_expect LIVE 'the live listing numbers the packets 1 to 8, as the ladder does, after saying which end is the server' '
	capture -o numbers && numbered out && told_ends out && numbered numbers/handshake.txt &&
	grep " Flags \[" numbers/handshake.txt | head -n 1 | grep -q "^    1  " &&
	sh "$top/scripts/ladder.sh" numbers/handshake.txt | grep -q "^ *[0-9]* us |  8  ACK "
'

test_expect LIVE 'make demo shows what the client printed, then the server, then the numbered ladder' '
	scratch_repo &&
	bounded 60 sh repo/scripts/demo.sh >out 2>err &&
	sed -n "/^the client printed:/,/^TCP ladder/p" out >printed &&
	sed -n 2p printed | grep -q "^  welcome to our server\. timestamp on server: " &&
	sed -n 3,5p printed >server.out &&
	grep -qx "the server printed:" server.out &&
	grep -qx "  server: listening on port 20000" server.out &&
	grep -q "^  connect from client: IP: 127\.0\.0\.1, Port: [0-9]*$" server.out &&
	grep -q "^ *[0-9]* us |  1  SYN " out
'

test_expect LIVE 'tcpdump 4.9 (no --print): the live capture matches, pcap written' '
	mkdir -p oldbin &&
	real=$(command -v tcpdump) &&
	cat >oldbin/tcpdump <<-EOT &&
	#!/bin/sh
	case "\$*" in
	*--version*) echo "tcpdump version 4.9.3"; echo "libpcap version 1.9.1"; exit 0 ;;
	*--print*) echo "tcpdump: unrecognized option '"'"'--print'"'"'" >&2; exit 1 ;;
	esac
	exec "$real" "\$@"
	EOT
	chmod +x oldbin/tcpdump &&
	PATH=$PWD/oldbin:$PATH capture -o old &&
	verdict_of | grep -q "^match: 8 packets" && numbered out &&
	grep -qx "tcpdump version 4.9.3" old/handshake.versions &&
	[ "$(tcpdump -n -r old/handshake.pcap 2>/dev/null | grep -c " Flags \[")" -eq 8 ]
'

test_expect LIVE 'a mutated golden pattern makes the live check fail, exit 1' '
	scratch_repo &&
	sed -i "s/^client F\.$/client ./" repo/captures/handshake.flags &&
	bounded 60 sh repo/scripts/capture.sh -o live >out 2>err
	[ $? -eq 1 ] && grep -q "^MISMATCH" out
'

if test_have_prereq HOSTLO; then
	test_expect 'on the host lo, a second capture while the first runs waits its turn, then matches' '
		mkfifo first.fifo || exit 1
		sh "$top/scripts/capture.sh" -o first delayed-ack >first.fifo 2>&1 &
		first=$!
		exec 5<first.fifo
		# the data is in; the client waits 300 ms, connected, to close
		while IFS= read -r line <&5; do
			case $line in *"Flags [P.]"*) break ;; esac
		done
		capture -o second
		status=$?
		cat <&5 >first.out
		wait "$first" || { cat first.out; exit 1; }
		cat out err
		[ $status -eq 0 ] && verdict_of | grep -q "^match: 8 packets"
	'
else
	test_expect NETNS 'four captures in parallel, each in its own folder, all pass' '
		for run in 1 2 3 4; do
			bounded 60 sh "$top/scripts/capture.sh" -o "par$run" \
			    >"par$run.out" 2>&1 &
		done
		wait
		for run in 1 2 3 4; do
			grep -q "^match: 8 packets" "par$run.out" || { cat "par$run.out"; exit 1; }
		done
	'
fi

# nons: an unshare that always fails, as on a machine without namespaces.
nons() {
	mkdir -p nons && printf "#!/bin/sh\necho unshare: not here >&2\nexit 1\n" >nons/unshare &&
	chmod +x nons/unshare
}

# free_port_lesson: lessons in ./repo on a port nothing uses, away from 20000.
free_port_lesson() {
	start_server "$bin/server" 0 && free=$port &&
	expect_status 0 "$bin/client" 127.0.0.1 "$free" >/dev/null &&
	finish_server 0 &&
	scratch_repo && sed -i "s/^port=.*/port=$free/" repo/lessons/handshake
}

# Root captures on the host's lo and warns; an ordinary user cannot open
# it, and is told both reasons in one line.
test_expect LIVE 'without namespaces, the host lo: root captures there and says so' '
	free_port_lesson && nons &&
	PATH=$PWD/nons:$PATH bounded 60 sh repo/scripts/capture.sh -o host >out 2>err
	status=$?
	cat err
	if [ "$(id -u)" -eq 0 ]; then
		why="not here"
		if ! command -v ip >/dev/null; then
			why="ip is not installed, to bring up a namespace.s lo"
		elif ! has_sys_admin; then
			why="root here lacks the capability CAP_SYS_ADMIN, as in a container"
		fi
		grep -q "^capture.sh: no private network namespace here ($why); capturing on the host.s lo" err &&
		[ $status -eq 0 ] && grep -q "^capturing on the host.s lo, NOT isolated" out &&
		verdict_of | grep -q "^match: 8 packets"
	else
		[ $status -eq 3 ] && [ "$(wc -l <err)" -eq 1 ] &&
		grep -q "there is no private network namespace here either (not here); run: sudo make demo" err
	fi
'

test_expect LIVE 'without namespaces and with the port taken: exit 3, says why' '
	free_port_lesson && nons &&
	start_server "$bin/server" "$free" &&
	PATH=$PWD/nons:$PATH bounded 60 sh repo/scripts/capture.sh -o host >out 2>err
	status=$?
	expect_status 0 "$bin/client" 127.0.0.1 "$free" >/dev/null &&
	finish_server 0 &&
	[ $status -eq 3 ] && grep -q "port $free is in use on this machine" err
'

# On the host's lo the port is the machine's: two captures at once (two
# checkouts' tests, a grading beside them) take turns, and the lock goes.
test_expect ROOT,LIVE 'without namespaces, two captures at once on the host lo take turns, both match' '
	free_port_lesson && nons || exit 1
	for run in 1 2; do
		PATH=$PWD/nons:$PATH bounded 60 sh repo/scripts/capture.sh -o "turn$run" >"turn$run.out" 2>&1 &
	done
	wait
	for run in 1 2; do
		grep -q "^match: 8 packets" "turn$run.out" || { cat "turn$run.out"; exit 1; }
	done
	[ ! -e "/tmp/handshake-lo-$free.lock" ]
'

test_expect LIVE,INTERRUPT 'Ctrl-C during a capture leaves no process and no file behind' '
	interrupt handshake
'

test_done
