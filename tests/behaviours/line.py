#!/usr/bin/env python3
"""tests/behaviours/line.py MS DEV-A DEV-B [FAULT...] - a delay line (as
../../delayline.c, two TUN devices and this program between them, MS ms
each way) that also does wrong, on purpose, to chosen packets: the
faults the kernel's own tools cannot make here (no netem).  Run by
tests/behaviours/record.sh in its namespaces, never on a real network.

A FAULT is WAY:KIND:N:WHAT -- WAY "a" (what DEV-A's side sends) or "b";
KIND "data" (a TCP segment with data) or "ack" (a TCP segment without
data, SYN, FIN or RST); N, the count of that kind that way, from 1; WHAT
"drop", or a number of ms to hold it back beyond MS (it comes out after
the packets that came in behind it: reordering, a late ACK).  Prints
"line: DEV-A DEV-B ready" once both devices exist, one line on stderr for
each fault done, then runs until killed.
"""

import fcntl
import heapq
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000


def tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def kind(packet):
    """'data', 'ack' or None (not IPv4 TCP, or a SYN, FIN or RST)"""
    if len(packet) < 40 or packet[0] >> 4 != 4 or packet[9] != 6:
        return None
    ihl = (packet[0] & 15) * 4
    total = struct.unpack("!H", packet[2:4])[0]
    doff = (packet[ihl + 12] >> 4) * 4
    if total - ihl - doff > 0:
        return "data"
    return None if packet[ihl + 13] & 0x07 else "ack"


def main():
    delay = float(sys.argv[1]) / 1000
    ways = {"a": tun(sys.argv[2]), "b": tun(sys.argv[3])}
    faults = {}
    for fault in sys.argv[4:]:
        way, what, n, action = fault.split(":")
        faults[(way, what, int(n))] = action
    print("line: %s %s ready" % (sys.argv[2], sys.argv[3]), flush=True)
    counts = {}
    held = []  # (release time, arrival order, device to write to, packet)
    order = 0
    other = {ways["a"]: ways["b"], ways["b"]: ways["a"]}
    name = {ways["a"]: "a", ways["b"]: "b"}
    while True:
        timeout = None if not held else max(0.0, held[0][0] - time.monotonic())
        ready, _, _ = select.select(list(other), [], [], timeout)
        for fd in ready:
            packet = os.read(fd, 65536)
            what = kind(packet)
            action = None
            if what:
                key = (name[fd], what)
                counts[key] = counts.get(key, 0) + 1
                action = faults.get(key + (counts[key],))
            if action:
                print("line: %s %s %d: %s" % (key + (counts[key], action)),
                      file=sys.stderr, flush=True)
            if action == "drop":
                continue
            extra = float(action) / 1000 if action else 0.0
            order += 1
            heapq.heappush(held, (time.monotonic() + delay + extra, order, other[fd], packet))
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, _, fd, packet = heapq.heappop(held)
            os.write(fd, packet)


if __name__ == "__main__":
    main()
