# scripts/lib/bench/transfer.awk - a bulk transfer as tcpdump -n -S prints
# it, made up: awk -v packets=N -f transfer.awk.  The client connects, the
# server sends segments of 1448 bytes 10 us apart, the client ACKs every
# second one 20 us later; every 1000th segment is lost and sent again
# after three duplicate ACKs with SACK (a fast retransmission); then both
# close.  About N packets, for the benchmark (bench-ladder.sh) and the
# graph's bounds (t3000): no kernel, no root, the same every time.

BEGIN {
	if (packets + 0 < 20)
		packets = 30000
	c = "127.0.0.1.40000"; s = "127.0.0.1.20000"
	cs = 1000000000; ss = 2000000000	# the first numbers
	us = 0
	out(c, s, "S", "seq " cs, "win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]")
	out(s, c, "S.", "seq " ss ", ack " (cs + 1), "win 65160, options [mss 1460,sackOK,TS val 1 ecr 1,nop,wscale 7]")
	out(c, s, ".", "ack " (ss + 1), "win 502")
	next_seq = ss + 1
	acked = next_seq
	n = 3
	while (n < packets - 4) {
		k++
		if (k % 1000 == 0) {
			# lost: sent, never acknowledged; three duplicate ACKs with
			# SACK, then the fast retransmission and the ACK of both
			lost = next_seq
			data(lost)
			data(lost + 1448)
			sack(lost + 1448, lost + 2896)
			data(lost + 2896)
			sack(lost + 1448, lost + 4344)
			data(lost + 4344)
			sack(lost + 1448, lost + 5792)
			data(lost)
			next_seq = lost + 5792
			acked = next_seq
			out(c, s, ".", "ack " acked, "win 502")
			continue
		}
		data(next_seq)
		next_seq += 1448
		if (k % 2 == 0) {
			us += 10
			acked = next_seq
			out(c, s, ".", "ack " acked, "win 502")
		}
	}
	out(s, c, "F.", "seq " next_seq ", ack " (cs + 1), "win 510")
	out(c, s, "F.", "seq " (cs + 1) ", ack " (next_seq + 1), "win 502")
	out(s, c, ".", "ack " (cs + 2), "win 510")
}

function data(q) {
	out(s, c, ".", "seq " q ":" (q + 1448) ", ack " (cs + 1), "win 510, length 1448")
	us += 10
}

function sack(lo, hi) {
	out(c, s, ".", "ack " lost, "win 502, options [nop,nop,sack 1 {" lo ":" hi "}]")
}

function out(from, to, flags, numbers, rest,    t) {
	n++
	t = us + 43200000000	# from noon
	printf "%02d:%02d:%02d.%06d IP %s > %s: Flags [%s], %s, %s%s\n", int(t / 3600000000), \
	    int(t / 60000000) % 60, int(t / 1000000) % 60, t % 1000000, from, to, flags, numbers, rest, \
	    (index(rest, "length") ? "" : ", length 0")
	us += 1
}
