# scripts/lib/mean/records.awk - the records: the one interface between the
# meaning and the views (as tcpdump's netdissect_options is between its
# core and its printers).  describe() fills them from what analysis.awk
# and explanations.awk found; a view (scripts/lib/view/) lays out these
# records, the flag table (read/flags.awk: FLAGS, flag_word[]) and its own
# -v options, and nothing else: it calls no function of read/ or mean/,
# and every word it prints about the packets comes from here.  Wrapping
# and fitting to a width are the views' (view/layout.awk).
#
# The capture, one record (scalars):
#   npackets          packets of the drawn connection; packet_words: "8 packets"
#   kernel_note       whence the server kernel's numbers come, or why they
#                     are unknown (mean/kernel.awk); "" without its record
#   kernel_packets    how many packets have them (P_CWND ...)
#   took              "4426 us": from its first packet to its last ("" without times)
#   nconnections      connections in the capture; drawn: the one drawn
#   client_end, server_end            "127.0.0.1.41648", as tcpdump prints them
#   client_address, client_port, server_address, server_port   the same, apart
#   listener          "server"; "none" (nothing listened: the SYN was refused);
#                     "self" (a socket connected to itself)
#   server_name       what the right-hand side is: "server", "no server", "(itself)"
#   first_client, first_server        each side's state before the first packet
#   numbers_note, times_note, start_note
#                     what the numbers are, what the times are, that the capture
#                     starts mid-connection: a sentence each, "" when none
#   ends_client, ends_server          how each side ends ("" for a self-connection's server)
#   others_note, skipped_note, unreadable_note
#                     what was left out, "" when nothing
#   folds_note        how many runs of plain packets are folded (-v fold=1), else ""
#
# One record per packet of the drawn connection, in order:
#   packet_record[k], k = 1 .. npackets: its fields joined by SUBSEP (the input
#   holds no such byte), split(packet_record[k], p, SUBSEP) and read as p[P_SIDE]...
#   The first PACKET_COLUMNS of them are what --tsv prints, under
#   PACKET_HEADER:
#     P_NUMBER      its number in the capture, from 1 (tcpdump -#'s)
#     P_SIDE        client or server: who sent it
#     P_FLAGS       as tcpdump printed them
#     P_SEQ, P_ACK  as printed ("" when not); P_SEQ_N, P_ACK_N counted
#                   from the stream's first number, where it is known
#     P_LENGTH      bytes of data
#     P_RESENDS     the packet it sends again (-1: bytes first sent in
#                   other pieces), else 0
#     P_COPY_OF     the packet the capture saw twice, else 0
#     P_LOST        1 when it never arrived
#     P_CLIENT, P_SERVER   each side's states after it ("FIN_WAIT_2 TIME_WAIT")
#     P_MEANING     what it does, in words
#     P_CLIENT_END, P_SERVER_END   the endpoints, as client_end, server_end
#     P_TIME_US     microseconds from the connection's first packet ("" without times)
#     P_WIN         its window in bytes, where the scale is known, else ""
#     P_RTT_US      the round trip it measures, in microseconds: on an ACK of
#                   something new, from the first sending of the newest
#                   segment it acknowledges whole, unless that segment was
#                   sent again (Karn's rule); else ""
#     P_SRTT_US     the smoothed RTT (RFC 6298) of the side whose segment it
#                   acknowledges, after that sample; "" where no sample
#   and, for the other views:
#     P_NAMES       its flags by name: "SYN-ACK"
#     P_TIME        "307 us" from the connection's first packet, "" without times
#     P_CLIENT_NOW, P_SERVER_NOW   where each side is after it (the last of
#                   P_CLIENT, P_SERVER; a self-connection's server: its client's)
#     P_CLIENT_PASSES, P_SERVER_PASSES  "server: FIN_WAIT_2, then at once
#                   TIME_WAIT" when the side went through more than one
#                   state at this packet, else ""
#     P_CLIENT_CHANGE, P_SERVER_CHANGE  "CLOSED -> SYN_SENT", or
#                   "ESTABLISHED (no change)" (with -v explain=1, else "")
#     P_LINE        the packet as tcpdump printed it (with -v keep_lines=1)
#   and, for the time-sequence graph (with -v graph=1, else "" and 0), of
#   the stream of graph_side:
#     P_G_SEQ, P_G_END   graph_side's packet: its first number and the one
#                   after it (data, SYN, FIN), counted from the stream's first
#                   number (where unknown, from the first seen); else ""
#     P_G_ACK       the peer's packet: the ACK, counted likewise; else ""
#     P_G_SACK      the peer's SACK blocks, counted likewise: "lo:hi lo:hi"
#     P_DUPACK      the how-manyth duplicate ACK it is, else 0
#   and, with -v fold=1 (the text view of a connection of more than
#   FOLD_LONG packets), else 0:
#     P_FOLD        the fold it is drawn in: one of the runs of plain packets
#                   (in-order data and ACKs, nothing else to say) told in a
#                   line, after the run's first packet, drawn whole
#   and the server kernel's own numbers as this packet reached it, for a
#   packet of the client's that the kernel's record has (mean/kernel.awk),
#   else "":
#     P_CWND        its congestion window, in segments
#     P_SSTHRESH    its slow-start threshold, in segments (2147483647: none yet)
#     P_CA_STATE    its congestion state: Open, Disorder, CWR, Recovery, Loss
#     P_K_SRTT_US   its smoothed round trip, in microseconds
#     P_KERNEL      the three in words: "server's kernel: cwnd 10, ssthresh
#                   none, Open"
#     P_KERNEL_FROM the packet (its number) since which the kernel had
#                   them, as far as the capture shows (kernel_from[])
#   and:
#     P_FLIGHT      on a first sending of data, the flight of its sender it
#                   is in, from 1 (number_flights()), else ""
#   --tsv prints P_CWND, P_SSTHRESH and P_CA_STATE after the first
#   PACKET_COLUMNS (KERNEL_HEADER), then P_FLIGHT, as its last columns.
#
# One record per fold, fold_record[g], g a packet's P_FOLD, fields joined
# by SUBSEP:
#     F_FIRST, F_LAST   its first and last packets' numbers
#     F_COUNT       how many packets, in words: "34 packets"
#     F_WORDS       what they carried: "9 data segments from the server
#                   (13032 bytes), 10 ACKs from the client"
#     F_SENDERS     who sent them: "client", "server" or "both"
#     F_KERNEL      the server kernel's cwnd along them, as its first and
#                   last packets with one had it: "server's kernel: cwnd 11
#                   to 19"; "" where none has it
#     F_PACKETS     how many packets, a number: the fold's are the records
#                   in a row from its first packet's on
#
# The graph's scalars: graph_side, the side whose stream the graph draws
# (the one that carried more bytes; the server's on a tie), graph_peer
# the other; graph_time_known, 1 when the packets have times.
#   explained[k]    with -v explain=1: what each field of packet k says, a
#                   line a field, "\n" between them, each line a triple
#                   field SUBSEP value SUBSEP meaning ("ack", "[71]", "the next
#                   byte I expect is [71]"); its label is the field, a space
#                   and the value (no space when the value is "")
#
# One record per connection, with -v list=1 (the list of connections):
#   connection_record[c], c = 1 .. nconnections, fields joined by SUBSEP:
#     C_CLIENT_ADDRESS, C_CLIENT_PORT, C_SERVER_ADDRESS, C_SERVER_PORT
#     C_PACKETS     "8 packets"
#     C_FROM, C_TO  when its first and last packets came, from the
#                   capture's first packet ("0 us", "4426 us"), both ""
#                   without times
#     C_BEGINS      "from its SYN" or "from mid-connection"
#     C_ENDS        "reset", "both sides closed (FIN)", "one side closed
#                   (FIN)" or "still open at the end of the capture"
#     C_CLIENT_CARRIED, C_SERVER_CARRIED   what each side's stream carried:
#                   "client > server: 152340 bytes in 25130 us, 6062.1 kB/s"
#                   (the bytes from the first to the highest sent, from its
#                   first data to the ACK of its last byte, else its last
#                   data), "client > server: no data"
#   and, for the drawn connection with -v graph=1, the same two as
#   carried_client, carried_server.

