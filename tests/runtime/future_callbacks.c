/* Done callbacks run only from the loop's ready queue, never inside
 * set_result; double completion is a checked error. */
#include "testutil.h"

#include <errno.h>

static int in_set_result;
static int calls[8];
static int order[8], norder;

static void record_cb(co_future *f, void *arg)
{
	int i = (int)(intptr_t)arg;
	CHECK(!in_set_result);
	CHECK(co_future_done(f));
	calls[i]++;
	order[norder++] = i;
}

/* A callback that completes another future: its callbacks must wait for
 * a later ready-queue entry, not run nested inside this one. */
static int depth, max_depth;
static void chain_cb(co_future *f, void *arg)
{
	(void)f;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	co_future *next = arg;
	if (next)
		co_future_set_result(next, NULL);
	depth--;
}

int main(void)
{
	co_loop *loop = co_loop_new();

	co_future *f = co_future_new(loop);
	CHECK(!co_future_done(f));
	co_future_add_done_cb(f, record_cb, (void *)0);
	co_future_add_done_cb(f, record_cb, (void *)1);
	co_future_add_done_cb(f, record_cb, (void *)2);
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)1), 1);
	in_set_result = 1;
	CHECK_EQ(co_future_set_result(f, (void *)42), 0);
	in_set_result = 0;
	CHECK_EQ(calls[0] + calls[2], 0);
	CHECK(co_future_done(f));
	CHECK(co_future_result(f) == (void *)42);

	/* Completing twice: an error code, no crash, no change. */
	fprintf(stderr, "(two 'already done' messages expected)\n");
	CHECK_EQ(co_future_set_result(f, (void *)7), -EINVAL);
	CHECK_EQ(co_future_set_error(f, EIO), -EINVAL);
	CHECK_EQ(co_future_cancel(f), 0);
	CHECK(co_future_result(f) == (void *)42);

	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(calls[0], 1);
	CHECK_EQ(calls[1], 0);
	CHECK_EQ(calls[2], 1);
	CHECK_EQ(order[0], 0);
	CHECK_EQ(order[1], 2);

	/* A callback added to a done future also waits for the ready queue. */
	co_future_add_done_cb(f, record_cb, (void *)3);
	CHECK_EQ(calls[3], 0);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(calls[3], 1);
	co_future_unref(f);

	/* Errors and cancellation. */
	co_future *e = co_future_new(loop);
	CHECK_EQ(co_future_set_error(e, ECONNRESET), 0);
	CHECK_EQ(co_future_get_state(e), CO_FUTURE_FAILED);
	CHECK_EQ(co_future_error(e), ECONNRESET);
	CHECK(co_future_result(e) == NULL);
	co_future_unref(e);
	co_future *c = co_future_new(loop);
	co_future_add_done_cb(c, record_cb, (void *)4);
	CHECK_EQ(co_future_cancel(c), 1);
	CHECK_EQ(calls[4], 0);
	CHECK(co_future_cancelled(c));
	CHECK_EQ(co_future_error(c), ECANCELED);
	co_loop_run(loop);
	CHECK_EQ(calls[4], 1);
	co_future_unref(c);

	/* A chain: each callback completes the next future. */
	enum { N = 50 };
	co_future *fs[N];
	for (int i = 0; i < N; i++)
		fs[i] = co_future_new(loop);
	for (int i = 0; i < N; i++)
		co_future_add_done_cb(fs[i], chain_cb, i + 1 < N ? fs[i + 1] : NULL);
	co_future_set_result(fs[0], NULL);
	CHECK(!co_future_done(fs[1]));
	CHECK_EQ(co_loop_run_until_complete(loop, fs[N - 1]), 0);
	CHECK_EQ(max_depth, 1);
	co_loop_run(loop);
	for (int i = 0; i < N; i++)
		co_future_unref(fs[i]);

	/* A pending future freed with callbacks never runs them. */
	co_future *p = co_future_new(loop);
	co_future_add_done_cb(p, record_cb, (void *)5);
	co_future_unref(p);
	co_loop_run(loop);
	CHECK_EQ(calls[5], 0);

	/* run_until_complete on a future nothing will complete. */
	co_future *never = co_future_new(loop);
	CHECK_EQ(co_loop_run_until_complete(loop, never), -EDEADLK);
	co_future_unref(never);

	CHECK(!co_is_future((void *)42));
	CHECK(!co_is_future(NULL));

	co_loop_free(loop);
	printf("future_callbacks: ok\n");
	return 0;
}
