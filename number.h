/* number.h - read a whole number from the command line, for server and client. */

long number(const char *prog, const char *what, const char *arg, long min,
    long max);
