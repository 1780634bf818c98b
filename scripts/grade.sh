#!/bin/sh
# scripts/grade.sh [-j jobs] [-o dir] [-r repeats] [--tap] ASSIGNMENT
# SUBMISSION... - grade a class: every check of the assignment on every
# submission (a folder of one student's work, any language), each capture
# in a namespace of its own, the students' programs on a copy of their
# folder, as an id that owns nothing else.  Writes, in DIR (default
# grades/): NAME/report.txt, NAME/junit.xml, NAME/results.json (and each
# check's capture and classroom page), class.csv and index.html.
#
#   -j JOBS     submissions graded side by side (default: the CPUs)
#   -o DIR      where the grades go (default: grades)
#   -r REPEATS  each check REPEATS times: one that passes only sometimes
#               depends on timing
#   --tap       TAP on stdout instead of a line per submission
#
# Exit: 0 every check of every submission passed; 1 some check failed;
# 2 usage, or a bad assignment; 3 no check failed, but some could not run
# on this machine (every format says why).

# shellcheck disable=SC2015 # "A && B || fail": fail answers either
set -u
prog=grade.sh
# shellcheck source=scripts/lib/common.sh
. "${0%/*}/lib/common.sh"

usage() {
	echo "usage: grade.sh [-j jobs] [-o dir] [-r repeats] [--tap] assignment submission..." >&2
	exit "$EXIT_USAGE"
}

jobs='' grades=grades repeats=1 tap=''
while getopts :j:o:r:-: opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	o) grades=$OPTARG ;;
	r) repeats=$OPTARG ;;
	-) [ "$OPTARG" = tap ] || usage; tap=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
case $repeats in '' | *[!0-9]* | 0*) fail "$EXIT_USAGE" "-r needs a number of repeats from 1: $repeats" ;; esac
if [ -z "$jobs" ]; then
	jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null) || jobs=1
fi
case $jobs in '' | *[!0-9]* | 0*) fail "$EXIT_USAGE" "-j needs a number of jobs from 1: $jobs" ;; esac

# --- the assignment ------------------------------------------------------

assignment=$1
shift
[ -f "$assignment" ] && [ -r "$assignment" ] ||
	fail "$EXIT_USAGE" "cannot read the assignment $assignment"
