# scripts/lib/capture/golden.awk - the verdict on a capture: who sent each packet, and
# whether that matches a golden pattern.  Loaded after tcpdump.awk and
# connections.awk, by verdict.awk (recorded text) and watch.awk (a live
# capture), which keep the packets with keep_packet() and call verdict()
# at the end.  It judges one connection, the one ladder.sh draws: the one
# of the first SYN, else the first one seen.
#
# A golden pattern has one packet a line, "client S" or "server P.";
# blank lines and lines starting with # are left out.  A line ending in
# " +" stands for one or more of it, and adjacent " +" lines repeat
# together, as a block: "server P. +" and "client . +" on the next line
# mean one or more data segments, each acknowledged.
# A line may name alternatives, " | " between them: "server F. | server
# FP." is one packet, either of these.  Ending in " +", it is one or more
# packets, each any of them, in any order: a bulk transfer, whose count
# and order of data segments and ACKs vary from run to run, is
# "server . | server P. | client . +".  Such a line is a block of its
# own, never joined to the lines around it.

# verdict(golden, flags_out, expected_out, lossy): write what was captured,
# a line a packet sent, to flags_out (copies the capture saw twice are
# left out, and counted in seen_twice), and compare it with the pattern in
# the file golden.  Returns 1 when they match.  Otherwise writes the
# pattern to expected_out, its repeats spelled out as far as the capture
# follows them (a diff then shows only what differs), and sets cause to
# the likely cause, or "" (explanation() says both in words).  lossy: the
# lesson loses a packet on purpose.
function verdict(golden, flags_out, expected_out, lossy,    i, matched) {
	judged = pick_connection("")
	nc = seen_twice = 0
	if (judged) {
		client = client_of(judged)
		follow(judged)
		for (i = conn_first[judged]; i <= conn_last[judged]; i++)
			if (conn[i] != judged)
				continue
			else if (i in dup_of)
				seen_twice++	# seen twice, sent once
			else {
				cap[++nc] = side[i] " " fl[i]
				cap_packet[nc] = packet_number(i)
			}
	}
	printf "" > flags_out
	for (i = 1; i <= nc; i++)
		print cap[i] > flags_out
	close(flags_out)
	read_pattern(golden)
	matched = fits(1, 1)
	if (!matched) {
		spell_out()
		for (i = 1; i <= ne; i++)
			print expected[i] > expected_out
		close(expected_out)
		cause = diagnose(lossy)
	}
	return matched
}

# After a mismatch: where the capture first leaves the pattern, by packet
# number, and the likely cause, a line each.
function explanation(    k, text) {
	for (k = 1; k <= nc && k <= ne && cap[k] == expected[k]; k++)
		;
	if (k <= nc && k <= ne)
		text = "first difference: packet " cap_packet[k] ", " cap[k] \
		    " (the pattern: " expected[k] ")"
	else if (k <= ne)
		text = "first difference: " (nc ? "after packet " cap_packet[nc] : "before any packet") \
		    " the capture ends (the pattern: " expected[k] " next)"
	else
		text = "first difference: packet " cap_packet[k] ", " cap[k] ", after the pattern's end"
	return text (cause == "" ? "" : "\nlikely cause: " cause)
}

