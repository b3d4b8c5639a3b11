/* A million futures that complete at once must not grow the C stack:
 * (1) each done callback completes the next future in the chain;
 * (2) a task yields a million futures that are already done;
 * (3) a chain of tasks, each waiting on the next. */
#include "testutil.h"

enum { N = 1000000 };

static uintptr_t stack_low = UINTPTR_MAX, stack_high;
static void note_stack(void)
{
	char here;
	uintptr_t p = (uintptr_t)&here;
	if (p < stack_low)
		stack_low = p;
	if (p > stack_high)
		stack_high = p;
}

static long completed;
static void next_cb(co_future *f, void *arg)
{
	(void)arg;
	note_stack();
	completed++;
	co_loop *loop = co_future_loop(f);
	if (completed < N) {
		co_future *next = co_future_new(loop);
		co_future_add_done_cb(next, next_cb, NULL);
		co_future_set_result(next, NULL);
		co_future_unref(next);   /* the queued callbacks hold it */
	}
}

static const int lines[] = {1, 2, 3};
static co_step link_resume(co_gen *g, void *v);
static co_step yielder_resume(co_gen *g, void *v);
static const co_class yielder_cls = {yielder_resume, "yielder", "tests/runtime/future_chain.c", NULL, lines, 3, _Alignof(co_gen)};
typedef struct { co_gen g; co_loop *loop; co_future *f; long i, sum; } yielder_frame;
static co_step yielder_resume(co_gen *g, void *v)
{
	(void)v;
	yielder_frame *fr = (yielder_frame *)g;
	switch (g->state) {
	case 0:
		for (fr->i = 0; fr->i < N; fr->i++) {
			fr->f = co_future_new(fr->loop);
			co_future_set_result(fr->f, (void *)(intptr_t)1);
			HG_YIELD(g, 1, fr->f);
	case 1:
			note_stack();
			fr->sum += (intptr_t)v;
			co_future_unref(fr->f);
		}
		HG_RETURN(g, fr->sum);
	}
	return (co_step){CO_RETURNED, NULL};
}

/* link(loop, depth): starts a task for link(depth - 1) and returns its
 * value plus one. */
static const co_class link_cls = {link_resume, "link", "tests/runtime/future_chain.c", NULL, lines, 3, _Alignof(co_gen)};
typedef struct { co_gen g; co_loop *loop; long depth; co_task *t; } link_frame;
static co_gen *link_new(co_loop *loop, long depth);
static co_step link_resume(co_gen *g, void *v)
{
	(void)v;
	link_frame *fr = (link_frame *)g;
	switch (g->state) {
	case 0:
		if (fr->depth == 0)
			HG_RETURN(g, 0);
		fr->t = co_task_new(fr->loop, link_new(fr->loop, fr->depth - 1));
		HG_YIELD(g, 1, co_task_future(fr->t));
	case 1: {
		note_stack();
		intptr_t got = (intptr_t)v;
		co_task_unref(fr->t);
		HG_RETURN(g, got + 1);
	}
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_gen *link_new(co_loop *loop, long depth)
{
	link_frame *fr = hg_new(sizeof *fr, &link_cls);
	fr->loop = loop;
	fr->depth = depth;
	return &fr->g;
}

int main(void)
{
	co_loop *loop = co_loop_new();

	co_future *first = co_future_new(loop);
	co_future_add_done_cb(first, next_cb, NULL);
	co_future_set_result(first, NULL);
	co_future_unref(first);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(completed, N);
	CHECK(stack_high - stack_low < 4096);

	stack_low = UINTPTR_MAX, stack_high = 0;
	yielder_frame *y = hg_new(sizeof *y, &yielder_cls);
	y->loop = loop;
	co_task *t = co_task_new(loop, &y->g);
	CHECK_EQ(co_loop_run_until_complete(loop, co_task_future(t)), 0);
	CHECK_EQ((intptr_t)co_future_result(co_task_future(t)), N);
	CHECK(stack_high - stack_low < 4096);
	co_task_unref(t);

	stack_low = UINTPTR_MAX, stack_high = 0;
	enum { DEPTH = 100000 };
	t = co_task_new(loop, link_new(loop, DEPTH));
	CHECK_EQ(co_loop_run_until_complete(loop, co_task_future(t)), 0);
	CHECK_EQ((intptr_t)co_future_result(co_task_future(t)), DEPTH);
	CHECK(stack_high - stack_low < 4096);
	co_task_unref(t);

	co_loop_free(loop);
	printf("future_chain: ok (%d futures, %d chained tasks)\n", N, DEPTH);
	return 0;
}
