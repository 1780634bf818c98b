#!/bin/sh
# Grading a hostile class (scripts/grade.sh, issue 25): programs and
# builds that reach for the grader's descriptors, print bytes that would
# break the formats, or look for their classmates' grades; beside a good
# submission, which keeps its full marks.
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
# shellcheck source=tests/lib-grading.sh
. "$top/tests/lib-grading.sh"
example=$top/tests/grading-example

# grade ARGUMENTS...: grade.sh, bounded; out, err and status as it ended.
grade() {
	bounded 90 sh "$top/scripts/grade.sh" "$@" >out 2>err
	status=$?
}

# submission NAME [SERVER_SH]: a folder of the example's two programs,
# started by server.sh (SERVER_SH, then python3 server.py PORT), and a
# build.sh (BUILD_SH when set, else nothing).
submission() {
	mkdir -p "class/$1" && cp "$example/server.py" "$example/client.py" "class/$1/" &&
	{ printf '%s\n' "${2:-}"; echo 'exec python3 server.py "$1"'; } >"class/$1/server.sh" &&
	printf '%s\n' "${BUILD_SH:-:}" >"class/$1/build.sh"
}

# the example's own check, its programs started through server.sh, built
# by build.sh
cp "$example"/assignment-1* . && {
	echo "title=a hostile class"
	echo "build=sh build.sh"
	echo "server_command=sh server.sh {port}"
	echo "client_command=python3 client.py {address} {port}"
	echo "check=assignment-1 10"
} >assignment || exit 1

# Work folders in a folder of this script's own, so that nothing else's
# counts as left behind.
TMPDIR=$(mktemp -d /tmp/handshake-t52.XXXXXX) && chmod 755 "$TMPDIR" || exit 1
export TMPDIR


# --- the grader's descriptors -------------------------------------------------

# shellcheck disable=SC2034 # used inside the test bodies
# "done" written on every descriptor from 3 to 9 (grade.sh's job slots
# were fd 3), and what a program or build holds open below 10: above, a
# shell's own (closed on exec), and whatever the caller of grade.sh (this
# script's) left open
reach='for fd in 3 4 5 6 7 8 9; do (eval "echo done >&$fd") 2>/dev/null; done; ls /proc/$$/fd >.fds; echo "fds: $(sort -n .fds | awk "\$1 < 10" | tr "\n" " ")"'

