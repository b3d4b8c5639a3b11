/* queue.c — a FIFO of void * for producer and consumer tasks, as
 * asyncio.Queue: an optional capacity (put_wait waits for room), and
 * task_done/join (put counts an unfinished item, task_done finishes one,
 * join waits until none is left).
 *
 * No item is ever lost to a cancelled consumer. A getter future that got
 * an item keeps it "unclaimed" until someone reads its result (a task
 * resuming its coroutine with it, or co_future_result); a getter freed
 * with its item unclaimed gives the item back to the front of the queue.
 * The waiting coroutines (co_queue_put_wait, co_queue_get_wait) are in
 * queue_wait.co. */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Every FIFO here is of pointers: the runtime's ring (co_internal.h). */
typedef co__ring ring;

struct co_queue {
	co_loop *loop;
	ring items;
	ring getters;          /* getter futures waiting for an item, referenced */
	ring putters;          /* co_future * waiting for room, referenced */
	ring joiners;          /* co_future * waiting for unfinished == 0, referenced */
	size_t unfinished;
	size_t capacity;       /* 0: unbounded */
	unsigned refs;         /* the owner's, one per getter future, one per waiting put */
	int closed;            /* co_queue_free was called */
};

/* A getter is a future of its own kind: it holds the queue so that an
 * unclaimed item can go back when it is freed. */
typedef struct getter {
	co_future fut;         /* first: a getter is a future */
	co_queue *q;
} getter;

enum { GETTER_CLAIMED = CO__FUTURE_SUBCLASS_FLAG };   /* its result was read */

/* Reading a getter's result claims its item for the reader. */
static void getter_result_read(co_future *f) { f->flags |= GETTER_CLAIMED; }
static void getter_destroy(co_future *f);
static const co__future_ops getter_ops = {
	.name = "queue getter",
	.destroy = getter_destroy,
	.result_read = getter_result_read,
};

static void ring_push(ring *r, void *p) { co__ring_push(r, &p, sizeof p); }
static void ring_push_front(ring *r, void *p) { co__ring_push_front(r, &p, sizeof p); }

static void *ring_pop(ring *r)
{
	void *p;
	co__ring_pop(r, &p, sizeof p);
	return p;
}

co_queue *co_queue_new_bounded(co_loop *loop, size_t capacity)
{
	co_queue *q = co__xcalloc(1, sizeof *q);
	q->loop = loop;
	q->capacity = capacity;
	q->refs = 1;
	return q;
}

co_queue *co_queue_new(co_loop *loop)
{
	return co_queue_new_bounded(loop, 0);
}

void co__queue_ref(co_queue *q)
{
	q->refs++;
}

void co__queue_unref(co_queue *q)
{
	if (--q->refs > 0)
		return;
	co__ring_free(&q->items);
	free(q);
}

static void cancel_all(ring *r)
{
	while (r->len > 0) {
		co_future *f = ring_pop(r);
		co_future_cancel(f);
		co_future_unref(f);
	}
	co__ring_free(r);
}

void co_queue_free(co_queue *q)
{
	if (!q)
		return;
	q->closed = 1;
	cancel_all(&q->getters);
	cancel_all(&q->putters);
	cancel_all(&q->joiners);
	co__queue_unref(q);
}

size_t co_queue_size(const co_queue *q) { return q->items.len; }
size_t co_queue_unfinished(const co_queue *q) { return q->unfinished; }
size_t co_queue_capacity(const co_queue *q) { return q->capacity; }
int co_queue_full(const co_queue *q) { return q->capacity > 0 && q->items.len >= q->capacity; }
int co__queue_closed(const co_queue *q) { return q->closed; }

/* The oldest future in r someone still waits on, or NULL. Futures that
 * were cancelled, or that only the queue still references, are dropped. */
static co_future *next_waiter(ring *r)
{
	while (r->len > 0) {
		co_future *f = ring_pop(r);
		if (!co_future_done(f) && f->refs > 1)
			return f;
		co_future_unref(f);
	}
	return NULL;
}

