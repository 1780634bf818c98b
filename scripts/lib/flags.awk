# scripts/lib/flags.awk - the verdict on recorded tcpdump text: loaded after
# tcpdump.awk and golden.awk, run by capture.sh -r with
#
#   -v golden=FILE         the golden pattern
#   -v flags_out=FILE      where to write what was captured
#   -v expected_out=FILE   where to write the pattern on a mismatch
#   -v lossy=1             the lesson loses a packet on purpose
#
# Exit 0 on a match; 1 on a mismatch, with the likely cause on stdout.

parse_packet($0) { keep_packet() }

END {
	if (verdict(golden, flags_out, expected_out, lossy))
		exit 0
	if (cause != "")
		print cause
	exit 1
}
