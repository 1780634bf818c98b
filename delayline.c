/*
 * delayline.c - a network link with a delay, for kernels without netem.
 *
 *   delayline [-d ms] [-r bytes/s] [-D byte[:times]] dev-a dev-b
 *
 * It makes two TUN devices, dev-a and dev-b: network interfaces whose
 * other end is this program.  What the kernel sends out of one, we read();
 * what we write() to the other, its kernel receives as if from a cable.
 * The script that runs us moves dev-b into the server's network namespace
 * (ip link set dev-b netns PID), gives each end an address, and the two
 * namespaces talk through us.  Every packet is held -d ms before it comes
 * out of the other end: each way, so a round trip takes twice that.  With
 * -r, the link carries at most that many bytes a second each way, and a
 * burst of packets leaves it one after the other, as from a slow cable.
 *
 * With -D, the line loses a packet on purpose, always the same one: the
 * TCP segment from dev-b (the server's end) that carries byte number
 * `byte` of the stream it sends, counted from 0, the first byte after its
 * SYN.  That segment is spoilt the first `times` times it passes (1 if
 * not given), and let through after: times 1 is a segment lost once, which
 * the receiver's duplicate ACKs report; times 2 loses its retransmission
 * as well (the last segment of a transfer, lost twice, only the
 * retransmission timer can mend).
 * Spoilt, not left out: it comes out of dev-a on time with one bit of its
 * TCP checksum flipped, so that a capture on dev-a sees it (as a capture
 * on lo sees the lessons' other lost packets) and the kernel behind dev-a
 * drops it, as it drops a segment damaged on a real cable (netstat -s:
 * InCsumErrors).  The position in the stream, not a count of packets or
 * a moment, picks the segment, so that however the kernel times or merges
 * its packets, it is the same bytes that are lost in every run.
 *
 * Each way keeps its packets in a queue ordered by release time (a ring:
 * with one delay and one rate, a later packet is never due earlier), and
 * poll() sleeps until a packet comes in or the next one is due.  While a
 * queue is full we read no more: the device's own queue (txqueuelen, 500
 * packets) fills, and then the kernel drops what comes, as a router does.
 * Nothing outlives us: a TUN device that no program holds open is removed
 * by the kernel, so when we exit, however we exit, both devices go.
 *
 * Prints "delayline: dev-a dev-b ready" once both devices exist, then
 * runs until killed.  Exit: 1 failed, 2 usage, 3 this machine has no TUN
 * (or we lack the right to make one: CAP_NET_ADMIN).
 */

#include <sys/ioctl.h>
#include <sys/types.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "number.h"

#define QUEUE	1024	/* packets held at most, each way */
#define SLOT	2048	/* bytes a packet: the devices' MTU is 1500 */

/* One packet held in the line, and when it comes out. */
struct packet {
	long long	release;	/* ns, CLOCK_MONOTONIC */
	size_t		len;
	unsigned char	data[SLOT];
};

/* One way through the line: read from in_fd, written to out_fd. */
struct way {
	int		in_fd, out_fd;
	long long	free_at;	/* ns: when the link has sent the last */
	unsigned	head, count;
	struct packet	queue[QUEUE];
};

static struct way ways[2];
static long long delay_ns, rate;

/*
 * -D: the byte whose segment is spoilt (counted from 0 after the SYN), how
 * many more times to lose it, and the first sequence number of the
 * stream: the SYN's own number plus one, learnt from the SYN (or SYN-ACK)
 * as it passes.  Until a SYN has passed, nothing is lost.
 */
static unsigned long drop_byte;
static long drop_times;
static unsigned long stream_start;
static int stream_known;

static void
usage(void)
{
	fprintf(stderr, "usage: delayline [-d ms] [-r bytes/s] [-D byte[:times]] dev-a dev-b\n");
	exit(2);
}

static void
die(int status, const char *what)
{
	fprintf(stderr, "delayline: %s: %s\n", what, strerror(errno));
	exit(status);
}