BEGIN {
	PACKET_HEADER = "packet\tside\tflags\tseq\tseq_n\tack\tack_n\tlength\tresends\tcopy_of\tlost" \
	    "\tclient\tserver\tmeaning\tclient_end\tserver_end\ttime_us\twin\trtt_us\tsrtt_us"
	PACKET_COLUMNS = 20
	P_NUMBER = 1; P_SIDE = 2; P_FLAGS = 3; P_SEQ = 4; P_SEQ_N = 5; P_ACK = 6
	P_ACK_N = 7; P_LENGTH = 8; P_RESENDS = 9; P_COPY_OF = 10; P_LOST = 11
	P_CLIENT = 12; P_SERVER = 13; P_MEANING = 14; P_CLIENT_END = 15
	P_SERVER_END = 16; P_TIME_US = 17; P_WIN = 18; P_RTT_US = 19; P_SRTT_US = 20
	P_NAMES = 21; P_TIME = 22; P_CLIENT_NOW = 23
	P_SERVER_NOW = 24; P_CLIENT_PASSES = 25; P_SERVER_PASSES = 26
	P_CLIENT_CHANGE = 27; P_SERVER_CHANGE = 28; P_LINE = 29
	P_G_SEQ = 30; P_G_END = 31; P_G_ACK = 32; P_G_SACK = 33; P_DUPACK = 34
	P_FOLD = 35
	F_FIRST = 1; F_LAST = 2; F_COUNT = 3; F_WORDS = 4; F_SENDERS = 5; F_KERNEL = 6
	F_PACKETS = 7
	P_CWND = 36; P_SSTHRESH = 37; P_CA_STATE = 38; P_K_SRTT_US = 39; P_KERNEL = 40
	P_KERNEL_FROM = 41; P_FLIGHT = 42
	KERNEL_HEADER = "cwnd\tssthresh\tca_state"
	C_CLIENT_ADDRESS = 1; C_CLIENT_PORT = 2; C_SERVER_ADDRESS = 3
	C_SERVER_PORT = 4; C_PACKETS = 5; C_FROM = 6; C_TO = 7; C_BEGINS = 8
	C_ENDS = 9; C_CLIENT_CARRIED = 10; C_SERVER_CARRIED = 11
}

