#!/usr/bin/env python3
"""server.py PORT - the handshake lesson's server, written again in Python.

Accepts one connection, sends a timestamped welcome and closes: the same
eight packets as server.c, which is what a course's CI checks with

    scripts/capture.sh -s 'python3 tests/grading-example/server.py {port}' ...

What each socket call puts on the wire is in the comment beside it.
"""

import socket
import sys
import time

port = int(sys.argv[1]) if len(sys.argv) > 1 else 20000

# socket() -> no packet: a TCP endpoint in state CLOSED.
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# We close first, so our side waits in TIME_WAIT for 60 s; SO_REUSEADDR
# lets the next run bind the port all the same.
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
# bind() -> no packet: claims the port on every address.
listener.bind(("", port))
# listen() -> LISTEN: the kernel now answers a SYN with a SYN-ACK.
listener.listen(1)

# accept() returns once the handshake is done: <- SYN, SYN-ACK ->, <- ACK.
conn, (address, peer_port) = listener.accept()
listener.close()  # LISTEN -> CLOSED: no second client.
print(f"connect from client: IP: {address}, Port: {peer_port}", flush=True)

stamp = time.strftime("%a %b %e %H:%M:%S %Y")
# sendall() of a short message -> one PSH-ACK; the client's kernel ACKs it.
conn.sendall(f"welcome to our server. timestamp on server: {stamp}\n".encode())
# close() -> FIN-ACK, FIN_WAIT_1; the client's FIN takes us to TIME_WAIT.
conn.close()
