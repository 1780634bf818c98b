/*
 * server.c - accept one TCP connection, send a timestamped welcome, close.
 *
 * The life of the connection on the wire, as this program causes it:
 *
 *   socket, bind, listen      LISTEN                    (no packet yet)
 *   accept returns            <- SYN, SYN-ACK ->, <- ACK    ESTABLISHED
 *   send                      PSH-ACK -> (the message), <- ACK
 *   close                     FIN-ACK ->   FIN_WAIT_1 ... TIME_WAIT
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_PORT	20000

static void
usage(void)
{
	fprintf(stderr, "usage: server [port]\n");
	exit(2);
}

/* One line on stderr naming what failed and why, then exit 1. */
static void
die(const char *what)
{
	fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int
parse_port(const char *arg)
{
	char *end;
	long port;

	errno = 0;
	port = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || port < 0 || port > 65535) {
		fprintf(stderr, "server: port must be a number from 0 to 65535: %s\n",
		    arg);
		exit(2);
	}
	return (int)port;
}

/*
 * A socket for both IPv4 and IPv6 clients: an IPv6 socket with V6ONLY off
 * also accepts IPv4, seen as ::ffff:a.b.c.d.  Plain IPv4 where IPv6 is off.
 */
static int
listening_socket(int port)
{
	struct sockaddr_in6 any6;
	struct sockaddr_in any4;
	struct sockaddr *addr;
	socklen_t addrlen;
	int fd, on = 1, off = 0;
	char what[64];

	memset(&any6, 0, sizeof(any6));
	any6.sin6_family = AF_INET6;
	any6.sin6_addr = in6addr_any;
	any6.sin6_port = htons((unsigned short)port);
	memset(&any4, 0, sizeof(any4));
	any4.sin_family = AF_INET;
	any4.sin_addr.s_addr = htonl(INADDR_ANY);
	any4.sin_port = htons((unsigned short)port);

	addr = (struct sockaddr *)&any6;
	addrlen = sizeof(any6);
	if ((fd = socket(AF_INET6, SOCK_STREAM, 0)) == -1) {
		if (errno != EAFNOSUPPORT)
			die("socket");
		addr = (struct sockaddr *)&any4;
		addrlen = sizeof(any4);
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			die("socket");
	} else if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
	    sizeof(off)) == -1)
		die("setsockopt IPV6_V6ONLY");

	/* We close first, so our last connection sits in TIME_WAIT for 60 s;
	 * without SO_REUSEADDR a second run could not bind the port. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		die("setsockopt SO_REUSEADDR");

	snprintf(what, sizeof(what), "bind port %d", port);
	if (bind(fd, addr, addrlen) == -1)
		die(what);

	/* listen() -> LISTEN: the kernel now answers a SYN with a SYN-ACK. */
	if (listen(fd, 1) == -1)
		die("listen");
	return fd;
}

/* The port we really got: port 0 asks the kernel to choose one. */
static int
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		die("getsockname");
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Print an IPv4 client as 127.0.0.1, not as its mapped ::ffff:127.0.0.1. */
static void
print_peer(const struct sockaddr_storage *peer)
{
	char text[INET6_ADDRSTRLEN];
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)peer;
	const struct sockaddr_in *in4 = (const struct sockaddr_in *)peer;
	int port;

	if (peer->ss_family == AF_INET6) {
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], text,
			    sizeof(text));
		else
			inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
		port = ntohs(in6->sin6_port);
	} else {
		inet_ntop(AF_INET, &in4->sin_addr, text, sizeof(text));
		port = ntohs(in4->sin_port);
	}
	printf("connect from client: IP: %s, Port: %d\n", text, port);
	fflush(stdout);
}

/* Send all len bytes: send() may take fewer than asked. */
static void
send_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		/* MSG_NOSIGNAL: a vanished client is an error, not a SIGPIPE. */
		if ((n = send(fd, buf, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			die("send");
		}
		buf += n;
		len -= (size_t)n;
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_storage peer;
	socklen_t peerlen = sizeof(peer);
	char message[128], stamp[64];
	time_t now;
	int listen_fd, conn_fd, port = DEFAULT_PORT;

	opterr = 0;	/* usage() says it better than getopt's own message */
	if (getopt(argc, argv, "") != -1)
		usage();
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		port = parse_port(argv[0]);

	listen_fd = listening_socket(port);
	/* Scripts wait for this line instead of sleeping. */
	printf("server: listening on port %d\n", bound_port(listen_fd));
	fflush(stdout);

	/* accept() returns once the handshake is done: SYN, SYN-ACK, ACK. */
	if ((conn_fd = accept(listen_fd, (struct sockaddr *)&peer,
	    &peerlen)) == -1)
		die("accept");
	close(listen_fd);	/* LISTEN -> CLOSED: no second client. */
	print_peer(&peer);

	now = time(NULL);
	strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y",
	    localtime(&now));
	snprintf(message, sizeof(message),
	    "welcome to our server. timestamp on server: %s\n", stamp);

	/* send() -> one PSH-ACK carrying exactly the message; the client's
	 * kernel answers with an ACK. */
	send_all(conn_fd, message, strlen(message));

	/* close() -> FIN-ACK, FIN_WAIT_1; the client's FIN takes us through
	 * FIN_WAIT_2 to TIME_WAIT, where the kernel keeps the port for 60 s. */
	if (close(conn_fd) == -1)
		die("close");
	return 0;
}
