#!/bin/sh
# tests/grading-example/class.sh DIR COUNT - a made-up class for grade.sh:
# COUNT submissions in DIR/class, the kinds below in turn, an assignment
# for them in DIR (build with make, then ./server and ./client; the grading
# example's three checks), and DIR/expected: each submission's name and
# the state every check must end in.  For t14 and bench-grade.sh.
#
#   c              the lab's own programs, in C: pass
#   python         the grading example's pair: pass
#   forks          the Python server forks a child that outlives it: pass
#   wrong-client   the example's client that closes without reading: fail
#   never-listens  a server that never listens: fail, bounded
#   hangs          a client that never closes: fail, bounded
#   floods         a client that prints 100 MiB before it connects: pass,
#                  its output cut after 1 MiB
#   build-fails    its make fails: fail, with the build's output
#   no-client      builds, but no ./client: fail

set -u
[ $# -eq 2 ] || { echo "usage: class.sh dir count" >&2; exit 2; }
dir=$1 count=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
example=$top/tests/grading-example
kinds="c python forks wrong-client never-listens hangs floods build-fails no-client"
mkdir -p "$dir/class" || exit 1

cp "$example/assignment-1" "$example/assignment-1.flags" "$dir/" || exit 1
cat >"$dir/assignment" <<'EOF'
title=the made-up class: a server that greets, a client that prints
build=make
server_command=./server {port}
client_command=./client {address} {port}
timeout=3
check=assignment-1 10
check=handshake 5
check=lost-ack 5
EOF

# python SERVER CLIENT: a submission of two Python programs, made
# runnable by its make
python() {
	cp "$1" server && cp "$2" client && chmod +x server client &&
	printf 'all:\n\tchmod +x server client\n' >Makefile
}

: >"$dir/expected"
n=0
while [ "$n" -lt "$count" ]; do
	for kind in $kinds; do
		[ "$n" -lt "$count" ] || break
		n=$((n + 1))
		name=$(printf 's%02d-%s' "$n" "$kind")
		mkdir "$dir/class/$name" && cd "$dir/class/$name" || exit 1
		case $kind in
		c)
			cp "$top/server.c" "$top/client.c" "$top/number.c" "$top/number.h" "$top/tcpinfo.c" "$top/tcpinfo.h" . &&
			printf '%s\n' 'all: server client' \
			    'server: server.c number.c number.h tcpinfo.c tcpinfo.h' \
			    '	cc -std=c99 -D_POSIX_C_SOURCE=200809L -o server server.c number.c tcpinfo.c' \
			    'client: client.c number.c number.h' \
			    '	cc -std=c99 -D_POSIX_C_SOURCE=200809L -o client client.c number.c' >Makefile ;;
		python | never-listens | hangs | floods | forks)
			python "$example/server.py" "$example/client.py" &&
			case $kind in
			never-listens)
				printf '%s\n' '#!/usr/bin/env python3' 'import time' 'time.sleep(1000)' >server ;;
			hangs)
				sed 's/^sock.close()/import time; time.sleep(1000)/' "$example/client.py" >client ;;
			floods)
				awk '/^sock = socket\.create_connection/ { print "sys.stdout.buffer.write(b\"x\" * 104857600)" }
				    { print }' "$example/client.py" >client ;;
			forks)
				printf '%s\n' 'import os' 'if os.fork() == 0:' '    time.sleep(1000)' >>server ;;
			esac ;;
		wrong-client)
			python "$example/server.py" "$example/client-hangs-up.py" ;;
		build-fails)
			python "$example/server.py" "$example/client.py" &&
			printf 'all:\n\tcc -o server no-such-file.c\n' >Makefile ;;
		no-client)
			python "$example/server.py" "$example/client.py" && rm client &&
			printf 'all:\n\tchmod +x server\n' >Makefile ;;
		esac || exit 1
		cd - >/dev/null || exit 1
		case $kind in
		c | python | forks | floods) state=pass ;;
		*) state=fail ;;
		esac
		echo "$name $state" >>"$dir/expected"
	done
done
