/* future.c — Future: a result or an error that arrives later, and the
 * callbacks waiting for it. Callbacks always run from the loop's ready
 * queue (one queue entry per completed future), never inside set_result,
 * so a chain of futures completing each other runs in constant stack. */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct cb_slot {
	co_future_cb cb;
	void *arg;
} cb_slot;

/* Callbacks after the first, in order; `head` skips the ones already run. */
struct co__future_cbs {
	size_t head, len, cap;
	cb_slot slot[];
};

enum { FLAG_RUN_QUEUED = 1 };  /* a run-callbacks entry is on the ready queue */

/* A plain future: every operation does the default. */
static const co__future_ops plain_ops = { .name = "future" };

void co__future_init(co_future *f, co_loop *loop, const co__future_ops *ops)
{
	f->magic = CO_FUTURE_MAGIC;
	f->state = CO_FUTURE_PENDING;
	f->ops = ops ? ops : &plain_ops;
	f->flags = 0;
	f->refs = 1;
	f->error = 0;
	f->loop = loop;
	f->result = NULL;
	f->first_cb.cb = NULL;
	f->first_cb.arg = NULL;
	f->more_cbs = NULL;
	f->data = NULL;
}

co_future *co_future_new(co_loop *loop)
{
	co_future *f = co__xmalloc(sizeof *f);
	co__future_init(f, loop, NULL);
	return f;
}

co_future *co_future_ref(co_future *f)
{
	f->refs++;
	return f;
}

void co__future_release(co_future *f)
{
	free(f->more_cbs);
	f->more_cbs = NULL;
	f->first_cb.cb = NULL;
	f->magic = 0;  /* a dangling pointer yielded later is not mistaken for a future */
}

void co_future_unref(co_future *f)
{
	if (!f)
		return;
	if (f->magic != CO_FUTURE_MAGIC || f->refs == 0) {
		fprintf(stderr, "corogen runtime: co_future_unref(%p): not a live future\n", (void *)f);
		return;
	}
	if (--f->refs > 0)
		return;
	if (f->ops->destroy) {
		f->ops->destroy(f);   /* the subclass releases and frees */
		return;
	}
	co__future_release(f);
	free(f);
}

int co_is_future(const void *p)
{
	/* Small integers and misaligned values (integer yields) are never futures. */
	if ((uintptr_t)p < 4096 || (uintptr_t)p % _Alignof(co_future) != 0)
		return 0;
	return ((const co_future *)p)->magic == CO_FUTURE_MAGIC;
}

static int has_callbacks(const co_future *f)
{
	return f->first_cb.cb != NULL;
}

/* Take the oldest callback out; the next one moves into the inline slot. */
static cb_slot pop_callback(co_future *f)
{
	cb_slot s = {f->first_cb.cb, f->first_cb.arg};
	struct co__future_cbs *m = f->more_cbs;
	if (m && m->head < m->len) {
		f->first_cb.cb = m->slot[m->head].cb;
		f->first_cb.arg = m->slot[m->head].arg;
		m->head++;
		if (m->head == m->len)
			m->head = m->len = 0;
	} else {
		f->first_cb.cb = NULL;
		f->first_cb.arg = NULL;
	}
	return s;
}

/* The ready-queue entry of a completed future: run its callbacks in order.
 * The entry holds a reference, dropped at the end. */
static void run_callbacks(co_loop *loop, void *data)
{
	(void)loop;
	co_future *f = data;
	while (has_callbacks(f)) {
		cb_slot s = pop_callback(f);
		s.cb(f, s.arg);
	}
	f->flags &= (uint16_t)~FLAG_RUN_QUEUED;
	co_future_unref(f);
}

static void schedule_callbacks(co_future *f)
{
	if ((f->flags & FLAG_RUN_QUEUED) || !has_callbacks(f))
		return;
	f->flags |= FLAG_RUN_QUEUED;
	co_future_ref(f);
	co_loop_call_soon(f->loop, run_callbacks, f);
}

void co_future_add_done_cb(co_future *f, co_future_cb cb, void *arg)
{
	if (!has_callbacks(f)) {
		f->first_cb.cb = cb;
		f->first_cb.arg = arg;
	} else {
		struct co__future_cbs *m = f->more_cbs;
		if (!m || m->len == m->cap) {
			size_t cap = m ? m->cap * 2 : 4;
			m = co__xrealloc(m, sizeof *m + cap * sizeof m->slot[0]);
			if (!f->more_cbs)
				m->head = m->len = 0;
			m->cap = cap;
			f->more_cbs = m;
		}
		m->slot[m->len].cb = cb;
		m->slot[m->len].arg = arg;
		m->len++;
	}
	if (f->state != CO_FUTURE_PENDING)
		schedule_callbacks(f);
}

int co_future_remove_done_cb(co_future *f, co_future_cb cb, void *arg)
{
	int removed = 0;
	struct co__future_cbs *m = f->more_cbs;
	if (m) {
		size_t out = m->head;
		for (size_t i = m->head; i < m->len; i++) {
			if (m->slot[i].cb == cb && m->slot[i].arg == arg)
				removed++;
			else
				m->slot[out++] = m->slot[i];
		}
		m->len = out;
	}
	while (f->first_cb.cb == cb && f->first_cb.arg == arg && has_callbacks(f)) {
		pop_callback(f);
		removed++;
	}
	return removed;
}

void co__future_complete(co_future *f, int state, void *result, int err)
{
	f->state = (uint8_t)state;
	f->result = result;
	f->error = err;
	schedule_callbacks(f);
}

static int check_pending(const co_future *f, const char *what)
{
	if (f->magic != CO_FUTURE_MAGIC) {
		fprintf(stderr, "corogen runtime: %s(%p): not a live future\n", what, (const void *)f);
		return -EINVAL;
	}
	if (f->state != CO_FUTURE_PENDING) {
		fprintf(stderr, "corogen runtime: %s(%p): future already done\n", what, (const void *)f);
		return -EINVAL;
	}
	return 0;
}

int co_future_set_result(co_future *f, void *result)
{
	int rc = check_pending(f, "co_future_set_result");
	if (rc == 0)
		co__future_complete(f, CO_FUTURE_DONE, result, 0);
	return rc;
}

int co_future_set_error(co_future *f, int err)
{
	int rc = check_pending(f, "co_future_set_error");
	if (rc == 0)
		co__future_complete(f, CO_FUTURE_FAILED, NULL, err > 0 ? err : EINVAL);
	return rc;
}

int co_future_cancel(co_future *f)
{
	if (f->state != CO_FUTURE_PENDING)
		return 0;
	if (f->ops->cancel)
		return f->ops->cancel(f);
	co__future_complete(f, CO_FUTURE_CANCELLED, NULL, ECANCELED);
	return 1;
}

co_future_state co_future_get_state(const co_future *f) { return (co_future_state)f->state; }
int co_future_done(const co_future *f) { return f->state != CO_FUTURE_PENDING; }
int co_future_cancelled(const co_future *f) { return f->state == CO_FUTURE_CANCELLED; }
void *co_future_result(const co_future *f)
{
	if (f->state != CO_FUTURE_DONE)
		return NULL;
	/* A subclass may care that the result was read (a queue's getter: its
	 * item now belongs to the reader). The const is the caller's view;
	 * every future is allocated writable. */
	if (f->ops->result_read)
		f->ops->result_read((co_future *)f);
	return f->result;
}
int co_future_error(const co_future *f) { return f->error; }
co_loop *co_future_loop(const co_future *f) { return f->loop; }