case $assignment in */*) course=${assignment%/*} ;; *) course=. ;; esac
course=$(cd "$course" && pwd -P) || fail "$EXIT_USAGE" "cannot enter the folder of $assignment"
title='' server_command='' client_command='' server_exit='' client_exit=''
build='' build_timeout=60 timeout=10 partial=no memory=512 disk=256 cpu='' checks=''
bad() { fail "$EXIT_USAGE" "$assignment: $1"; }
while IFS= read -r line || [ -n "$line" ]; do
	case $line in '' | '#'*) continue ;; esac
	key=${line%%=*} value=${line#*=}
	[ "$key" != "$line" ] || bad "not key=value: $line"
	case $key in
	title | server_command | client_command | server_exit | client_exit | \
	build | build_timeout | timeout | partial | memory | disk | cpu)
		eval "$key=\$value" ;;
	check) checks="$checks$value
" ;;
	*) bad "unknown key '$key'" ;;
	esac
done <"$assignment"
[ -n "$checks" ] || bad "no check= line"
case $server_exit$client_exit in *[!0-9]*) bad "server_exit and client_exit must be numbers" ;; esac
[ -n "$cpu" ] || cpu=$timeout
for bound_key in build_timeout timeout memory disk cpu; do
	eval "value=\$$bound_key"
	case $bound_key in memory | disk) unit=MiB ;; *) unit=seconds ;; esac
	case $value in '' | *[!0-9]* | 0*) bad "$bound_key must be a number of $unit from 1" ;; esac
done
case $partial in yes | no) ;; *) bad "partial must be yes or no" ;; esac
[ -z "$server_command" ] || simple server "$server_command"
[ -z "$client_command" ] || simple client "$client_command"

# Nothing of the class for the students' ids to see: every file and
# folder of this run is its own alone (umask 077), but for the few
# folders their programs must pass through on the way to their copies
# (711: entered, not listed); the grades, written once the programs have
# all ended, take the caller's umask.
caller_umask=$(umask)
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/handshake-grade.XXXXXX") ||
	fail 1 "cannot make a work folder in ${TMPDIR:-/tmp}"
ids_lock=''
trap 'rm -rf "$work" ${ids_lock:+"$ids_lock"}' EXIT
# a signal ends the run through the EXIT trap; PIPE too: a reader of our
# output that leaves (grade.sh ... | head) must not leave the work folder
# and the ids' lock behind
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE
chmod 711 "$work"

# Each check, a line of $work/checks: name, lesson file, points, golden
# pattern.  A lesson is the course's own when a file of that name is
# beside the assignment, else one of lessons/; its golden pattern is
# NAME.flags beside it, captures/NAME.flags, or the one the line names.
names=' ' total=0
while read -r name points golden extra; do
	[ -n "$name" ] || continue
	[ -z "$extra" ] || bad "check=LESSON POINTS [GOLDEN]: $name $points $golden $extra"
	case $name in *[!a-z0-9-]*) bad "check $name: not a lesson name (a-z, 0-9, -)" ;; esac
	case $points in '' | *[!0-9]*) bad "check $name: points must be a number" ;; esac
	case $names in *" $name "*) bad "check $name is there twice" ;; esac
	names="$names$name "
	if [ -f "$course/$name" ]; then
		load_lesson "$course/$name" || bad "check $name: cannot read the lesson"
		[ -n "$golden" ] || [ ! -f "$course/$name.flags" ] || golden=$name.flags
	else
		load_lesson "$name" || bad "check $name: no such lesson here or in lessons/"
	fi
	if [ -z "$golden" ]; then
		golden=$repo/captures/$name.flags
	else
		case $golden in /*) ;; *) golden=$course/$golden ;; esac
	fi
	[ -f "$golden" ] && [ -r "$golden" ] || bad "check $name: cannot read the golden pattern $golden"
	printf '%s\t%s\t%s\t%s\n' "$name" "$lesson_file" "$points" "$golden" >>"$work/checks"
	total=$((total + points))
done <<EOF
$checks
EOF

# --- the submissions -----------------------------------------------------

# Each a folder; its name (the folder's own) names its grades.
: >"$work/submissions"
seen=' '
for submission do
	[ -d "$submission" ] || fail "$EXIT_USAGE" "not a folder: $submission"
	path=$(cd "$submission" && pwd -P) || fail "$EXIT_USAGE" "cannot enter $submission"
	name=${path##*/}
	case $name in '' | *[!A-Za-z0-9._-]* | .* | class.csv | index.html)
		fail "$EXIT_USAGE" "a submission's folder name must be letters, digits, . _ - (and not class.csv or index.html): $submission" ;;
	esac
	case $seen in *" $name "*) fail "$EXIT_USAGE" "two submissions named $name" ;; esac
	seen="$seen$name "
	printf '%s\t%s\n' "$name" "$path" >>"$work/submissions"
