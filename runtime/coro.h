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
	void (*destroy)(co_gen *);    /* NULL when the coroutine has no defer */
	const int *lines;             /* lines[state]: .co line of that state */
	int nstates;
} co_class;

/* What a resume function returns: the status in a struct, so that a
 * plain `return 0;` hidden in a macro of a coroutine body does not
 * compile (it would end the coroutine with an arbitrary status and skip
 * its defers). Returned in a register, as an int would be. */
typedef struct co_step { co_status status; } co_step;

/* The header of every frame. */
struct co_gen {
	co_step (*resume)(co_gen *);
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
#define CO_NODISCARD   __attribute__((warn_unused_result))
#else
#define CO_LIKELY(x)   (x)
#define CO_UNUSED
#define CO_USED
#define CO_FALLTHROUGH ((void)0)
#define CO_NODISCARD
#endif

/* For generated code (through co_send): the slow path of co_send:
 * delegation, return, chain bookkeeping. */
co_status co__drive(co_gen *, co_gen *, co_status);   /* root, cur, s */

/* Resume `g` sending `v` into it (send NULL the first time). A chain of
 * `yield from` delegations is resumed at its innermost frame directly. */
static inline co_status co_send(co_gen *co__g, void *co__v)
{
	co_gen *co__cur = co__g->leaf;
	co__cur->value = co__v;
	co_status co__s = co__cur->resume(co__cur).status;
	if (CO_LIKELY(co__s == CO_YIELDED))
		return co__s;            /* the leaf did not change: no bookkeeping */
	return co__drive(co__g, co__cur, co__s);
}

/* The value last yielded, or after CO_RETURNED the scalar return value
 * (integers travel through intptr_t). A yield leaves it in the innermost
 * frame of the delegation chain, which is where the root's leaf points. */
static inline void *co_value(const co_gen *co__g) { return co__g->leaf->value; }

/* True once the coroutine has returned (or been destroyed). */
static inline int co_done(const co_gen *co__g) { return co__g->state == CO_DONE; }

/* Destroy a coroutine in any state: the defers of every suspended
 * `yield from` level run innermost first, then owned frames are freed.
 * co_free(NULL) does nothing. */
void co_free(co_gen *);

/* The return value of a finished coroutine `name`, of its own return type
 * (any type: double, a struct...): CO_RESULT(average, g). corogen defines
 * the accessor NAME__result beside each coroutine, and `--header` declares
 * it for other files. `g` must have returned (co_done(g)). */
#define CO_RESULT(name, g) name##__result(g)

/* .co file:line where `g`'s innermost frame is suspended, for debugging. */
const char *co_where(const co_gen *, char *, size_t);   /* g, buf, len */

/* For generated code only: allocate a frame (out of memory is fatal) and
 * initialise its header; co__alloc_aligned for a frame whose alignment
 * exceeds malloc's (a local with _Alignas). */
void *co__alloc(size_t);
void *co__alloc_aligned(size_t, size_t);   /* size, align */
static inline void co__init(co_gen *co__g, co_step (*co__resume)(co_gen *),
			    const co_class *co__cls)
{
	co__g->resume = co__resume;
	co__g->value = NULL;
	co__g->leaf = co__g;
	co__g->cls = co__cls;
	co__g->state = 0;
	co__g->flags = 0;
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
