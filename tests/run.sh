#!/bin/sh
# tests/run.sh - run every tests/t*.sh, print their TAP, then one summary line.
# Exit 0 only when no test failed; a script that dies counts as a failure.
set -u
cd "$(dirname "$0")" || exit 1
passed=0 failed=0 skipped=0
mkdir -p scratch
results=scratch/results
trap 'rm -f "$results"; rmdir scratch 2>/dev/null; exit' EXIT
trap 'exit 130' INT TERM
for script in t[0-9]*.sh; do
	echo "# $script"
	sh "./$script" >"$results" 2>&1
	status=$?
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
