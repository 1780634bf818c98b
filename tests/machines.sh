#!/bin/sh
# tests/machines.sh [-i image] [kind...] - run the README's commands as each
# kind of user and machine would, from a clean clone of HEAD, and print a
# line each: what `make demo` said about isolation, and how `CI=true make
# test` ended.  For maintainers, not part of `make test`: it needs root, and
# Docker's daemon for the container kinds.
#
#   root        this machine, as root
#   subids      an ordinary user with subordinate ids (useradd gives them)
#   nosubids    an ordinary user without
#   notools     root, on a PATH without setpriv, unshare, nsenter, ip,
#               timeout and setsid
#   mawk, bwk   root, with mawk (a stock Debian or Ubuntu's awk) or BWK's
#               (original-awk: a Mac's) first on PATH as awk
#   docker      a Docker container with default options
#   docker-caps the same with --cap-add NET_ADMIN --cap-add SYS_ADMIN
#   docker-user the same as user 1000:1000 (no capabilities at all)
#   minimal     a Docker container, default options, of a fresh Debian
#               minbase with only what the README asks for: no python3
#   two-at-once this machine, as root: CI=true make test in two clones at
#               once, and a scripts/grade.sh of a third grading a made-up
#               class beside them, again and again while they run; a line
#               for each make test, and one for the gradings (every
#               verdict as tests/grading-example/class.sh expects it)
#
# No kind: all of them.  The users it makes (handshake-subids,
# handshake-nosubids) and their files go at the end.  The image
# (-i, default handshake-lab) is made when missing, from a debootstrap
# minbase root: images cannot be pulled here.
# Exit: 0 every make test ended "0 failed"; 1 one did not; 2 usage;
# 3 cannot run here (not root).

set -u
prog=machines.sh
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$0")/../scripts/lib/common.sh"

usage() {
	echo "usage: machines.sh [-i image] [root | subids | nosubids | notools | mawk | bwk | docker | docker-caps | docker-user | minimal | two-at-once]..." >&2
	exit "$EXIT_USAGE"
}

image=handshake-lab
while getopts :i: opt; do
	case $opt in
	i) image=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
kinds=${*:-root subids nosubids notools mawk bwk docker docker-caps docker-user minimal two-at-once}
for kind in $kinds; do
	case $kind in
	root | subids | nosubids | notools | mawk | bwk | docker | docker-caps | docker-user | minimal | two-at-once) ;;
	*) usage ;;
	esac
done
[ "$(id -u)" -eq 0 ] || fail "$EXIT_CANNOT" "it makes users and runs Docker: run it as root"

work=$(mktemp -d /tmp/handshake-machines.XXXXXX) || exit 1
chmod 755 "$work"
users=''
cleanup() {
	for user in $users; do
		userdel -r "$user" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# clone DIR: a clean clone of HEAD in DIR, as CI has it.
clone() {
	git clone -q --no-hardlinks "$repo" "$1" || fail 1 "cannot clone $repo"
}

# user NAME SUBIDS: a new ordinary user, with subordinate ids or without.
user() {
	id "$1" >/dev/null 2>&1 || useradd -m "$1" || fail 1 "cannot add user $1"
	users="$users $1"
	if [ "$2" = no ]; then
		for file in /etc/subuid /etc/subgid; do
			sed -i "/^$1:/d" "$file"
		done
	fi
}

# report KIND LOG: the isolation line of make demo and make test's summary.
report() {
	isolated=$(grep -m 1 'no private network namespace here' "$2" ||
	    grep -m 1 -e '^capturing ' -e '^capture.sh: ' "$2")
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$2" | tail -n 1)
	printf '%-12s %s\n' "$1" "${summary:-make test did not finish: see $2}"
	# make demo's line, where it ran
	case $1 in two-at-once/*) ;; *) printf '%-12s   %s\n' "" "${isolated:-no capture}" ;; esac
	grep '^not ok' "$2" | sed 's/^/               /'
	case $summary in *" 0 failed,"*) ;; *) failures=$((failures + 1)) ;; esac
}

commands='make demo; echo "make demo: exit $?"; CI=true make test'

# a PATH without the tools a Mac, a BSD or a small container lacks
no_tools_path() {
	mkdir -p "$work/bin-notools" || return 1
	for bin in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
		for tool in "$bin"/*; do
			name=${tool##*/}
			case $name in setpriv | unshare | nsenter | ip | timeout | setsid) continue ;; esac
			[ -e "$work/bin-notools/$name" ] || ln -s "$tool" "$work/bin-notools/$name"
		done
	done
}

# image NAME [PACKAGE]: a debootstrap minbase root with what the README
# asks for, and PACKAGE (python3, which Gradescope's images have)
image() {
	docker image inspect "$1" >/dev/null 2>&1 && return 0
	command -v debootstrap >/dev/null 2>&1 ||
		fail "$EXIT_CANNOT" "no image $1, and no debootstrap to make one: apt-get install debootstrap"
	echo "making the image $1 (debootstrap: minutes)"
	debootstrap --variant=minbase \
	    --include="gcc,make,libc6-dev,git,iproute2,procps,tcpdump,nftables${2:+,$2}" \
	    bookworm "$work/root" >"$work/debootstrap.log" 2>&1 ||
		fail 1 "debootstrap failed: see $work/debootstrap.log"
	tar -C "$work/root" --exclude='./proc/*' --exclude='./sys/*' -c . |
	    docker import - "$1" >/dev/null || fail 1 "docker import failed"
	rm -rf "$work/root"
}

