/* future_many_callbacks.c — a future with two callbacks or more keeps them
 * all in one list that its inline slot points to (the 48-byte co_future):
 * order, removal, callbacks added while the list runs, and result and
 * error sharing one field. */
#include "testutil.h"

#include <errno.h>

enum { N = 40 };
static int order[4 * N], norder;

static void record_cb(co_future *f, void *arg)
{
	CHECK(co_future_done(f));
	CHECK(norder < 4 * N);
	order[norder++] = (int)(intptr_t)arg;
}

/* Runs first, then adds two more to the same (done) future: they run
 * after every callback already registered, in the same pass. */
static void add_more_cb(co_future *f, void *arg)
{
	(void)arg;
	order[norder++] = 1000;
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)1001);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)1002);
}

/* Removes a later callback of its own future while the list is running. */
static void remove_next_cb(co_future *f, void *arg)
{
	order[norder++] = 2000;
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, arg), 2);
}

static void many_in_order(co_loop *loop)
{
	co_future *f = co_future_new(loop);
	norder = 0;
	for (int i = 0; i < N; i++)
		co_future_add_done_cb(f, record_cb, (void *)(intptr_t)i);
	/* Every third one goes, the inline first included. */
	for (int i = 0; i < N; i += 3)
		CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)(intptr_t)i), 1);
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)(intptr_t)N), 0);
	co_future_set_result(f, (void *)7);
	CHECK_EQ(norder, 0);
	CHECK_EQ(co_loop_run(loop), 0);
	int want = 1;
	for (int k = 0; k < norder; k++, want++) {
		if (want % 3 == 0)
			want++;
		CHECK_EQ(order[k], want);
	}
	CHECK_EQ(norder, N - (N + 2) / 3);
	co_future_unref(f);
}

static void added_while_running(co_loop *loop)
{
	co_future *f = co_future_new(loop);
	norder = 0;
	co_future_add_done_cb(f, add_more_cb, NULL);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)1);
	co_future_add_done_cb(f, remove_next_cb, (void *)(intptr_t)3);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)3);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)4);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)3);
	co_future_set_error(f, EPIPE);
	CHECK_EQ(co_loop_run(loop), 0);
	int want[] = {1000, 1, 2000, 4, 1001, 1002};
	CHECK_EQ(norder, 6);
	for (int k = 0; k < 6; k++)
		CHECK_EQ(order[k], want[k]);
	/* The list is gone; one more callback is inline again and runs. */
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)5);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(norder, 7);
	CHECK_EQ(order[6], 5);
	co_future_unref(f);

	/* A full list of four whose first adds more: the run ones make room. */
	co_future *g = co_future_new(loop);
	norder = 0;
	co_future_add_done_cb(g, add_more_cb, NULL);
	for (int i = 1; i <= 3; i++)
		co_future_add_done_cb(g, record_cb, (void *)(intptr_t)i);
	co_future_set_result(g, NULL);
	CHECK_EQ(co_loop_run(loop), 0);
	int want2[] = {1000, 1, 2, 3, 1001, 1002};
	CHECK_EQ(norder, 6);
	for (int k = 0; k < 6; k++)
		CHECK_EQ(order[k], want2[k]);
	co_future_unref(g);
}

static void remove_all(co_loop *loop)
{
	co_future *f = co_future_new(loop);
	norder = 0;
	for (int i = 0; i < 9; i++)
		co_future_add_done_cb(f, record_cb, (void *)(intptr_t)(i % 2));
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)0), 5);
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)1), 4);
	CHECK_EQ(co_future_remove_done_cb(f, record_cb, (void *)1), 0);
	co_future_add_done_cb(f, record_cb, (void *)(intptr_t)8);
	co_future_cancel(f);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(norder, 1);
	CHECK_EQ(order[0], 8);
	co_future_unref(f);

	/* A pending future freed with a list of callbacks: none runs, nothing leaks. */
	co_future *p = co_future_new(loop);
	for (int i = 0; i < 6; i++)
		co_future_add_done_cb(p, record_cb, (void *)(intptr_t)i);
	co_future_unref(p);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(norder, 1);
}

/* result and error share one field: each reads as before. */
static void result_and_error(co_loop *loop)
{
	co_future *f = co_future_new(loop);
	CHECK(co_future_result(f) == NULL);
	CHECK_EQ(co_future_error(f), 0);
	co_future_set_result(f, (void *)(intptr_t)-1);
	CHECK(co_future_result(f) == (void *)(intptr_t)-1);
	CHECK_EQ(co_future_error(f), 0);
	co_future_unref(f);

	co_future *e = co_future_new(loop);
	co_future_set_error(e, ETIMEDOUT);
	CHECK(co_future_result(e) == NULL);
	CHECK_EQ(co_future_error(e), ETIMEDOUT);
	co_future_unref(e);

	co_future *c = co_future_new(loop);
	co_future_cancel(c);
	CHECK(co_future_result(c) == NULL);
	CHECK_EQ(co_future_error(c), ECANCELED);
	co_future_unref(c);
}

int main(void)
{
	co_loop *loop = co_loop_new();
	many_in_order(loop);
	added_while_running(loop);
	remove_all(loop);
	result_and_error(loop);
	co_loop_free(loop);
	if (sizeof(void *) == 8)
		CHECK(sizeof(co_future) <= 48);
	printf("future_many_callbacks: ok (sizeof(co_future) = %zu)\n", sizeof(co_future));
	return 0;
}
