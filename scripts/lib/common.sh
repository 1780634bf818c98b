# scripts/lib/common.sh - shared by the scripts: paths, messages, lessons.
# shellcheck disable=SC2034,SC2154 # variables for its callers; they set prog
# Sourced, not run, by the commands in scripts/ and the internals in
# scripts/lib/.  Callers set "prog" to their name first.  Only
# can_write's dd (when a write has failed), listening's tcpdump and, for
# a lesson with invariants, load_lesson's awk (invariants.awk reads their
# forms) start a process: every process costs a capture time.

# Where the caller is: scripts/ (a command) or scripts/lib/STAGE/ (an
# internal).  The repository is the folder above scripts/.
case $0 in
/*/*) here=${0%/*} ;;
*/*) here=$PWD/${0%/*} ;;
*) here=$PWD ;;
esac
case $here in
*/lib/*) scripts=${here%/lib/*} ;;
*) scripts=$here ;;
esac
lib=$scripts/lib
case $scripts in
*/./scripts) repo=${scripts%/./scripts} ;;
*/scripts) repo=${scripts%/scripts} ;;
*) repo=$scripts/.. ;;
esac
case ${HANDSHAKE_BIN:-} in
'') bindir=$repo ;;
/*) bindir=$HANDSHAKE_BIN ;;
*) bindir=$repo/$HANDSHAKE_BIN ;;
esac

# Exit codes, as documented in README.md and GUIDE.md.
EXIT_MISMATCH=1 EXIT_USAGE=2 EXIT_CANNOT=3

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
fail() { code=$1; shift; say "$@"; exit "$code"; }

# print_file FILE: cat(1) without starting a process.
print_file() {
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line"
	done <"$1"
}

# first_line FILE: its first line, or "(nothing)".
first_line() {
	line=
	[ ! -f "$1" ] || IFS= read -r line <"$1" || :
	printf '%s\n' "${line:-(nothing)}"
}

# list_lessons: "name  summary" for every lesson, the default one first.
# A name with a dot is not a lesson: lessons/NAME.md is NAME's sheet.
list_lessons() {
	for file in "$repo"/lessons/handshake "$repo"/lessons/*; do
		case ${file##*/} in
		handshake) [ -z "${lesson:-}" ] || continue ;;
		*.*) continue ;;
		esac
		[ -f "$file" ] && load_lesson "${file##*/}" &&
			printf '%-15s %s\n' "$lesson" "$lesson_summary"
	done
}

# is_pcap FILE: FILE starts with a pcap's magic number (either byte
# order, microseconds or nanoseconds) or a pcapng's section header.
is_pcap() {
	# od's bytes as words, joined by the shell: one process, not two
	# shellcheck disable=SC2046 # the words are hex digits
	set -- $(od -An -tx1 -N4 "$1" 2>/dev/null)
	case ${1-}${2-}${3-}${4-} in
	a1b2c3d4 | d4c3b2a1 | a1b23c4d | 4d3cb2a1 | 0a0d0d0a) return 0 ;;
	esac
	return 1
}

# can_read_pcap FILE: exit 3, saying so, where there is no tcpdump to
# read the pcap FILE.  pcap_as_text FILE: tcpdump's text of it, numbered
# as the ladder numbers packets, on stdout; its "reading from file" line
# left out, its errors on stderr.
can_read_pcap() {
	command -v tcpdump >/dev/null 2>&1 ||
		fail "$EXIT_CANNOT" "$1 is a pcap file, and reading one needs tcpdump, which is not installed"
}

