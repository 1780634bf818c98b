# scripts/lib.sh - shared by the capture scripts: paths, messages, lessons.
# shellcheck disable=SC2034,SC2154 # it sets variables for its callers, who set prog
# Sourced, not run.  Callers set "prog" to their name first.

# Parameter expansion, not dirname(1): every process started costs time.
case $0 in */*) repo=${0%/*}/.. ;; *) repo=.. ;; esac
repo=$(cd "$repo" && pwd)
scripts=$repo/scripts
bindir=$(cd "$repo" && cd "${HANDSHAKE_BIN:-.}" && pwd)

# Exit codes, as documented in the README.
EXIT_MISMATCH=1 EXIT_USAGE=2 EXIT_CANNOT=3

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
fail() { code=$1; shift; say "$@"; exit "$code"; }

# print_file FILE: cat(1) without starting a process.
print_file() {
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line"
	done <"$1"
}

# list_lessons: "name  summary" for every lesson, the default one first.
list_lessons() {
	for file in "$repo"/lessons/handshake "$repo"/lessons/*; do
		case $file in
		*/handshake) [ -z "${lesson:-}" ] || continue ;;
		esac
		load_lesson "${file##*/}" &&
			printf '%-13s %s\n' "$lesson" "$lesson_summary"
	done
}

# load_lesson NAME: set lesson_* from lessons/NAME, a file of key=value
# lines.  Returns 1 when there is no such lesson; a bad key is fatal.
load_lesson() {
	case $1 in '' | *[!a-z0-9-]*) return 1 ;; esac
	[ -f "$repo/lessons/$1" ] || return 1
	lesson=$1 lesson_summary='' lesson_address=127.0.0.1 lesson_port=20000
	lesson_server='' lesson_client='' lesson_client_exit=0 lesson_network=loopback
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		key=${line%%=*}
		case $key in
		summary | address | port | server | client | client_exit | network)
			eval "lesson_$key=\${line#*=}" ;;
		*) fail "$EXIT_USAGE" "lessons/$1: unknown key '$key'" ;;
		esac
	done <"$repo/lessons/$1"
	case $lesson_port:$lesson_client_exit:$lesson_network in
	*[!0-9]*:*:* | :*) fail "$EXIT_USAGE" "lessons/$1: port must be a number" ;;
	*:*[!0-9]*:* | *::*) fail "$EXIT_USAGE" "lessons/$1: client_exit must be a number" ;;
	*:loopback | *:two-hosts) ;;
	*) fail "$EXIT_USAGE" "lessons/$1: network must be loopback or two-hosts" ;;
	esac
}

# choose_isolation: set isolate (the command that runs a command in fresh
# network and PID namespaces, with a /proc of its own so that PIDs mean the
# same to us and to nsenter), isolation (namespace or host) and
# isolation_text; with no namespace to be had, isolate is empty and
# why says what failed.  When the namespace's first process dies,
# everything in it dies, so nothing started inside can outlive the run.
choose_isolation() {
	isolation=namespace
	isolate="unshare --net --pid --fork --kill-child --mount-proc"
	isolation_text="in a private network namespace (unshare -n)"
	# shellcheck disable=SC2086 # $isolate is a command line
	$isolate true 2>/dev/null && return 0
	# not root: root in a user namespace of our own (needs subordinate ids)
	isolate="unshare --map-auto --map-root-user --net --pid --fork --kill-child --mount-proc"
	isolation_text="in a private network namespace, no sudo (unshare --map-auto --map-root-user -n)"
	# shellcheck disable=SC2086 # $isolate is a command line
	why=$($isolate true 2>&1) && return 0
	why=${why:-unshare failed}
	isolate='' isolation=host
	isolation_text="on the host's lo, NOT isolated"
}
