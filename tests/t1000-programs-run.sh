#!/bin/sh
# The server and the client: messages, addresses, exit codes, bad input.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-programs.sh
. "$top/tests/lib-programs.sh"

test_lazy_prereq IPV6 '
	[ -r /proc/net/if_inet6 ] && grep -q " lo$" /proc/net/if_inet6 || prereq_missing "no IPv6 on lo"
'
test_lazy_prereq LOCALHOST '
	grep -q "[[:space:]]localhost\([[:space:]]\|$\)" /etc/hosts 2>/dev/null ||
		prereq_missing "localhost is not in /etc/hosts (a bare chroot?)"
'
test_lazy_prereq VALGRIND 'test_have_command valgrind'

welcome='^welcome to our server\. timestamp on server: [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9][0-9][0-9][0-9]$'

# talk HOST [SERVER ARGS]: one server on a free port, one client to HOST;
# both must exit 0, the client print one welcome line, the server name it.
talk() {
	host=$1
	shift
	start_server "$bin/server" 0 "$@" || return 1
	expect_status 0 "$bin/client" "$host" "$port" >client.out || return 1
	finish_server 0 || return 1
	if ! grep -Eq "$welcome" client.out || [ "$(wc -l <client.out)" -ne 1 ]; then
		echo "client printed:"; cat client.out; return 1
	fi
	grep -q '^connect from client: IP: [0-9a-f.:]*, Port: [0-9]*$' server.out ||
		{ echo "server printed:"; cat server.out; return 1; }
}

test_expect 'server 0 listens on a port the kernel chose' '
	start_server "$bin/server" 0 &&
	[ "$port" -ge 1 ] && [ "$port" -le 65535 ] &&
	expect_status 0 "$bin/client" 127.0.0.1 "$port" >/dev/null &&
	finish_server 0
'

test_expect 'client gets the welcome over IPv4' '
	talk 127.0.0.1 &&
	grep -q "IP: 127\.0\.0\.1, Port: " server.out
'

test_expect IPV6 'client gets the welcome over IPv6' '
	talk ::1 &&
	grep -q "IP: ::1, Port: " server.out
'

test_expect LOCALHOST 'client gets the welcome from a host name' '
	talk localhost &&
	grep -Eq "IP: (127\.0\.0\.1|::1), Port: " server.out
'

test_expect 'the message is exactly its text: no NUL, nothing after the newline' '
	talk 127.0.0.1 &&
	od -An -c client.out | grep -q "\\\\0" && { echo "NUL sent"; exit 1; }
	[ "$(wc -c <client.out)" -eq 69 ] ||
		{ echo "$(wc -c <client.out) bytes, expected 69"; exit 1; }
'

test_expect 'server runs again at once on the same port (SO_REUSEADDR)' '
	talk 127.0.0.1 &&
	used=$port &&
	start_server "$bin/server" "$used" &&
	[ "$port" = "$used" ] &&
	expect_status 0 "$bin/client" 127.0.0.1 "$port" >/dev/null &&
	finish_server 0
'

test_expect 'client reads 1 MiB of binary data whole' '
	awk "BEGIN { for (i = 0; i < 4096; i++) for (b = 0; b < 256; b++)
		printf \"%c\", b }" </dev/null >sent &&
	# mawk cannot print a NUL with %c; add the byte value 0 separately
	head -c 1024 /dev/zero >>sent &&
	[ "$(wc -c <sent)" -ge 1048576 ] &&
	start_server "$top/tests/peer" <sent &&
	expect_status 0 "$bin/client" 127.0.0.1 "$port" >received &&
	finish_server 0 &&
	cmp sent received
'

test_expect 'client prints nothing when the server sends nothing' '
	start_server "$top/tests/peer" </dev/null &&
	expect_status 0 "$bin/client" 127.0.0.1 "$port" >received &&
	finish_server 0 &&
	[ ! -s received ]
'

