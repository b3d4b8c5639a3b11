/* task.c — Task: drives a coroutine on the loop. The coroutine yields a
 * co_future * to wait for it (and is resumed with its result), or NULL to
 * let others run. A task either has a step queued or waits on exactly one
 * future, never both.
 *
 * References: the caller of co_task_new holds one; the task holds one on
 * itself while it is unfinished ("alive"); a queued step holds one. */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

_Static_assert(offsetof(co_task, head) + sizeof(co__head) == sizeof(co_task),
	       "a task ends with its frame's head: the frame follows it");

enum {
	FLAG_STEP_QUEUED = CO__TASK_STEP_QUEUED,
	FLAG_RUNNING = CO__TASK_RUNNING,
	FLAG_WAITING = CO__TASK_WAITING,   /* head.value is the future it waits on (referenced) */
	FLAG_CANCEL_REQUESTED = 1 << 3,
	FLAG_CANCELLING = 1 << 4     /* co_free of its coroutine is running */
};
_Static_assert(FLAG_CANCELLING <= UINT8_MAX && FLAG_WAITING <= UINT8_MAX, "task flags must fit co_future.flags");

static _Thread_local co_task *current_task;

co_task *co_task_current(void) { return current_task; }
/* The frame is live from co_task_new until the task finishes. */
static int frame_live(const co_task *t) { return co__task_frame(t)->state != CO_DONE; }

co_gen *co_task_gen(const co_task *t) { return frame_live(t) ? co__task_frame(t) : NULL; }

static int task_cancel(co_future *f) { return co_task_cancel((co_task *)f); }
static void task_destroy(co_future *f);

static const co__future_ops task_ops = {
	.name = "task",
	.cancel = task_cancel,
	.destroy = task_destroy,
};

int co__future_is_task(const co_future *f) { return f->ops == &task_ops; }

co_task *co_future_task(co_future *f)
{
	return f && co__future_is_task(f) ? (co_task *)f : NULL;
}

co_task *co_task_ref(co_task *t)
{
	co_future_ref(&t->fut);
	return t;
}

void co_task_unref(co_task *t)
{
	if (t)
		co_future_unref(&t->fut);
}

static void task_destroy(co_future *f)
{
	co_task *t = (co_task *)f;
	co_gen *g = co__task_frame(t);
	if (frame_live(t))   /* only if the loop was freed under it */
		co__destroy_chain(g);
	co__future_release(&t->fut);
	co__free_frame(g);   /* the task and its frame are one block */
}

static void step_entry(co_loop *loop, void *data);

static void queue_step(co_task *t)
{
	t->fut.flags |= FLAG_STEP_QUEUED;
	co_task_ref(t);
	co_loop_call_soon(t->fut.loop, step_entry, t);
}

/* Finish: complete the future, leave the loop's list, drop the alive
 * reference (which may free t: touch nothing after). */
static void finish(co_task *t, int state, void *result, int err)
{
	co__future_complete(&t->fut, state, result, err);
	co__loop_unlink_task(t->fut.loop, t);
	co_task_unref(t);
}

static void cancel_now(co_task *t)
{
	t->fut.flags |= FLAG_CANCELLING;
	co__destroy_chain(co__task_frame(t));   /* defers of every suspended level run here, innermost first */
	finish(t, CO_FUTURE_CANCELLED, NULL, ECANCELED);
}

static void report_bad_yield(co_task *t, void *value, const char *why)
{
	char where[256];
	co_where(co__task_frame(t), where, sizeof where);
	fprintf(stderr, "corogen runtime: task %p: coroutine %s yielded %p, %s\n",
		(void *)t, where, value, why);
}

static void wakeup_cb(co_future *f, void *arg);

/* Resume the coroutine with `sent` and act on what it did. */
static void step(co_task *t, void *sent)
{
	co_task *outer = current_task;
	current_task = t;
	t->fut.flags |= FLAG_RUNNING;
	co_gen *g = co__task_frame(t);
	co_status s = co_send(g, sent);
	t->fut.flags &= (uint8_t)~FLAG_RUNNING;
	current_task = outer;

	if (t->fut.flags & FLAG_CANCEL_REQUESTED) {
		cancel_now(t);
		return;
	}
	if (s == CO_RETURNED) {
		/* nothing below the root is left; its block goes with the task */
		finish(t, CO_FUTURE_DONE, co_value(g), 0);
		return;
	}
	void *y = co_value(g);
	if (y == NULL) {
		queue_step(t);
		return;
	}
	const char *why = NULL;
	if (!co_is_future(y))
		why = "which is not a co_future * (yield a future, or NULL to let others run)";
	else if (y == &t->fut)
		why = "its own task: it would wait for itself forever";
	else if (((co_future *)y)->loop != t->fut.loop)
		why = "a future of another loop";
	if (why) {
		report_bad_yield(t, y, why);
		co__destroy_chain(g);
		finish(t, CO_FUTURE_FAILED, NULL, EINVAL);
		return;
	}
	co_future *f = y;   /* stays in head.value until the next step */
	co_future_ref(f);
	t->fut.flags |= FLAG_WAITING;
	co_future_add_done_cb(f, wakeup_cb, t);
}

static void wakeup_cb(co_future *f, void *arg)
{
	co_task *t = arg;
	t->fut.flags &= (uint8_t)~FLAG_WAITING;
	step(t, co_future_result(f));
	co_future_unref(f);
}

static void step_entry(co_loop *loop, void *data)
{
	(void)loop;
	co_task *t = data;
	t->fut.flags &= (uint8_t)~FLAG_STEP_QUEUED;
	if (!co_future_done(&t->fut))
		step(t, NULL);
	co_task_unref(t);
}

co_task *co_task_new(co_loop *loop, co_gen *gen)
{
	if (!gen)
		return NULL;
	if (!(gen->up & CO_TASK_ROOM) || (gen->up & CO_BORROWED)) {
		fprintf(stderr, "corogen runtime: co_task_new: %p is not a generator a coroutine call returned\n",
			(void *)gen);
		abort();
	}
	/* The room before the frame (co__new_frame): no allocation here. */
	co_task *t = co__frame_task(gen);
	if (t->fut.magic == CO_FUTURE_MAGIC) {
		fprintf(stderr, "corogen runtime: co_task_new: generator %p already runs in a task\n",
			(void *)gen);
		abort();
	}
	co__future_init(&t->fut, loop, &task_ops);
	t->prev = t->next = NULL;
	co_task_ref(t);   /* alive until finished */
	co__loop_link_task(loop, t);
	queue_step(t);
	return t;
}

int co_task_cancel(co_task *t)
{
	if (co_future_done(&t->fut) || (t->fut.flags & FLAG_CANCELLING))
		return 0;
	if (t->fut.flags & FLAG_RUNNING) {
		t->fut.flags |= FLAG_CANCEL_REQUESTED;
		return 1;
	}
	if (t->fut.flags & FLAG_WAITING) {
		co_future *f = t->head.value;
		t->fut.flags &= (uint8_t)~FLAG_WAITING;
		co_future_remove_done_cb(f, wakeup_cb, t);
		co_future_unref(f);
	}
	/* A queued step finds the task done and only drops its reference. */
	cancel_now(t);
	return 1;
}
