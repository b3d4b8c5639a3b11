/*
 * coro.h — the corogen runtime.
 *
 * Part 1 (this file): the generator protocol that corogen's output speaks.
 * A coroutine is a frame that starts with a co_gen header; a resume
 * function runs it from its current state to the next suspension.
 * Part 2 (co_async.h, included at the end): Future, Task and the loop.
 */
#ifndef CORO_H
#define CORO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum co_status {
	CO_YIELDED = 0,   /* suspended at a yield; co_value() is what it yielded */
	CO_RETURNED = 1,  /* finished; co_value() is the scalar return value */
	CO_DELEGATE = 2   /* internal: the frame started a `yield from` child */
} co_status;

typedef struct co_gen co_gen;

/* What every frame of one coroutine shares: names for debugging, the
 * destroy hook that runs the defers active in a state, and the table
 * that maps each state to the .co line it resumes at. */
typedef struct co_class {
	const char *name;
	const char *file;
	void (*destroy)(co_gen *g);   /* NULL when the coroutine has no defer */
	const int *lines;             /* lines[state]: .co line of that state */
	int nstates;
} co_class;

/* The header of every frame. */
struct co_gen {
	co_status (*resume)(co_gen *g);
	void *value;          /* value sent in, yielded out, or returned */
	union {               /* a frame is either a root or a delegate, so one slot: */
		co_gen *leaf;     /* of a root: innermost frame of its delegation chain */
		co_gen *parent;   /* of a delegate: the frame that delegated to it */
	};
	const co_class *cls;
	int state;            /* 0 = not started, CO_DONE = finished */
	unsigned flags;       /* CO_HEAP, CO_BORROWED */
};

#define CO_DONE     (-1)
#define CO_HEAP     1u    /* frame was malloc'ed: co_free releases it */
#define CO_BORROWED 2u    /* delegated to from a co_gen * value: parent does not own it */

#if defined(__GNUC__) || defined(__clang__)
#define CO_LIKELY(x)   __builtin_expect(!!(x), 1)
#define CO_UNUSED      __attribute__((unused))
#define CO_USED        __attribute__((used))   /* kept for the debugger */
#define CO_FALLTHROUGH __attribute__((fallthrough))
#else
#define CO_LIKELY(x)   (x)
#define CO_UNUSED
#define CO_USED
#define CO_FALLTHROUGH ((void)0)
#endif

/* For generated code (through co_send): the slow path of co_send:
 * delegation, return, chain bookkeeping. */
co_status co__drive(co_gen *root, co_gen *cur, co_status s);

/* Resume `g` sending `v` into it (send NULL the first time). A chain of
 * `yield from` delegations is resumed at its innermost frame directly. */
static inline co_status co_send(co_gen *g, void *v)
{
	co_gen *cur = g->leaf;
	cur->value = v;
	co_status s = cur->resume(cur);
	if (CO_LIKELY(s == CO_YIELDED))
		return s;                /* the leaf did not change: no bookkeeping */
	return co__drive(g, cur, s);
}

/* The value last yielded, or after CO_RETURNED the scalar return value
 * (integers travel through intptr_t). A yield leaves it in the innermost
 * frame of the delegation chain, which is where the root's leaf points. */
static inline void *co_value(const co_gen *g) { return g->leaf->value; }

/* True once the coroutine has returned (or been destroyed). */
static inline int co_done(const co_gen *g) { return g->state == CO_DONE; }

/* Destroy a coroutine in any state: the defers of every suspended
 * `yield from` level run innermost first, then owned frames are freed.
 * co_free(NULL) does nothing. */
void co_free(co_gen *g);

/* .co file:line where `g`'s innermost frame is suspended, for debugging. */
const char *co_where(const co_gen *g, char *buf, size_t len);

/* For generated code only: allocate a frame (out of memory is fatal) and
 * initialise its header. */
void *co__alloc(size_t size);
static inline void co__init(co_gen *g, co_status (*resume)(co_gen *),
			    const co_class *cls)
{
	g->resume = resume;
	g->value = NULL;
	g->leaf = g;
	g->cls = cls;
	g->state = 0;
	g->flags = 0;
}
/* Store a return value of a type corogen cannot classify (a %type name):
 * as many bytes as fit in the value slot. */
#define CO_RET_BYTES(g, r) do { (g)->value = NULL; \
	memcpy(&(g)->value, &(r), sizeof(r) < sizeof(void *) ? sizeof(r) : sizeof(void *)); } while (0)

#ifdef __cplusplus
}
#endif

#include "co_async.h"
#include "co_io.h"
#include "co_sync.h"
#include "co_resolve.h"

#endif