# Pattern line k: pat[k], and block[k], the number of its block of
# repeats (0: not repeated); a line of alternatives: nalt[k] of them,
# alt[k, 1..], and many[k] when it stands for one or more packets.
function read_pattern(file,    line, blocks, open_block, i) {
	np = 0
	blocks = open_block = 0
	while ((getline line < file) > 0) {
		sub(/[ \t]+$/, "", line)
		if (line ~ /^[ \t]*(#|$)/) {
			open_block = 0
			continue
		}
		pat[++np] = line
		block[np] = nalt[np] = many[np] = 0
		if (index(line, " | ")) {
			open_block = 0
			if (line ~ / \+$/) {
				many[np] = 1
				sub(/ +\+$/, "", pat[np])
			}
			nalt[np] = split(pat[np], alt_list, / +\| +/)
			for (i = 1; i <= nalt[np]; i++)
				alt[np, i] = alt_list[i]
			continue
		}
		if (line ~ / \+$/) {
			sub(/ +\+$/, "", pat[np])
			if (!open_block)
				open_block = ++blocks
			block[np] = open_block
		} else
			open_block = 0
	}
	close(file)
}

# The last line of the block that line p starts.
function block_end(p,    e) {
	e = p
	while (e < np && block[e + 1] == block[p])
		e++
	return e
}

# Whether lines p..e of the pattern match captured lines c.. on.
function copy_fits(p, e, c,    j) {
	for (j = p; j <= e; j++)
		if (c + j - p > nc || cap[c + j - p] != pat[j])
			return 0
	return 1
}

# Whether captured line c is what pattern line p allows.
function allows(p, c,    i) {
	if (c > nc)
		return 0
	if (!nalt[p])
		return cap[c] == pat[p]
	for (i = 1; i <= nalt[p]; i++)
		if (cap[c] == alt[p, i])
			return 1
	return 0
}

# fits(p, c): the pattern from line p on matches the capture from line c on.
# One or more of a line of alternatives: as many as it allows, else fewer.
function fits(p, c,    e, k) {
	if (p > np)
		return c > nc
	if (many[p]) {
		for (k = 0; allows(p, c + k); k++)
			;
		for (; k >= 1; k--)
			if (fits(p + 1, c + k))
				return 1
		return 0
	}
	if (!block[p])
		return allows(p, c) && fits(p + 1, c + 1)
	e = block_end(p)
	return copy_fits(p, e, c) && copies(p, e, c + e - p + 1)
}

# One copy of block p..e matched, up to line c: try another copy first,
# else go on after the block.
function copies(p, e, c) {
	if (copy_fits(p, e, c) && copies(p, e, c + e - p + 1))
		return 1
	return fits(e + 1, c)
}

# expected[1..ne]: the pattern, each block repeated as long as the capture
# goes on repeating it.
function spell_out(    p, e, c, j) {
	ne = 0
	c = 1
	for (p = 1; p <= np; p++) {
		if (nalt[p]) {
			# alternatives: what was captured, as far as it is allowed
			if (!allows(p, c))
				expected[++ne] = pat[p] (many[p] ? " +" : "")
			while (allows(p, c)) {
				expected[++ne] = cap[c++]
				if (!many[p])
					break
			}
			continue
		}
		if (!block[p]) {
			expected[++ne] = pat[p]
			c++
			continue
		}
		e = block_end(p)
		do {
			for (j = p; j <= e; j++)
				expected[++ne] = pat[j]
			c += e - p + 1
		} while (copy_fits(p, e, c))
		p = e
	}
}

# --- the likely cause of a mismatch --------------------------------------

function diagnose(lossy,    i, r) {
	if (nc == 0)
		return "no packet was captured"
	if (any_flag(cap, nc, "R") && !any_flag(expected, ne, "R"))
		return "a reset (R): a socket was closed with unread data or SO_LINGER {1, 0}, or nothing listened"
	if (any_flag(cap, nc, "[EW]") && !any_flag(expected, ne, "[EW]"))
		return "ECN (E, W): this machine asks for congestion notification (sysctl net.ipv4.tcp_ecn=1)"
	if (expected[1] == "client S" && cap[1] != "client S")
		return "the capture started late: the first packets are missing"
	for (i = conn_first[judged]; i <= conn_last[judged]; i++)
		if (conn[i] == judged && (r = resent(i)) > 0 && !(r in dsacked))
			return (lossy ? "the lost packet was sent again differently" : \
			    "a packet was lost and retransmitted") ": packet " \
			    packet_number(i) " sends packet " packet_number(r) " again" resent_how(i, r)
	if (fin_acked_alone(cap, nc) && !fin_acked_alone(expected, ne))
		return "delayed ACK: a FIN was acknowledged alone, because its receiver closed more than the delayed-ACK timeout (40 ms or more) after it arrived"
	return ""
}

# How packet i sent packet r again: after a timeout (Linux waits 200 ms at
# least), or at once, when an ACK told the sender what was missing.
function resent_how(i, r,    us) {
	if (t[i] == "" || t[r] == "")
		return ""
	us = t[i] - t[r]
	if (us < 200000)
		return ", " span(us) " later: at once, a fast retransmission"
	return ", " span(us) " later: after a timeout"
}

# Whether any of lines[1..k] ("client F.") has flags matching letters.
function any_flag(lines, k, letters,    i, f) {
	for (i = 1; i <= k; i++) {
		f = lines[i]
		sub(/^[^ ]* /, "", f)
		if (f ~ letters)
			return 1
	}
	return 0
}

# Whether the first FIN in lines[1..k] is answered by a bare ACK, not by
# the receiver's own FIN.
function fin_acked_alone(lines, k,    i, side, f, fins, fin_side) {
	fins = 0
	for (i = 1; i <= k; i++) {
		side = f = lines[i]
		sub(/ .*/, "", side)
		sub(/^[^ ]* /, "", f)
		if (index(f, "F")) {
			fins++
			fin_side = side
			continue
		}
		if (fins == 1 && fin_side != "" && side != fin_side && f == ".")
			return 1
		fin_side = ""
	}
	return 0
}
