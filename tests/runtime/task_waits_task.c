/* A task waits on another task and gets its return value; a task that
 * yields something other than a future fails with EINVAL. */
#include "testutil.h"

#include <errno.h>

static const int lines[] = {10, 11, 12, 13};
static co_step bad_resume(co_gen *g, void *v);
static co_step child_resume(co_gen *g, void *v);
static co_step parent_resume(co_gen *g, void *v);
static const co_class child_cls = {child_resume, "child", "tests/runtime/task_waits_task.c", NULL, lines, 4, _Alignof(co_gen)};
static const co_class parent_cls = {parent_resume, "parent", "tests/runtime/task_waits_task.c", NULL, lines, 4, _Alignof(co_gen)};
static const co_class bad_cls = {bad_resume, "bad_yielder", "tests/runtime/task_waits_task.c", NULL, lines, 4, _Alignof(co_gen)};

/* child(n): yields NULL twice (a turn for others), returns n * 2. */
typedef struct { co_gen g; intptr_t n; } child_frame;
static co_step child_resume(co_gen *g, void *v)
{
	(void)v;
	child_frame *fr = (child_frame *)g;
	switch (g->state) {
	case 0: HG_YIELD(g, 1, NULL);
	case 1: HG_YIELD(g, 2, NULL);
	case 2: HG_RETURN(g, fr->n * 2);
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_gen *child(intptr_t n)
{
	child_frame *fr = hg_new(sizeof *fr, &child_cls);
	fr->n = n;
	return &fr->g;
}

/* bad_yielder: yields 42, which is not a future. */
static co_step bad_resume(co_gen *g, void *v)
{
	(void)v;
	HG_YIELD(g, 1, 42);
}

/* parent(loop, child_gen): starts a task for child_gen, waits on it,
 * returns what it got plus 1. Records whether the child failed. */
typedef struct { co_gen g; co_loop *loop; co_gen *cg; co_task *t; int err; } parent_frame;
static co_step parent_resume(co_gen *g, void *v)
{
	(void)v;
	parent_frame *fr = (parent_frame *)g;
	switch (g->state) {
	case 0:
		fr->t = co_task_new(fr->loop, fr->cg);
		HG_YIELD(g, 1, co_task_future(fr->t));
	case 1: {
		intptr_t got = (intptr_t)v;
		fr->err = co_future_error(co_task_future(fr->t));
		co_task_unref(fr->t);
		fr->t = NULL;
		HG_RETURN(g, fr->err ? -fr->err : got + 1);
	}
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_gen *parent(co_loop *loop, co_gen *cg)
{
	parent_frame *fr = hg_new(sizeof *fr, &parent_cls);
	fr->loop = loop;
	fr->cg = cg;
	return &fr->g;
}

int main(void)
{
	co_loop *loop = co_loop_new();
	co_task *p = co_task_new(loop, parent(loop, child(20)));
	CHECK_EQ(co_loop_task_count(loop), 1);
	CHECK_EQ(co_loop_run_until_complete(loop, co_task_future(p)), 0);
	CHECK_EQ(co_future_get_state(co_task_future(p)), CO_FUTURE_DONE);
	CHECK_EQ((intptr_t)co_future_result(co_task_future(p)), 41);
	CHECK(co_task_gen(p) == NULL);   /* the generator is freed once finished */
	co_task_unref(p);
	CHECK_EQ(co_loop_task_count(loop), 0);

	fprintf(stderr, "(a 'yielded 0x2a' message expected)\n");
	p = co_task_new(loop, parent(loop, hg_new(sizeof(co_gen), &bad_cls)));
	CHECK_EQ(co_loop_run_until_complete(loop, co_task_future(p)), 0);
	CHECK_EQ((intptr_t)co_future_result(co_task_future(p)), -EINVAL);
	co_task_unref(p);

	/* Fire and forget: drop the reference at once; the loop finishes it. */
	co_task_unref(co_task_new(loop, child(1)));
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(co_loop_task_count(loop), 0);

	printf("task_waits_task: ok (sizeof(co_task) = %zu, sizeof(co_future) = %zu)\n",
	       sizeof(co_task), sizeof(co_future));
	CHECK(sizeof(co_task) <= 128);
	co_loop_free(loop);
	return 0;
}