test_expect NETNS,PYTHON 'builds and programs hold only fds 0, 1 and 2, and cannot free a job slot' '
	# each failing build counts to 30000 (tens of ms of work): builds that
	# a stolen job slot let run at once would then overlap for certain
	for name in h1 h2 h3; do
		BUILD_SH="$reach; date +%s%N; i=0; while [ \$i -lt 30000 ]; do i=\$((i + 1)); done; date +%s%N; exit 1" \
		    submission "$name" "$reach >&2" || exit 1
	done
	BUILD_SH="$reach" submission good "$reach >&2" &&
	grade -j 1 -o grades assignment class/h1 class/h2 class/h3 class/good
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	grep -qx "good,10,10" grades/class.csv || { cat grades/class.csv grades/good/report.txt; exit 1; }
	# the good one: its build and its server saw 0 1 2
	[ "$(grep -c "^fds: 0 1 2 $" grades/good/report.txt)" -ge 1 ] ||
		{ cat grades/good/report.txt; exit 1; }
	! grep "^fds: " grades/*/report.txt | grep -v "fds: 0 1 2 $" || exit 1
	# the failed builds, at -j 1, one after the other: none began
	# before the one before it had ended
	for name in h1 h2 h3; do
		grep -q "^fds: 0 1 2 $" grades/$name/report.txt || { cat grades/$name/report.txt; exit 1; }
		grep -x "[0-9]*" grades/$name/report.txt | tr "\n" " " && echo
	done >times &&
	awk "{ if (NF != 2) bad = 1; start[NR] = \$1; end[NR] = \$2 }
	    END { for (i = 1; i <= NR; i++) for (j = 1; j <= NR; j++)
	            if (i != j && start[i] < end[j] && start[j] < end[i]) bad = 1
	          exit bad }" times || { echo "builds at once under -j 1:"; cat times; exit 1; }
'

# --- what a program prints ---------------------------------------------------

# ascii_only FILE...: true when each holds printable ASCII, tabs and
# newlines alone; else names the file and its first other byte.
ascii_only() {
	for file do
		other=$(LC_ALL=C tr -d '\t\n -~' <"$file" | od -An -tx1 | head -n 1)
		[ -z "$other" ] || { echo "$file: bytes$other"; return 1; }
	done
}

test_expect NETNS,PYTHON 'a program that prints escape codes, control bytes and invalid UTF-8: every file valid, the terminal clean' '
	submission good &&
	submission loud "printf '"'"'\033[31mX\001\377\r\033[2J\n'"'"' >&2; exit 1" &&
	BUILD_SH="printf '"'"'\033[2Jbuilt\001\377\n'"'"'; exit 1" submission loudbuild &&
	grade -j 2 -o grades assignment class/good class/loud class/loudbuild
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	grep -qx "good,10,10" grades/class.csv && grep -qx "loud,0,0" grades/class.csv ||
		{ cat grades/class.csv; exit 1; }
	grep -q "X??" grades/loud/report.txt && grep -q "built??" grades/loudbuild/report.txt ||
		{ cat grades/loud/report.txt grades/loudbuild/report.txt; exit 1; }
	ascii_only out err grades/class.csv grades/index.html grades/*/report.txt \
	    grades/*/junit.xml grades/*/results.json || exit 1
	grade -j 2 --tap -o tap-grades assignment class/good class/loud class/loudbuild
	[ $status -eq 1 ] && ascii_only out err || { echo "exit $status"; cat out err; exit 1; }
	for name in good loud loudbuild; do
		"$python" -c "import json, sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))" \
		    grades/$name/results.json || exit 1
		! command -v xmllint >/dev/null 2>&1 || xmllint --noout grades/$name/junit.xml || exit 1
	done
	! command -v xmllint >/dev/null 2>&1 || xmllint --html --noout grades/index.html || exit 1
	[ ! -x "$top/tests/browser/node_modules/.bin/html-validate" ] ||
		bounded 60 "$top/tests/browser/node_modules/.bin/html-validate" \
		    --config "$top/tests/browser/.htmlvalidate.json" grades/index.html
'

# --- the class's grades --------------------------------------------------------

# What a server tries, its working folder being its copy in the work
# folder (issue 25's attack, then each file and folder of a classmate,
# good, graded before it).
# shellcheck disable=SC2016,SC2034 # for the student's shell, in a test body
nosy='w=${PWD%/sub/*}
cut -f1 "$w/submissions" | while read -r n; do cat "$w/sub/$n/results/checks"; done
for f in "$w/submissions" "$w/checks" "$w/sub/good.err" "$w/sub/good/results/checks" "$w/sub/good/results/build" "$w/sub/good/run.out" "$w/sub/good/run.err" "$w/sub/good/prepare" "$w/sub/good/lessons/assignment-1"; do
	if cat "$f" >/dev/null 2>&1; then echo "read $f: SUCCEEDED"; else echo "read $f: failed"; fi
done
for d in "$w" "$w/sub" "$w/sub/good" "$w/sub/good/results" "$w/sub/good/run" "$w/sub/good/lessons"; do
	if ls "$d" >/dev/null 2>&1; then echo "list $d: SUCCEEDED"; else echo "list $d: failed"; fi
done'

