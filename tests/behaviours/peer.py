#!/usr/bin/env python3
"""tests/behaviours/peer.py ROLE BEHAVIOUR [PORT [ADDRESS]] - one side of an
exchange that makes Linux's TCP do something the lessons do not show.  Run
by tests/behaviours/record.sh inside private network namespaces, never on a
real network: it talks to 127.0.0.1, or across record.sh's line between two
namespaces, to the server's end of it (ADDRESS).

ROLE is "server" or "client" (the server prints "listening" once it
listens).  Each behaviour is a pair of functions below; record.sh sets the
namespace's sysctls and nftables rules that the behaviour needs.
"""

import socket
import struct
import sys
import time

HOST = "127.0.0.1"


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen(4)
    print("listening", flush=True)
    return s


def read_all(conn):
    data = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk


def read_exactly(conn, n):
    got = 0
    while got < n:
        got += len(conn.recv(n - got))


def small_buffer(port, size):
    """a client socket with a receive buffer of size bytes, connected"""
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
    c.connect((HOST, port))
    return c


def serve(port, data, then=None):
    """accept one connection, send data, wait then seconds, close"""
    conn, _ = listener(port).accept()
    conn.sendall(data)
    if then:
        time.sleep(then)
    conn.close()


def fetch(port):
    """connect, read to EOF, close"""
    c = socket.create_connection((HOST, port))
    read_all(c)
    c.close()


def abort(sock):
    """close with SO_LINGER {1, 0}: an RST instead of a FIN"""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


# bulk: 100 KiB from the server, one segment of it lost (nftables) and
# sent again at once, after the client's duplicate ACKs with SACK blocks.
def bulk_server(port):
    serve(port, b"x" * 102400)


def bulk_client(port):
    fetch(port)


# zero-window: a client with a small buffer reads nothing for a second;
# the server fills it, the window goes to 0, the server probes.
def zero_window_server(port):
    serve(port, b"z" * 60000)


def zero_window_client(port):
    c = small_buffer(port, 4096)
    time.sleep(1.2)
    read_all(c)
    c.close()


# keepalive: an idle connection whose server asks every second whether
# the client is still there.
def keepalive_server(port):
    s = listener(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    conn, _ = s.accept()  # (the accepted socket inherits the three)
    conn.sendall(b"hello\n")
    time.sleep(2.5)
    conn.close()


def keepalive_client(port):
    fetch(port)


# reset-mid: the client reads the first chunk and aborts while the server
# is still sending: an RST in the middle of the stream.
def reset_mid_server(port):
    conn, _ = listener(port).accept()
    conn.sendall(b"first chunk\n")
    conn.recv(1)  # the client's go-ahead
    try:
        conn.sendall(b"second chunk\n")
        time.sleep(0.2)
        conn.sendall(b"third chunk\n")
    except OSError:
        pass
    conn.close()


def reset_mid_client(port):
    c = socket.create_connection((HOST, port))
    c.recv(12)
    c.sendall(b"g")
    time.sleep(0.1)
    abort(c)


# half-close: the client sends its request and shuts down its side
# (SHUT_WR, a FIN); the server reads to that FIN, then answers.
def half_close_server(port):
    conn, _ = listener(port).accept()
    request = read_all(conn)
    conn.sendall(b"you said: " + request)
    conn.close()


def half_close_client(port):
    c = socket.create_connection((HOST, port))
    c.sendall(b"hello\n")
    c.shutdown(socket.SHUT_WR)
    read_all(c)
    c.close()


# fast-open: two connections with TCP Fast Open; the first asks for a
# cookie, the second's SYN carries the request (sysctl tcp_fastopen=3).
def fast_open_server(port):
    s = listener(port)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 5)
    for _ in range(2):
        conn, _ = s.accept()
        conn.recv(100)
        conn.sendall(b"ok\n")
        conn.close()


def fast_open_client(port):
    for _ in range(2):
        c = socket.socket()
        c.sendto(b"GET\n", socket.MSG_FASTOPEN, (HOST, port))
        read_all(c)
        c.close()


# self: a socket bound to a port and connected to that same port: a
# simultaneous open with itself.
def self_server(port):
    print("listening", flush=True)  # nothing listens: the client is both


def self_client(port):
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind((HOST, port))
    c.connect((HOST, port))
    c.sendall(b"me\n")
    c.recv(3)
    c.close()


# closing: both sides close at once; the client's FIN is lost
# (nftables), so the server's FIN finds it in FIN_WAIT_1: CLOSING, then
# TIME_WAIT on both sides.
def closing_server(port):
    conn, _ = listener(port).accept()
    conn.recv(1)
    time.sleep(0.05)
    conn.close()


