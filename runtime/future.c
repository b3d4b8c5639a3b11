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

/* Two callbacks or more: all of them, in order, in this list, which
 * first_cb points to (cb = many_callbacks, arg = the list). `head` skips
 * the ones already run. */
struct co__future_cbs {
	size_t head, len, cap;
	cb_slot slot[];
};

enum { FLAG_RUN_QUEUED = 1 };  /* a run-callbacks entry is on the ready queue */
_Static_assert((int)FLAG_RUN_QUEUED < (int)CO__FUTURE_SUBCLASS_FLAG, "future.c's flags are below the subclass's");
_Static_assert(sizeof(void *) != 8 || sizeof(co_future) <= 48,
	       "co_future is 48 bytes on 64-bit targets (a task embeds one)");

/* A plain future: every operation does the default. */
static const co__future_ops plain_ops = { .name = "future" };

void co__future_init(co_future *f, co_loop *loop, const co__future_ops *ops)
{
	f->magic = CO_FUTURE_MAGIC;
	f->state = CO_FUTURE_PENDING;
	f->flags = 0;
	f->refs = 1;
	f->loop = loop;
	f->ops = ops ? ops : &plain_ops;
	f->result = NULL;
	f->first_cb.cb = NULL;
	f->first_cb.arg = NULL;
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

/* The marker in first_cb.cb when a list holds the callbacks. Never called:
 * only its address matters, and no program can pass it. */
static void many_callbacks(co_future *f, void *list)
{
	(void)f;
	(void)list;
}

static struct co__future_cbs *callback_list(const co_future *f)
{
	return f->first_cb.cb == many_callbacks ? f->first_cb.arg : NULL;
}

static void clear_callbacks(co_future *f)
{
	free(callback_list(f));
	f->first_cb.cb = NULL;
	f->first_cb.arg = NULL;
}

void co__future_release(co_future *f)
{
	clear_callbacks(f);
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
	/* Small integers and misaligned values (integer yields) are never
	 * futures. Only the magic and the state are read: the first 3 bytes. */
	if ((uintptr_t)p < 4096 || (uintptr_t)p % _Alignof(co_future) != 0)
		return 0;
	const co_future *f = p;
	return f->magic == CO_FUTURE_MAGIC && f->state <= CO_FUTURE_CANCELLED;
}

static int has_callbacks(const co_future *f)
{
	return f->first_cb.cb != NULL;
}

/* Take the oldest callback out. The list goes once it is empty. */
static cb_slot pop_callback(co_future *f)
{
	struct co__future_cbs *m = callback_list(f);
	if (!m) {
		cb_slot s = {f->first_cb.cb, f->first_cb.arg};
		f->first_cb.cb = NULL;
		f->first_cb.arg = NULL;
		return s;
	}
	cb_slot s = m->slot[m->head++];
	if (m->head == m->len)
		clear_callbacks(f);
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
	f->flags &= (uint8_t)~FLAG_RUN_QUEUED;
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

/* Room for one more callback at the end of the list, which is made (with
 * the inline callback as its first) when there is none. */
static struct co__future_cbs *list_with_room(co_future *f)
{
	struct co__future_cbs *m = callback_list(f);
	if (!m) {
		m = co__xmalloc(sizeof *m + 4 * sizeof m->slot[0]);
		m->head = 0;
		m->len = 1;
		m->cap = 4;
		m->slot[0].cb = f->first_cb.cb;
		m->slot[0].arg = f->first_cb.arg;
		f->first_cb.cb = many_callbacks;
		f->first_cb.arg = m;
	} else if (m->len == m->cap && m->head > 0) {
		memmove(m->slot, m->slot + m->head, (m->len - m->head) * sizeof m->slot[0]);
		m->len -= m->head;
		m->head = 0;
	} else if (m->len == m->cap) {
		m->cap *= 2;
		m = co__xrealloc(m, sizeof *m + m->cap * sizeof m->slot[0]);
		f->first_cb.arg = m;
	}
	return m;
}

void co_future_add_done_cb(co_future *f, co_future_cb cb, void *arg)
{
	if (!has_callbacks(f)) {
		f->first_cb.cb = cb;
		f->first_cb.arg = arg;
	} else {
		struct co__future_cbs *m = list_with_room(f);
		m->slot[m->len].cb = cb;
		m->slot[m->len].arg = arg;
		m->len++;
	}
	if (f->state != CO_FUTURE_PENDING)
		schedule_callbacks(f);
}

int co_future_remove_done_cb(co_future *f, co_future_cb cb, void *arg)
{
	struct co__future_cbs *m = callback_list(f);
	if (!m) {
		if (!has_callbacks(f) || f->first_cb.cb != cb || f->first_cb.arg != arg)
			return 0;
		f->first_cb.cb = NULL;
		f->first_cb.arg = NULL;
		return 1;
	}
	int removed = 0;
	size_t out = m->head;
	for (size_t i = m->head; i < m->len; i++) {
		if (m->slot[i].cb == cb && m->slot[i].arg == arg)
			removed++;
		else
			m->slot[out++] = m->slot[i];
	}
	m->len = out;
	if (m->head == m->len)
		clear_callbacks(f);
	return removed;
}

void co__future_complete(co_future *f, int state, void *result, int err)
{
	f->state = (uint8_t)state;
	if (state == CO_FUTURE_DONE)
		f->result = result;
	else
		f->error = err;   /* result and error share a slot */
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
int co_future_error(const co_future *f)
{
	if (f->state == CO_FUTURE_FAILED || f->state == CO_FUTURE_CANCELLED)
		return (int)f->error;
	return 0;
}
co_loop *co_future_loop(const co_future *f) { return f->loop; }
