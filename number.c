/*
 * number.c - read a whole number from the command line, for server and
 * client: all digits, no trailing text, within range.  Anything else is one
 * line on stderr ("client: port must be a number from 1 to 65535: 0") and
 * exit status 2, the status for bad usage.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "number.h"

long
number(const char *prog, const char *what, const char *arg, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "%s: %s must be a number from %ld to %ld: %s\n",
		    prog, what, min, max, arg);
		exit(2);
	}
	return n;
}