test_expect 'server -r aborts: the client keeps the data, reports the reset, exit 1' '
	start_server "$bin/server" -r 0 &&
	expect_status 1 "$bin/client" 127.0.0.1 "$port" >client.out 2>client.err &&
	finish_server 0 &&
	grep -Eq "$welcome" client.out &&
	echo "client: read from 127.0.0.1 port $port: Connection reset by peer" >expect &&
	compare expect client.err
'

test_expect 'client -f closes first, server -e waits for it: both exit 0' '
	start_server "$bin/server" -e 0 &&
	expect_status 0 "$bin/client" -f 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	grep -Eq "$welcome" client.out
'

test_expect 'client -d and server -d wait before closing, then exit 0' '
	start_server "$bin/server" -d 50 0 &&
	expect_status 0 "$bin/client" -d 50 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	grep -Eq "$welcome" client.out
'

test_expect 'server -n sends a bulk payload after the welcome, client -q counts it' '
	start_server "$bin/server" -n 300000 0 &&
	expect_status 0 "$bin/client" -q 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	echo "client: received 300069 bytes" >expect &&
	compare expect client.out
'

test_expect 'server -w waits for the slow reader'"'"'s ACKs before closing: every byte, exit 0' '
	start_server "$bin/server" -w -n 100000 0 &&
	expect_status 0 "$bin/client" -q -r 1 -b 4096 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	echo "client: received 100069 bytes" >expect &&
	compare expect client.out &&
	[ ! -s server.err ]
'

# -i: the kernel's numbers as the server reads them itself (TCP_INFO), a
# line each time they change: the initial window with nothing yet
# acknowledged, then more acknowledged, never less, up to every byte.
test_expect 'server -i writes the kernel'"'"'s numbers as they change: cwnd 10 first, every byte acknowledged last' '
	start_server "$bin/server" -i info -n 100000 0 &&
	expect_status 0 "$bin/client" -q 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	[ ! -s server.err ] &&
	awk -F "	" "{ print \$2, \$3, \$4, \$5 }" info >numbers &&
	head -n 1 numbers | grep -qx "0 10 2147483647 Open" &&
	tail -n 1 numbers | grep -q "^100069 " &&
	awk -F "	" "NF != 8 || \$7 !~ /^[0-9]+\$/ || \$8 !~ /^[0-9]+\$/ || \$1 !~ /^[0-9]+[.][0-9][0-9][0-9][0-9][0-9][0-9]\$/ || \$2 < acked || \$3 < 1 ||
		\$5 !~ /^(Open|Disorder|CWR|Recovery|Loss)\$/ || \$6 !~ /^[0-9]+\$/ { print; bad = 1 }
		{ acked = \$2 } END { exit bad }" info
'

test_expect 'server -i where the file cannot be written: one line, exit 1, before listening' '
	expect_status 1 "$bin/server" -i no-such-folder/info 0 >out 2>err &&
	[ ! -s out ] &&
	echo "server: cannot write no-such-folder/info: No such file or directory" >expect &&
	compare expect err
'