done
case $grades in /*) ;; *) grades=$PWD/$grades ;; esac
(umask "$caller_umask" && mkdir -p "$grades") 2>/dev/null && can_write "$grades" ||
	fail 1 "cannot write in $grades${write_error:+: $write_error}"
grades=$(cd "$grades" && pwd -P)

# --- how this machine can run other people's programs --------------------

# mode: root (real root, namespaces: the programs as ids from 2110000000
# up), netns (real root, a network namespace but no PID namespace: a
# chroot), host (root in a container: no namespaces, one capture at a
# time on the host's lo), userns (an ordinary user with subordinate ids:
# in the user namespace, ids from 10000 up), none (cannot).  Each tried
# as capture.sh tries its isolation (common.sh's isolation_for), which
# the captures will then have too.
mode=none why=''
for tool in unshare setpriv prlimit setsid; do
	command -v "$tool" >/dev/null 2>&1 || why="$tool is not installed (util-linux)"
done
if [ -n "$why" ]; then
	:
elif [ "$(id -u)" -eq 0 ]; then
	id_base=2110000000
	for attempt in 1 2 4; do
		isolation_for "$attempt"
		[ -n "$isolate" ] || break
		! $isolate true 2>/dev/null || break
	done
	case $isolation in namespace) mode=root ;; *) mode=$isolation ;; esac
else
	isolation_for 3
	if why=$($isolate true 2>&1); then
		mode=userns id_base=10000
	else
		why=${why#unshare: }
		why="an ordinary user can run the programs as other ids only in a user namespace, and none is here (${why%: Success}); run as root, or see GUIDE.md: Grading a class"
	fi
fi
# A range of ids of this run's own: the Nth that no other grade.sh of this
# user holds, by a lock folder N, with the holder's PID in it, in a folder
# that only this user can write (root: /run/handshake-grade-ids, mode
# 700; an ordinary user: handshake-grade-ids in $XDG_RUNTIME_DIR or
# ~/.cache), never /tmp, where a student's id could make a lock.  One
# whose holder is gone is taken over, by one run at a time (a second lock
# folder, LOCK.taking): two runs that found it stale at once would
# otherwise both remove it, the second the first's new one.  As root, 100
# ranges of 100000 ids from 2110000000 (not the versions' that kept their
# locks in /tmp, from 2100000000: one of them grading beside this one
# takes other ids); in a user namespace, 55 of 1000 from 10000 (65536
# subordinate ids).  A lock that this user does
# not own is no lock: it is taken over as a stale one is where it can be
# removed, else passed over.
slot=0 slots=100 width=100000
[ "$mode" != userns ] || slots=55 width=1000
me=$(id -u)
# owner PATH: the id that owns PATH, or nothing.
owner() {
	# shellcheck disable=SC2046 # ls -ldn's fields
	set -- $(ls -ldn "$1" 2>/dev/null)
	echo "${3:-}"
}
if [ "$mode" = none ]; then
	locks=''
elif [ "$me" -eq 0 ]; then
	locks=/run/handshake-grade-ids
	[ -d /run ] || locks=/var/lock/handshake-grade-ids
elif [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -d "$XDG_RUNTIME_DIR" ] && [ "$(owner "$XDG_RUNTIME_DIR")" = "$me" ]; then
	locks=$XDG_RUNTIME_DIR/handshake-grade-ids
else
	locks=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/handshake-grade-ids
fi
if [ -n "$locks" ]; then
	mkdir -p "$locks" 2>/dev/null
	# this user's alone: its own, and no one else may write in it
	# shellcheck disable=SC2046 # ls -ldn's fields
	set -- $(ls -ldn "$locks" 2>/dev/null)
	case ${1:-}:${3:-} in
	d????-??-?:"$me") ;;
	*) fail 1 "the folder of the ids' locks, $locks, must be a folder of uid $me that no one else can write" ;;
	esac
fi
while [ -n "$locks" ]; do
	lock=$locks/$slot
	if mkdir "$lock" 2>/dev/null; then
		ids_lock=$lock
		echo "$$" >"$lock/pid"
		break
	fi
	holder='' foreign=''
	read -r holder 2>/dev/null <"$lock/pid"
	[ "$(owner "$lock")" = "$me" ] || foreign=1
	if { [ -n "$foreign" ] || { [ -n "$holder" ] && ! alive "$holder"; }; } &&
	    mkdir "$lock.taking" 2>/dev/null; then
		# still that one's, or still no lock, now that no other run can
		# take it over
		again=''
		read -r again 2>/dev/null <"$lock/pid"
		taken=''
		if [ -n "$foreign" ]; then
			[ "$(owner "$lock")" = "$me" ] || ! rm -rf "$lock" || taken=1
		else
			[ "$again" != "$holder" ] || ! rm -rf "$lock" || taken=1
		fi
		rmdir "$lock.taking"
		[ -z "$taken" ] || continue
	fi
	slot=$((slot + 1))
	[ "$slot" -lt "$slots" ] || fail 1 "$slots grade.sh runs at once already: wait for one to end"
done
id_base=$((${id_base:-0} + slot * width))
[ "$(wc -l <"$work/submissions")" -lt "$width" ] || fail "$EXIT_USAGE" "more than $((width - 1)) submissions at once"

# The students' ids work on copies in the work folder: they must reach it.
if [ "$mode" != none ] && [ "$mode" != userns ] &&
    ! setpriv --reuid="$id_base" --regid="$id_base" --clear-groups sh -c 'cd "$1"' sh "$work" 2>/dev/null; then
	fail 1 "other users cannot enter $work, where the students' programs work: set TMPDIR to a folder that every user can enter"
fi
if [ "$mode" = host ] && [ "$jobs" -gt 1 ]; then
	say "no namespaces here: one capture at a time on the host's lo, and the other submissions are kept from the programs only by their folders' permissions"
	jobs=1
fi
if [ "$mode" = root ] || [ "$mode" = userns ]; then
	# What the programs must not see: the submissions' own folders (each
	# works on its copy) and the grades.  A folder of submissions is hidden
	# whole, unless it holds the lab, the assignment or the work folder.
	cut -f 2 "$work/submissions" | sed 's|/[^/]*$||' | sort -u >"$work/parents"
	echo "$grades" >>"$work/parents"
	while IFS= read -r folder; do
		case $work/ in "$folder"/*) continue ;; esac
		case $repo/ in "$folder"/*) continue ;; esac
		case $course/ in "$folder"/*) continue ;; esac
		echo "$folder"
	done <"$work/parents" >"$work/hide"
	while IFS='	' read -r _ path; do
		grep -qxF "${path%/*}" "$work/hide" || echo "$path"
	done <"$work/submissions" >"$work/hide.one"
	cat "$work/hide.one" >>"$work/hide"
	hide_list=$work/hide
	export hide_list
fi
mkdir "$work/sub" && chmod 711 "$work/sub" || fail 1 "cannot write in $work"

# The end, whatever it is: the jobs stop, the copies go (in a user
# namespace only its root can remove them), nothing of this run stays but
# the grades it finished.
jobs_running=''
cleanup() {
	trap - EXIT INT TERM HUP PIPE
	for pid in $jobs_running; do
		kill -TERM "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	if [ "$mode" = userns ]; then
		unshare --map-auto --map-root-user rm -rf "$work"
	fi
	rm -rf "$work" ${ids_lock:+"$ids_lock"}
	for group in $cgroups; do
		for sub in "$group"/*/; do
			[ ! -d "$sub" ] || rmdir "$sub" 2>/dev/null
		done
		rmdir "$group" 2>/dev/null
	done
}
cgroups=''
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# A memory limit for each submission's processes together, and a bound
# on their number, where root can have cgroups: a cgroup of this run's
# own, handshake-grade.PID, and in it one per submission (grade-one.sh),
# which its build and programs join before they become its id.  cgroup
# v2: under the hierarchy's root, when its subtree_control gives memory
# and pids (a cgroup that holds processes cannot give them to its
# children); v1: under our own cgroup of the memory and of the pids
# hierarchy.  Elsewhere (a container whose cgroups are read-only, an
# ordinary user), each process's prlimit alone.
cgroup_kind=''
if [ "$me" -eq 0 ] && [ "$mode" != none ]; then
	# the mount points of cgroup2, and of the v1 memory and pids hierarchies
	# shellcheck disable=SC2046 # mount points have no spaces here, or are not used
	set -- $(awk '{ for (i = 7; i < NF; i++) if ($i == "-") {
		if ($(i + 1) == "cgroup2") v2 = $5
		if ($(i + 1) == "cgroup" && $(i + 3) ~ /(^|,)memory(,|$)/) memory = $5
		if ($(i + 1) == "cgroup" && $(i + 3) ~ /(^|,)pids(,|$)/) pids = $5
		break }
	} END { print (v2 == "" ? "-" : v2), (memory == "" ? "-" : memory), (pids == "" ? "-" : pids) }' /proc/self/mountinfo 2>/dev/null)
	v2=${1:--} v1_memory=${2:--} v1_pids=${3:--}
	given=''
	[ ! -f "$v2/cgroup.subtree_control" ] || given=$(cat "$v2/cgroup.subtree_control" 2>/dev/null)
	case " $given " in
	*" memory "*" pids "* | *" pids "*" memory "*)
		group=$v2/handshake-grade.$$
		if mkdir "$group" 2>/dev/null; then
			cgroups=$group
			echo "+memory +pids" 2>/dev/null >"$group/cgroup.subtree_control" && cgroup_kind=v2
		fi ;;
	*)
		if [ -d "$v1_memory" ] && [ -d "$v1_pids" ]; then
			own_memory=$(sed -n 's/^[0-9]*:\(.*,\)\{0,1\}memory\(,[^:]*\)\{0,1\}://p' /proc/self/cgroup)
			own_pids=$(sed -n 's/^[0-9]*:\(.*,\)\{0,1\}pids\(,[^:]*\)\{0,1\}://p' /proc/self/cgroup)
			made=0
			for group in "$v1_memory${own_memory%/}/handshake-grade.$$" "$v1_pids${own_pids%/}/handshake-grade.$$"; do
				case $group in *" "*) break ;; esac
				mkdir "$group" 2>/dev/null || break
				cgroups="$cgroups $group" made=$((made + 1))
			done
			[ "$made" -ne 2 ] || cgroup_kind=v1
		fi ;;
	esac
