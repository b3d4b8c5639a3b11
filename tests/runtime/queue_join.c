/* A queue with a bounded set of worker tasks: workers take items until
 * cancelled, join() completes once every item put has been marked done. */
#include "testutil.h"

#include <errno.h>

enum { WORKERS = 3, ITEMS = 1000 };

static long processed, sum;
static co_queue *queue;

static const int lines[] = {1, 2, 3};
static void worker_destroy(co_gen *g);
static co_step worker_resume(co_gen *g, void *v);
static const co_class worker_cls = {worker_resume, "worker", "tests/runtime/queue_join.c", worker_destroy, lines, 3, _Alignof(co_gen)};

/* worker(): for (;;) { item = yield get(); maybe put more; task_done } */
typedef struct { co_gen g; co_future *get; } worker_frame;
static co_step worker_resume(co_gen *g, void *v)
{
	(void)v;
	worker_frame *fr = (worker_frame *)g;
	switch (g->state) {
	case 0:
		for (;;) {
			fr->get = co_queue_get(queue);
			HG_YIELD(g, 1, fr->get);
	case 1: {
			intptr_t item = (intptr_t)v;
			co_future_unref(fr->get);
			fr->get = NULL;
			processed++;
			sum += item;
			if (item % 10 == 0)     /* workers add work too, like a crawler */
				co_queue_put(queue, (void *)(intptr_t)(item + 1));
			HG_YIELD(g, 2, NULL);   /* pretend to work */
	case 2:
			co_queue_task_done(queue);
		}
		}
	}
	return (co_step){CO_RETURNED, NULL};
}
/* The defer of a worker cancelled while waiting: drop its get future. */
static void worker_destroy(co_gen *g)
{
	worker_frame *fr = (worker_frame *)g;
	co_future_unref(fr->get);
}

int main(void)
{
	co_loop *loop = co_loop_new();
	queue = co_queue_new(loop);

	co_future *j0 = co_queue_join(queue);
	CHECK(co_future_done(j0));       /* nothing unfinished */
	co_future_unref(j0);

	co_task *w[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		w[i] = co_task_new(loop, hg_new(sizeof(worker_frame), &worker_cls));
	CHECK_EQ(co_loop_run(loop), 0);  /* all three wait in get */

	long want = 0, nwant = 0;
	for (int i = 1; i <= ITEMS; i++) {
		co_queue_put(queue, (void *)(intptr_t)i);
		want += i, nwant++;
		if (i % 10 == 0)
			want += i + 1, nwant++;
	}
	co_future *j = co_queue_join(queue);
	CHECK(!co_future_done(j));
	CHECK_EQ(co_loop_run_until_complete(loop, j), 0);
	CHECK_EQ(processed, nwant);
	CHECK_EQ(sum, want);
	CHECK_EQ(co_queue_unfinished(queue), 0);
	CHECK_EQ(co_queue_size(queue), 0);
	co_future_unref(j);

	/* Stop the workers (they wait in get); the queue drops their getters. */
	for (int i = 0; i < WORKERS; i++) {
		co_task_cancel(w[i]);
		co_task_unref(w[i]);
	}
	co_queue_put(queue, (void *)7);  /* no live getter: stays queued */
	CHECK_EQ(co_queue_size(queue), 1);
	void *item;
	CHECK_EQ(co_queue_pop(queue, &item), 1);
	CHECK(item == (void *)7);
	co_queue_task_done(queue);

	/* A getter still pending when the queue is freed is cancelled. */
	co_future *g = co_queue_get(queue);
	co_queue_free(queue);
	CHECK(co_future_cancelled(g));
	co_future_unref(g);

	co_loop_free(loop);
	printf("queue_join: ok (%ld items by %d workers)\n", processed, WORKERS);
	return 0;
}
