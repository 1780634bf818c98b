# scripts/flags.awk - tcpdump text in, the flag sequence with direction out:
# one packet a line, "client" or "server", then tcpdump's flags as printed.
#
#   client S
#   server S.
#
# The client is the side that sent the first SYN; in a capture without one
# (it started late), the side with the higher port, since servers listen on
# fixed low ports and clients get high ephemeral ones.  Loaded after
# tcpdump.awk.

parse_packet($0) {
	n++
	src[n] = pk_src
	dst[n] = pk_dst
	flags[n] = pk_flags
	if (client == "" && pk_flags == "S")
		client = pk_src
}

END {
	if (client == "" && n > 0)
		client = port_of(src[1]) + 0 > port_of(dst[1]) + 0 ? src[1] : dst[1]
	for (i = 1; i <= n; i++)
		print (src[i] == client ? "client" : "server"), flags[i]
}