/* There may be room now: wake the oldest putter still waiting. */
static void wake_putter(co_queue *q)
{
	if (q->closed || co_queue_full(q))
		return;
	co_future *p = next_waiter(&q->putters);
	if (p) {
		co_future_set_result(p, NULL);
		co_future_unref(p);
	}
}

/* Hand the item to the oldest waiting getter, or queue it (at the front
 * when it comes back from a getter that never claimed it). */
static void deliver(co_queue *q, void *item, int front)
{
	co_future *g = next_waiter(&q->getters);
	if (g) {
		co_future_set_result(g, item);
		co_future_unref(g);
	} else if (front) {
		ring_push_front(&q->items, item);
	} else {
		ring_push(&q->items, item);
	}
}

void co_queue_put(co_queue *q, void *item)
{
	if (q->closed) {
		fprintf(stderr, "corogen runtime: co_queue_put on a freed queue\n");
		return;
	}
	q->unfinished++;
	deliver(q, item, 0);
}

int co_queue_try_put(co_queue *q, void *item)
{
	if (q->closed)
		return -ECANCELED;
	if (co_queue_full(q))
		return -EAGAIN;
	co_queue_put(q, item);
	return 0;
}

int co_queue_pop(co_queue *q, void **item)
{
	if (q->items.len == 0)
		return 0;
	*item = ring_pop(&q->items);
	wake_putter(q);
	return 1;
}

co_future *co_queue_get(co_queue *q)
{
	getter *g = co__xmalloc(sizeof *g);
	co__future_init(&g->fut, q->loop, &getter_ops);
	g->q = q;
	co__queue_ref(q);
	if (q->closed) {
		co__future_complete(&g->fut, CO_FUTURE_CANCELLED, NULL, ECANCELED);
	} else if (q->items.len > 0) {
		co__future_complete(&g->fut, CO_FUTURE_DONE, ring_pop(&q->items), 0);
		wake_putter(q);
	} else {
		ring_push(&q->getters, co_future_ref(&g->fut));
	}
	return &g->fut;
}

/* The last reference to a getter is gone: an item nobody read goes back. */
static void getter_destroy(co_future *f)
{
	getter *g = (getter *)f;
	co_queue *q = g->q;
	if (f->state == CO_FUTURE_DONE && !(f->flags & GETTER_CLAIMED) && !q->closed)
		deliver(q, f->result, 1);
	co__future_release(f);
	free(g);
	co__queue_unref(q);
}

co_future *co__queue_putter(co_queue *q)
{
	co_future *f = co_future_new(q->loop);
	if (q->closed)
		co_future_cancel(f);
	else
		ring_push(&q->putters, co_future_ref(f));
	return f;
}

/* A putter leaves without putting (cancelled, or the queue is closing). If
 * it had been woken, the room it was told about goes to the next one. */
void co__queue_putter_abandon(co_queue *q, co_future *w)
{
	if (co_future_get_state(w) == CO_FUTURE_DONE)
		wake_putter(q);
	else
		co_future_cancel(w);
}

void co_queue_task_done(co_queue *q)
{
	if (q->unfinished == 0) {
		fprintf(stderr, "corogen runtime: co_queue_task_done called more times than items were put\n");
		return;
	}
	if (--q->unfinished > 0)
		return;
	while (q->joiners.len > 0) {
		co_future *f = ring_pop(&q->joiners);
		if (!co_future_done(f))
			co_future_set_result(f, NULL);
		co_future_unref(f);
	}
}

co_future *co_queue_join(co_queue *q)
{
	co_future *f = co_future_new(q->loop);
	if (q->closed)
		co_future_cancel(f);
	else if (q->unfinished == 0)
		co_future_set_result(f, NULL);
	else
		ring_push(&q->joiners, co_future_ref(f));
	return f;
}
