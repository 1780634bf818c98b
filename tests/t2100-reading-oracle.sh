#!/bin/sh
# The ladder judged by an independent decoder: on every recording in
# captures/ and tests/data/, the drawn connection's packets, who sent
# each, their numbers in the capture (tshark's frame numbers), their [n]
# numbers, lengths and retransmissions are tshark's.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

tshark_why=''
command -v tshark >/dev/null 2>&1 || tshark_why="tshark is not installed"

# agrees PCAP TEXT: ladder.sh --tsv on TEXT (tcpdump's text of PCAP)
# against tshark on PCAP, packet by packet; each difference is told.  One
# is by design: a simultaneous open's SYN-ACK repeats its sender's SYN,
# number and all; tshark calls it a retransmission, the ladder says what
# it is.
agrees() {
	tshark -n -r "$1" -Y tcp -T fields -E separator=/t -e frame.number -e tcp.stream -e tcp.srcport \
	    -e tcp.seq -e tcp.ack -e tcp.len -e tcp.analysis.retransmission \
	    -e tcp.analysis.fast_retransmission -e tcp.analysis.spurious_retransmission \
	    >tshark.tsv 2>tshark.err || { cat tshark.err; return 1; }
	sh "$top/scripts/ladder.sh" --tsv "$2" >ladder.tsv || return 1
	awk -F '\t' -v name="${1##*/}" '
		FNR == NR { k = $1; stream[k] = $2; port[k] = $3; seq[k] = $4; ack[k] = $5
			len[k] = $6; again[k] = ($7 != "" || $8 != "" || $9 != ""); next }
		FNR == 1 { next }
		{
			k = $1
			# the client_end column, "address.port"; a socket connected
			# to itself has one port for both sides
			client_port = ($15 == $16 ? "" : $15)
			sub(/.*\./, "", client_port)
			if (!(k in stream))
				bad("is not a TCP packet of that number, says tshark")
			if (drawn == "")
				drawn = stream[k]
			if (stream[k] != drawn)
				bad("is in another connection than the first one drawn")
			count++
			if (client_port != "" && (port[k] == client_port) != ($2 == "client"))
				bad("sent by the " $2 ", tshark says from port " port[k])
			if ($5 != "" && $5 != seq[k])
				bad("seq [" $5 "], tshark " seq[k])
			if ($7 != "" && $7 != ack[k])
				bad("ack [" $7 "], tshark " ack[k])
			if ($8 != len[k])
				bad("length " $8 ", tshark " len[k])
			if ($9 != 0 && !again[k])
				bad("a retransmission; tshark says not")
			if (again[k] && $9 == 0 && $10 == 0 && $14 !~ /simultaneous open/)
				bad("not a retransmission; tshark says it is")
		}
		END {
			for (k in stream)
				if (stream[k] == drawn)
					tshark_count++
			if (count != tshark_count)
				printf "%s: %d packets drawn, tshark has %d in that connection\n",
				    name, count, tshark_count
			exit failed || count != tshark_count
		}
		function bad(what) {
			printf "%s: packet %d %s\n", name, k, what
			failed = 1
		}' tshark.tsv ladder.tsv
}

for pcap in "$top"/captures/*.pcap "$top"/tests/data/*.pcap; do
	text=${pcap%.pcap}.txt
	test_with "$tshark_why" "the ladder of ${pcap#"$top"/} agrees with tshark" \
	    "agrees '$pcap' '$text'"
done

test_done
