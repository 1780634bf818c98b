# scripts/lib/arrays.awk - dense(): arrays that grow with the packets, made
# fast under mawk.  Loaded before the stages by ladder.sh and by the
# capture's judges; the reading, the meaning and the views use it (it
# reads nothing of the packets).
#
# mawk keeps an array in a hash table whose chains grow to 6-12 keys
# before it doubles, and moves the key it finds to the front of its
# chain: a pass over the packets, in order, walks every chain whole, a
# cache miss a key, for each array it reads; on a long capture that was
# half of mawk's time.  The arrays split() makes are the exception:
# indexed directly, while only the numbers 1 .. count are used.  (gawk,
# busybox awk and BWK awk index every array alike: it costs them nothing.)

# dense(a, count): a[1] .. a[count], all "", in an array split() made, for
# what is kept for each packet (or record); count 2 or more (split() of
# "" makes none).  Read by value, never with "in" or delete, and indexed
# by numbers only: either would make it a hash table again.
function dense(a, count,    s) {
	s = SUBSEP
	while (length(s) < count)
		s = s s
	split(substr(s, 1, count - 1), a, SUBSEP)
}
