/*
 * client.c - connect to a TCP server, read until it closes, print it all.
 *
 * The life of the connection on the wire, as this program causes it:
 *
 *   connect                   SYN ->  SYN_SENT, <- SYN-ACK, ACK ->  ESTABLISHED
 *   poll, read                <- PSH-ACK (the data), ACK ->
 *   read returns 0            <- FIN-ACK (the server closed)  CLOSE_WAIT
 *   close                     FIN-ACK ->  LAST_ACK, <- ACK  CLOSED
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <netdb.h>
#include <poll.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PORT	"20000"

static const char *host, *port = DEFAULT_PORT;
static char port_text[sizeof("65535")];

static void
usage(void)
{
	fprintf(stderr, "usage: client host [port]\n");
	exit(2);
}

/* One line on stderr naming what failed, where, and why; then exit 1. */
static void
die(const char *what, const char *why)
{
	fprintf(stderr, "client: %s %s port %s: %s\n", what, host, port, why);
	exit(1);
}

/* Accept 1-65535 only, and hand getaddrinfo the number in plain digits. */
static const char *
checked_port(const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 1 || n > 65535) {
		fprintf(stderr, "client: port must be a number from 1 to 65535: %s\n",
		    arg);
		exit(2);
	}
	snprintf(port_text, sizeof(port_text), "%ld", n);
	return port_text;
}

/* Try every address the name has (::1 and 127.0.0.1 for localhost). */
static int
connect_to_server(void)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, error, saved_errno = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((error = getaddrinfo(host, port, &hints, &res)) != 0)
		die("resolve", gai_strerror(error));

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1) {
			saved_errno = errno;
			continue;
		}
		/* connect() -> SYN, SYN_SENT; returns once the SYN-ACK is in
		 * and our ACK is sent: ESTABLISHED.  Nobody listening: an RST. */
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		saved_errno = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		die("connect to", strerror(saved_errno));
	return fd;
}

/*
 * Read until the server closes, keeping everything in a buffer that grows
 * as needed.  Waiting in poll() rather than in read() lets the kernel ACK
 * the data the moment it arrives, before the server's FIN.
 */
static char *
read_to_eof(int fd, size_t *lenp)
{
	struct pollfd pfd;
	char *buf = NULL, *bigger;
	size_t len = 0, size = 0;
	ssize_t n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (len == size) {
			size = size ? 2 * size : 4096;
			if ((bigger = realloc(buf, size)) == NULL)
				die("read from", strerror(errno));
			buf = bigger;
		}
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll", strerror(errno));
		}
		/* read() returns 0 once the server's FIN is in: CLOSE_WAIT. */
		if ((n = read(fd, buf + len, size - len)) == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			die("read from", strerror(errno));
		}
		len += (size_t)n;
	}
	*lenp = len;
	return buf;
}

int
main(int argc, char *argv[])
{
	char *data;
	size_t len, off = 0;
	ssize_t n;
	int fd;

	opterr = 0;	/* usage() says it better than getopt's own message */
	if (getopt(argc, argv, "") != -1)
		usage();
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2)
		usage();
	host = argv[0];
	if (argc == 2)
		port = checked_port(argv[1]);

	fd = connect_to_server();
	data = read_to_eof(fd, &len);

	/* close() -> FIN-ACK, LAST_ACK; the server's ACK ends it: CLOSED.
	 * Close at once: the kernel holds back its ACK of the server's FIN
	 * (delayed ACK) and sends it on our FIN, if we are quick. */
	if (close(fd) == -1)
		die("close connection to", strerror(errno));

	/* Print only now, so a slow terminal cannot delay the close. */
	while (off < len) {
		if ((n = write(STDOUT_FILENO, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "client: write to stdout: %s\n",
			    strerror(errno));
			return 1;
		}
		off += (size_t)n;
	}
	free(data);
	return 0;
}
