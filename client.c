/*
 * client.c - connect to a TCP server, read until it closes, print it all.
 *
 * The life of the connection on the wire, as this program causes it:
 *
 *   connect                   SYN ->  SYN_SENT, <- SYN-ACK, ACK ->  ESTABLISHED
 *   poll, read                <- PSH-ACK (the data), ACK ->
 *   read returns 0            <- FIN-ACK (the server closed)  CLOSE_WAIT
 *   close                     FIN-ACK ->  LAST_ACK, <- ACK  CLOSED
 *
 * Options change the ending, for the other lessons (lessons/NAME.md):
 *   -f      close first: right after the first data, not waiting for
 *           the server's FIN; the client then ends in TIME_WAIT
 *   -d ms   wait ms milliseconds before closing
 *   -q      print how many bytes came, not the bytes (a bulk transfer)
 *   -r ms   a slow reader: wait ms milliseconds before each read()
 *   -b bytes  a receive buffer of that size: a small window to offer
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "number.h"

static const char *host, *port = "20000";
static long read_delay_ms, buffer_size;
static char port_text[sizeof("65535")];

static void
usage(void)
{
	fprintf(stderr, "usage: client [-f] [-q] [-d ms] [-r ms] [-b bytes] host [port]\n");
	exit(2);
}

/* One line on stderr naming what failed, where, and why. */
static void
warn_about(const char *what, const char *why)
{
	fprintf(stderr, "client: %s %s port %s: %s\n", what, host, port, why);
}

static void
die(const char *what, const char *why)
{
	warn_about(what, why);
	exit(1);
}

/* Try every address the name has (::1 and 127.0.0.1 for localhost). */
static int
connect_to_server(void)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, error, saved_errno = 0, buffer_size_int = (int)buffer_size;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((error = getaddrinfo(host, port, &hints, &res)) != 0)
		die("resolve", gai_strerror(error));

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		/* socket() -> no packet: a TCP endpoint in state CLOSED. */
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1) {
			saved_errno = errno;
			continue;
		}
		/* -b: setsockopt(SO_RCVBUF) -> no packet, but our SYN offers a
		 * window from it (the kernel doubles the size asked for, half
		 * of it for its own bookkeeping), and it caps every later one.
		 * Before connect(): the SYN fixes the window scale. */
		if (buffer_size > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF,
		    &buffer_size_int, sizeof(buffer_size_int)) == -1)
			die("set the receive buffer for", strerror(errno));
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
 * Read until the server closes (or, with first_only, until some data is
 * in), keeping everything in a buffer that grows as needed.  Waiting in
 * poll() rather than in read() lets the kernel ACK the data the moment it
 * arrives, before the server's FIN.  Returns 0, or the errno of a failed
 * read (an RST: ECONNRESET) with what came before it kept.
 */
static int
receive(int fd, int first_only, int count_only, char **bufp, size_t *lenp,
    size_t *totalp)
{
	struct pollfd pfd;
	struct timespec pause;
	char *buf = NULL, *bigger;
	size_t len = 0, size = 0, total = 0;
	ssize_t n;
	int error = 0;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pause.tv_sec = read_delay_ms / 1000;
	pause.tv_nsec = read_delay_ms % 1000 * 1000000;
	while (!(first_only && total > 0)) {
		if (len == size) {
			size = size ? 2 * size : 4096;
			if ((bigger = realloc(buf, size)) == NULL)
				die("receive from", strerror(errno));
			buf = bigger;
		}
		/* poll() -> no packet: sleeps until data, a FIN or an RST. */
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			die("wait for data from", strerror(errno));
		/* -r: a slow reader.  Meanwhile what arrives waits in our
		 * receive buffer, and each ACK offers less window; when none
		 * is left the server must stop (a zero window). */
		if (read_delay_ms > 0)
			nanosleep(&pause, NULL);
		/* read() -> no packet, but it frees buffer: once enough is
		 * free the kernel tells the server so (a window update).
		 * read() returns 0 once the server's FIN is in: CLOSE_WAIT. */
		if ((n = read(fd, buf + len, size - len)) == 0)
			break;
		if (n == -1 && errno != EINTR) {
			error = errno;
			break;
		}
		if (n > 0) {
			total += (size_t)n;
			if (!count_only)	/* -q: counted, then overwritten */
				len += (size_t)n;
		}
	}
	*bufp = buf;
	*lenp = len;
	*totalp = total;
	return error;
}

int
main(int argc, char *argv[])
{
	struct timespec pause;
	char *data;
	size_t len, total, off = 0;
	ssize_t n;
	long delay_ms = 0;
	int fd, opt, first_only = 0, count_only = 0, error;

	opterr = 0;	/* usage() says it better than getopt's own message */
	while ((opt = getopt(argc, argv, "b:d:fqr:")) != -1)
		if (opt == 'b')
			buffer_size = number("client", "-b", optarg, 1024, 16777216);
		else if (opt == 'd')
			delay_ms = number("client", "-d", optarg, 0, 60000);
		else if (opt == 'f')
			first_only = 1;
		else if (opt == 'q')
			count_only = 1;
		else if (opt == 'r')
			read_delay_ms = number("client", "-r", optarg, 0, 60000);
		else
			usage();
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2)
		usage();
	host = argv[0];
	if (argc == 2) {
		snprintf(port_text, sizeof(port_text), "%ld",
		    number("client", "port", argv[1], 1, 65535));
		port = port_text;
	}

	fd = connect_to_server();
	error = receive(fd, first_only, count_only, &data, &len, &total);

	/* -d: wait before closing -- no packet from us, but the kernel holds
	 * back its ACK of the server's FIN for up to 200 ms (delayed ACK);
	 * wait longer and that ACK leaves alone. */
	pause.tv_sec = delay_ms / 1000;
	pause.tv_nsec = delay_ms % 1000 * 1000000;
	nanosleep(&pause, NULL);

	/* close() -> FIN-ACK, LAST_ACK; the server's ACK ends it: CLOSED.
	 * Closing at once puts the held-back ACK on our FIN.  With -f we
	 * close first: FIN_WAIT_1, and later TIME_WAIT. */
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
	if (count_only)
		printf("client: received %lu bytes\n", (unsigned long)total);
	/* An RST (the server aborted) loses nothing that arrived before it. */
	if (error != 0) {
		warn_about("read from", strerror(error));
		return 1;
	}
	return 0;
}