/*
 * A device whose namespace has ended is deleted by the kernel, and our
 * descriptor for it is left detached (EBADFD; poll() says POLLERR): that
 * end of the line is cut.  What is still due to the other end goes on
 * (the last ACK of a server that has exited); what is due to the cut end
 * is lost.  Both ends cut: the run is over, exit 0.
 */
static void
cut(struct way *w)
{
	w->in_fd = -1;
	if (ways[0].in_fd == -1 && ways[1].in_fd == -1)
		exit(0);
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * A TUN device named name, its packets read and written on the returned
 * descriptor: IFF_TUN, IP packets (no Ethernet header); IFF_NO_PI, no
 * 4-byte prefix before each.  No packet on any wire yet: the device is
 * down until the script sets it up.
 */
static int
tun_open(const char *name)
{
	struct ifreq ifr;
	char what[64];
	int fd;

	if ((fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK)) == -1)
		die(errno == ENOENT || errno == ENODEV || errno == ENXIO ||
		    errno == EACCES || errno == EPERM ? 3 : 1,
		    "cannot open /dev/net/tun (no TUN here)");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	snprintf(what, sizeof(what), "cannot make the TUN device %s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) == -1)
		die(errno == EPERM || errno == EACCES ? 3 : 1, what);
	return fd;
}

/* The 32-bit number at p, in network byte order (big-endian). */
static unsigned long
get32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/*
 * A packet from the server's end that is a TCP segment (IPv4, or IPv6
 * with TCP right after its fixed header) carrying the -D byte, the first
 * -D times it passes, gets the lowest bit of its checksum flipped.  That
 * changes the segment's one's-complement sum by one, which never leaves
 * it valid: the receiver drops it.  A SYN (the server's SYN-ACK) tells
 * where its stream starts, and is never spoilt.  Any other packet, and
 * one too short to be read, goes through untouched.
 */
static void
spoil(unsigned char *p, size_t len)
{
	size_t ip_len, tcp_len, data_len;
	unsigned char *tcp;
	unsigned long offset;

	if (drop_times == 0 || len < 1)
		return;
	if (p[0] >> 4 == 4) {
		/* IPv4: header length in 32-bit words, the protocol, the
		 * total length; a fragment's offset field is not 0 */
		ip_len = (size_t)(p[0] & 0x0f) * 4;
		if (len < 20 || ip_len < 20 || p[9] != IPPROTO_TCP ||
		    (get32(p + 4) & 0x1fff) != 0)
			return;
		data_len = (size_t)p[2] << 8 | p[3];
	} else if (p[0] >> 4 == 6) {
		/* IPv6: a 40-byte header, then TCP (next header 6) */
		ip_len = 40;
		if (len < 40 || p[6] != IPPROTO_TCP)
			return;
		data_len = ((size_t)p[4] << 8 | p[5]) + 40;
	} else
		return;
	if (data_len > len || data_len < ip_len + 20)
		return;
	tcp = p + ip_len;
	tcp_len = (size_t)(tcp[12] >> 4) * 4;	/* data offset, in words */
	if (tcp_len < 20 || ip_len + tcp_len > data_len)
		return;
	if (tcp[13] & 0x02) {			/* SYN: the stream starts */
		stream_start = (get32(tcp + 4) + 1) & 0xffffffffUL;
		stream_known = 1;
		return;
	}
	data_len -= ip_len + tcp_len;
	if (!stream_known || data_len == 0)
		return;
	/* where this segment starts in the stream, modulo 2^32 */
	offset = (get32(tcp + 4) - stream_start) & 0xffffffffUL;
	if (drop_byte < offset || drop_byte - offset >= data_len)
		return;
	drop_times--;
	tcp[17] ^= 1;				/* the checksum's low byte */
}

/* Take in the packets waiting on w's device, as many as the queue has
 * room for: each is due after the delay, and with a rate, after the ones
 * before it have crossed the link. */
static void
take_in(struct way *w)
{
	struct packet *p;
	long long now = now_ns(), start;
	ssize_t n;

	while (w->count < QUEUE) {
		p = &w->queue[(w->head + w->count) % QUEUE];
		if ((n = read(w->in_fd, p->data, sizeof(p->data))) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == EBADFD) {
				cut(w);
				return;
			}
			die(1, "read");
		}
		p->len = (size_t)n;
		/* on the way from the server, the -D segment is spoilt */
		if (w == &ways[1])
			spoil(p->data, p->len);
		start = now;
		if (rate > 0) {
			if (w->free_at > start)
				start = w->free_at;	/* queued behind others */
			w->free_at = start + (long long)p->len * 1000000000LL / rate;
			start = w->free_at;
		}
		p->release = start + delay_ns;
		w->count++;
	}
}

