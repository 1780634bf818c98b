#!/bin/sh
# Grading a class (scripts/grade.sh): an assignment of several checks on
# many submissions at once; the verdicts of every kind of submission
# (tests/grading-example/class.sh), bounded and cleaned up; the formats,
# read by their consumers (junitparser, prove, Gradescope's fields); a
# hostile submission; timing caught by repeats; "could not run here".
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/lib-capture.sh
. "$top/tests/lib-capture.sh"
# shellcheck source=tests/lib-grading.sh
. "$top/tests/lib-grading.sh"
example=$top/tests/grading-example
# shellcheck disable=SC2034 # used inside the test bodies
assignment=$example/assignment

# grade ARGUMENTS...: grade.sh, bounded; out, err and status as it ended.
grade() {
	bounded 90 sh "$top/scripts/grade.sh" "$@" >out 2>err
	status=$?
}

# submission NAME SERVER CLIENT: a folder of the example's two programs.
submission() {
	mkdir -p "class/$1" && cp "$example/$2" "class/$1/server.py" &&
	cp "$example/$3" "class/$1/client.py"
}

# grade.sh's work folders go in a folder of this script's own (which
# everyone can enter and list, as /tmp), so that nothing else's counts as
# left behind.
TMPDIR=$(mktemp -d /tmp/handshake-t14.XXXXXX) && chmod 755 "$TMPDIR" || exit 1
export TMPDIR


# --- usage and bad assignments: one line, exit 2 ---------------------------

