/* core_internals.c — the runtime's private core (runtime/co_internal.h):
 * the one ring buffer, and a future subclass defined only through an
 * operations table, the way task.c, gather.c and queue.c define theirs. */
#include "co_internal.h"
#include "testutil.h"

#include <errno.h>

typedef struct pair { void *a; void *b; } pair;

static void ring_of_pointers(void)
{
	co__ring r = {0};
	/* Wrap the head around before growing, so the growth copies a
	 * wrapped ring; then push_front in front of the oldest. */
	uintptr_t next_in = 1, next_out = 1;
	for (int round = 0; round < 200; round++) {
		for (int i = 0; i < 7; i++) {
			void *p = (void *)next_in++;
			co__ring_push(&r, &p, sizeof p);
		}
		for (int i = 0; i < 5; i++) {
			void *p;
			co__ring_pop(&r, &p, sizeof p);
			CHECK_EQ((uintptr_t)p, next_out++);
		}
	}
	CHECK_EQ(r.len, 400);
	CHECK(r.cap >= 400 && (r.cap & (r.cap - 1)) == 0);
	void *front = (void *)(uintptr_t)99999;
	co__ring_push_front(&r, &front, sizeof front);
	void *p;
	co__ring_pop(&r, &p, sizeof p);
	CHECK(p == front);
	while (r.len > 0) {
		co__ring_pop(&r, &p, sizeof p);
		CHECK_EQ((uintptr_t)p, next_out++);
	}
	CHECK_EQ(next_out, next_in);
	co__ring_free(&r);
	CHECK(r.slot == NULL && r.len == 0 && r.cap == 0);
	co__ring_free(&r);   /* twice is harmless */
}

static void ring_of_pairs(void)
{
	co__ring r = {0};
	for (uintptr_t i = 0; i < 100; i++) {
		pair e = {(void *)i, (void *)(i * 3)};
		if (i % 2)
			co__ring_push(&r, &e, sizeof e);
		else
			co__ring_push_front(&r, &e, sizeof e);
	}
	/* Evens were pushed to the front in reverse, odds to the back in order. */
	for (uintptr_t i = 0; i < 100; i++) {
		pair e;
		co__ring_pop(&r, &e, sizeof e);
		uintptr_t want = i < 50 ? 98 - 2 * i : 2 * (i - 50) + 1;
		CHECK_EQ((uintptr_t)e.a, want);
		CHECK_EQ((uintptr_t)e.b, want * 3);
	}
	CHECK_EQ(r.len, 0);
	co__ring_free(&r);
}

/* A ring that empties with more than CO__RING_KEEP slots frees its buffer
 * (the loop's ready queue after a burst); a smaller one keeps it. */
static void ring_gives_memory_back(void)
{
	co__ring r = {0};
	for (uintptr_t i = 1; i <= CO__RING_KEEP + 1; i++)
		co__ring_push(&r, &i, sizeof i);
	CHECK_EQ(r.cap, 2 * CO__RING_KEEP);
	for (uintptr_t i = 1; i <= CO__RING_KEEP + 1; i++) {
		uintptr_t e;
		co__ring_pop(&r, &e, sizeof e);
		CHECK_EQ(e, i);
		if (i <= CO__RING_KEEP)
			CHECK(r.slot != NULL);   /* not before it is empty */
	}
	CHECK(r.slot == NULL && r.len == 0 && r.cap == 0);
	/* Still a ring: it grows again from nothing, front and back. */
	uintptr_t a = 7, b = 8, e;
	co__ring_push(&r, &a, sizeof a);
	co__ring_push_front(&r, &b, sizeof b);
	co__ring_pop(&r, &e, sizeof e);
	CHECK_EQ(e, 8);
	co__ring_pop(&r, &e, sizeof e);
	CHECK_EQ(e, 7);
	CHECK(r.slot != NULL && r.cap == 16);   /* small: kept */

	/* Large again after giving back: steady load, not a burst. It keeps
	 * the buffer for CO__RING_PATIENCE empties, then gives it back. */
	for (uintptr_t i = 1; i <= CO__RING_KEEP + 1; i++)
		co__ring_push(&r, &i, sizeof i);
	for (int empties = 0; empties < CO__RING_PATIENCE; empties++) {
		while (r.len > 0)
			co__ring_pop(&r, &e, sizeof e);
		CHECK_EQ(r.cap, 2 * CO__RING_KEEP);
		co__ring_push(&r, &e, sizeof e);
	}
	co__ring_pop(&r, &e, sizeof e);
	CHECK(r.slot == NULL && r.cap == 0);

	for (uintptr_t i = 1; i <= CO__RING_KEEP; i++)
		co__ring_push(&r, &i, sizeof i);
	CHECK_EQ(r.cap, CO__RING_KEEP);
	for (int round = 0; round < 3; round++) {
		while (r.len > 0)
			co__ring_pop(&r, &e, sizeof e);
		CHECK(r.slot != NULL && r.cap == CO__RING_KEEP);
		co__ring_push(&r, &e, sizeof e);
	}
	co__ring_free(&r);
}