fi

# --- the grading ---------------------------------------------------------

export work mode isolate repeats timeout build build_timeout partial memory \
    disk cpu course server_command client_command server_exit client_exit why \
    cgroups cgroup_kind

# As root with namespaces, each job in a mount namespace of its own
# (unshare execs: its PID is the job's), where its bounded tmpfs, its
# copy and private /tmp, lives and dies with it.
own_mounts=''
[ "$mode" != root ] || own_mounts='unshare --mount --propagation private'

# Up to JOBS submissions at once: each job (grade-one.sh) says "done" on
# the FIFO, its fd 3, when it ends, which frees its place.
mkfifo "$work/done" && exec 3<>"$work/done" || fail 1 "cannot write in $work"
index=0 running=0
while IFS='	' read -r name path; do
	if [ "$running" -ge "$jobs" ]; then
		read -r _ <&3
		running=$((running - 1))
	fi
	index=$((index + 1))
	$own_mounts sh "$lib/grade/grade-one.sh" "$((id_base + index))" "$name" "$path" </dev/null 2>"$work/sub/$name.err" &
	jobs_running="$jobs_running $!"
	running=$((running + 1))
done <"$work/submissions"
wait
jobs_running=''
exec 3<&-

# --- the formats ---------------------------------------------------------

umask "$caller_umask"
sh "$lib/grade/write-grades.sh" "$work" "$title" "$total" "$tap"
verdict=$?
case $verdict in 0 | 1 | 3) ;; *) exit 1 ;; esac

# Into DIR only now, each submission's folder replacing its last grades.
while IFS='	' read -r name _; do
	rm -rf "${grades:?}/$name" && mv "$work/grades/$name" "$grades/" ||
		fail 1 "cannot move the grades into $grades"
done <"$work/submissions"
mv "$work/grades/class.csv" "$work/grades/index.html" "$grades/" ||
	fail 1 "cannot move the grades into $grades"
[ -n "$tap" ] || echo "grades: $grades/index.html (class.csv, NAME/report.txt, junit.xml, results.json)"
exit "$verdict"