def closing_client(port):
    c = socket.create_connection((HOST, port))
    c.sendall(b"x")
    c.close()
    time.sleep(0.6)


# reuse: one client port used twice in a row for two connections to the
# same server (the server closes first: its side of the pair sits in
# TIME_WAIT, and takes the new SYN).
def reuse_server(port):
    s = listener(port)
    for _ in range(2):
        conn, _ = s.accept()
        conn.sendall(b"welcome\n")
        conn.close()


def reuse_client(port):
    for _ in range(2):
        c = socket.socket()
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((HOST, 40000))
        c.connect((HOST, port))
        read_all(c)
        c.close()
        time.sleep(0.05)


# urgent: one byte of urgent data (MSG_OOB) among ordinary bytes.
def urgent_server(port):
    conn, _ = listener(port).accept()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)
    read_all(conn)
    conn.close()


def urgent_client(port):
    c = socket.create_connection((HOST, port))
    c.sendall(b"abc")
    c.send(b"!", socket.MSG_OOB)
    c.sendall(b"def")
    c.close()


# reordering: 100 KiB from the server across the line, one segment held
# back (line.py) long enough to arrive after the next ones, not so long
# that the server's RACK takes it for lost.
def reordering_server(port):
    serve(port, b"r" * 102400)


def reordering_client(port):
    fetch(port)


# timeout: the server's one segment is lost, and the first sending again
# too (line.py): no duplicate ACK comes, the timer sends it again, twice.
# The server closes once the client has it all and says so.
def timeout_server(port):
    conn, _ = listener(port).accept()
    conn.sendall(b"t" * 1000)
    conn.recv(1)
    conn.close()


def timeout_client(port):
    c = socket.create_connection((HOST, port))
    read_exactly(c, 1000)
    c.sendall(b"k")
    read_all(c)
    c.close()


# held-ack: the client's ACK of the server's segment is held in the line
# (line.py) past the server's timer: the server sends the segment again,
# needlessly (the client had acknowledged it); the client says nothing
# more for a second, then its one byte lets the server close.
def held_ack_server(port):
    timeout_server(port)


def held_ack_client(port):
    c = socket.create_connection((HOST, port))
    read_exactly(c, 1000)
    time.sleep(1)
    c.sendall(b"k")
    read_all(c)
    c.close()


# window-update: a client with a small buffer reads 2000 bytes at a time,
# a little later each time: its window closes as the server fills it and
# opens again, in window updates, as it reads.
def window_update_server(port):
    serve(port, b"w" * 40000)


def window_update_client(port):
    c = small_buffer(port, 8192)
    while True:
        time.sleep(0.02)
        if not c.recv(2000):
            break
    c.close()


# post: the Kurose-Ross TCP lab's exchange: an HTTP POST of a 150 KiB text
# from the client (the sender, where the capture is), the server's short
# answer, then both close.
UPLOAD = b"".join(b"line %05d of the text that the client uploads, 64 bytes a line\n" % i
                  for i in range(2400))


def post_server(port):
    conn, _ = listener(port).accept()
    request = b""
    while b"\r\n\r\n" not in request:
        request += conn.recv(65536)
    head, body = request.split(b"\r\n\r\n", 1)
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    read_all(conn)
    conn.close()


def post_client(port):
    c = socket.create_connection((HOST, port))
    c.sendall(b"POST /upload HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
              b"Content-Length: %d\r\n\r\n" % (HOST.encode(), len(UPLOAD)) + UPLOAD)
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += c.recv(65536)
    c.close()


# others: a connection on port+1 that is already open when the capture
# starts and goes on through it; the lesson's exchange, and one more
# short connection, happen in between.
def others_server(port):
    s = listener(port + 1)
    conn, _ = s.accept()
    conn.recv(100)
    conn.sendall(b"pong 1\n")
    conn.recv(100)
    conn.sendall(b"pong 2\n")
    short, _ = s.accept()
    short.sendall(b"short\n")
    short.close()
    conn.recv(100)
    conn.close()


def others_client(port):
    c = socket.create_connection((HOST, port + 1))
    print("connected", flush=True)
    sys.stdin.readline()  # record.sh: tcpdump listens
    c.sendall(b"ping 1\n")
    c.recv(100)
    sys.stdin.readline()  # record.sh: the lesson's exchange is over
    c.sendall(b"ping 2\n")
    c.recv(100)
    short = socket.create_connection((HOST, port + 1))
    read_all(short)
    short.close()
    c.sendall(b"bye\n")
    c.close()


def main():
    global HOST
    role, behaviour = sys.argv[1], sys.argv[2].replace("-", "_")
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    if len(sys.argv) > 4:
        HOST = sys.argv[4]
    globals()[behaviour + "_" + role](port)


if __name__ == "__main__":
    main()
