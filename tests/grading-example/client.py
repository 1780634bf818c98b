#!/usr/bin/env python3
"""client.py HOST PORT - the handshake lesson's client, written again in Python.

Connects, reads until the server closes, closes at once and prints what it
got: the same eight packets as client.c.
"""

import select
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])

# create_connection() -> SYN, SYN_SENT; returns once the SYN-ACK is in and
# our ACK is sent: ESTABLISHED.
sock = socket.create_connection((host, port))

received = b""
while True:
    # select() -> no packet.  Waiting here, not inside recv(), lets the
    # kernel ACK the data the moment it arrives, before the server's FIN.
    select.select([sock], [], [])
    # recv() returns b"" once the server's FIN is in: CLOSE_WAIT.
    chunk = sock.recv(4096)
    if not chunk:
        break
    received += chunk

# close() -> FIN-ACK, LAST_ACK; it carries the ACK of the server's FIN,
# which the kernel held back.  The server's ACK ends it: CLOSED.
sock.close()
sys.stdout.buffer.write(received)
