/* testutil.h — checks and hand-written generator frames for the runtime's
 * unit tests (frames laid out as corogen's output lays them out). */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include "coro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
		exit(1); \
	} \
} while (0)

#define CHECK_EQ(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { \
		fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, a_, b_); \
		exit(1); \
	} \
} while (0)

/* A heap frame of `size` bytes, zeroed, starting with its co_gen header. */
static inline void *hg_new(size_t size, const co_class *cls)
{
	co_gen *g = co__new_frame(size, cls, CO_TASK_ROOM);
	memset(g, 0, size);
	co__init(g, cls);
	g->up = CO_HEAP | CO_TASK_ROOM;
	return g;
}

/* A hand-written resume function is co_step NAME(co_gen *g, void *v): v is
 * the value sent in (after HG_DELEGATE, the child's return value). */
#define HG_YIELD(g, st, v) do { (g)->state = (st); return (co_step){CO_YIELDED, (void *)(v)}; } while (0)
#define HG_RETURN(g, v) do { (g)->state = CO_DONE; return (co_step){CO_RETURNED, (void *)(intptr_t)(v)}; } while (0)
#define HG_DELEGATE(g, st, child) do { (g)->state = (st); return (co_step){CO_DELEGATE, (child)}; } while (0)

#endif