pcap_as_text() {
	{ tcpdump -# -n -S -r "$1" 2>&1 >&3 3>&- | sed '/^reading from file /d' >&2 3>&-; } 3>&1
}

# load_lesson NAME|FILE: set lesson_* from lessons/NAME, or from FILE (a
# path with a slash: a course's own lesson, named for its file), a file of
# key=value lines (the keys are listed in lessons/handshake); lesson_file
# is the file.  Returns 1 when there is no such lesson; a bad key or value
# is fatal.
load_lesson() {
	case $1 in
	*/*) lesson_file=$1 shown=$1 ;;
	*) lesson_file=$repo/lessons/$1 shown=lessons/$1 ;;
	esac
	case ${1##*/} in '' | *[!a-z0-9-]*) return 1 ;; esac
	[ -f "$lesson_file" ] || return 1
	lesson=${1##*/} lesson_summary='' lesson_address=127.0.0.1 lesson_port=20000
	lesson_server='' lesson_client='' lesson_network=loopback lesson_lose=''
	lesson_server_command='' lesson_client_command=''
	lesson_server_exit='' lesson_client_exit='' lesson_delay='' lesson_rate=''
	lesson_drop='' lesson_congestion='' lesson_invariants='' bad_invariant=''
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		key=${line%%=*}
		case $key in
		summary | address | port | server | client | network | lose | \
		server_command | client_command | server_exit | client_exit | delay | rate | drop | congestion)
			eval "lesson_$key=\${line#*=}" ;;
		invariant)
			lesson_invariants="$lesson_invariants${line#*=}
" ;;
		*) fail "$EXIT_USAGE" "$shown: unknown key '$key'" ;;
		esac
	done <"$lesson_file"
	bad() { fail "$EXIT_USAGE" "$shown: $2"; }
	case $lesson_port in '' | *[!0-9]*) bad "$1" "port must be a number" ;; esac
	# every invariant's form, here: a lesson that cannot be read says so
	# before a capture, not after (invariants.awk reads the forms)
	[ -z "$lesson_invariants" ] ||
		bad_invariant=$(invariants=$lesson_invariants LC_ALL=C awk -v forms_only=1 \
		    -f "$lib/capture/invariants.awk" </dev/null) ||
		[ -n "$bad_invariant" ] || fail 1 "cannot run awk on $lib/capture/invariants.awk"
	[ -z "$bad_invariant" ] || bad "$1" "$bad_invariant"
	case $lesson_client_exit$lesson_server_exit in
	*[!0-9]*) bad "$1" "client_exit and server_exit must be numbers" ;;
	esac
	case $lesson_network in
	loopback | two-hosts) [ -z "$lesson_delay$lesson_rate$lesson_drop$lesson_congestion" ] ||
		bad "$1" "delay, rate, drop and congestion are for the delay-line network only" ;;
	delay-line)
		case $lesson_delay in '' | *[!0-9]*) bad "$1" "delay must be a number of ms" ;; esac
		case $lesson_rate in *[!0-9]*) bad "$1" "rate must be a number of bytes a second" ;; esac
		# BYTE:TIMES, two numbers, TIMES from 1
		case $lesson_drop in
		'') ;;
		*[!0-9:]* | *:*:* | :* | *: | *:0 | *:00*) bad "$1" "drop must be BYTE:TIMES, as in 30000:1" ;;
		*:*)	# delayline's -D bounds: BYTE up to 2000000000, TIMES 1 to 1000
			if [ "${#lesson_drop}" -gt 15 ] || [ "${lesson_drop%:*}" -gt 2000000000 ] ||
			    [ "${lesson_drop#*:}" -gt 1000 ]; then
				bad "$1" "drop: BYTE is at most 2000000000, TIMES from 1 to 1000"
			fi ;;
		*) bad "$1" "drop must be BYTE:TIMES, as in 30000:1" ;;
		esac
		# a kernel's name for it: at most 15 characters (TCP_CA_NAME_MAX)
		case $lesson_congestion in
		*[!a-z0-9_]* | ????????????????*)
			bad "$1" "congestion must be a congestion control's name, as in cubic" ;;
		esac ;;
	*) bad "$1" "network must be loopback, two-hosts or delay-line" ;;
	esac
	case $lesson_lose in
	'') ;;
	client:*:* | server:*:*)
		[ "$lesson_network" = loopback ] ||
			bad "$1" "lose works on the loopback network only"
		lose_kind=${lesson_lose#*:} lose_which=${lose_kind#*:}
		lose_kind=${lose_kind%%:*}
		case $lose_kind:$lose_which in
		*:*[!0-9]* | *: | *:0) bad "$1" "lose: which packet must be a number from 1" ;;
		syn:* | synack:* | ack:* | data:* | fin:*) ;;
		*) bad "$1" "lose: the kind must be syn, synack, ack, data or fin" ;;
		esac ;;
	*) bad "$1" "lose must be SIDE:KIND:N, as in server:ack:1" ;;
	esac
}

