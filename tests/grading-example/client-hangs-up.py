#!/usr/bin/env python3
"""client-hangs-up.py HOST PORT - a client with a bug, for the grading example.

It connects and waits for the welcome, but closes without reading it.
Closing a socket with unread data makes the kernel reset the connection
(RST) instead of closing it (FIN): the check reports MISMATCH, and why.
"""

import select
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.create_connection((host, port))
select.select([sock], [], [])  # the welcome has arrived ...
sock.close()  # ... and is thrown away: RST, not FIN
