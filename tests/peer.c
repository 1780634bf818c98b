/*
 * peer.c - test peer: listen on a free loopback port, print it, accept one
 * connection, send it everything read from stdin, close.  Lets the tests
 * feed the client any bytes at all (1 MiB, NULs, no newline).
 */

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
fail(const char *what)
{
	fprintf(stderr, "peer: %s: %s\n", what, strerror(errno));
	return 1;
}

int
main(void)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	char buf[65536];
	ssize_t n, off, w;
	int lfd, fd;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return fail("socket");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) == -1 ||
	    listen(lfd, 1) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&addr, &len) == -1)
		return fail("bind");
	printf("peer: listening on port %d\n", ntohs(addr.sin_port));
	fflush(stdout);
	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return fail("accept");
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = send(fd, buf + off, (size_t)(n - off),
			    MSG_NOSIGNAL)) == -1)
				return fail("send");
	if (n == -1)
		return fail("read stdin");
	return close(fd) == -1 ? fail("close") : 0;
}
