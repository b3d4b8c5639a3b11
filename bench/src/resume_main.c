/* resume_main.c — measurement 1, consumer of the .co generator:
 * co_send/co_value in a C loop. Prints elapsed ns and the checksum.
 * The generator lives in another file, as in real use (no inlining of
 * its resume function into this loop). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "coro.h"

co_gen *count(int n);

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000000;
	co_gen *g = count(n);
	long long sum = 0;
	long long t0 = now_ns();
	while (co_send(g, NULL) == CO_YIELDED)
		sum += (intptr_t)co_value(g);
	long long t1 = now_ns();
	co_free(g);
	printf("%lld %lld\n", t1 - t0, sum);
	return 0;
}
