/*
 * server.c - accept one TCP connection, send a timestamped welcome, close.
 *
 * The life of the connection on the wire, as this program causes it:
 *
 *   socket, bind, listen      LISTEN                    (no packet yet)
 *   accept returns            <- SYN, SYN-ACK ->, <- ACK    ESTABLISHED
 *   send                      PSH-ACK -> (the message), <- ACK
 *   close                     FIN-ACK ->   FIN_WAIT_1 ... TIME_WAIT
 *
 * Options change the ending, for the other lessons (lessons/NAME.md):
 *   -e      wait for the client to close first: <- FIN-ACK, then ours
 *   -d ms   wait ms milliseconds before closing
 *   -r      abort: close with an RST instead of the FIN handshake
 *   -n bytes  after the welcome, send that many bytes more: a bulk
 *           transfer, many segments, paced by the congestion window
 *   -w      before closing, wait until the client has acknowledged every
 *           byte: the connection stays ESTABLISHED meanwhile (Linux)
 *   -i file wait as -w does, and meanwhile write the kernel's own
 *           numbers for the connection to file each time they change:
 *           congestion window, slow-start threshold, congestion state
 *           (TCP_INFO, Linux)
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "number.h"
#include "tcpinfo.h"

/* One socket address, IPv4 or IPv6, without casts at every use. */
union address {
	struct sockaddr		sa;
	struct sockaddr_in	in4;
	struct sockaddr_in6	in6;
	struct sockaddr_storage	storage;
};

static void
usage(void)
{
	fprintf(stderr, "usage: server [-e] [-r] [-w] [-d ms] [-n bytes] [-i file] [port]\n");
	exit(2);
}

/* One line on stderr naming what failed and why, then exit 1. */
static void
die(const char *what)
{
	fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * A socket for both IPv4 and IPv6 clients: an IPv6 socket with V6ONLY off
 * also accepts IPv4, seen as ::ffff:a.b.c.d.  Plain IPv4 where IPv6 is off.
 * The zeroed address is the wildcard in both families.
 */
static int
listening_socket(int port)
{
	union address any;
	socklen_t len = sizeof(any.in6);
	int fd, on = 1, off = 0;
	char what[32];

	memset(&any, 0, sizeof(any));
	any.in6.sin6_family = AF_INET6;
	any.in6.sin6_port = htons((unsigned short)port);
	/* socket() -> no packet: a TCP endpoint in state CLOSED. */
	if ((fd = socket(AF_INET6, SOCK_STREAM, 0)) == -1 &&
	    errno == EAFNOSUPPORT) {
		memset(&any, 0, sizeof(any));
		any.in4.sin_family = AF_INET;
		any.in4.sin_port = htons((unsigned short)port);
		len = sizeof(any.in4);
		fd = socket(AF_INET, SOCK_STREAM, 0);
	}
	if (fd == -1)
		die("socket");
	if (any.sa.sa_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &off, sizeof(off)) == -1)
		die("setsockopt IPV6_V6ONLY");

	/* We close first, so our last connection sits in TIME_WAIT for 60 s;
	 * without SO_REUSEADDR a second run could not bind the port. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		die("setsockopt SO_REUSEADDR");
	/* bind() -> no packet: claims the port on every address. */
	snprintf(what, sizeof(what), "bind port %d", port);
	if (bind(fd, &any.sa, len) == -1)
		die(what);

	/* listen() -> LISTEN: the kernel now answers a SYN with a SYN-ACK. */
	if (listen(fd, 1) == -1)
		die("listen");
	return fd;
}

/*
 * -n: bytes more after the welcome, a bulk transfer.  Each send() hands
 * the kernel up to 64 KiB and returns once they are in its send buffer,
 * not once they have arrived.  The kernel cuts them into segments of one
 * MSS (1448 bytes of data on a 1500-byte link, with timestamps) and sends
 * as many as its congestion window allows, 10 at first; each ACK that
 * comes back lets more go, and the window grows: slow start.  The data:
 * lines of 64 letters, so that a capture shows text.
 */