# describe(): the capture's record and one for each packet of the drawn
# connection, after analyse().
function describe(    i, k, x, y, r, now_c, now_s, last_s, before_c, before_s, names, f, q, a, ac, as,
    t0, S, us, at_us, at_words) {
	S = SUBSEP
	nconnections = nconn
	npackets = conn_count[drawn]
	kernel_packets = kernel_joined
	packet_words = plural(npackets, "packet")
	took = elapsed(conn_last[drawn])
	for (k = 1; graph && k <= npackets; k++)
		carry(drawn_packet[k], drawn)
	carried_client = carried_words("client", "server", carried(drawn, client))
	carried_server = (self ? "" : carried_words("server", "client", carried(drawn, server)))
	graph_side = (carried_bytes(drawn, client) > carried_bytes(drawn, server) ? "client" : "server")
	graph_peer = other(graph_side)
	graph_base = ""
	if (!relative_input && (graph_side in isn))
		graph_base = isn[graph_side]
	graph_time_known = (t[conn_first[drawn]] != "")
	client_end = client
	server_end = server
	client_address = address_of(client)
	client_port = port_of(client)
	server_address = address_of(server)
	server_port = port_of(server)
	listener = (self ? "self" : (refused() ? "none" : "server"))
	server_name = (self ? "(itself)" : (refused() ? "no server" : "server"))
	numbers_note = about_numbers()
	times_note = about_times()
	start_note = (started_mid ? "the capture starts mid-connection: states before it are unknown (?)" : "")
	ends_client = ends_note("client")
	ends_server = (self ? "" : ends_note("server"))
	others_note = (others ? plural(others, "packet") " of other connections left out" : "")
	folds_note = (folds ? plural(folds, "run") " of plain data and ACKs folded, each a" \
	    " line <==>: --all draws them" : "")
	skipped_note = (skipped - unreadable ? plural(skipped - unreadable, "line") " that " \
	    (skipped - unreadable == 1 ? "is not a TCP packet" : "are not TCP packets") " left out" : "")
	unreadable_note = unreadable_words()
	before_c = first_client = first_state["client"]
	before_s = first_server = first_state["server"]
	t0 = t[conn_first[drawn]]
	dense(packet_record, npackets)
	# (each side's scale reckoned once, for window_bytes())
	window_scale["client"] = pow2(shift_of("client"))
	window_scale["server"] = pow2(shift_of("server"))
	for (k = 1; k <= npackets; k++) {
		i = drawn_packet[k]
		# each array looked up once: every lookup walks a hash chain
		x = side[i]
		y = (self ? x : other(x))
		f = fl[i]
		q = seq[i]
		a = ack[i]
		ac = after_client[i]
		as = after_server[i]
		if (!(f in names))
			names[f] = flag_names(f)
		r = resent(i)
		now_c = (index(ac, " ") ? last_state(ac) : ac)
		last_s = (index(as, " ") ? last_state(as) : as)
		now_s = (self ? now_c : last_s)
		at_us = at_words = ""
		if (!untimed || (t0 != "" && t[i] != "")) {
			us = t[i] - t0
			at_us = sprintf("%.0f", us)
			# (since()'s words, from the same rounding)
			at_words = (us >= 0 && us < 1000000000 ? at_us " us" : since(us))
		}
		packet_record[k] = packet_number(i) S x S f S q S (q == "" || (i in unnumbered) ? "" : counted(q, x, i)) S \
		    a S (a == "" ? "" : counted(a, y, i)) S len[i] S (r > 0 ? packet_number(r) : r) S \
		    ((i in dup_of) ? packet_number(dup_of[i]) : 0) S ((i in lost) ? 1 : 0) S \
		    ac S as S meaning[i] S client S server S \
		    at_us S window_bytes(i, x) S \
		    ((i in rtt) ? rtt[i] : "") S ((i in srtt) ? srtt[i] : "") S names[f] S \
		    at_words S now_c S now_s S \
		    (now_c == ac ? "" : passes("client", ac)) S (last_s == as ? "" : passes("server", as)) S \
		    (explain ? change(before_c, ac) S change(before_s, as) : S) S \
		    (keep_lines ? line_of[i] : "") S (graph ? graph_fields(i, x) : S S S S 0) S \
		    (fold_of[i] == "" ? 0 : fold_of[i]) S kernel_fields(i) S flight_of[i]
		if (explain)
			explained[k] = explain_fields(i)
		before_c = now_c
		before_s = last_s
	}
	for (k = 1; k <= folds; k++)
		fold_record[k] = packet_number(fold_first[k]) S packet_number(fold_last[k]) S \
		    plural(fold_count[k], "packet") S fold_words[k] S fold_senders[k] S kernel_fold_words(k) S \
		    fold_count[k]
}

