# scripts/lib.sh - shared by the capture scripts: paths, messages, lessons.
# Sourced, not run.  Callers set "prog" to their name first.

repo=$(cd "$(dirname "$0")/.." && pwd)
scripts=$repo/scripts
bindir=$(cd "$repo" && cd "${HANDSHAKE_BIN:-.}" && pwd)

# Exit codes, as documented in the README.
EXIT_MISMATCH=1 EXIT_USAGE=2 EXIT_CANNOT=3

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
fail() { code=$1; shift; say "$@"; exit "$code"; }

# mawk reads a pipe in blocks unless told to read it a line at a time.
case $(awk -W version 2>&1 </dev/null) in
mawk*) stream_awk="awk -W interactive" ;;
*) stream_awk=awk ;;
esac

# list_lessons: "name  summary" for every lesson.
list_lessons() {
	for file in "$repo"/lessons/*; do
		name=${file##*/}
		load_lesson "$name" && printf '%-14s %s\n' "$name" "$lesson_summary"
	done
}

# load_lesson NAME: set lesson_* from lessons/NAME, a file of key=value
# lines.  Returns 1 when there is no such lesson; a bad key is fatal.
load_lesson() {
	case $1 in '' | *[!a-z0-9-]*) return 1 ;; esac
	[ -f "$repo/lessons/$1" ] || return 1
	lesson=$1 lesson_summary= lesson_address=127.0.0.1 lesson_port=20000
	lesson_server= lesson_client= lesson_client_exit=0 lesson_network=loopback
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		key=${line%%=*}
		case $key in
		summary | address | port | server | client | client_exit | network)
			eval "lesson_$key=\${line#*=}" ;;
		*) fail "$EXIT_USAGE" "lessons/$1: unknown key '$key'" ;;
		esac
	done <"$repo/lessons/$1"
}