test_expect 'no submission: usage, exit 2' '
	grade "$assignment"
	[ $status -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && grep -q "^usage: grade.sh " err ||
		{ echo "exit $status"; cat out err; exit 1; }
'

test_expect '-j 0, -r x: one line each, exit 2' '
	mkdir -p one && grade -j 0 "$assignment" one
	[ $status -eq 2 ] && grep -qx "grade.sh: -j needs a number of jobs from 1: 0" err ||
		{ echo "exit $status"; cat out err; exit 1; }
	grade -r x "$assignment" one
	[ $status -eq 2 ] && grep -qx "grade.sh: -r needs a number of repeats from 1: x" err ||
		{ echo "exit $status"; cat out err; exit 1; }
'

test_expect 'a bad assignment: its line named, exit 2, nothing written' '
	mkdir -p one &&
	printf "check=handshake 5\ncolour=blue\n" >bad && grade -o bad-grades bad one
	[ $status -eq 2 ] && echo "grade.sh: bad: unknown key '"'"'colour'"'"'" >expect && compare expect err &&
	printf "check=no-such-lesson 5\n" >bad && grade bad one
	[ $status -eq 2 ] && grep -qx "grade.sh: bad: check no-such-lesson: no such lesson here or in lessons/" err &&
	printf "check=../../etc/passwd 5\n" >bad && grade bad one
	[ $status -eq 2 ] && grep -qx "grade.sh: bad: check ../../etc/passwd: not a lesson name (a-z, 0-9, -)" err &&
	printf "check=handshake five\n" >bad && grade bad one
	[ $status -eq 2 ] && grep -qx "grade.sh: bad: check handshake: points must be a number" err &&
	printf "title=x\n" >bad && grade bad one
	[ $status -eq 2 ] && grep -qx "grade.sh: bad: no check= line" err &&
	printf "check=handshake 5\nclient_command=./client; rm -rf /\n" >bad && grade bad one
	[ $status -eq 2 ] && grep -q "^grade.sh: the client command must be one program" err &&
	[ ! -e bad-grades ] ||
		{ echo "exit $status"; cat out err; exit 1; }
'

test_expect 'two submissions of one name, or not a folder: exit 2' '
	mkdir -p a/same b/same && grade "$assignment" a/same b/same
	[ $status -eq 2 ] && grep -qx "grade.sh: two submissions named same" err ||
		{ echo "exit $status"; cat out err; exit 1; }
	grade "$assignment" no-such-folder
	[ $status -eq 2 ] && grep -qx "grade.sh: not a folder: no-such-folder" err ||
		{ echo "exit $status"; cat out err; exit 1; }
'

# --- the formats, on made-up results (tests/data/grades) --------------------

test_expect 'the formats of made-up results are the golden file (tests/data/grades.expected)' '
	grade_formats fixture >actual 2>&1 &&
	compare "$top/tests/data/grades.expected" actual
'

test_expect PYTHON,JUNITPARSER 'their junit.xml and results.json parse, markup and backslashes as text' '
	grade_formats fixture >/dev/null 2>&1
	/usr/bin/python3 - fixture/grades <<-EOT
	import json, sys
	from junitparser import JUnitXml, Failure
	for name in "alice", "bob", "carol":
	    result = json.load(open(sys.argv[1] + "/" + name + "/results.json"))
	    JUnitXml.fromfile(sys.argv[1] + "/" + name + "/junit.xml")
	bob = json.load(open(sys.argv[1] + "/bob/results.json"))
	assert "</script> & <b>" in bob["tests"][0]["output"], bob
	assert bob["tests"][0]["output"].count(chr(92)) == 2 and bob["tests"][1]["output"].count(chr(92)) == 1, bob
	assert chr(9) + "here" in bob["tests"][0]["output"], bob
	case = list(list(JUnitXml.fromfile(sys.argv[1] + "/bob/junit.xml"))[0])[0]
	assert "</script> & <b>" in case.result[0].text, case.result[0].text
	EOT
'

# --- the example: three checks, the Python pair and the wrong client -------

test_expect NETNS,PYTHON 'the example: right and wrong, a report, a line each, exit 1' '
	submission alice server.py client.py && submission bob server.py client-hangs-up.py &&
	grade -o grades "$assignment" class/alice class/bob
	[ $status -eq 1 ] || { echo "exit $status"; cat out err grades/*/report.txt; exit 1; }
	cat >expect <<-EOT &&
	alice: 20 of 20 points (assignment-1 10/10, handshake 5/5, lost-ack 5/5)
	bob: 0 of 20 points (assignment-1 0/10 FAIL, handshake 0/5 FAIL, lost-ack 0/5 FAIL)
	grades: $PWD/grades/index.html (class.csv, NAME/report.txt, junit.xml, results.json)
	EOT
	compare expect out &&
	printf "%s\n" "submission,assignment-1,handshake,lost-ack,total" \
	    "alice,10,5,5,20" "bob,0,0,0,0" >expect && compare expect grades/class.csv &&
	# when the reset goes, before or after the server'"'"'s FIN, depends on
	# timing; on a busy machine the ACK of that FIN may go alone before it
	sed -n "/^== handshake/,/^likely cause/p" grades/bob/report.txt >actual &&
	grep -q "^== handshake: MISMATCH: packet [67], client R*\. (the pattern: " actual &&
	grep -q "^--- expected ($top/captures/handshake.flags)" actual &&
	grep -qx "+client R." actual &&
	grep -qx "likely cause: a reset (R): a socket was closed with unread data or SO_LINGER {1, 0}, or nothing listened" actual &&
	grep -q "^FAIL         0 of 10  assignment-1     MISMATCH: packet [67], client R*\." grades/bob/report.txt &&
	grep -q "^welcome to our server. timestamp on server: " grades/alice/report.txt &&
	for file in report.txt junit.xml results.json handshake.txt handshake.html; do
		[ -s "grades/bob/$file" ] || { echo "no grades/bob/$file"; exit 1; }
	done &&
	grep -q "<a href=\"bob/handshake.html\">ladder</a>" grades/index.html &&
	grep -q "<td class=\"pass\">pass 10</td>" grades/index.html ||
		{ cat grades/*/report.txt; exit 1; }
	cp -R grades "$scratch/example-grades"
'

test_expect NETNS,HTML_VALIDATE,PYTHON 'index.html, the class at a glance, is valid HTML (html-validate)' '
	[ -d "$scratch/example-grades" ] || { echo "no grades from the test above"; exit 1; }
	bounded 60 "$top/tests/browser/node_modules/.bin/html-validate" \
	    --config "$top/tests/browser/.htmlvalidate.json" "$scratch/example-grades/index.html"
'

test_expect NETNS,JUNITPARSER,PYTHON 'junit.xml read by junitparser: a suite each, the diff and cause in <failure>' '
	[ -d "$scratch/example-grades" ] || { echo "no grades from the test above"; exit 1; }
	/usr/bin/python3 - "$scratch/example-grades" <<-EOT
	import sys
	from junitparser import JUnitXml, Failure
	for name, failing in ("alice", 0), ("bob", 3):
	    xml = JUnitXml.fromfile(sys.argv[1] + "/" + name + "/junit.xml")
	    suites = list(xml)
	    assert len(suites) == 1 and suites[0].name == name, suites
	    cases = list(suites[0])
	    assert [c.name for c in cases] == ["assignment-1", "handshake", "lost-ack"], cases
	    failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
	    assert len(failed) == failing, (name, failed)
	    assert suites[0].failures == failing and suites[0].tests == 3
	    for case in failed:
	        body = case.result[0].text
	        assert "+client R." in body and "likely cause: a reset" in body, body
	EOT
'

test_expect NETNS,PYTHON 'results.json has the fields Gradescope documents' '
	[ -d "$scratch/example-grades" ] || { echo "no grades from the test above"; exit 1; }
	"$python" - "$scratch/example-grades" <<-EOT
	import json, sys
	for name, score in ("alice", 20), ("bob", 0):
	    result = json.load(open(sys.argv[1] + "/" + name + "/results.json"))
	    assert result["score"] == score, result["score"]
	    assert isinstance(result["execution_time"], int)
	    assert result["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
	    assert set(result) <= {"score", "execution_time", "output", "visibility",
	        "stdout_visibility", "extra_data", "tests", "leaderboard"}, result.keys()
	    assert sum(t["score"] for t in result["tests"]) == score
	    for test in result["tests"]:
	        assert set(test) <= {"score", "max_score", "status", "name", "number",
	            "output", "tags", "visibility", "extra_data"}, test.keys()
	        assert isinstance(test["max_score"], (int, float)) and test["status"] in ("passed", "failed")
	        assert isinstance(test["name"], str) and isinstance(test["output"], str)
	    assert [t["max_score"] for t in result["tests"]] == [10, 5, 5]
	EOT
'

test_expect NETNS,PROVE,PYTHON '--tap: prove reads it, 2 tests, 1 of them failed' '
	submission alice server.py client.py && submission bob server.py client-hangs-up.py &&
	printf "%s\n" "server_command=python3 server.py {port}" \
	    "client_command=python3 client.py {address} {port}" "check=handshake 5" >one-check &&
	grade --tap -o grades one-check class/alice class/bob
	[ $status -eq 1 ] && head -n 1 out | grep -qx "1..2" &&
	grep -qx "ok 1 - alice: handshake (5 of 5 points)" out &&
	grep -q "^not ok 2 - bob: handshake: MISMATCH: packet [67], client R*\." out &&
	grep -q "^#   +client R.$" out ||
		{ echo "exit $status"; cat out err; exit 1; }
	prove -e cat out >prove.out 2>&1
	grep -q "^Failed 1/2 subtests" prove.out && grep -q "^Result: FAIL" prove.out ||
		{ cat prove.out; exit 1; }
'

# --- every kind of submission, side by side --------------------------------

test_expect NETNS,PYTHON,CC 'a class of every kind: each verdict right, bounded, nothing left behind' '
	sh "$example/class.sh" "$PWD/made" 9 &&
	sed -i -e "s/^timeout=3/timeout=2/" -e "/^check=assignment-1/d" -e "/^check=lost-ack/d" made/assignment &&
	# the one that prints 100 MiB: the next test, with a bound that its
	# printing fits in on a busy machine
	rm -r made/class/s07-floods && sed -i "/^s07-floods /d" made/expected &&
	# started from a folder of this script'"'"'s own, all it starts works there
	here=$PWD && mkdir -p "$TMPDIR/grader" && cd "$TMPDIR/grader" &&
	grade -j 3 -o "$here/made/grades" "$here/made/assignment" "$here"/made/class/*
	cd "$here" && mv "$TMPDIR/grader/out" "$TMPDIR/grader/err" . || exit 1
	[ $status -eq 1 ] || { echo "exit $status"; cat out err; exit 1; }
	while read -r name state; do
		case $state in
		pass) grep -qx "$name,5,5" made/grades/class.csv ;;
		*) grep -qx "$name,0,0" made/grades/class.csv ;;
		esac || { echo "$name: not $state"; cat made/grades/class.csv; exit 1; }
	done <made/expected &&
	grep -q "waiting for the server to listen" made/grades/s05-never-listens/report.txt &&
	grep -q "waiting for the client to finish" made/grades/s06-hangs/report.txt &&
	grep -qx "cc -o server no-such-file.c" made/grades/s08-build-fails/report.txt &&
	grep -q "exec: ./client: not found" made/grades/s09-no-client/report.txt &&
	[ "$(du -sk made/grades | cut -f 1)" -lt 2048 ] || { cat made/grades/*/report.txt; exit 1; }
	left=$(ours) && [ -z "$left" ] || { echo "left running: $left"; exit 1; }
	! ls -d "$TMPDIR"/handshake-grade.* 2>/dev/null
'

test_expect NETNS,PYTHON,CC 'a client that prints 100 MiB before it connects: its output cut after 1 MiB, graded on its packets' '
	here=$PWD && sh "$example/class.sh" "$PWD/flood" 7 &&
	# the capture copies the 1 MiB kept into its log, seconds on a busy machine
	sed -i -e "s/^timeout=3/timeout=20/" -e "/^check=assignment-1/d" -e "/^check=lost-ack/d" flood/assignment &&
	mkdir -p "$TMPDIR/grader" && cd "$TMPDIR/grader" &&
	grade -o "$here/flood/grades" "$here/flood/assignment" "$here/flood/class/s07-floods"
	cd "$here" && mv "$TMPDIR/grader/out" "$TMPDIR/grader/err" . || exit 1
	report=flood/grades/s07-floods/report.txt
	[ $status -eq 0 ] &&
	grep -q "^pass .* handshake        match: 8 packets; output cut after 1 MiB (" $report &&
	grep -q "^output cut after 1 MiB: the client.s stdout, then [0-9]* bytes more or so, read and dropped; the programs ran on$" $report &&
	grep -q "^== client (exit 0)$" $report &&
	[ "$(wc -c <$report)" -lt 20000 ] && [ "$(du -sk flood/grades | cut -f 1)" -lt 256 ] ||
		{ echo "exit $status"; cat err; cut -c 1-300 $report; exit 1; }
	grep -qx "s07-floods,5,5" flood/grades/class.csv &&
	grep -q "output cut after 1 MiB" flood/grades/s07-floods/results.json &&
	left=$(ours) && [ -z "$left" ] || { echo "left running: $left"; exit 1; }
'

# --- a hostile submission ----------------------------------------------------

test_expect NETNS,PYTHON 'a hostile server cannot read, delete or write what is not its own' '
	submission alice server.py client.py && submission bob server.py client.py &&
	submission slow server.py client.py &&
	{ echo "import time"; echo "time.sleep(1.5)"; cat "$example/server.py"; } >class/slow/server.py &&
	mkdir -p class/mallory && cp "$example/client.py" class/mallory/ &&
	{
		echo "import glob, os, shutil, sys, time"
		echo "def attempt(what, action):"
		echo "    try:"
		echo "        action()"
		echo "        print(\"attempt to \" + what + \": SUCCEEDED\", file=sys.stderr)"
		echo "    except OSError as error:"
		echo "        print(\"attempt to \" + what + \": failed\", file=sys.stderr)"
		echo "def copies():"
		echo "    # slow works on its copy for 1.5 s or more: wait for it, 5 s at most"
		echo "    # (as root with namespaces, in its tmpfs, box/, mounted in its own"
		echo "    # namespace alone, here an empty folder that only root may enter;"
		echo "    # and our /tmp is our own: TMPDIR there cannot even be listed)"
		echo "    for _ in range(500):"
		echo "        for work in os.listdir(\"$TMPDIR\"):"
		echo "            slow = \"$TMPDIR/\" + work + \"/sub/slow/\""
		echo "            if os.path.exists(slow + \"box\"):"
		echo "                return os.listdir(slow + \"box/src\")"
		echo "            if os.path.exists(slow + \"src\"):"
		echo "                return os.listdir(slow + \"src\")"
		echo "        time.sleep(0.01)"
		echo "    print(\"no copy of slow found\", file=sys.stderr)"
		echo "attempt(\"read a source\", lambda: open(\"$PWD/class/alice/server.py\").read())"
		echo "attempt(\"read a copy\", copies)"
		echo "attempt(\"delete a folder\", lambda: shutil.rmtree(\"$PWD/class/bob\"))"
		echo "attempt(\"write the assignment\", lambda: open(\"$PWD/assignment\", \"a\").write(\"x\"))"
		echo "attempt(\"write a grade\", lambda: open(\"$PWD/grades/alice/report.txt\", \"w\").write(\"x\"))"
		echo "attempt(\"add a grade\", lambda: open(\"$PWD/grades/mallory-was-here\", \"w\").write(\"x\"))"
		cat "$example/server.py"
	} >class/mallory/server.py &&
	grep -v -e "^check=lost-ack" -e "^check=handshake" "$assignment" >assignment &&
	cp "$example"/assignment-1* . && mkdir -p grades/alice && echo "an earlier grade" >grades/alice/report.txt &&
	find class -type f -exec cksum {} + | sort >before && cp assignment assignment.before &&
	grade -j 4 -o grades assignment class/alice class/bob class/slow class/mallory
	[ $status -eq 0 ] || { echo "exit $status"; cat out err grades/*/report.txt; exit 1; }
	[ "$(grep -c "^attempt to .*: failed$" grades/mallory/report.txt)" -eq 6 ] &&
	! grep -e "SUCCEEDED" -e "no copy" grades/mallory/report.txt || { cat grades/mallory/report.txt; exit 1; }
	find class -type f -exec cksum {} + | sort >after && compare before after &&
	compare assignment.before assignment && [ ! -e grades/mallory-was-here ] &&
	grep -qx "mallory,10,10" grades/class.csv && grep -qx "alice,10,10" grades/class.csv ||
		{ ls grades; cat grades/class.csv; exit 1; }
'

# --- timing ------------------------------------------------------------------

# The right runs close half a second after the server's FIN, so that the ACK
# of the FIN goes alone at the delayed-ACK timer (40 ms), which the
# course's pattern expects: a right run is right however busy the
# machine is.  The handshake's own pattern needs the client to close
# within those 40 ms, and under make test's load a right run could miss
# them, where -r (unlike one run) does not capture it again.
test_expect NETNS,PYTHON '-r 3: a client right every other run passes 2 of 3, partial credit' '
	submission sometimes server.py client.py &&
	{
		echo "import glob, sys, time"
		echo "runs = len(glob.glob(\"run-*\"))"
		echo "open(\"run-%d\" % runs, \"w\").close()"
		echo "if runs % 2 == 1:"
		echo "    sys.argv[0] = \"hangs-up\""
		echo "    exec(open(\"hangs-up.py\").read())"
		echo "    sys.exit(0)"
		awk "/^sock\\.close\\(\\)\$/ { print \"time.sleep(0.5)\" } { print }" "$example/client.py"
	} >class/sometimes/client.py && cp "$example/client-hangs-up.py" class/sometimes/hangs-up.py &&
	grep -q "^time.sleep(0.5)$" class/sometimes/client.py &&
	printf "%s\n" "summary=the client closes late: the ACK of the FIN goes alone" \
	    "address=127.0.0.1" "port=20000" "network=loopback" >late-close &&
	printf "%s\n" "client S" "server S." "client ." "server P. +" "client . +" "server F." \
	    "client ." "client F." "server ." >late-close.flags &&
	printf "%s\n" "server_command=python3 server.py {port}" "client_command=python3 client.py {address} {port}" \
	    "check=late-close 6" "partial=yes" >timing &&
	grade -r 3 -o grades timing class/sometimes
	[ $status -eq 1 ] &&
	grep -q "^TIMING       4 of 6   late-close       passes 2 of 3: depends on timing; MISMATCH: packet [67], client R*\." out &&
	grep -qx "sometimes,4,4" grades/class.csv &&
	grep -q "<failure message=\"passes 2 of 3: depends on timing" grades/sometimes/junit.xml ||
		{ echo "exit $status"; cat out err grades/sometimes/report.txt; exit 1; }
'

# --- could not run here ------------------------------------------------------

test_lazy_prereq BECOME_ANOTHER '
	{ [ "$(id -u)" -eq 0 ] || prereq_missing "needs root, to be another user or lose a capability"; } &&
	{ command -v setpriv >/dev/null 2>&1 || prereq_missing "setpriv is not installed"; }
'
# As root, nobody (who has no subordinate ids) grades; an ordinary user
# without namespaces is such a user already.
nobody=BECOME_ANOTHER as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
# shellcheck disable=SC2034 # as_nobody is used inside the test body
if [ "$(id -u)" -ne 0 ] && ! test_have_prereq LIVE; then
	nobody='' as_nobody=''
fi
test_expect "$nobody" 'no way to run them as another id: "could not run here" in every format, exit 3' '
	# the lab and the class where nobody can read them, whoever owns this one
	lab=$TMPDIR/lab && mkdir -p "$lab/captures" "$lab/tests" "$TMPDIR/nobody/class" &&
	cp -R "$top/scripts" "$top/lessons" "$lab/" && cp "$top"/captures/*.flags "$lab/captures/" &&
	cp -R "$example" "$lab/tests/" && chmod -R a+rX "$lab" && chmod 777 "$TMPDIR/nobody" &&
	mkdir "$TMPDIR/nobody/class/alice" && cp "$example/server.py" "$example/client.py" "$TMPDIR/nobody/class/alice/" &&
	chmod -R a+rX "$TMPDIR/nobody/class" &&
	HOME=$TMPDIR/nobody TMPDIR=$TMPDIR/nobody bounded 60 $as_nobody \
	    sh "$lab/scripts/grade.sh" --tap -o "$TMPDIR/nobody/grades" "$lab/tests/grading-example/assignment" \
	    "$TMPDIR/nobody/class/alice" >out 2>err
	status=$?
	[ $status -eq 3 ] &&
	[ "$(grep -c "^ok [1-3] - alice: .* # SKIP could not run here: an ordinary user can run" out)" -eq 3 ] ||
		{ echo "exit $status"; cat out err; exit 1; }
	grades=$TMPDIR/nobody/grades &&
	grep -qx "alice,n/a,n/a,n/a,0" "$grades/class.csv" &&
	grep -q "^alice: 0 of 20 points (20 could not be graded here)" "$grades/alice/report.txt" &&
	[ "$(grep -c "<skipped message=\"could not run here: " "$grades/alice/junit.xml")" -eq 3 ] &&
	! grep -q "\"status\"" "$grades/alice/results.json" &&
	grep -q "20 of 20 points could not be graded on this machine" "$grades/alice/results.json" ||
		{ ls -lR "$grades"; cat "$grades"/class.csv "$grades"/alice/*; exit 1; }
'

test_expect BECOME_ANOTHER,PYTHON 'Gradescope'"'"'s run_autograder as root without CAP_SYS_ADMIN (a container): lost-ack could not run, the rest did' '
	mkdir -p gradescope && ln -s "$top" gradescope/source &&
	cp -R "$example/server.py" "$example/client.py" gradescope/ && mkdir gradescope/submission &&
	mv gradescope/server.py gradescope/client.py gradescope/submission/ || exit 1
	# root in a container: Docker'"'"'s default capabilities, and a lo of its
	# own where a network namespace can be had (else this is one already):
	# the host'"'"'s port 20000 may be another checkout'"'"'s
	set -- setpriv \
	    --bounding-set=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+net_bind_service,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap \
	    --inh-caps=-all sh "$example/ci/run_autograder"
	if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
		set -- unshare --net sh -c "ip link set lo up && exec \"\$@\"" sh "$@"
	fi
	AUTOGRADER=$PWD/gradescope bounded 60 "$@" >out 2>err
	status=$?
	[ $status -eq 0 ] &&
	grep -q "^grade.sh: no namespaces here: one capture at a time on the host" err &&
	grep -q "^n/a          - of 5   lost-ack         could not run here: lesson lost-ack needs a private network namespace" out &&
	grep -qx "submission,10,5,n/a,15" gradescope/grades/class.csv || { echo "exit $status"; cat out err; exit 1; }
	# results.json as grades.awk lays it out (a field a line, a test a
	# line), read without python3
	cat >results.awk <<-"EOT" &&
	/^  "score": / { score = $2 }
	/could not be graded on this machine/ { said = 1 }
	/^    [{]"name": / {
		tests++
		state[tests] = "none"
		if (match($0, /"status": "[a-z]*"/))
			state[tests] = substr($0, RSTART + 11, RLENGTH - 12)
	}
	END {
		if (score == "15," && tests == 3 && said && state[1] == "passed" &&
		    state[2] == "passed" && state[3] == "none")
			exit 0
		print "score " score " tests " tests " states " state[1] " " state[2] " " state[3]
		exit 1
	}
	EOT
	awk -f results.awk gradescope/results/results.json || { cat gradescope/results/results.json; exit 1; }
	# python3, which the programs need here anyway, reads it as JSON
	"$python" - gradescope/results/results.json <<-EOT
	import json, sys
	result = json.load(open(sys.argv[1]))
	assert result["score"] == 15, result
	assert [t.get("status") for t in result["tests"]] == ["passed", "passed", None], result
	assert "could not be graded on this machine" in result["output"]
	EOT
'

# --- a run stopped half way -------------------------------------------------

test_expect NETNS,PYTHON 'grade.sh stopped half way: the earlier grades stay, nothing is left behind' '
	for name in s1 s2 s3 s4; do submission "$name" server.py client.py || exit 1; done
	mkdir -p stopped/s1 "$TMPDIR/grader" && echo "an earlier grade" >stopped/s1/report.txt || exit 1
	# started from a folder of this script'"'"'s own, all it starts works there
	here=$PWD &&
	(cd "$TMPDIR/grader" && exec sh "$top/scripts/grade.sh" -j 2 -o "$here/stopped" "$assignment" "$here"/class/*) >out 2>err &
	grader=$!
	polls=0 &&
	until ls -d "$TMPDIR"/handshake-grade.*/sub/*/run/.capture.* >/dev/null 2>&1; do
		kill -0 $grader 2>/dev/null || { echo "grade.sh ended first"; exit 1; }
		polls=$((polls + 1))
		[ $polls -lt 2000 ] || { echo "no capture began within 20 s"; exit 1; }
		sleep 0.01
	done &&
	kill -TERM $grader && wait $grader
	status=$?
	[ $status -eq 143 ] || { echo "exit $status"; cat out err; exit 1; }
	grep -qx "an earlier grade" stopped/s1/report.txt && [ ! -e stopped/class.csv ] ||
		{ echo "the earlier grades changed:"; ls -lR stopped; exit 1; }
	! ls -d "$TMPDIR"/handshake-grade.* 2>/dev/null || { echo "a work folder is left"; exit 1; }
	left=$(ours) && [ -z "$left" ] || { echo "left running: $left"; exit 1; }
'

rm -rf "$TMPDIR"
test_done