/* A subclass future that counts what future.c asks of it. */
typedef struct counted {
	co_future fut;          /* first: it is a future */
	int cancels, destroys, reads;
} counted;

static counted *last_destroyed;
static int destroyed_reads, destroyed_cancels;

static int counted_cancel(co_future *f)
{
	counted *c = (counted *)f;
	c->cancels++;
	co__future_complete(f, CO_FUTURE_CANCELLED, NULL, ECANCELED);
	return 1;
}

static void counted_destroy(co_future *f)
{
	counted *c = (counted *)f;
	last_destroyed = c;
	destroyed_reads = c->reads;
	destroyed_cancels = c->cancels;
	co__future_release(f);
	free(c);
}

static void counted_read(co_future *f) { ((counted *)f)->reads++; }

static const co__future_ops counted_ops = {
	.name = "counted",
	.cancel = counted_cancel,
	.destroy = counted_destroy,
	.result_read = counted_read,
};

static counted *counted_new(co_loop *loop)
{
	counted *c = co__xcalloc(1, sizeof *c);
	co__future_init(&c->fut, loop, &counted_ops);
	return c;
}

static void subclass_through_ops(co_loop *loop)
{
	counted *c = counted_new(loop);
	CHECK(c->fut.ops == &counted_ops);
	CHECK(!co__future_is_task(&c->fut));
	CHECK(co_future_task(&c->fut) == NULL);
	CHECK(co_future_result(&c->fut) == NULL);     /* pending: not a read */
	CHECK_EQ(c->reads, 0);
	CHECK_EQ(co_future_set_result(&c->fut, (void *)42), 0);
	CHECK(co_future_result(&c->fut) == (void *)42);
	CHECK(co_future_result(&c->fut) == (void *)42);
	CHECK_EQ(c->reads, 2);
	CHECK_EQ(co_future_cancel(&c->fut), 0);       /* done: the op is not called */
	CHECK_EQ(c->cancels, 0);
	co_future_ref(&c->fut);
	co_future_unref(&c->fut);
	CHECK(last_destroyed == NULL);                /* one reference left */
	co_future_unref(&c->fut);
	CHECK(last_destroyed == c);
	CHECK_EQ(destroyed_reads, 2);

	/* Cancelling a pending one goes through the subclass. */
	last_destroyed = NULL;
	c = counted_new(loop);
	CHECK_EQ(co_future_cancel(&c->fut), 1);
	CHECK_EQ(c->cancels, 1);
	CHECK(co_future_cancelled(&c->fut));
	CHECK_EQ(co_future_error(&c->fut), ECANCELED);
	CHECK(co_future_result(&c->fut) == NULL);     /* not DONE: not a read */
	co_future_unref(&c->fut);
	CHECK(last_destroyed == c);
	CHECK_EQ(destroyed_cancels, 1);
	CHECK_EQ(destroyed_reads, 0);

	/* A plain future has the default operations: it is no task either. */
	co_future *f = co_future_new(loop);
	CHECK(f->ops != NULL && f->ops != &counted_ops);
	CHECK(!co__future_is_task(f));
	CHECK_EQ(co_future_cancel(f), 1);
	CHECK(co_future_cancelled(f));
	co_future_unref(f);
	co_loop_run(loop);
}

int main(void)
{
	ring_of_pointers();
	ring_of_pairs();
	ring_gives_memory_back();
	co_loop *loop = co_loop_new();
	subclass_through_ops(loop);
	co_loop_free(loop);
	puts("ok");
	return 0;
}