# kernel_fields(i): packet i's P_CWND .. P_KERNEL_FROM.
function kernel_fields(i,    j, S) {
	S = SUBSEP
	if (!(i in kernel_of))
		return S S S S S
	j = kernel_of[i]
	return k_cwnd[j] S k_ssthresh[j] S k_state[j] S k_srtt[j] S kernel_words(i) S \
	    ((i in kernel_from) ? packet_number(kernel_from[i]) : "")
}

# graph_fields(i, x): packet i's P_G_SEQ .. P_DUPACK, x its sender.
function graph_fields(i, x,    S) {
	S = SUBSEP
	if (x == graph_side && seq[i] != "" && !(relative_input && flag(i, "S")) && !(i in dup_of)) {
		if (graph_base == "")
			graph_base = seq[i] + 0
		return graph_number(seq[i]) S graph_number(next_number(i)) S S S 0
	}
	if (x == graph_peer && ack[i] != "" && flag(i, ".") && graph_base != "" && !(i in dup_of))
		return S S graph_number(ack[i]) S graph_sack(opts[i]) S ((i in dupack) ? dupack[i] : 0)
	return S S S S 0
}

function graph_number(number) { return whole((number - graph_base + TWO32) % TWO32) }

# graph_sack(o): the SACK blocks of options o, counted from graph_base.
function graph_sack(o,    out, b, lo) {
	out = ""
	if (!index(o, "sack ") || !match(o, /sack [0-9]+ [{][0-9:{}]+/))
		return ""
	o = substr(o, RSTART, RLENGTH)
	sub(/^sack [0-9]+ /, "", o)
	while (match(o, /[{][0-9]+:[0-9]+[}]/)) {
		b = substr(o, RSTART + 1, RLENGTH - 2)
		o = substr(o, RSTART + RLENGTH)
		lo = b
		sub(/:.*/, "", lo)
		sub(/.*:/, "", b)
		out = out (out == "" ? "" : " ") graph_number(lo) ":" graph_number(b)
	}
	return out
}

# carried_bytes(c, e): the bytes endpoint e's stream carried (carry()).
function carried_bytes(c, e,    w) {
	w = carried(c, e)
	if (w == "")
		return 0
	sub(SUBSEP ".*", "", w)
	return w + 0
}

# window_bytes(i, x): packet i's window in bytes, where the scale is
# known: a SYN's as printed, others shifted by their sender's wscale when
# both SYNs offered one, as printed when one did not; else "".
function window_bytes(i, x,    w, f) {
	w = win[i]
	f = fl[i]	# (looked up once; "none" holds no R nor S)
	if (w == "" || index(f, "R"))
		return ""
	if (index(f, "S") || scaling == "off")
		return w + 0
	if (scaling != "on")
		return ""
	return whole(w * window_scale[x])
}

# "CLOSED -> SYN_SENT", or the one state when it did not change.
function change(before, after) {
	if (index(after, " "))
		gsub(/ /, " -> ", after)
	return (before == after ? after " (no change)" : before " -> " after)
}

# describe_connections(): a record for each connection of the capture,
# from one pass over the packets.
function describe_connections(    c, i, a, b, ends, fins, fin_from, timed, S, before_reset, reset_from) {
	S = SUBSEP
	times()
	nconnections = nconn
	for (c = 1; c <= nconn; c++)
		ends[c] = "still open at the end of the capture"
	for (i = 1; i <= n; i++) {
		c = conn[i]
		carry(i, c)
		if (flag(i, "R")) {
			if (ends[c] != "reset")
				before_reset[c] = ends[c]
			ends[c] = "reset"
			reset_from[c] = src[i]
			continue
		}
		if (is_syn(i) && ends[c] == "reset") {
			# another try after the reset: how that one ends
			ends[c] = "still open at the end of the capture"
			fins[c] = 0
			delete fin_from[c, conn_src[c]]
			delete fin_from[c, conn_dst[c]]
		} else if (ends[c] == "reset" && src[i] == reset_from[c])
			ends[c] = before_reset[c]	# its sender goes on: it ended nothing
		if (flag(i, "F") && !((c, src[i]) in fin_from)) {
			fin_from[c, src[i]] = 1
			if (++fins[c] == 2 && ends[c] != "reset")
				ends[c] = "both sides closed (FIN)"
			else if (ends[c] != "reset")
				ends[c] = "one side closed (FIN)"
		}
	}
	for (c = 1; c <= nconn; c++) {
		a = client_of(c)
		b = (conn_src[c] == a ? conn_dst[c] : conn_src[c])
		timed = (t[conn_first[c]] != "" && t[conn_last[c]] != "" && t[1] != "")
		connection_record[c] = address_of(a) S port_of(a) S address_of(b) S port_of(b) S \
		    plural(conn_count[c], "packet") S \
		    (timed ? since(t[conn_first[c]] - t[1]) : "") S \
		    (timed ? since(t[conn_last[c]] - t[1]) : "") S \
		    (is_syn(conn_first[c]) ? "from its SYN" : "from mid-connection") S ends[c] S \
		    carried_words("client", "server", carried(c, a)) S carried_words("server", "client", carried(c, b))
	}
}

# carry(i, c): packet i of connection c, counted in what each stream
# carried: carry_lo[c, e] .. carry_hi[c, e], the numbers of the first and
# past the highest byte endpoint e sent; carry_from[c, e] the time of its
# first data, carry_to[c, e] of its last data, then of the peer's ACK of
# its highest byte.  Per connection and direction: linear.
function carry(i, c,    e, p, k) {
	e = src[i]
	k = c SUBSEP e
	if (len[i] > 0 && seq[i] != "") {
		if (!(k in carry_lo)) {
			carry_lo[k] = seq[i] + 0
			carry_hi[k] = seq_end[i] + 0
			carry_from[k] = t[i]
		} else {
			if (!reaches(seq[i], carry_lo[k]))
				carry_lo[k] = seq[i] + 0
			if (reaches(seq_end[i], carry_hi[k]) && seq_end[i] + 0 != carry_hi[k]) {
				carry_hi[k] = seq_end[i] + 0
				carry_acked[k] = 0
			}
		}
		if (!carry_acked[k])
			carry_to[k] = t[i]
	}
	p = (conn_src[c] == e ? conn_dst[c] : conn_src[c])
	k = c SUBSEP p
	if (ack[i] != "" && flag(i, ".") && (k in carry_lo) && !carry_acked[k] && reaches(ack[i], carry_hi[k])) {
		carry_to[k] = t[i]
		carry_acked[k] = 1
	}
}

# carried(c, e): bytes SUBSEP microseconds of endpoint e's stream in
# connection c ("" for the time where the capture has none), "" when it
# carried no data.
function carried(c, e,    k) {
	k = c SUBSEP e
	if (!(k in carry_lo))
		return ""
	return sprintf("%.0f", (carry_hi[k] - carry_lo[k] + TWO32) % TWO32) SUBSEP \
	    (carry_from[k] == "" || carry_to[k] == "" ? "" : sprintf("%.0f", carry_to[k] - carry_from[k]))
}
