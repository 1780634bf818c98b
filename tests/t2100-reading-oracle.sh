#!/bin/sh
# The ladder judged by an independent decoder: on every recording in
# captures/ and tests/data/ (and the captures written by hand, as
# tests/behaviours/text2pcap.sh makes their pcaps), the drawn connection's
# packets, who sent each, their numbers in the capture (tshark's frame
# numbers), their [n] numbers, lengths and retransmissions are tshark's;
# and so are its names for recovery -- duplicate ACKs (which one, of which
# packet), fast, needless (spurious) retransmissions, out of order, bytes
# not captured, ACKs of bytes not captured, window updates, a full
# window, a zero window, keep-alives and window probes -- but where the
# packets prove tshark wrong (the list in names_agree, each with its
# reason); each ACK's round trip; and the Kurose-Ross lab's answers on its
# own run (kurose_ross).
# shellcheck source=tests/harness.sh
. "$(dirname "$0")/harness.sh"

pcaps=$(echo "$top"/captures/*.pcap "$top"/tests/data/*.pcap "$top"/tests/data/written/*.pcap)
# the fields asked of the decoder, in this order: 1-9 for agrees, 10-18
# for the names of recovery (names_agree), 19-20 for the round trips
# (rtt_agrees), 21 for the Kurose-Ross lab's throughput (kurose_ross),
# 22 for names_agree again
fields="frame.number tcp.stream tcp.srcport tcp.seq tcp.ack tcp.len tcp.analysis.retransmission
	tcp.analysis.fast_retransmission tcp.analysis.spurious_retransmission
	tcp.analysis.duplicate_ack_num tcp.analysis.duplicate_ack_frame tcp.analysis.out_of_order
	tcp.analysis.lost_segment tcp.analysis.ack_lost_segment tcp.analysis.window_update
	tcp.analysis.keep_alive tcp.analysis.zero_window_probe tcp.analysis.window_full
	tcp.analysis.ack_rtt tcp.analysis.acks_frame frame.time_relative tcp.analysis.zero_window"

# decoded PCAP: where the decoder's fields of PCAP's TCP packets are, a
# line each, tab between: decoded/captures-handshake.tsv
decoded() {
	name=${1#"$top"/}
	echo "decoded/$(echo "${name%.pcap}" | tr / -).tsv"
}

# decode PCAP...: each PCAP's fields into decoded/.  tshark starts slowly
# (0.3 s: its dissectors) and reads one file a run; sharkd, the same
# dissectors behind a JSON interface, loads one file after another in one
# process, each load starting afresh.  Without sharkd: tshark, two at a time.
decode() {
	rm -rf decoded && mkdir decoded || return 1
	if command -v sharkd >/dev/null 2>&1; then
		by_sharkd "$@"
	else
		while [ $# -gt 0 ]; do
			by_tshark "$1" & first=$!
			[ $# -lt 2 ] || { by_tshark "$2" & second=$!; }
			wait "$first" || return 1
			[ $# -lt 2 ] || { wait "$second" || return 1; shift; }
			shift
		done
	fi
}

by_tshark() {
	set -- "$1" "$(decoded "$1")"
	# shellcheck disable=SC2046,SC2086 # one -e for each field
	bounded 60 tshark -n -r "$1" -Y tcp -T fields -E separator=/t \
	    $(printf -- '-e %s ' $fields) >"$2" 2>"$2.err" || { echo "tshark -r $1:"; cat "$2.err"; return 1; }
}

# by_sharkd PCAP...: one sharkd for all: a "load" and a "frames" request
# for each (frames unfiltered: sharkd 4.0's filter keeps the previous
# file's packet marks), answered one JSON line each.
by_sharkd() {
	columns='' column=0
	for field in $fields; do
		columns="$columns,\"column$column\":\"$field:0\""
		column=$((column + 1))
	done
	for pcap do
		printf '{"jsonrpc":"2.0","id":%d,"method":"load","params":{"file":"%s"}}\n' 1 "$pcap"
		printf '{"jsonrpc":"2.0","id":%d,"method":"frames","params":{%s}}\n' 2 "${columns#,}"
	done >sharkd.in
	bounded 590 sharkd - <sharkd.in >sharkd.out 2>sharkd.err ||
		{ echo "sharkd ended with $?:"; cat sharkd.err; return 1; }
	for pcap do decoded "$pcap"; done |
	awk '
		FNR == NR { file[NR] = $0; next }
		/"error"/ { print "sharkd, on " file[int(n / 2) + 1] ": " $0; failed = 1 }
		{ n++ }
		n % 2 == 0 && /"result":\[/ {
			out = file[n / 2]
			rows = split($0, row, /\{"c":\[/)
			for (r = 2; r <= rows; r++) {
				sub(/\],"num".*/, "", row[r])
				k = split(row[r], value, /","/)
				line = ""
				for (i = 1; i <= k; i++) {
					gsub(/^"|"$/, "", value[i])
					line = line (i > 1 ? "\t" : "") value[i]
				}
				if (value[2] != "")	# a TCP packet: it has a stream
					print line >out
			}
			close(out)
		}
		END { exit failed || n != 2 * (NR - FNR) }' - sharkd.out
}

