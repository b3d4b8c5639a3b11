/* deleg_main.c — measurement 2: resume a generator reached through a
 * `yield from` chain. usage: deleg chain|rec DEPTH N
 * Prints elapsed ns of the N resumes (setup excluded) and a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "coro.h"

co_gen *chain_root(int d, int n);
co_gen *rec_root(int d, int n);

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: deleg chain|rec DEPTH N\n");
		return 2;
	}
	int d = atoi(argv[2]), n = atoi(argv[3]);
	co_gen *g = strcmp(argv[1], "rec") == 0 ? rec_root(d, n) : chain_root(d, n);
	if (!g) {
		fprintf(stderr, "deleg: depth %d not generated\n", d);
		return 2;
	}
	long long sum = 0;
	/* The first resume builds the chain; it is not part of the figure. */
	if (co_send(g, NULL) == CO_YIELDED)
		sum += (intptr_t)co_value(g);
	long long t0 = now_ns();
	while (co_send(g, NULL) == CO_YIELDED)
		sum += (intptr_t)co_value(g);
	long long t1 = now_ns();
	long long ret = (intptr_t)co_value(g);
	co_free(g);
	printf("%lld %lld %lld\n", t1 - t0, sum, ret);
	return 0;
}
