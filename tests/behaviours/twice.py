#!/usr/bin/env python3
"""tests/behaviours/twice.py IN.pcap OUT.pcap - the capture as a capture
point that sees every packet twice would have it (a mirror port, a switch
that copies both directions): each packet again, unchanged, 150 us later,
in the order of their times."""

import struct
import sys


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    records = []
    at = 24
    while at + 16 <= len(data):
        sec, usec, caplen, length = struct.unpack(endian + "IIII", data[at:at + 16])
        packet = data[at + 16:at + 16 + caplen]
        for delay in (0, 150):
            t = sec * 1000000 + usec + delay
            records.append((t, struct.pack(endian + "IIII", t // 1000000,
                                           t % 1000000, caplen, length) + packet))
        at += 16 + caplen
    records.sort(key=lambda record: record[0])
    with open(sys.argv[2], "wb") as f:
        f.write(data[:24] + b"".join(record for _, record in records))


if __name__ == "__main__":
    main()
