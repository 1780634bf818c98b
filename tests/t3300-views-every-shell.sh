#!/bin/sh
# Portability, shells: the offline path (ladder, SVG, --explain, capture.sh
# -r, make replay) prints the same bytes under every shell this machine has
# (the awks: t3200).
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"
# shellcheck source=tests/portable.sh
. "$top/tests/portable.sh"

for name in dash bash busybox-sh yash posh; do
	same "$name" "$(where "$name")" sh
done

test_done
