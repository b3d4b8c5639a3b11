/* Cancelling a task suspended deep in a `yield from` chain destroys every
 * frame, running defers innermost first, and completes the task with
 * ECANCELED; a task waiting on it wakes with that error. Also: cancel with
 * a step queued, and a task that cancels itself. */
#include "testutil.h"

#include <errno.h>

static char log_buf[64];
static void note(char c) { size_t n = strlen(log_buf); log_buf[n] = c; log_buf[n + 1] = 0; }

static const int lines[] = {100, 101, 102, 103};
static void inner_destroy(co_gen *g) { (void)g; note('i'); }
static void middle_destroy(co_gen *g) { (void)g; note('m'); }
static void outer_destroy(co_gen *g) { (void)g; note('o'); }
static co_step inner_resume(co_gen *g, void *v);
static co_step middle_resume(co_gen *g, void *v);
static co_step outer_resume(co_gen *g, void *v);
static co_step suicide_resume(co_gen *g, void *v);
static co_step watcher_resume(co_gen *g, void *v);
static const co_class inner_cls = {inner_resume, "inner", "tests/runtime/cancel_chain.c", inner_destroy, lines, 4, _Alignof(co_gen)};
static const co_class middle_cls = {middle_resume, "middle", "tests/runtime/cancel_chain.c", middle_destroy, lines, 4, _Alignof(co_gen)};
static const co_class outer_cls = {outer_resume, "outer", "tests/runtime/cancel_chain.c", outer_destroy, lines, 4, _Alignof(co_gen)};

/* inner(f): yields f (a future nobody completes), returns 1. */
typedef struct { co_gen g; co_future *f; } inner_frame;
static co_step inner_resume(co_gen *g, void *v)
{
	(void)v;
	inner_frame *fr = (inner_frame *)g;
	switch (g->state) {
	case 0: HG_YIELD(g, 2, fr->f);
	case 2: HG_RETURN(g, 1);
	}
	return (co_step){CO_RETURNED, NULL};
}

