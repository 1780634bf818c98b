# tests/lib-programs.sh - helpers that run the lab's programs: a server on
# a port the kernel chose, the ladder bounded.  Sourced after
# tests/harness.sh.
# shellcheck shell=sh disable=SC2154,SC2034 # top, bin, bound: tests/harness.sh; port: for the tests

# start_server PROGRAM [ARGS]: start a listening program (bounded), wait
# for its "listening on port N" line, set $port and $server_pid; the rest
# of its stdout goes to server.out, its stderr to server.err.  It reads the
# caller's stdin (a background job would otherwise get /dev/null).
start_server() {
	rm -f server.fifo server.out
	mkfifo server.fifo
	exec 7<&0
	bounded "$bound" "$@" <&7 >server.fifo 2>server.err &
	server_pid=$!
	exec 7<&-
	exec 7<server.fifo
	if ! IFS= read -r line <&7; then
		exec 7<&-
		echo "$1 did not say it listens: $(cat server.err)"
		return 1
	fi
	port=${line##* }
	cat <&7 >server.out &
	drain_pid=$!
	exec 7<&-
	rm -f server.fifo
}

# finish_server WANT: wait for the server to exit with status WANT.
finish_server() {
	wait "$server_pid"
	got=$?
	wait "$drain_pid"
	[ "$got" -eq "$1" ] && return 0
	echo "server exit status $got, expected $1; stderr:"
	cat server.err
	return 1
}

# ladder ARGS: scripts/ladder.sh, bounded.
ladder() {
	bounded "$bound" sh "$top/scripts/ladder.sh" "$@"
}