static void
send_bulk(int fd, long bytes)
{
	static char chunk[65536];
	size_t i, n;
	ssize_t sent;
	int room = bytes < 536870912 ? (int)bytes * 2 : 1073741824;

	/* setsockopt(SO_SNDBUF) -> no packet: room in the kernel for every
	 * byte at once (up to the system's limit, net.core.wmem_max), so that
	 * only the congestion window paces them, never how soon this program
	 * gets a CPU to hand over the next piece.  A sender that is late to
	 * refill its buffer sends less than its window allows, and Linux grows
	 * the window only while the window is what holds the sending back. */
	if (bytes > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &room,
	    sizeof(room)) == -1)
		die("setsockopt SO_SNDBUF");
	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 64 % 26);
	while (bytes > 0) {
		n = bytes < (long)sizeof(chunk) ? (size_t)bytes : sizeof(chunk);
		/* send() -> data segments; PSH on the last of each call */
		if ((sent = send(fd, chunk, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			die("send");
		}
		bytes -= (long)sent;
	}
}

/*
 * -w: wait until the client has acknowledged every byte we sent, so that
 * close() finds nothing left to send.  Until then the connection stays
 * ESTABLISHED, and the kernel's tracepoint tcp:tcp_probe, which fires
 * only there, records its congestion window for every ACK that comes in
 * (without -w, close() comes as soon as the last bytes are in the send
 * buffer: FIN_WAIT_1, with most ACKs still to come, and the FIN rides on
 * the last data segment).  No packet: ioctl(SIOCOUTQ) asks the kernel
 * how many bytes of the send buffer are not yet acknowledged (tcpinfo.c).
 * No event says "all acknowledged": we ask again each millisecond (poll()
 * wakes sooner if the client sends anything, its FIN or an RST: nothing
 * more to wait for then), for 60 s at most.  With -i, each time we ask we
 * also write the kernel's numbers to INFO where they changed: the
 * congestion window as it was between ACKs (those closer together than a
 * millisecond share a line).  Returns 0, or -1 on the timeout.
 */
static int
wait_acknowledged(int fd, FILE *info, long written)
{
	struct pollfd client;
	time_t give_up = time(NULL) + 60;
	int unacknowledged;

	/* POSIX names pollfd's members, not their order: set them by name */
	client.fd = fd;
	client.events = POLLIN;
	client.revents = 0;
	for (;;) {
		/* with -i, the reading says how many bytes are unacknowledged */
		unacknowledged = info != NULL ? tcpinfo_write(info, fd, written) :
		    tcpinfo_unacknowledged(fd);
		if (unacknowledged == -1)
			die(info != NULL ? "reading TCP_INFO" : "ioctl SIOCOUTQ");
		if (unacknowledged == 0)
			return 0;
		if (time(NULL) > give_up) {
			fprintf(stderr, "server: %d bytes still unacknowledged after 60 s: "
			    "closing all the same\n", unacknowledged);
			return -1;
		}
		if (poll(&client, 1, 1) == -1 && errno != EINTR)
			die("poll");
		if (client.revents != 0)
			return 0;
	}
}

/* An address as a student expects it: 127.0.0.1, not ::ffff:127.0.0.1. */
static const char *
address_text(const union address *a, char *text, socklen_t size)
{
	if (a->sa.sa_family == AF_INET)
		return inet_ntop(AF_INET, &a->in4.sin_addr, text, size);
	if (IN6_IS_ADDR_V4MAPPED(&a->in6.sin6_addr))
		return inet_ntop(AF_INET, &a->in6.sin6_addr.s6_addr[12], text, size);
	return inet_ntop(AF_INET6, &a->in6.sin6_addr, text, size);
}

static int
port_of(const union address *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in4.sin_port :
	    a->in6.sin6_port);
}

