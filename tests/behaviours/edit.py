#!/usr/bin/env python3
"""tests/behaviours/edit.py twice|cut IN.pcap OUT.pcap [N...] - a capture
as another capture point would have had it:

twice  one that sees every packet twice (a mirror port, a switch that
       copies both directions): each packet again, unchanged, 150 us
       later, in the order of their times;
cut    one that missed packets N... (counted from 1): they are left out.
"""

import struct
import sys


def main():
    how, source, target = sys.argv[1:4]
    missed = {int(n) for n in sys.argv[4:]}
    with open(source, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    records = []
    at, number = 24, 0
    while at + 16 <= len(data):
        sec, usec, caplen, length = struct.unpack(endian + "IIII", data[at:at + 16])
        packet = data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        number += 1
        if how == "cut" and number in missed:
            continue
        for delay in ((0, 150) if how == "twice" else (0,)):
            t = sec * 1000000 + usec + delay
            records.append((t, struct.pack(endian + "IIII", t // 1000000,
                                           t % 1000000, caplen, length) + packet))
    records.sort(key=lambda record: record[0])
    with open(target, "wb") as f:
        f.write(data[:24] + b"".join(record for _, record in records))


if __name__ == "__main__":
    main()