# quote WORD: set quoted to WORD as sh reads it back, in single quotes,
# for a command line that is read back with eval.
# shellcheck disable=SC2089,SC2090 # the quotes are for eval
quote() {
	rest=$1 quoted=''
	while :; do
		case $rest in
		*\'*) quoted="$quoted${rest%%\'*}'\\''" rest=${rest#*\'} ;;
		*) break ;;
		esac
	done
	quoted="'$quoted$rest'"
}

# simple WHO COMMAND: exit 2 unless COMMAND is one program and its
# arguments, quoted as sh quotes them; exchange.sh reads it with eval, so
# nothing that would run something else may be outside single quotes.
simple() {
	rest=$2 quote=''
	while [ -n "$rest" ]; do
		tail=${rest#?}
		char=${rest%"$tail"}
		case $quote$char in
		"'" | '"') quote=$char ;;
		"'"*) [ "$char" != "'" ] || quote='' ;;
		\"\\ | \\) tail=${tail#?} ;;
		'"$' | '$') case $tail in '('*) break ;; esac ;;
		'"`' | '`') break ;;
		'""') quote='' ;;
		\; | \& | \| | \< | \> | \(  | \)) break ;;
		esac
		rest=$tail
	done
	[ -z "$rest$quote" ] ||
		fail "$EXIT_USAGE" "the $1 command must be one program and its arguments, as sh quotes them (no ; & | < > ( ) \` or \$( outside quotes): $2"
}

# lose_rule SIDE:KIND:N PORT: set nft_rule, the nftables rule that drops
# the Nth packet of that kind that SIDE sends.  Rules run on the input
# hook, after tcpdump has seen the packet.  The kinds and their matches
# are scripts/lib/read/flags.awk's table (KINDS, kind_nft), the source,
# which is_kind() reads: syn (S), synack (S.), ack (. alone), data (P),
# fin (F); tests/t2000-reading-any-capture.sh checks that they agree.
lose_rule() {
	case ${1%%:*} in
	client) direction="tcp dport $2" ;;
	*) direction="tcp sport $2" ;;
	esac
	kind=${1#*:} which=${kind#*:} kind=${kind%%:*}
	case $kind in
	syn) match="tcp flags & (syn | ack) == syn" ;;
	synack) match="tcp flags & (syn | ack) == syn | ack" ;;
	ack) match="tcp flags & (fin | syn | rst | psh | ack) == ack" ;;
	data) match="tcp flags & psh == psh" ;;
	fin) match="tcp flags & fin == fin" ;;
	esac
	# numgen counts the packets that reach it: the first is 0
	nft_rule="$direction $match numgen inc mod 1000000 $((which - 1)) drop"
}

# isolation_for ATTEMPT: set isolate (the command that runs the exchange),
# isolation and isolation_text for one way of isolating a capture, tried in
# this order: 1 network, PID and mount namespaces (root); 2 a network
# namespace alone (a chroot, where mounts fail); 3 the same as 1 in a user
# namespace of our own (no sudo: needs subordinate ids); 4 the host's lo.
# With a PID namespace, nothing started inside can outlive the run.
isolation_for() {
	full="--net --pid --fork --kill-child --mount-proc"
	case $1 in
	1) isolation=namespace isolate="unshare $full"
	   isolation_text="in a private network namespace (unshare -n)" ;;
	2) isolation=netns isolate="unshare --net"
	   isolation_text="in a private network namespace (unshare -n; no PID namespace here)" ;;
	3) isolation=namespace isolate="unshare --map-auto --map-root-user $full"
	   isolation_text="in a private network namespace, no sudo (unshare --map-auto --map-root-user -n)" ;;
	*) isolation=host isolate=''
	   isolation_text="on the host's lo, NOT isolated" ;;
	esac
}

