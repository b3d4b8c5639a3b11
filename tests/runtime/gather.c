/* co_gather completes once all its futures are done, whatever their
 * outcome; cancelling or dropping it lets go of them. */
#include "testutil.h"

#include <errno.h>

int main(void)
{
	co_loop *loop = co_loop_new();
	co_future *fs[3];
	for (int i = 0; i < 3; i++)
		fs[i] = co_future_new(loop);
	co_future_set_result(fs[1], (void *)1);        /* already done */
	co_future *g = co_gather(loop, fs, 3);
	co_future_set_error(fs[0], EIO);
	CHECK_EQ(co_loop_run_until_complete(loop, g), -EDEADLK);  /* fs[2] pending */
	CHECK(!co_future_done(g));
	co_future_cancel(fs[2]);
	CHECK_EQ(co_loop_run_until_complete(loop, g), 0);
	CHECK_EQ(co_future_get_state(g), CO_FUTURE_DONE);
	CHECK_EQ(co_future_error(g), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(fs[i]->refs, 1);   /* gather let go of its children */
	co_future_unref(g);

	/* Empty: done at once. */
	g = co_gather(loop, NULL, 0);
	CHECK(co_future_done(g));
	co_future_unref(g);

	/* Cancelled gather: children untouched and released. */
	co_future *p = co_future_new(loop);
	g = co_gather(loop, &p, 1);
	CHECK_EQ(p->refs, 2);
	CHECK_EQ(co_future_cancel(g), 1);
	CHECK(co_future_cancelled(g));
	CHECK(!co_future_done(p));
	CHECK_EQ(p->refs, 1);
	co_future_unref(g);

	/* Dropped while pending: its callback on p goes away with it. */
	g = co_gather(loop, &p, 1);
	co_future_unref(g);
	CHECK_EQ(p->refs, 1);
	co_future_set_result(p, NULL);
	CHECK_EQ(co_loop_run(loop), 0);
	co_future_unref(p);
	for (int i = 0; i < 3; i++)
		co_future_unref(fs[i]);
	co_loop_free(loop);
	printf("gather: ok\n");
	return 0;
}
