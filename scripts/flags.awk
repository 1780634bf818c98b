# scripts/flags.awk - tcpdump text in, the flag sequence with direction out:
# one packet a line, "client" or "server", then tcpdump's flags as printed.
#
#   client S
#   server S.
#
# Who is the client: see client_of() in tcpdump.awk, loaded before this.

parse_packet($0) {
	n++
	src[n] = pk_src
	dst[n] = pk_dst
	flags[n] = pk_flags
}

END {
	client = client_of(n, src, dst, flags)
	for (i = 1; i <= n; i++)
		print (src[i] == client ? "client" : "server"), flags[i]
}