int
main(int argc, char *argv[])
{
	union address self, peer;
	socklen_t len;
	struct linger abort_close = { 1, 0 };
	struct timespec pause;
	char message[128], stamp[64], text[INET6_ADDRSTRLEN], byte;
	time_t now;
	size_t size;
	ssize_t n;
	long delay_ms = 0, bulk = 0;
	int listen_fd, conn_fd, opt, port = 20000, wait_eof = 0, reset = 0;
	int wait_acks = 0, status = 0;
	const char *info_name = NULL;
	FILE *info = NULL;

	opterr = 0;	/* usage() says it better than getopt's own message */
	while ((opt = getopt(argc, argv, "d:ei:n:rw")) != -1)
		switch (opt) {
		case 'd':
			delay_ms = number("server", "-d", optarg, 0, 60000);
			break;
		case 'e':
			wait_eof = 1;
			break;
		case 'i':
			info_name = optarg;
			wait_acks = 1;
			break;
		case 'n':
			bulk = number("server", "-n", optarg, 0, 1073741824);
			break;
		case 'r':
			reset = 1;
			break;
		case 'w':
			wait_acks = 1;
			break;
		default:
			usage();
		}
	if (argc - optind > 1)
		usage();
	if (argc - optind == 1)
		port = (int)number("server", "port", argv[optind], 0, 65535);
	if (wait_acks && !tcpinfo_here) {
		fprintf(stderr, "server: -%c needs Linux (SIOCOUTQ, TCP_INFO)\n",
		    info_name != NULL ? 'i' : 'w');
		exit(3);
	}
	if (info_name != NULL && (info = fopen(info_name, "w")) == NULL) {
		fprintf(stderr, "server: cannot write %s: %s\n", info_name,
		    strerror(errno));
		exit(1);
	}

	listen_fd = listening_socket(port);
	/* getsockname() -> no packet: the port we got (port 0 asked the
	 * kernel to choose).  Scripts wait for this line instead of sleeping. */
	len = sizeof(self);
	if (getsockname(listen_fd, &self.sa, &len) == -1)
		die("getsockname");
	printf("server: listening on port %d\n", port_of(&self));
	fflush(stdout);

	/* accept() -> no packet: it collects a connection the kernel has
	 * already made (<- SYN, SYN-ACK ->, <- ACK), waiting until one is. */
	len = sizeof(peer);
	if ((conn_fd = accept(listen_fd, &peer.sa, &len)) == -1)
		die("accept");
	close(listen_fd);	/* LISTEN -> CLOSED: no second client. */
	/* -i: the kernel's numbers before we send: the initial window */
	if (info != NULL && tcpinfo_write(info, conn_fd, 0) == -1)
		die("reading TCP_INFO");
	printf("connect from client: IP: %s, Port: %d\n",
	    address_text(&peer, text, sizeof(text)), port_of(&peer));
	fflush(stdout);

	now = time(NULL);
	strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y", localtime(&now));
	size = (size_t)snprintf(message, sizeof(message),
	    "welcome to our server. timestamp on server: %s\n", stamp);

	/* A client that is gone makes send() fail (EPIPE), which is reported
	 * below, instead of killing us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	/* send() -> one PSH-ACK carrying exactly the message; the client's
	 * kernel answers with an ACK.  A blocking send() of a short message
	 * sends it whole. */
	if (send(conn_fd, message, size, 0) == -1)
		die("send");
	send_bulk(conn_fd, bulk);
	if (wait_acks && wait_acknowledged(conn_fd, info, (long)size + bulk) == -1)
		status = 1;
	/* a write that failed earlier (a full disk) shows in ferror() */
	if (info != NULL) {
		int failed = ferror(info);

		if (fclose(info) == EOF || failed) {
			fprintf(stderr, "server: cannot write %s: %s\n", info_name,
			    failed ? "a write failed" : strerror(errno));
			status = 1;
		}
	}

	/* -e: read() returns 0 once the client's FIN is in: CLOSE_WAIT. */
	while (wait_eof && (n = read(conn_fd, &byte, 1)) != 0)
		if (n == -1 && errno != EINTR)
			die("read");
	/* -d: wait before closing -- no packet.  After -e, the kernel's
	 * delayed-ACK timer (200 ms at most) acknowledges the client's FIN
	 * meanwhile, in a packet of its own. */
	pause.tv_sec = delay_ms / 1000;
	pause.tv_nsec = delay_ms % 1000 * 1000000;
	nanosleep(&pause, NULL);

	/* -r: SO_LINGER {1, 0} makes close() drop the connection: RST. */
	if (reset && setsockopt(conn_fd, SOL_SOCKET, SO_LINGER, &abort_close,
	    sizeof(abort_close)) == -1)
		die("setsockopt SO_LINGER");

	/* close() -> FIN-ACK, FIN_WAIT_1; the client's FIN takes us through
	 * FIN_WAIT_2 to TIME_WAIT, where the kernel keeps the port for 60 s.
	 * After -e it is LAST_ACK, and the client's ACK ends it: CLOSED. */
	if (close(conn_fd) == -1)
		die("close");
	return status;
}
