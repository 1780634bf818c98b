/* tcpinfo.h - what the server asks its own kernel about its connection. */

#ifndef TCPINFO_H
#define TCPINFO_H

#include <stdio.h>

/* 1 where the kernel can tell (Linux), else 0: the calls then fail. */
extern const int tcpinfo_here;

int tcpinfo_unacknowledged(int fd);
int tcpinfo_write(FILE *out, int fd, long written);

#endif