/* Write out every packet of w that is due; return the ns until the next
 * one is, or -1 for none. */
static long long
let_out(struct way *w)
{
	struct packet *p;
	long long now = now_ns();

	while (w->count > 0) {
		p = &w->queue[w->head];
		if (p->release > now)
			return p->release - now;
		/* A device that is down refuses the packet (EIO), a cut one
		 * too (EBADFD): lost, as on an unplugged cable. */
		if (write(w->out_fd, p->data, p->len) == -1 && errno != EBADFD &&
		    errno != EIO && errno != EAGAIN && errno != EINVAL)
			die(1, "write");
		w->head = (w->head + 1) % QUEUE;
		w->count--;
	}
	return -1;
}

int
main(int argc, char *argv[])
{
	struct pollfd pfd[2];
	struct sched_param priority;
	long long wait_ns, next;
	char *times;
	int opt, i, timeout;

	opterr = 0;
	while ((opt = getopt(argc, argv, "d:r:D:")) != -1)
		if (opt == 'd')
			delay_ns = number("delayline", "-d", optarg, 0, 10000) * 1000000LL;
		else if (opt == 'r')
			rate = number("delayline", "-r", optarg, 1000, 1000000000);
		else if (opt == 'D') {	/* byte[:times] */
			drop_times = 1;
			if ((times = strchr(optarg, ':')) != NULL) {
				*times++ = '\0';
				drop_times = number("delayline", "-D's times", times, 1, 1000);
			}
			drop_byte = (unsigned long)number("delayline", "-D's byte",
			    optarg, 0, 2000000000);
		} else
			usage();
	if (argc - optind != 2)
		usage();

	/* A delay line must keep time: on a busy machine an ordinary process
	 * waits for a CPU, and the packets with it (20 ms late and more,
	 * measured at load 5 on 2 CPUs).  Real-time scheduling (root) runs us
	 * the moment a packet is due; we sleep in poll() the rest of the
	 * time.  Where it is refused, we keep the ordinary kind. */
	priority.sched_priority = 10;
	sched_setscheduler(0, SCHED_FIFO, &priority);

	ways[0].in_fd = ways[1].out_fd = tun_open(argv[optind]);
	ways[1].in_fd = ways[0].out_fd = tun_open(argv[optind + 1]);
	printf("delayline: %s %s ready\n", argv[optind], argv[optind + 1]);
	fflush(stdout);

	for (;;) {
		wait_ns = -1;
		for (i = 0; i < 2; i++)
			if ((next = let_out(&ways[i])) >= 0 &&
			    (wait_ns < 0 || next < wait_ns))
				wait_ns = next;
		/* poll() counts in ms: round up, never wake before a packet
		 * is due (a wake-up 1 ms early would only poll again). */
		timeout = wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000);
		for (i = 0; i < 2; i++) {
			pfd[i].fd = ways[i].in_fd;
			pfd[i].events = ways[i].count < QUEUE ? POLLIN : 0;
		}
		if (poll(pfd, 2, timeout) == -1 && errno != EINTR)
			die(1, "poll");
		for (i = 0; i < 2; i++) {
			if (pfd[i].revents & (POLLERR | POLLHUP))
				cut(&ways[i]);
			else if (pfd[i].revents & POLLIN)
				take_in(&ways[i]);
		}
	}
}
