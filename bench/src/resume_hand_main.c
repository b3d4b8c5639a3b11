/* resume_hand_main.c — consumer of the hand-written state machine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "resume_hand.h"

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000000;
	struct sm *s = sm_new(n);
	long long sum = 0;
	long long t0 = now_ns();
	while (s->resume(s) == 0)
		sum += (intptr_t)s->value;
	long long t1 = now_ns();
	free(s);
	printf("%lld %lld\n", t1 - t0, sum);
	return 0;
}