# two_at_once DIR: two make tests at once in two clones, in DIR/a and
# DIR/b (logs DIR/a.log, DIR/b.log), and beside them, while either runs,
# grade.sh of a third clone (DIR/c) on a made-up class; its last output in
# DIR/grade.log.  Prints the gradings' line; false when a verdict was wrong.
two_at_once() {
	for clone in a b c; do
		clone "$1/$clone"
	done
	# each says when it is over in CLONE.done (a PID could be another's by then)
	for clone in a b; do
		{
			(cd "$1/$clone" && CI=true make test) >"$1/$clone.log" 2>&1 </dev/null
			: >"$1/$clone.done"
		} &
	done
	sh "$1/c/tests/grading-example/class.sh" "$1/class" 9 >/dev/null || fail 1 "cannot make the class"
	# the capture copies the flooding client's kept 1 MiB into its log:
	# seconds on a machine this busy, more than the class's 3
	sed -i "s/^timeout=3\$/timeout=10/" "$1/class/assignment" || fail 1 "cannot make the class"
	gradings=0 wrong=''
	while [ ! -f "$1/a.done" ] || [ ! -f "$1/b.done" ]; do
		sh "$1/c/scripts/grade.sh" -j 2 -o "$1/class/grades" "$1/class/assignment" \
		    "$1/class/class"/* >"$1/grade.log" 2>&1 </dev/null
		status=$?
		gradings=$((gradings + 1))
		# a pass earns every point, a failure none
		while read -r name state; do
			case $state in
			pass) grep -qx "$name,10,5,5,20" "$1/class/grades/class.csv" ;;
			*) grep -qx "$name,0,0,0,0" "$1/class/grades/class.csv" ;;
			esac || {
				wrong="$wrong $gradings:$name"
				mkdir -p "$1/wrong.$gradings" && cp "$1/class/grades/class.csv" \
				    "$1/class/grades/$name/report.txt" "$1/wrong.$gradings/"
			}
		done <"$1/class/expected"
		[ "$status" -eq 1 ] || wrong="$wrong $gradings:exit-$status"
	done
	wait
	for kept in "$1"/wrong.*; do
		[ ! -d "$kept" ] || cp -R "$kept" "$work/../handshake-machines-two-at-once-${kept##*/}"
	done
	printf '%-12s %s\n' grade.sh "$gradings gradings of 9 submissions beside them, ${wrong:+NOT }every verdict right${wrong:+:$wrong (reports: /tmp/handshake-machines-two-at-once-wrong.N)}"
	[ -z "$wrong" ]
}

failures=0
for kind in $kinds; do
	dir=$work/$kind
	log=$work/$kind.log
	case $kind in
	root)
		clone "$dir"
		(cd "$dir" && sh -c "$commands") >"$log" 2>&1 </dev/null ;;
	subids | nosubids)
		name=handshake-$kind
		case $kind in subids) user "$name" yes ;; *) user "$name" no ;; esac
		clone "$dir" && chown -R "$name" "$dir"
		su "$name" -s /bin/sh -c "cd '$dir' && $commands" >"$log" 2>&1 </dev/null ;;
	two-at-once)
		mkdir -p "$dir" || exit 1
		two_at_once "$dir" || failures=$((failures + 1))
		for clone in a b; do
			report "$kind/$clone" "$dir/$clone.log"
			cp "$dir/$clone.log" "$work/../handshake-machines-$kind-$clone.log" 2>/dev/null
		done
		continue ;;
	notools)
		clone "$dir" && no_tools_path
		(cd "$dir" && PATH=$work/bin-notools sh -c "$commands") >"$log" 2>&1 </dev/null ;;
	mawk | bwk)
		case $kind in mawk) program=mawk ;; *) program=original-awk ;; esac
		if ! command -v "$program" >/dev/null 2>&1; then
			printf '%-12s %s\n' "$kind" "not run: no $program (apt-get install $program)"
			continue
		fi
		clone "$dir" && mkdir -p "$work/bin-$kind" &&
		ln -sf "$(command -v "$program")" "$work/bin-$kind/awk" || exit 1
		(cd "$dir" && PATH=$work/bin-$kind:$PATH sh -c "$commands") >"$log" 2>&1 </dev/null ;;
	docker* | minimal)
		if ! docker info >/dev/null 2>&1; then
			printf '%-12s %s\n' "$kind" "not run: no Docker daemon (dockerd --bridge=none --iptables=false --ip6tables=false &)"
			continue
		fi
		clone "$dir"
		run_image=$image
		case $kind in
		minimal) options='' run_image=$image-minimal && image "$run_image" ;;
		*) image "$image" python3 ;;
		esac
		case $kind in
		docker | minimal) options='' ;;
		docker-caps) options='--cap-add NET_ADMIN --cap-add SYS_ADMIN' ;;
		docker-user) options='--user 1000:1000' && chown -R 1000:1000 "$dir" ;;
		esac
		# shellcheck disable=SC2086 # $options are words
		docker run --rm --network none $options -v "$dir":/lab -w /lab "$run_image" \
		    sh -c "$commands" >"$log" 2>&1 </dev/null ;;
	esac
	report "$kind" "$log"
	cp "$log" "$work/../handshake-machines-$kind.log" 2>/dev/null
done
echo "logs: /tmp/handshake-machines-KIND.log"
[ "$failures" -eq 0 ]
