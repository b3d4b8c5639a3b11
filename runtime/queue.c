/* queue.c — a FIFO of void * for producer and consumer tasks, with
 * task_done/join as asyncio.Queue: put counts an unfinished item,
 * task_done finishes one, join waits until none is left. */
#include "coro.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* A FIFO of pointers in a ring buffer (capacity a power of two). */
typedef struct ring {
	void **slot;
	size_t head, len, cap;
} ring;

struct co_queue {
	co_loop *loop;
	ring items;
	ring getters;          /* co_future * waiting for an item, referenced */
	ring joiners;          /* co_future * waiting for unfinished == 0, referenced */
	size_t unfinished;
};

static void ring_push(ring *r, void *p)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		void **s = malloc(cap * sizeof *s);
		if (!s) {
			fprintf(stderr, "corogen runtime: out of memory in co_queue\n");
			abort();
		}
		for (size_t i = 0; i < r->len; i++)
			s[i] = r->slot[(r->head + i) & (r->cap - 1)];
		free(r->slot);
		r->slot = s;
		r->head = 0;
		r->cap = cap;
	}
	r->slot[(r->head + r->len) & (r->cap - 1)] = p;
	r->len++;
}

static void *ring_pop(ring *r)
{
	void *p = r->slot[r->head];
	r->head = (r->head + 1) & (r->cap - 1);
	r->len--;
	return p;
}

co_queue *co_queue_new(co_loop *loop)
{
	co_queue *q = calloc(1, sizeof *q);
	if (!q) {
		fprintf(stderr, "corogen runtime: out of memory in co_queue_new\n");
		abort();
	}
	q->loop = loop;
	return q;
}

static void cancel_all(ring *r)
{
	while (r->len > 0) {
		co_future *f = ring_pop(r);
		co_future_cancel(f);
		co_future_unref(f);
	}
	free(r->slot);
}

void co_queue_free(co_queue *q)
{
	if (!q)
		return;
	cancel_all(&q->getters);
	cancel_all(&q->joiners);
	free(q->items.slot);
	free(q);
}

size_t co_queue_size(const co_queue *q) { return q->items.len; }
size_t co_queue_unfinished(const co_queue *q) { return q->unfinished; }

/* The oldest getter someone still waits on, or NULL. Getters that were
 * cancelled, or that only the queue still references, are dropped. */
static co_future *next_getter(co_queue *q)
{
	while (q->getters.len > 0) {
		co_future *f = ring_pop(&q->getters);
		if (!co_future_done(f) && f->refs > 1)
			return f;
		co_future_unref(f);
	}
	return NULL;
}

void co_queue_put(co_queue *q, void *item)
{
	q->unfinished++;
	co_future *g = next_getter(q);
	if (g) {
		co_future_set_result(g, item);
		co_future_unref(g);
	} else {
		ring_push(&q->items, item);
	}
}

int co_queue_pop(co_queue *q, void **item)
{
	if (q->items.len == 0)
		return 0;
	*item = ring_pop(&q->items);
	return 1;
}

co_future *co_queue_get(co_queue *q)
{
	co_future *f = co_future_new(q->loop);
	if (q->items.len > 0)
		co_future_set_result(f, ring_pop(&q->items));
	else
		ring_push(&q->getters, co_future_ref(f));
	return f;
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
	if (q->unfinished == 0)
		co_future_set_result(f, NULL);
	else
		ring_push(&q->joiners, co_future_ref(f));
	return f;
}