# namespace_hint: what would give this machine a private namespace.
namespace_hint() {
	if ! command -v unshare >/dev/null 2>&1; then
		echo "install util-linux, which has unshare"
		return
	elif ! command -v ip >/dev/null 2>&1; then
		echo "install iproute2, which has ip"
		return
	elif [ "$(id -u)" -eq 0 ]; then
		echo "in a container, run it with --cap-add NET_ADMIN --cap-add SYS_ADMIN"
		return
	fi
	restricted=0
	read -r restricted 2>/dev/null </proc/sys/kernel/apparmor_restrict_unprivileged_userns
	if [ "$restricted" = 1 ]; then
		echo "this system restricts user namespaces (kernel.apparmor_restrict_unprivileged_userns=1): run: sudo make demo"
	else
		echo "run: sudo make demo, or see GUIDE.md: Capturing without sudo"
	fi
}

# can_write DIR [NAME]: true when 64 KiB, far more than a run writes, can
# be written into DIR (the file DIR/NAME, .space unless named, emptied
# again); else false, with write_error set to why, as in "No space left
# on device".
can_write() {
	probe=$1/${2:-.space}
	# 65536 spaces: printf pads "" to that width, no string to build
	if printf %65536s "" 2>/dev/null >"$probe"; then
		true >"$probe"
		return 0
	fi
	# the shell's own failure names no cause; dd's message ends with it
	write_error=$(dd if=/dev/zero of="$probe" bs=65536 count=1 2>&1 >/dev/null)
	write_error=${write_error%%"
"*}
	write_error=${write_error##*: }
	# (true, not ":": a redirection that fails ends the shell at once
	# when it is a special built-in's, as ":" is)
	true 2>/dev/null >"$probe"
	[ -n "$write_error" ] || write_error="a write fails there"
	return 1
}

# alive PID: that process exists, whoever owns it.
alive() {
	kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]
}

# lacks_sys_admin: true when this process, though root, lacks
# CAP_SYS_ADMIN (bit 21 of CapEff), as root in a container does: no
# namespace can be made then.
lacks_sys_admin() {
	[ -r /proc/self/status ] && ! capable 21
}

# capable BIT: this process has capability BIT in effect (CapEff in
# /proc/self/status: 21 CAP_SYS_ADMIN, 23 CAP_SYS_NICE); false where it
# cannot be read.  No process started.
capable() {
	while read -r name value; do
		[ "$name" = CapEff: ] || continue
		value=${value#"${value%????????}"}
		[ $((0x$value >> $1 & 1)) -eq 1 ]
		return
	done 2>/dev/null </proc/self/status
	return 1
}

# listening FIFO LOG TCPDUMP-ARGUMENTS...: start tcpdump with these
# arguments in the background, its messages to the FIFO (made here), and
# return once it says "listening on" (it captures then); the rest of its
# messages go to LOG.  tcpdump_pid is its PID.  For the tools that record
# (bench-ladder.sh, tests/behaviours/record.sh): the capture itself has
# its own, in exchange.sh.
listening() {
	fifo=$1 log=$2
	shift 2
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	tcpdump "$@" 2>"$fifo" &
	tcpdump_pid=$!
	while IFS= read -r line; do
		case $line in *"listening on"*) break ;; esac
	done <"$fifo"
	cat "$fifo" >"$log" &
}

# hide_folders FILE: mount an empty, unreadable tmpfs over each folder
# FILE lists (a line each), in this process's own mount namespace: for
# grade.sh, what a submission's programs must not see (the other
# submissions, the grades).  Only ever called inside a namespace of our
# own, where the mounts vanish with it.
hide_folders() {
	while IFS= read -r folder; do
		# one that private_tmp left out is not there to see
		[ -d "$folder" ] || continue
		mount -t tmpfs -o size=4k,mode=0 hidden "$folder" ||
			return 1
	done <"$1"
}

# private_tmp BOX: in this process's own mount namespace (grade-one.sh's,
# whose copies the captures' are), the folders tmp, var-tmp and shm of BOX
# (a submission's tmpfs, which holds its copy too) over /tmp, /var/tmp and
# /dev/shm: all a submission's build and programs write, in one bounded
# tmpfs that goes with its checks.  Bound recursively: what grade-one.sh
# bound inside them (the work folder, the lab, the course, where they are
# under /tmp) stays where it was.  The one that holds BOX goes last, while
# BOX is still found where it was.
private_tmp() {
	box=$1 last=''
	for pair in /tmp:tmp /var/tmp:var-tmp /dev/shm:shm; do
		[ -d "${pair%:*}" ] || continue
		case $box/ in
		"${pair%:*}"/*) last=$pair ;;
		*) mount --rbind "$box/${pair#*:}" "${pair%:*}" || return 1 ;;
		esac
	done
	[ -z "$last" ] || mount --rbind "$box/${last#*:}" "${last%:*}"
}

# confine ID HOME FILE_CAP [MEMORY CPU [PROCS]]: set confined, the words that run a command as
# ID (a student's id, for grade.sh) and nothing more: no capability, no
# new privilege, no group, an empty environment but a PATH and HOME, no
# file over FILE_CAP bytes, at most 64 processes, no descriptor but 0, 1
# and 2 (the grader's pipes, its job slots and the capture's events, stay
# out of reach: the shells that start it hold them on 3 to 9, and their
# own above 9 close on exec); with MEMORY, at most MEMORY MiB of address
# space and CPU seconds of CPU time for each process (SIGXCPU then, and
# SIGKILL a second later: a soft limit equal to the hard one would be
# SIGKILL alone, saying nothing); with PROCS (the cgroup.procs files of
# grade.sh's cgroups of a submission, a space between each), it joins
# them first, while still root (a file it cannot write is passed over:
# the prlimits hold anyway); quoted for eval.
confine() {
	join=''
	if [ -n "${6:-}" ]; then
		quote "$6"
		join="/bin/sh -c 'for procs in \$0; do echo 0 >>\"\$procs\"; done 2>/dev/null; exec \"\$@\"' $quoted "
	fi
	quote "$2"
	confined="${join}prlimit --fsize=$3 --nproc=64 --core=0${4:+ --as=$(($4 * 1048576)) --cpu=$5:$(($5 + 1))} setpriv --reuid=$1 --regid=$1 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$quoted LANG=C.UTF-8 /bin/sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- \"\$@\"' closed"
}

# judge TEXT FOLDER NOTES: the verdict on tcpdump's text in the file TEXT
# against the golden pattern $golden (verdict.awk): FOLDER/$lesson.flags,
# on a mismatch FOLDER/$lesson.expected and where they first differ, with
# the likely cause, on stdout; what else to know about the capture in the
# file NOTES.  Exit 0 a match, 1 a mismatch, more: awk failed.
judge() {
	LC_ALL=C awk -v golden="$golden" -v flags_out="$2/$lesson.flags" \
	    -v expected_out="$2/$lesson.expected" -v lossy="${lesson_lose:+1}" \
	    -v notes_out="$3" -f "$lib/arrays.awk" -f "$lib/read/tcpdump.awk" -f "$lib/read/flags.awk" \
	    -f "$lib/read/connections.awk" -f "$lib/capture/golden.awk" -f "$lib/capture/verdict.awk" \
	    "$1"
}

# check_invariants TEXT [RECORD]: the lesson's invariants, its invariant= lines, on the
# records (ladder.sh --tsv) of tcpdump's text in the file TEXT, with the
# kernel's record RECORD (else the one beside TEXT): a line each
# on stdout, "holds:", "FAILS:" or "cannot tell:" (invariants.awk).  Exit 0
# none fails, 1 one does, 2 a check cannot be read (one line on stderr).
check_invariants() {
	sh "$scripts/ladder.sh" --tsv ${2:+--kernel "$2"} "$1" |
		invariants=$lesson_invariants LC_ALL=C awk -v lesson="$shown" -f "$lib/capture/invariants.awk"
}

# step NAME: with HANDSHAKE_STEPS=FILE, append "NAME NANOSECONDS" to FILE,
# the kernel's monotonic clock read from /proc/timer_list (root; about
# 0.1 ms a read, no process); without it, nothing.  bench.sh -s uses it
# to say where a capture's time goes.
step() {
	[ -n "${HANDSHAKE_STEPS:-}" ] || return 0
	{ read -r _ && read -r _ && read -r _ _ now _; } 2>/dev/null </proc/timer_list &&
		echo "$1 $now" >>"$HANDSHAKE_STEPS"
}
