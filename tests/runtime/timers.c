/* Timers fire in deadline order, equal deadlines in the order they were
 * armed; cancelled timers never fire; re-arming moves a timer. */
#include "testutil.h"

static int fired[32], nfired;

static void record_cb(co_timer *t)
{
	fired[nfired++] = (int)(intptr_t)t->data;
}

static int64_t started;
static int64_t elapsed_at_fire = -1;
static void elapsed_cb(co_timer *t)
{
	elapsed_at_fire = co_loop_now(t->loop) - started;
}

/* A timer callback that arms another with delay 0: it fires on a later
 * iteration, after the timers already due. */
static co_timer chained;
static void chain_cb(co_timer *t)
{
	record_cb(t);
	co_loop_call_later(t->loop, &chained, 0, record_cb, (void *)99);
}

int main(void)
{
	co_loop *loop = co_loop_new();
	co_timer t[10];
	for (int i = 0; i < 10; i++)
		co_timer_init(&t[i]);
	CHECK(!co_timer_active(&t[0]));
	CHECK_EQ(co_timer_cancel(&t[0]), 0);

	/* delays: 30 20 10 20 10 30 0 -5 ; ties by insertion order */
	static const int delay[] = {30, 20, 10, 20, 10, 30, 0, -5};
	for (int i = 0; i < 8; i++)
		co_loop_call_later(loop, &t[i], delay[i], record_cb, (void *)(intptr_t)i);
	co_loop_call_later(loop, &t[8], 15, record_cb, (void *)8);
	CHECK_EQ(co_timer_cancel(&t[8]), 1);          /* never fires */
	co_loop_call_later(loop, &t[1], 25, record_cb, (void *)1);  /* moved: after 3 */
	CHECK(co_timer_active(&t[1]));
	CHECK_EQ(co_loop_run(loop), 0);
	static const int want[] = {6, 7, 2, 4, 3, 1, 0, 5};
	CHECK_EQ(nfired, 8);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(fired[i], want[i]);
	for (int i = 0; i < 8; i++)
		CHECK(!co_timer_active(&t[i]));

	/* Many equal deadlines keep insertion order through the heap. */
	nfired = 0;
	co_timer many[32];
	for (int i = 0; i < 32; i++) {
		co_timer_init(&many[i]);
		co_loop_call_later(loop, &many[i], 5, i % 7 == 3 ? record_cb : record_cb, (void *)(intptr_t)i);
	}
	CHECK_EQ(co_timer_cancel(&many[10]), 1);
	co_loop_call_later(loop, &many[10], 5, record_cb, (void *)10);  /* now last */
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(nfired, 32);
	for (int i = 0, k = 0; i < 32; i++) {
		if (i == 10)
			continue;
		CHECK_EQ(fired[k++], i);
	}
	CHECK_EQ(fired[31], 10);

	/* A timer fires no earlier than its delay. */
	co_timer e;
	co_timer_init(&e);
	started = co_loop_now(loop);
	co_loop_call_later(loop, &e, 50, elapsed_cb, NULL);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK(elapsed_at_fire >= 50 && elapsed_at_fire < 1000);

	/* Delay-0 timer armed from a timer callback: after the due ones. */
	nfired = 0;
	co_timer_init(&chained);
	co_timer a, b;
	co_timer_init(&a);
	co_timer_init(&b);
	co_loop_call_later(loop, &a, 0, chain_cb, (void *)1);
	co_loop_call_later(loop, &b, 0, record_cb, (void *)2);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(nfired, 3);
	CHECK_EQ(fired[0], 1);
	CHECK_EQ(fired[1], 2);
	CHECK_EQ(fired[2], 99);

	co_loop_free(loop);
	printf("timers: ok\n");
	return 0;
}