/* middle(f) / outer(f): `yield from` the next level, return its value. */
typedef struct { co_gen g; co_future *f; co_gen *child; } link_frame;
static co_step middle_resume(co_gen *g, void *v)
{
	(void)v;
	link_frame *fr = (link_frame *)g;
	switch (g->state) {
	case 0: {
		inner_frame *c = hg_new(sizeof *c, &inner_cls);
		c->f = fr->f;
		fr->child = &c->g;
		HG_DELEGATE(g, 1, &c->g);
	}
	case 1: {
		/* the child's return value comes back as the value sent in */
		intptr_t r = (intptr_t)v;
		CHECK_EQ(r, (intptr_t)co_value(fr->child));
		co_free(fr->child);
		HG_RETURN(g, r + 1);
	}
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_step outer_resume(co_gen *g, void *v)
{
	(void)v;
	link_frame *fr = (link_frame *)g;
	switch (g->state) {
	case 0: {
		link_frame *c = hg_new(sizeof *c, &middle_cls);
		c->f = fr->f;
		fr->child = &c->g;
		HG_DELEGATE(g, 1, &c->g);
	}
	case 1: {
		/* the child's return value comes back as the value sent in */
		intptr_t r = (intptr_t)v;
		CHECK_EQ(r, (intptr_t)co_value(fr->child));
		co_free(fr->child);
		HG_RETURN(g, r + 1);
	}
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_gen *outer(co_future *f)
{
	link_frame *fr = hg_new(sizeof *fr, &outer_cls);
	fr->f = f;
	return &fr->g;
}

/* watcher(t): waits on task t; returns the error t finished with. */
static const co_class watcher_cls = {watcher_resume, "watcher", "tests/runtime/cancel_chain.c", NULL, lines, 4, _Alignof(co_gen)};
typedef struct { co_gen g; co_task *t; } watcher_frame;
static co_step watcher_resume(co_gen *g, void *v)
{
	(void)v;
	watcher_frame *fr = (watcher_frame *)g;
	switch (g->state) {
	case 0: HG_YIELD(g, 1, co_task_future(fr->t));
	case 1: HG_RETURN(g, co_future_error(co_task_future(fr->t)));
	}
	return (co_step){CO_RETURNED, NULL};
}

/* suicide: cancels its own task, then yields NULL; must not run again. */
static int suicide_resumed;
static const co_class suicide_cls = {suicide_resume, "suicide", "tests/runtime/cancel_chain.c", outer_destroy, lines, 4, _Alignof(co_gen)};
static co_step suicide_resume(co_gen *g, void *v)
{
	(void)v;
	switch (g->state) {
	case 0:
		CHECK_EQ(co_task_cancel(co_task_current()), 1);
		HG_YIELD(g, 1, NULL);
	case 1:
		suicide_resumed = 1;
		HG_RETURN(g, 0);
	}
	return (co_step){CO_RETURNED, NULL};
}

int main(void)
{
	co_loop *loop = co_loop_new();
	co_future *f = co_future_new(loop);
	co_task *t = co_task_new(loop, outer(f));
	watcher_frame *w = hg_new(sizeof *w, &watcher_cls);
	w->t = t;
	co_task *wt = co_task_new(loop, &w->g);

	CHECK_EQ(co_loop_run(loop), 0);   /* both suspended: nothing else can happen */
	CHECK(co_value(co_task_gen(t)) == f);   /* what it yielded: the future it waits on */
	CHECK_EQ(f->refs, 2);             /* ours and the waiting task's */
	CHECK_EQ(strlen(log_buf), 0);

	CHECK_EQ(co_task_cancel(t), 1);
	CHECK(strcmp(log_buf, "imo") == 0);   /* innermost first */
	CHECK_EQ(co_future_get_state(co_task_future(t)), CO_FUTURE_CANCELLED);
	CHECK_EQ(co_future_error(co_task_future(t)), ECANCELED);
	CHECK_EQ(f->refs, 1);             /* the task let go of f ... */
	CHECK(!co_future_done(f));        /* ... without cancelling it */
	CHECK_EQ(co_task_cancel(t), 0);   /* already done */

	CHECK_EQ(co_loop_run_until_complete(loop, co_task_future(wt)), 0);
	CHECK_EQ((intptr_t)co_future_result(co_task_future(wt)), ECANCELED);

	/* f completing later must not touch the cancelled task. */
	co_future_set_result(f, NULL);
	CHECK_EQ(co_loop_run(loop), 0);
	co_future_unref(f);
	co_task_unref(t);
	co_task_unref(wt);

	/* Cancel before the first step ran: no frame was started, no defer. */
	log_buf[0] = 0;
	f = co_future_new(loop);
	t = co_task_new(loop, outer(f));
	CHECK_EQ(co_task_cancel(t), 1);
	CHECK_EQ(strlen(log_buf), 0);
	CHECK_EQ(co_loop_run(loop), 0);
	co_task_unref(t);

	/* Cancel after f completed but before the task was resumed. */
	t = co_task_new(loop, outer(f));
	CHECK_EQ(co_loop_run(loop), 0);
	co_future_set_result(f, NULL);
	CHECK_EQ(co_task_cancel(t), 1);
	CHECK(strcmp(log_buf, "imo") == 0);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK(co_future_cancelled(co_task_future(t)));
	co_task_unref(t);
	co_future_unref(f);

	/* A task that cancels itself is cancelled when it next suspends. */
	log_buf[0] = 0;
	t = co_task_new(loop, hg_new(sizeof(co_gen), &suicide_cls));
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK(co_future_cancelled(co_task_future(t)));
	CHECK(!suicide_resumed);
	CHECK(strcmp(log_buf, "o") == 0);
	co_task_unref(t);

	/* co_loop_free cancels what is still alive. */
	log_buf[0] = 0;
	f = co_future_new(loop);
	co_task_unref(co_task_new(loop, outer(f)));
	CHECK_EQ(co_loop_run(loop), 0);
	co_loop_free(loop);
	CHECK(strcmp(log_buf, "imo") == 0);
	co_future_unref(f);

	printf("cancel_chain: ok\n");
	return 0;
}
