#!/bin/sh
# tests/run.sh - run every tests/t*.sh, print their TAP, then one summary
# line.  Exit 0 only when no test failed; a script that dies counts as a
# failure.  The scripts run side by side, each in its own folder, except
# where captures share the host's lo (port 20000): one at a time there.
# Scripts that capture nothing live run niced: a lesson's packets depend on
# the client closing within the delayed-ACK timer (40 ms), which a busy
# machine must not starve it of.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export HANDSHAKE_LIVE
cd "$top/tests" || exit 1
trap 'rm -rf "$scratch"; exit' EXIT
trap 'exit 130' INT TERM

scripts=$(echo t[0-9]*.sh)
for script in $scripts; do
	priority=
	grep -Eq '^[[:space:]]*(live|isolated) ' "$script" || priority="nice -n 10"
	{
		$priority sh "./$script" >"$scratch/$script.tap" 2>&1
		echo $? >"$scratch/$script.status"
	} &
	[ "$live_mode" != host ] || wait
done
wait
passed=0 failed=0 skipped=0
for script in $scripts; do
	status=$(cat "$scratch/$script.status")
	results=$scratch/$script.tap
	echo "# $script"
	cat "$results"
	passed=$((passed + $(grep -c '^ok [0-9]* - ' "$results")))
	failed=$((failed + $(grep -c '^not ok ' "$results")))
	skipped=$((skipped + $(grep -c '^ok [0-9]* # skip ' "$results")))
	if [ "$status" -ne 0 ] && ! grep -q '^not ok ' "$results"; then
		echo "not ok - $script exited with status $status"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
