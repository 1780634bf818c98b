/*
 * delayline.c - a network link with a delay, for kernels without netem.
 *
 *   delayline [-d ms] [-r bytes/s] dev-a dev-b
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

static void
usage(void)
{
	fprintf(stderr, "usage: delayline [-d ms] [-r bytes/s] dev-a dev-b\n");
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
	int opt, i, timeout;

	opterr = 0;
	while ((opt = getopt(argc, argv, "d:r:")) != -1)
		if (opt == 'd')
			delay_ns = number("delayline", "-d", optarg, 0, 10000) * 1000000LL;
		else if (opt == 'r')
			rate = number("delayline", "-r", optarg, 1000, 1000000000);
		else
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