test_expect NETNS,PYTHON 'a server that looks for its classmates'"'"' grades: the work folder unlistable, every file of it unreadable' '
	submission good && submission nosy "{ $nosy; } >&2" &&
	umask 022 && grade -j 1 -o grades assignment class/good class/nosy
	[ $status -eq 0 ] || { echo "exit $status"; cat out err grades/*/report.txt; exit 1; }
	[ "$(grep -c "^\(read\|list\) .*: failed$" grades/nosy/report.txt)" -eq 15 ] &&
	! grep -e SUCCEEDED -e "${test_tab}pass$test_tab" grades/nosy/report.txt ||
		{ cat grades/nosy/report.txt; exit 1; }
	grep -qx "good,10,10" grades/class.csv && grep -qx "nosy,10,10" grades/class.csv ||
		{ cat grades/class.csv; exit 1; }
	# the grades, written once no program runs, take the caller'"'"'s umask
	ls -ld grades/good grades/good/report.txt grades/index.html >modes &&
	[ "$(grep -c "^-rw-r--r-- \|^drwxr-xr-x " modes)" -eq 3 ] || { cat modes; exit 1; }
'

# --- memory and CPU ------------------------------------------------------------

# hostile_class [COMMAND...]: a class of two good submissions and three
# that reach past a limit -- hog writes 300 files of 1 MiB in /tmp,
# greedy touches 600 MiB, spin spins on the CPU (cpu=1) -- graded by
# grade.sh $grade_options, started by COMMAND (a container) when given;
# each limit named in its report, the good ones full marks, every file
# parsed.
# shellcheck disable=SC2015 # "A && B || fail": fail answers either
hostile_class() {
	submission good && submission good2 &&
	submission hog "i=0; while [ \$i -lt 300 ]; do head -c 1048576 /dev/zero >/tmp/handshake-t52-hog.${TMPDIR##*.}.\$i || exit 1; i=\$((i + 1)); done" &&
	submission greedy "python3 -c \"b = bytearray(600 * 1048576); b[-1] = 1\" || exit 1" &&
	submission spin "exec python3 -c \"while True: pass\"" &&
	{ cat assignment && echo cpu=1 && echo timeout=20; } >limits || return 1
	# shellcheck disable=SC2086 # options
	bounded 150 "$@" sh "$top/scripts/grade.sh" ${grade_options:-} -o grades limits \
	    class/good class/hog class/greedy class/spin class/good2 >out 2>err
	status=$?
	[ "$status" -eq 1 ] || { echo "exit $status"; cat out err; return 1; }
	printf "%s\n" submission,assignment-1,total good,10,10 hog,0,0 greedy,0,0 spin,0,0 good2,10,10 >expect &&
	compare expect grades/class.csv || { cat grades/*/report.txt; return 1; }
	grep -q "^FAIL .*assignment-1 *the submission wrote more than 256 MiB (its copy, /tmp, /var/tmp and /dev/shm together; disk= in the assignment raises it); " grades/hog/report.txt &&
	grep -q "^FAIL .*assignment-1 *the server used more than 512 MiB (memory= in the assignment raises it); " grades/greedy/report.txt &&
	grep -q "^FAIL .*assignment-1 *the server used more than 1 s of CPU time (cpu= in the assignment raises it): stopped (SIGXCPU); " grades/spin/report.txt ||
		{ cat grades/hog/report.txt grades/greedy/report.txt grades/spin/report.txt; return 1; }
	ascii_only out err grades/class.csv grades/index.html grades/*/report.txt \
	    grades/*/junit.xml grades/*/results.json || return 1
	for name in good hog greedy spin good2; do
		"$python" -c "import json, sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))" \
		    grades/"$name"/results.json || return 1
		! command -v xmllint >/dev/null 2>&1 || xmllint --noout grades/"$name"/junit.xml || return 1
	done
	! command -v xmllint >/dev/null 2>&1 || xmllint --html --noout grades/index.html
}

test_expect NETNS,PYTHON 'a server that takes 600 MiB: "the server used more than 512 MiB"; memory=1024 lets it' '
	submission good &&
	submission greedy "python3 -c \"b = bytearray(600 * 1048576); b[-1] = 1\" || exit 1" &&
	grade -j 2 -o grades assignment class/good class/greedy
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	grep -qx "good,10,10" grades/class.csv && grep -qx "greedy,0,0" grades/class.csv &&
	grep -q "^FAIL .*assignment-1 *the server used more than 512 MiB (memory= in the assignment raises it); " grades/greedy/report.txt &&
	grep -q "MemoryError" grades/greedy/report.txt ||
		{ cat grades/class.csv grades/greedy/report.txt; exit 1; }
	{ cat assignment && echo memory=1024; } >roomy &&
	grade -o roomy-grades roomy class/greedy
	[ $status -eq 0 ] || { echo "exit $status"; cat out err; exit 1; }
	printf "memory=0\ncheck=handshake 5\n" >bad && grade bad class/good
	[ $status -eq 2 ] && grep -qx "grade.sh: bad: memory must be a number of MiB from 1" err ||
		{ echo "exit $status"; cat out err; exit 1; }
'

# A client that closes 100 ms after the server's FIN lets its ACK of the FIN
# go alone, after the delayed-ACK timer: "late" does so every time, and
# fails after three captures; "once" only the first time (a mark in its
# /tmp), as a busy machine would make any client, and passes on the second.
test_expect NETNS,PYTHON 'a client that closes after the delayed-ACK timer: captured again, twice at most; late every time fails, late once passes and says so' '
	for name in late once; do
		submission "$name" || exit 1
	done
	sed "s/^sock\.close()\$/select.select([], [], [], 0.1)\nsock.close()/" "$example/client.py" >class/late/client.py &&
	sed "s|^sock\.close()\$|import os\nif not os.path.exists(\"/tmp/closed-late\"):\n    open(\"/tmp/closed-late\", \"w\").close()\n    select.select([], [], [], 0.1)\nsock.close()|" \
	    "$example/client.py" >class/once/client.py &&
	! cmp -s class/late/client.py "$example/client.py" && ! cmp -s class/once/client.py "$example/client.py" &&
	grade -j 1 -o grades assignment class/late class/once
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	grep -q "^FAIL .*assignment-1 *MISMATCH: packet 7, client \. (the pattern: client F\.) ([0-9]* ms)\$" grades/late/report.txt &&
	grep -q "^likely cause: delayed ACK" grades/late/report.txt &&
	ms=$(sed -n "s/^FAIL .*(\([0-9]*\) ms)\$/\1/p" grades/late/report.txt) &&
	[ "$ms" -ge 300 ] &&
	grep -q "^pass .*assignment-1 *match: 8 packets (captured again: the first time the client closed after the delayed-ACK timer, as on a busy machine) ([0-9]* ms)\$" grades/once/report.txt ||
		{ cat grades/late/report.txt grades/once/report.txt; exit 1; }
'

test_expect ROOT,NETNS,PYTHON 'the ids'"'"' locks in a folder of root'"'"'s alone; one that another id made (pid 1) is no lock: taken over' '
	submission good &&
	grade -o grades assignment class/good
	[ $status -eq 0 ] || { echo "exit $status"; cat out err; exit 1; }
	ls -ldn /run/handshake-grade-ids >mode &&
	grep -q "^drwx------ [0-9]* 0 0 " mode || { cat mode; exit 1; }
	# the first free slot (another run may hold some), made by nobody
	slot=0 &&
	until mkdir "/run/handshake-grade-ids/$slot" 2>/dev/null; do
		slot=$((slot + 1))
		[ $slot -lt 100 ] || { echo "no free slot"; exit 1; }
	done &&
	fake=/run/handshake-grade-ids/$slot && echo 1 >"$fake/pid" && chown -R 65534:65534 "$fake" &&
	grade -o grades assignment class/good
	[ $status -eq 0 ] || { rm -rf "$fake"; echo "exit $status"; cat out err; exit 1; }
	# gone, or another grade.sh'"'"'s now (one of another test script)
	[ -z "$(find "$fake" -maxdepth 0 -user 65534 2>/dev/null)" ] ||
		{ rm -rf "$fake"; echo "the fake lock was kept"; exit 1; }
'

# --- nothing left behind ------------------------------------------------------

test_expect NETNS,PYTHON 'what a build and a server write in /tmp, /var/tmp and /dev/shm goes with the submission' '
	mark=handshake-t52-left.${TMPDIR##*.} &&
	BUILD_SH="mkdir /tmp/$mark.build && echo x >/tmp/$mark.build/file" \
	    submission litter "for d in /tmp /var/tmp /dev/shm; do echo x >\$d/$mark.\$\$ || exit 1; done; mkdir /tmp/$mark.dir && echo x >/tmp/$mark.dir/file" &&
	grade -o grades assignment class/litter
	[ $status -eq 0 ] || { echo "exit $status"; cat out err; exit 1; }
	! ls -d /tmp/"$mark".* /var/tmp/"$mark".* /dev/shm/"$mark".* 2>/dev/null ||
		{ rm -rf /tmp/"$mark".* /var/tmp/"$mark".* /dev/shm/"$mark".*; exit 1; }
'

test_expect ROOT,NETNS,PYTHON 'the build and the programs share a /tmp, /var/tmp and /dev/shm of their own, a tmpfs of 256 MiB, that nothing else has' '
	marker=$(mktemp /tmp/handshake-t52-marker.XXXXXX) &&
	marker2=$(mktemp /var/tmp/handshake-t52-marker.XXXXXX) || exit 1
	BUILD_SH="echo from-the-build >/tmp/built && echo x >/dev/shm/built" \
	    submission peek "for d in /tmp /var/tmp /dev/shm; do echo \"\$d: \$(ls -A \$d | tr \"\\n\" \" \")\"; done >&2
		cat /tmp/built >&2; df -Pk /tmp | sed 1d >&2" &&
	submission good &&
	grade -j 2 -o grades assignment class/peek class/good
	[ $status -eq 0 ] || { rm -f "$marker" "$marker2"; echo "exit $status"; cat out err grades/peek/report.txt; exit 1; }
	rm -f "$marker" "$marker2"
	report=grades/peek/report.txt
	# /tmp holds what the build left, and the way to the work folder (its
	# first folder under /tmp: the tests'"'"' TMPDIR), nothing of the host
	# (and the lab'"'"'s, when this checkout lives under /tmp)
	for folder in "$TMPDIR" "$top"; do
		case $folder in /tmp/*) folder=${folder#/tmp/} && echo "${folder%%/*}" ;; esac
	done >tops && echo built >>tops &&
	listed="/tmp: $(LC_ALL=C sort -u tops | tr "\n" " ")" &&
	grep -qxF "$listed" $report &&
	grep -qx "/var/tmp: " $report && grep -qx "/dev/shm: built " $report &&
	grep -qx "from-the-build" $report &&
	grep -q "^handshake-box  *262144 " $report &&
	! grep marker $report || { cat $report; exit 1; }
'

test_expect NETNS,PYTHON 'a class that writes 300 MiB into /tmp, touches 600 MiB, spins on the CPU: each stopped, with its reason; the good ones full marks, every file valid' '
	grade_options="-j 2" hostile_class || exit 1
'

# CGROUP: root can make memory and pids cgroups here, as grade.sh looks
# for them: cgroup v2 with both in its root's subtree_control, or the v1
# memory and pids hierarchies (the v1 ones are where grade.sh finds them
# when mounted, as here, under /sys/fs/cgroup).
test_lazy_prereq CGROUP '
	[ "$(id -u)" -eq 0 ] || prereq_missing "needs root"
	v2=$(awk "{ for (i = 7; i < NF; i++) if (\$i == \"-\") { if (\$(i + 1) == \"cgroup2\") print \$5; break } }" /proc/self/mountinfo | head -n 1)
	if [ -n "$v2" ] && grep -qw memory "$v2/cgroup.subtree_control" 2>/dev/null &&
	    grep -qw pids "$v2/cgroup.subtree_control"; then
		:
	elif [ -w /sys/fs/cgroup/memory/cgroup.procs ] && [ -w /sys/fs/cgroup/pids/cgroup.procs ]; then
		:
	else
		prereq_missing "no cgroup with the memory and pids controllers that root can write here (cgroup v2 without them in its root, no v1 memory and pids hierarchies)"
	fi
'

test_expect ROOT,NETNS,PYTHON,CGROUP 'three processes of 200 MiB each at once, under 512 MiB apiece: the submission'"'"'s cgroup stops one, "used more than 512 MiB together"; the cgroup goes' '
	submission good &&
	submission many "sed -n -e \"s/^0:://p\" -e \"s/^[0-9]*:\\(.*,\\)\\{0,1\\}memory[,:]//p\" /proc/self/cgroup >&2
		python3 many.py" &&
	# 200 MiB touched, then two children that touch their own copies and
	# hold them until both have (or the kernel has stopped one): 600 MiB
	# at once, whatever the load, each process under its 512 MiB of
	# address space
	printf "%s\n" "import os" "b = bytearray(200 * 1048576)" "b[::4096] = b\"x\" * (len(b) // 4096)" \
	    "ready_r, ready_w = os.pipe()" "go_r, go_w = os.pipe()" \
	    "for _ in range(2):" \
	    "    if os.fork() == 0:" \
	    "        os.close(ready_r)" "        os.close(go_w)" \
	    "        b[::4096] = b\"y\" * (len(b) // 4096)" \
	    "        os.write(ready_w, b\"r\")" "        os.close(ready_w)" "        os.read(go_r, 1)" "        os._exit(0)" \
	    "os.close(ready_w)" "os.close(go_r)" "got = b\"\"" \
	    "while len(got) < 2:" "    more = os.read(ready_r, 2)" "    if not more:" "        break" "    got += more" \
	    "os.close(go_w)" "os.wait()" "os.wait()" >class/many/many.py &&
	grade -j 2 -o grades assignment class/good class/many
	[ $status -eq 1 ] || { echo "exit $status"; cat out err grades/many/report.txt; exit 1; }
	grep -qx "good,10,10" grades/class.csv && grep -qx "many,0,0" grades/class.csv &&
	grep -q "^FAIL .*assignment-1 *the submission'"'"'s programs used more than 512 MiB together (memory= in the assignment raises it): the kernel stopped a process (SIGKILL); " grades/many/report.txt ||
		{ cat grades/class.csv grades/many/report.txt; exit 1; }
	# v2: 0::/PATH; v1: N:memory:/PATH (the memory line)
	group=$(sed -n "s|^\(/[^ ]*handshake-grade\.[0-9]*/many\)$|\1|p" grades/many/report.txt | head -n 1)
	[ -n "$group" ] || { echo "no cgroup named"; cat grades/many/report.txt; exit 1; }
	for root in /sys/fs/cgroup /sys/fs/cgroup/memory /sys/fs/cgroup/unified; do
		[ ! -d "$root$group" ] || { echo "left: $root$group"; exit 1; }
		[ ! -d "$root${group%/many}" ] || { echo "left: $root${group%/many}"; exit 1; }
	done
