/* call_soon runs callbacks in order, one iteration runs only those ready
 * when it began, stop ends run, and co_loop_current names the running loop. */
#include "testutil.h"

#include <errno.h>

static int seen[16], nseen;
static co_loop *the_loop;

static void record_cb(co_loop *loop, void *data)
{
	CHECK(loop == the_loop);
	CHECK(co_loop_current() == loop);
	seen[nseen++] = (int)(intptr_t)data;
}

/* Re-queues itself 3 times; a stop after the second round. */
static int rounds;
static void again_cb(co_loop *loop, void *data)
{
	(void)data;
	if (++rounds == 2)
		co_loop_stop(loop);
	if (rounds < 3)
		co_loop_call_soon(loop, again_cb, NULL);
}

int main(void)
{
	co_loop *other = co_loop_new();
	the_loop = co_loop_new();
	CHECK(co_loop_current() == other);   /* none running: the oldest */
	for (int i = 0; i < 10; i++)
		co_loop_call_soon(the_loop, record_cb, (void *)(intptr_t)i);
	CHECK_EQ(co_loop_run(the_loop), 0);
	CHECK_EQ(nseen, 10);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(seen[i], i);

	co_loop_call_soon(the_loop, again_cb, NULL);
	CHECK_EQ(co_loop_run(the_loop), 0);    /* stopped after round 2 */
	CHECK_EQ(rounds, 2);
	CHECK_EQ(co_loop_run(the_loop), 0);    /* the queued round 3 runs */
	CHECK_EQ(rounds, 3);

	/* Ring buffer growth with wrap-around keeps order. */
	nseen = 0;
	for (int i = 0; i < 3; i++)
		co_loop_call_soon(the_loop, record_cb, (void *)(intptr_t)i);
	co_loop_run(the_loop);
	int64_t before = co_loop_now(the_loop);
	CHECK(before >= 0);

	co_loop_free(other);
	CHECK(co_loop_current() == the_loop);   /* now the oldest alive */
	co_loop_free(the_loop);
	CHECK(co_loop_current() == NULL);
	printf("loop_basics: ok\n");
	return 0;
}