test_expect 'client -r and -b (a slow reader, a small buffer) still get every byte' '
	start_server "$bin/server" -n 100000 0 &&
	expect_status 0 "$bin/client" -r 1 -b 4096 127.0.0.1 "$port" >client.out &&
	finish_server 0 &&
	[ "$(wc -c <client.out)" -eq 100069 ] &&
	sed -n 1p client.out | grep -Eq "$welcome" &&
	[ "$(sed -n 2p client.out)" = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk" ]
'

# bad_usage PROGRAM ARGS -- EXPECTED STDERR: exit 2, exactly that line.
bad_usage() {
	program=$1
	shift
	args=
	while [ "$1" != -- ]; do args="$args $1"; shift; done
	printf "%s\n" "$2" >expect
	# shellcheck disable=SC2086 # the arguments are meant to split
	expect_status 2 "$bin/$program" $args 2>actual
	status=$?
	compare expect actual && [ "$status" -eq 0 ]
}

test_expect 'client without a host: usage, exit 2' '
	bad_usage client -- "usage: client [-f] [-q] [-d ms] [-r ms] [-b bytes] host [port]"
'
test_expect 'client with too many arguments: usage, exit 2' '
	bad_usage client a 1 b -- "usage: client [-f] [-q] [-d ms] [-r ms] [-b bytes] host [port]"
'
test_expect 'client with an unknown option: usage, exit 2' '
	bad_usage client -x localhost -- "usage: client [-f] [-q] [-d ms] [-r ms] [-b bytes] host [port]"
'
for bad in 0 65536 -1 abc 12x ""; do
	test_expect "client rejects port '$bad', exit 2" "
		printf 'client: port must be a number from 1 to 65535: %s\n' '$bad' >expect &&
		expect_status 2 \"\$bin/client\" 127.0.0.1 '$bad' 2>actual;
		status=\$?
		compare expect actual && [ \$status -eq 0 ]
	"
done
test_expect 'server with too many arguments: usage, exit 2' '
	bad_usage server 1 2 -- "usage: server [-e] [-r] [-w] [-d ms] [-n bytes] [-i file] [port]"
'
test_expect 'server with an unknown option: usage, exit 2' '
	bad_usage server -x -- "usage: server [-e] [-r] [-w] [-d ms] [-n bytes] [-i file] [port]"
'
test_expect 'client -d with a bad number: one line, exit 2' '
	bad_usage client -d 99999 localhost -- "client: -d must be a number from 0 to 60000: 99999"
'
test_expect 'server -n, client -r and -b with bad numbers: one line, exit 2' '
	bad_usage server -n -1 -- "server: -n must be a number from 0 to 1073741824: -1" &&
	bad_usage client -r x localhost -- "client: -r must be a number from 0 to 60000: x" &&
	bad_usage client -b 10 localhost -- "client: -b must be a number from 1024 to 16777216: 10"
'
test_expect 'server -d with a bad number: one line, exit 2' '
	bad_usage server -d x -- "server: -d must be a number from 0 to 60000: x"
'
for bad in 65536 abc 1e3; do
	test_expect "server rejects port '$bad', exit 2" "
		bad_usage server '$bad' -- 'server: port must be a number from 0 to 65535: $bad'
	"
done

test_expect 'connection refused: one line naming host and port, exit 1' '
	talk 127.0.0.1 &&
	closed=$port &&
	expect_status 1 "$bin/client" 127.0.0.1 "$closed" 2>actual &&
	echo "client: connect to 127.0.0.1 port $closed: Connection refused" >expect &&
	compare expect actual
'

test_expect 'name that does not resolve: one line, exit 1' '
	RES_OPTIONS="timeout:1 attempts:1" &&
	export RES_OPTIONS &&
	expect_status 1 "$bin/client" nonexistent.invalid 2>actual &&
	[ "$(wc -l <actual)" -eq 1 ] &&
	grep -q "^client: resolve nonexistent\.invalid port 20000: ." actual ||
		{ cat actual; exit 1; }
'

test_expect 'port in use: the second server says so, exit 1' '
	start_server "$bin/server" 0 &&
	first=$server_pid &&
	expect_status 1 "$bin/server" "$port" 2>actual &&
	[ "$(wc -l <actual)" -eq 1 ] &&
	grep -Eq "^server: bind port $port: Address (already )?in use$" actual ||
		{ cat actual; exit 1; }
	expect_status 0 "$bin/client" 127.0.0.1 "$port" >/dev/null &&
	server_pid=$first &&
	finish_server 0
'

# valgrind cannot run the sanitizer builds of make check: make test runs it
if [ "$bin" = "$top" ]; then
	test_expect VALGRIND 'valgrind: no uninitialised byte sent, no leak, no error' '
		# valgrind runs a program tens of times slower: on a busy machine
		# the usual bound on a program would stop it before it answers
		bound=$((bound * 3)) &&
		grind="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all" &&
		start_server $grind "$bin/server" 0 &&
		expect_status 0 $grind "$bin/client" 127.0.0.1 "$port" >client.out &&
		finish_server 0 &&
		grep -Eq "$welcome" client.out &&
		start_server $grind "$bin/server" -e -d 1 0 &&
		expect_status 0 $grind "$bin/client" -f -d 1 127.0.0.1 "$port" >client.out &&
		finish_server 0
	'
fi

test_done