'

test_expect ROOT,SETPRIV,PYTHON 'the same class as root in a container without CAP_SYS_ADMIN (Gradescope): the same grades and reasons, what they wrote removed' '
	# Docker'"'"'s default capabilities, and a lo of its own where a
	# network namespace can be had (the host'"'"'s port 20000 may be
	# another checkout'"'"'s), as t5100'"'"'s Gradescope test
	set -- setpriv --bounding-set=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+net_bind_service,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap \
	    --inh-caps=-all
	if command -v ip >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
		set -- unshare --net sh -c "ip link set lo up && exec \"\$@\"" sh "$@"
	fi
	hostile_class "$@" || exit 1
	grep -q "^grade.sh: no namespaces here: one capture at a time" err || { cat err; exit 1; }
	! ls /tmp/handshake-t52-hog.${TMPDIR##*.}.* >/dev/null 2>&1 || { echo "the hog'"'"'s files are left"; rm -rf /tmp/handshake-t52-hog.${TMPDIR##*.}.*; exit 1; }
'

# left_behind HOW PID: nothing of the grade.sh PID, ended by HOW, is left:
# no work folder or other file in $TMPDIR (but the folder it started
# from), no lock of ids held in its name, no cgroup, no process of it.
left_behind() {
	! ls -d "$TMPDIR"/handshake-grade.* 2>/dev/null || { echo "$1: a work folder is left"; return 1; }
	[ "$(ls -A "$TMPDIR")" = grader ] || { echo "$1: left in $TMPDIR:"; ls -A "$TMPDIR"; return 1; }
	! grep -lx "$2" /run/handshake-grade-ids/*/pid 2>/dev/null || { echo "$1: its ids lock is left"; return 1; }
	! find /sys/fs/cgroup -maxdepth 5 -name "handshake-grade.$2" 2>/dev/null | grep . || { echo "$1: its cgroups are left"; return 1; }
	left=$(ours)
	[ -z "$left" ] || { echo "$1: left running: $left"; return 1; }
}

test_expect NETNS,PYTHON,INTERRUPT 'INT (Ctrl-C), TERM, HUP half way, and a reader that leaves: nothing left behind' '
	for name in s1 s2 s3 s4; do submission "$name" || exit 1; done
	# s0 never listens: its check lasts the timeout (10 s), so that a busy
	# machine cannot let the grading end before the signal comes
	submission s0 "exec python3 -c '"'"'import select; select.select([], [], [])'"'"'" &&
	mkdir -p "$TMPDIR/grader" && here=$PWD || exit 1
	# INT and HUP as a terminal sends them, to the whole process group
	for how in INT:group TERM:one HUP:group; do
		signal=${how%:*}
		# setsid forks when its caller leads a process group (as under
		# some runners): grade.sh says its own PID, and setsid -w waits;
		# INT and HUP as a shell at a terminal has them (a runner under
		# nohup ignores HUP, which a shell then cannot trap)
		rm -f "$here/grader.pid"
		(cd "$TMPDIR/grader" && exec setsid -w env --default-signal=INT,HUP \
		    sh -c '"'"'echo $$ >"$1" && shift && exec sh "$@"'"'"' sh "$here/grader.pid" \
		    "$top/scripts/grade.sh" -j 2 -o "$here/stopped" "$here/assignment" "$here"/class/s[0-4]) >out 2>err &
		waiter=$!
		polls=0
		until [ -s "$here/grader.pid" ] && ls -d "$TMPDIR"/handshake-grade.*/sub/*/run/.capture.* >/dev/null 2>&1; do
			kill -0 $waiter 2>/dev/null || { echo "$signal: grade.sh ended first"; cat out err; exit 1; }
			polls=$((polls + 1))
			[ $polls -lt 2000 ] || { echo "$signal: no capture began within 20 s"; exit 1; }
			sleep 0.01
		done
		grader=$(cat "$here/grader.pid")
		if [ "${how#*:}" = group ]; then
			kill -s "$signal" -- "-$grader" 2>/dev/null || kill -s "$signal" "-$grader"
		else
			kill -s "$signal" "$grader"
		fi
		wait $waiter
		status=$?
		case $signal:$status in
		INT:130 | TERM:143 | HUP:129) ;;
		*) echo "$signal: exit $status"; cat out err; exit 1 ;;
		esac
		left_behind "$signal" "$grader" || exit 1
	done
	# a teacher who glances at the first line
	(cd "$TMPDIR/grader" && exec sh -c '"'"'echo $$ >"$1" && shift && exec sh "$@"'"'"' sh "$here/grader.pid" \
	    "$top/scripts/grade.sh" -j 2 -o "$here/piped" "$here/assignment" "$here"/class/s[1-4]) 2>err |
		head -n 1 >first
	[ -s first ] || { echo "no first line"; cat err; exit 1; }
	left_behind "a closed pipe" "$(cat grader.pid)"
'

rm -rf "$TMPDIR"
test_done