# agrees PCAP TEXT: ladder.sh --tsv on TEXT (tcpdump's text of PCAP)
# against the decoder's fields of PCAP, packet by packet; each difference
# is told.  Two are by design: a simultaneous open's SYN-ACK repeats its
# sender's SYN, number and all; tshark calls it a retransmission, the
# ladder says what it is.  And bytes never seen before, past which later
# ones came, are out of order: tshark calls them a retransmission when
# they come later than its guess of the round trip.  The other way
# round, bytes the capture did see before, sent again within
# microseconds of the segment before them, tshark calls out of order
# (its guess: held back on the way), not a retransmission:
# fast-retransmit 82, the fast retransmission of packet 43, which the
# capture saw go out, right behind a burst of new data.
agrees() {
	[ -f "$(decoded "$1")" ] || { echo "no fields of $1: the decoder failed (the first test)"; return 1; }
	cp "$(decoded "$1")" tshark.tsv || return 1
	sh "$top/scripts/ladder.sh" --tsv "$2" >ladder.tsv || return 1
	awk -F '\t' -v name="${1##*/}" '
		FNR == NR { k = $1; stream[k] = $2; port[k] = $3; seq[k] = $4; ack[k] = $5
			len[k] = $6; again[k] = ($7 != "" || $8 != "" || $9 != ""); ooo[k] = ($12 != ""); next }
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
			if ($9 != 0 && !again[k] && !ooo[k])
				bad("a retransmission; tshark says not")
			if (again[k] && $9 == 0 && $10 == 0 && $14 !~ /simultaneous open|out of order: /)
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

# names_agree PCAP: the names of recovery the ladder gives PCAP (read as
# a pcap, through tcpdump) against tshark's, packet by packet, each a
# list of words: dupackN/K (duplicate ACK N of packet K), fast, ooo, gap
# (bytes before it not captured yet), unseen (acknowledges bytes never
# captured), needless, winupdate, keepalive, probe, full (its data fills
# the window the peer offered), zero (it offers a window of 0).  A
# difference is
# told, unless it is one of these, where the packets prove tshark wrong:
#   lost-ack 9: the FIN sent again had been acknowledged (packet 8):
#     needless; tshark calls no FIN without data spurious
#   lost-ack 10, needless 8, held-ack 7, reordering 29: the same ACK
#     again, but nothing of the peer's is unacknowledged: RFC 5681's
#     duplicate ACK needs data outstanding; tshark counts any repeated
#     ACK (held-ack 7 and reordering 29 are the receiver's D-SACKs of a
#     needless retransmission, with nothing sent after it yet)
#   self 3: tshark compares the SYN-ACK's window (never scaled) with a
#     scaled one, and calls the change a window update
#   held-ack-sender 7: the same ACK again, with nothing outstanding (so
#     no duplicate ACK, as above), and its TS val older than packet 6's:
#     sent before it, held on the line; tshark counts a duplicate ACK
#   reordering 22: the first sending of bytes never seen before, held
#     back on the line behind four later segments: out of order; tshark,
#     after the duplicate ACKs, calls any segment that fills the hole a
#     fast retransmission -- the server's real one is packet 28, which
#     the client's D-SACK (packet 29) says came twice
#   data-after-fin 6: bytes never seen, before the FIN that came first:
#     out of order; tshark, for whom they come later than the round trip
#     it measured, a retransmission
#   late-ack 5: the ACK after it echoes the first sending's TS val: the
#     first arrived, and this one was needless (RFC 3522's Eifel
#     detection); tshark does not read the echo
#   twice 12, 13: a mirror port's copies (the same IP id)
#   zero-window 11: the client's window is 0, and it answered: a window
#     probe, which tshark calls a keep-alive (it has a probe carry a byte)
#   zero-window 13: tshark reads the seq in the pcap; tcpdump prints none
#     for an ACK without data, and no answer came: cannot tell
#   fast-retransmit 48-57: duplicates of packet 46, which has the same
#     ACK as 42 and a bigger window: a window update, which the
#     duplicates repeat, window and all (RFC 5681's duplicate ACK has the
#     same window); tshark counts them from the first ACK of that number
#   fast-retransmit 82: the fast retransmission of packet 43, which the
#     capture saw go out; tshark, for whom it comes too soon after the
#     segment before it, calls it out of order
names_agree() {
	[ -f "$(decoded "$1")" ] || { echo "no fields of $1: the decoder failed (the first test)"; return 1; }
	cp "$(decoded "$1")" tshark.tsv &&
	sh "$top/scripts/ladder.sh" --tsv "$1" >ladder.tsv || return 1
	cat >exceptions <<-\EOF
	data-after-fin 6 | ooo
	fast-retransmit 48 dupack1/42 | dupack1/46
	fast-retransmit 49 dupack2/42 | dupack2/46
	fast-retransmit 51 dupack3/42 | dupack3/46
	fast-retransmit 53 dupack4/42 | dupack4/46
	fast-retransmit 57 dupack5/42 | dupack5/46
	fast-retransmit 82 ooo | fast
	held-ack 7 dupack1/5 |
	held-ack-sender 7 dupack1/6 |
	late-ack 5 | needless
	lost-ack 9 | needless
	lost-ack 10 dupack1/8 |
	needless 8 dupack1/5 |
	reordering 22 fast | ooo
	reordering 29 dupack1/27 |
	self 3 winupdate |
	twice 12 needless |
	twice 13 keepalive |
	zero-window 11 keepalive | probe
	zero-window 13 keepalive | probe
	EOF
	awk -F '\t' -v name="$(basename "$1" .pcap)" '
		FILENAME == "exceptions" { known[$0] = 1; next }
		FILENAME == "tshark.tsv" { k = $1; s = ""
			if ($10 != "") s = s " dupack" $10 "/" $11
			if ($8 != "") s = s " fast"
			if ($12 != "") s = s " ooo"
			if ($13 != "") s = s " gap"
			if ($14 != "") s = s " unseen"
			if ($9 != "") s = s " needless"
			if ($15 != "") s = s " winupdate"
			if ($16 != "") s = s " keepalive"
			if ($17 != "") s = s " probe"
			if ($18 != "") s = s " full"
			if ($22 != "") s = s " zero"
			tshark[k] = s; next }
		FNR == 1 { next }
		{
			m = $14; s = ""
			if (match(m, /duplicate ACK [0-9]+ of packet [0-9]+/)) {
				split(substr(m, RSTART, RLENGTH), w, " ")
				s = s " dupack" w[3] "/" w[6]
			}
			if (m ~ /fast retransmission/) s = s " fast"
			if (m ~ /out of order: /) s = s " ooo"
			if (m ~ /before it (come later|are not in the capture)/) s = s " gap"
			if (m ~ /which the capture never held/) s = s " unseen"
			if (m ~ /needless retransmission/) s = s " needless"
			if (m ~ /window update: /) s = s " winupdate"
			if (m ~ /keep-alive[:?]/) s = s " keepalive"
			if (m ~ /window probe[:?]/) s = s " probe"
			if (m ~ /window full: /) s = s " full"
			if (m ~ /zero window: /) s = s " zero"
			t = tshark[$1]
			if (t != s && !((name " " $1 t " |" s) in known)) {
				printf "%s: packet %d: tshark%s, the ladder%s (%s)\n", name, $1,
				    (t == "" ? " nothing" : t), (s == "" ? " nothing" : s), m
				failed = 1
			}
		}
		END { exit failed }' exceptions tshark.tsv ladder.tsv
}

# rtt_agrees PCAP: the round trip each ACK measures (ladder.sh --tsv's
# rtt_us) against tshark's tcp.analysis.ack_rtt, within 0.1 ms, packet by
# packet.  A difference is told, unless the packets prove the ladder
# right: tshark times an ACK from the first sending of a segment that was
# sent again before it (tcp.analysis.acks_frame is a packet the ladder's
# resends column names), or from a retransmission itself (one of bytes
# first sent in other pieces, or before the capture, too) (lost-ack 10,
# needless 8: an ACK of bytes acknowledged before, nothing new), where
# Karn's rule says the sample cannot be trusted, and the ladder gives
# none; and tshark times a mirror port's copies (twice), which are no
# packets of their own.
rtt_agrees() {
	[ -f "$(decoded "$1")" ] || { echo "no fields of $1: the decoder failed (the first test)"; return 1; }
	cp "$(decoded "$1")" tshark.tsv &&
	sh "$top/scripts/ladder.sh" --tsv "$1" >ladder.tsv || return 1
	awk -F '\t' -v name="$(basename "$1" .pcap)" '
		FILENAME == "tshark.tsv" { rtt[$1] = $19; acks[$1] = $20; next }
		FNR == 1 { next }
		{ if ($9 > 0) resent[$9] = 1; if ($9 != 0) resent[$1] = 1; mine[$1] = $19; packets[++n] = $1
		  if ($10 > 0) copy[$1] = 1 }
		END {
			for (j = 1; j <= n; j++) {
				k = packets[j]
				t = (rtt[k] == "" ? "" : sprintf("%.0f", rtt[k] * 1000000))
				if (t == "" && mine[k] == "")
					continue
				if (t != "" && mine[k] == "" && (acks[k] in resent)) {
					karn++
					continue
				}
				if (t != "" && (k in copy))
					continue
				if (t == "" || mine[k] == "" || t - mine[k] > 100 || mine[k] - t > 100) {
					printf "%s: packet %d: tshark rtt %s us, the ladder %s us\n", name, k,
					    (t == "" ? "none" : t), (mine[k] == "" ? "none" : mine[k])
					failed = 1
				} else
					same++
			}
			printf "%s: %d samples agree, %d left out by Karn'"'"'s rule\n", name, same, karn
			exit failed
		}' tshark.tsv ladder.tsv
}

# kurose_ross: the Kurose-Ross TCP lab's questions on its own run of the
# lab (tests/data/post.pcap: an HTTP POST of 150 KiB, captured at the
# client, the sender), answered from handshake's outputs alone and
# checked against tshark's numbers: the RTT of each of the first six
# segments (--tsv's rtt_us on the ACK that covers it; tshark's ack_rtt
# on the ACK whose acks_frame it is), the SRTT after each (srtt_us; RFC
# 6298 over tshark's samples of the client's stream so far, the SYN's
# the first), within 0.1 ms, and the throughput --list gives (bytes from
# the first to the last, time from the first data segment to the ACK of
# the last byte, both from tshark's numbers, within 0.1 %).  The answers
# are in ./answers; the graph is drawn, and well-formed.
kurose_ross() {
	pcap=$top/tests/data/post.pcap
	[ -f "$(decoded "$pcap")" ] || { echo "no fields of $pcap: the decoder failed (the first test)"; return 1; }
	cp "$(decoded "$pcap")" tshark.tsv &&
	sh "$top/scripts/ladder.sh" --tsv "$pcap" >ladder.tsv &&
	sh "$top/scripts/ladder.sh" --list "$pcap" >list &&
	sh "$top/scripts/ladder.sh" --graph "$pcap" >graph.svg || return 1
	grep -q "data-packet=" graph.svg || { echo "the graph has no packet"; return 1; }
	if command -v xmllint >/dev/null 2>&1; then xmllint --noout graph.svg || return 1; fi
	awk -F '\t' '
		FILENAME == "tshark.tsv" {
			k = $1; frames[++n] = k; port[k] = $3; seq[k] = $4; ack[k] = $5
			len[k] = $6; rtt[k] = $19; acks[k] = $20; time[k] = $21; next }
		FILENAME == "ladder.tsv" && FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		FILENAME == "ladder.tsv" { k = $1; mine[k] = $(col["rtt_us"]); smooth[k] = $(col["srtt_us"]); next }
		/^ *client > server: / { split($0, w, " "); list_bytes = w[4]; list_us = w[7]; list_rate = w[9] * (w[10] == "MB/s" ? 1000000 : 1000) }
		END {
			client = port[frames[1]]
			for (j = 1; j <= n; j++) {
				k = frames[j]
				if (port[k] == client && len[k] > 0) {
					if (first == "") first = k
					if (seq[k] + len[k] - 1 > bytes) bytes = seq[k] + len[k] - 1
					if (++segments <= 6) segment[segments] = k
				}
				if (port[k] != client && rtt[k] != "") {
					r = rtt[k] * 1000000
					srtt = (srtt == "" ? r : 7 / 8 * srtt + r / 8)
					sample[acks[k]] = k; estimated[k] = srtt
				}
			}
			# the ACK of the last byte, once all are counted (not the
			# first ACK of all the bytes sent so far: a sender that
			# pauses gets one before the end)
			for (j = 1; j <= n && acked == ""; j++)
				if (port[frames[j]] != client && bytes > 0 && ack[frames[j]] > bytes)
					acked = frames[j]
			for (j = 1; j <= 6; j++) {
				s = segment[j]; k = sample[s]
				if (k == "") { printf "segment %d (packet %d): tshark has no RTT for it\n", j, s; failed = 1; continue }
				printf "segment %d (packet %d), ACK packet %d: RTT %s us (tshark %.0f), SRTT %s us (tshark %.0f)\n",
				    j, s, k, mine[k], rtt[k] * 1000000, smooth[k], estimated[k]
				if (mine[k] == "" || near(mine[k], rtt[k] * 1000000) > 100 || near(smooth[k], estimated[k]) > 100)
					failed = 1
			}
			us = (time[acked] - time[first]) * 1000000
			printf "throughput: %s bytes in %s us, %.0f B/s (tshark: %d bytes in %.0f us, %.0f B/s)\n",
			    list_bytes, list_us, list_rate, bytes, us, bytes * 1000000 / us
			if (list_bytes != bytes || near(list_us, us) > 1 || near(list_rate, bytes * 1000000 / us) > list_rate / 1000)
				failed = 1
			exit failed
		}
		function near(a, b) { return (a > b ? a - b : b - a) }' tshark.tsv ladder.tsv list >answers
	status=$?
	cat answers
	return "$status"
}

# shellcheck disable=SC2086 # one word a file
# sharkd reads every recording in one run: about 10 s of CPU alone, more
# than two minutes where two test suites and a grading share two CPUs
# (tests/machines.sh two-at-once): this test's bound is ten minutes.
test_timeout=600
test_expect TSHARK 'tshark'"'"'s dissectors decode every recording' 'decode $pcaps'
test_timeout=${TEST_TIMEOUT:-120}

for pcap in $pcaps; do
	text=${pcap%.pcap}.txt
	test_expect TSHARK "the ladder of ${pcap#"$top"/} agrees with tshark" \
	    "agrees '$pcap' '$text'"
done

for pcap in $pcaps; do
	test_expect TSHARK "the names of recovery in ${pcap#"$top"/} are tshark's, or tshark is wrong" \
	    "names_agree '$pcap'"
done

for pcap in $pcaps; do
	test_expect TSHARK "the round trips in ${pcap#"$top"/} are tshark's ack_rtt, within 0.1 ms" \
	    "rtt_agrees '$pcap'"
done

test_expect TSHARK 'the Kurose-Ross lab on tests/data/post.pcap: RTT and SRTT of the first six segments, throughput and graph from handshake are tshark'"'"'s' 'kurose_ross'

test_done
