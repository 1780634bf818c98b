/*
 * tcpinfo.c - what the server asks its own kernel about its connection
 * (Linux), for server -w and -i.  No packet: these are questions to the
 * kernel, answered from the socket's state.
 *
 * tcpinfo_unacknowledged(fd): how many bytes handed to send() the client
 * has not acknowledged yet: the ioctl SIOCOUTQ (write_seq - snd_una).
 *
 * tcpinfo_write(out, fd, written): the kernel's own numbers for the
 * connection, getsockopt(TCP_INFO), which any program may ask of its own
 * socket: congestion window and slow-start threshold (segments),
 * congestion state, smoothed round-trip time (us), and how many bytes are
 * acknowledged (written - SIOCOUTQ, WRITTEN being every byte handed to
 * send() so far), how many segments it has sent again in all, and its
 * retransmission timeout (us).  It writes them to OUT as a line,
 * tab-separated, when they differ from the last line it wrote:
 *     seconds (CLOCK_MONOTONIC)  acked  cwnd  ssthresh  state  srtt  resent  rto
 * ssthresh 2147483647 is the kernel's "none yet"; the states are Linux's
 * (tcp_ca_state): Open, Disorder, CWR, Recovery, Loss.  A timer that
 * changes the numbers without an ACK (a timeout, a loss probe) sends a
 * segment again: "resent" tells a reader that one did.  SIOCOUTQ is asked
 * before and after TCP_INFO, again until both agree: an ACK taken in
 * between would pair one ACK's numbers with another's bytes (after 100
 * tries, no line this time).
 * Returns the bytes not yet acknowledged, as SIOCOUTQ last said, or -1
 * with errno set.
 */

/* struct tcp_info: glibc and musl declare it only beyond POSIX */
#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "tcpinfo.h"

/* SIOCOUTQ of <linux/sockios.h> is, on a socket, the same request as
 * TIOCOUTQ (which libc's <sys/ioctl.h> has, glibc's and musl's alike). */
#if defined(__linux__) && defined(TIOCOUTQ) && !defined(SIOCOUTQ)
#define SIOCOUTQ TIOCOUTQ
#endif

#if defined(SIOCOUTQ) && defined(TCP_INFO)
const int tcpinfo_here = 1;

int
tcpinfo_unacknowledged(int fd)
{
	int bytes;

	if (ioctl(fd, SIOCOUTQ, &bytes) == -1)
		return -1;
	return bytes;
}

int
tcpinfo_write(FILE *out, int fd, long written)
{
	static const char *state[] = { "Open", "Disorder", "CWR", "Recovery", "Loss" };
	static long last[7];
	static int any;
	struct tcp_info info;
	struct timespec now;
	socklen_t len;
	long numbers[7];
	int before = 0, after = 0, i, changed, tries;

	for (tries = 0; tries < 100; tries++) {
		len = sizeof(info);
		if ((before = tcpinfo_unacknowledged(fd)) == -1 ||
		    getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == -1 ||
		    (after = tcpinfo_unacknowledged(fd)) == -1)
			return -1;
		if (before == after)
			break;
	}
	if (before != after)
		return after;	/* ACKs kept coming: no reading this time */
	numbers[0] = written - before;
	numbers[1] = (long)info.tcpi_snd_cwnd;
	numbers[2] = (long)info.tcpi_snd_ssthresh;
	numbers[3] = info.tcpi_ca_state < 5 ? info.tcpi_ca_state : -1;
	numbers[4] = (long)info.tcpi_rtt;
	numbers[5] = (long)info.tcpi_total_retrans;
	numbers[6] = (long)info.tcpi_rto;
	for (changed = !any, i = 0; i < 7; i++) {
		changed |= numbers[i] != last[i];
		last[i] = numbers[i];
	}
	any = 1;
	if (!changed)
		return after;
	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		return -1;
	fprintf(out, "%ld.%06ld\t%ld\t%ld\t%ld\t%s\t%ld\t%ld\t%ld\n",
	    (long)now.tv_sec, now.tv_nsec / 1000, numbers[0], numbers[1],
	    numbers[2], numbers[3] == -1 ? "unknown" : state[numbers[3]],
	    numbers[4], numbers[5], numbers[6]);
	return after;
}
#else
const int tcpinfo_here = 0;

int
tcpinfo_unacknowledged(int fd)
{
	(void)fd;
	errno = ENOSYS;
	return -1;
}

int
tcpinfo_write(FILE *out, int fd, long written)
{
	(void)out;
	(void)fd;
	(void)written;
	errno = ENOSYS;
	return -1;
}
#endif
