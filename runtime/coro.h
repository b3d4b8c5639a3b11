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

/* What a resume function returns: the status, and the value it yields,
 * returns, or (CO_DELEGATE) the child frame it starts. A struct of two
 * words travels in two registers. It is also why a plain `return 0;`
 * hidden in a macro of a coroutine body does not compile (it would end
 * the coroutine with an arbitrary status and skip its defers). */
typedef struct co_step { co_status status; void *value; } co_step;

/* What every frame of one coroutine shares: its resume function (which
 * runs a frame from its state to the next suspension, given the value
 * sent in), names for debugging, the destroy hook that runs the defers
 * active in a state, the table mapping each state to the .co line it
 * resumes at, and the frame's alignment (where a heap frame's block
 * starts). */
typedef struct co_class {
	co_step (*resume)(co_gen *, void *);   /* frame, value sent in */
	const char *name;
	const char *file;
	void (*destroy)(co_gen *);    /* NULL when the coroutine has no defer */
	const int *lines;             /* lines[state]: .co line of that state */
	int nstates;
	unsigned align;               /* _Alignof the frame */
} co_class;

/* The header of every frame: 16 bytes on LP64. A frame embedded in its
 * parent's (a `yield from` of a coroutine corogen can see) finds that
 * parent at a fixed distance before it, kept in `up`; a heap frame keeps
 * its links in the co__head just before it. */
struct co_gen {
	const co_class *cls;
	int state;            /* 0 = not started, CO_DONE = finished */
	unsigned up;          /* flags (low 3 bits) | byte distance back to the parent << 3 */
};

/* Before every heap frame (what a coroutine call returns). */
typedef struct co__head {
	co_gen *link;         /* of a root: innermost frame of its delegation chain;
				 of a delegate: the frame that delegated to it */
	void *value;          /* of a root: the value last yielded or returned */
} co__head;

static inline co__head *co__head_of(const co_gen *co__g) { return (co__head *)co__g - 1; }

#define CO_DONE     (-1)
#define CO_HEAP     1u    /* a heap frame: a co__head before it, co_free releases it */
#define CO_BORROWED 2u    /* delegated to from a co_gen * value: parent does not own it */
#define CO_TASK_ROOM 4u   /* a heap frame with room for a task before its head */
#define CO_UP_FLAGS 7u

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
co_status co__drive(co_gen *);   /* root, whose leaf did not yield */

/* Resume `g` sending `v` into it (send NULL the first time). A chain of
 * `yield from` delegations is resumed at its innermost frame directly. */
static inline co_status co_send(co_gen *co__g, void *co__v)
{
	co__head *co__h = co__head_of(co__g);
	co_gen *co__cur = co__h->link;
	co_step co__s = co__cur->cls->resume(co__cur, co__v);
	co__h->value = co__s.value;   /* what co_value reads; co__drive finds it there */
	if (CO_LIKELY(co__s.status == CO_YIELDED))
		return CO_YIELDED;    /* the leaf did not change: no bookkeeping */
	/* The frame that returned is still the root's link, its value in the
	 * head, and its state says returned or delegated: co__drive reads them
	 * there, so nothing needs to live across the call. */
	return co__drive(co__g);
}

/* The value last yielded, or after CO_RETURNED the scalar return value
 * (integers travel through intptr_t). */
static inline void *co_value(const co_gen *co__g) { return co__head_of(co__g)->value; }

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

/* For generated code only: a heap frame of `size` bytes for `cls`, with its
 * co__head before it and (CO_TASK_ROOM: what a coroutine call returns) room
 * for the task that may run it, so that co_task_new allocates nothing; a
 * delegate's frame (0) needs none. Out of memory is fatal. */
void *co__new_frame(size_t, const co_class *, unsigned);   /* size, cls, CO_TASK_ROOM or 0 */
/* For generated code: resuming a finished coroutine returns CO_RETURNED
 * again, with the value it returned (kept in a root's head). Out of line,
 * with a resume function's signature: a tail call that leaves the resume
 * function's own paths as they are. */
co_step co__finished(co_gen *, void *);   /* frame, value sent in (ignored) */
/* A tail call where the compiler can be told (clang would otherwise keep a
 * stack frame in every resume function just for that call). */
#if defined(__clang__) && __clang_major__ >= 13
#define CO_TAIL __attribute__((musttail))
#else
#define CO_TAIL
#endif
static inline void co__init(co_gen *co__g, const co_class *co__cls)
{
	co__g->cls = co__cls;
	co__g->state = 0;
	co__g->up = 0;
}
/* Return a value of a type corogen cannot classify (a %type name): as
 * many bytes as fit in the value. */
#define CO_RET_BYTES(out, r) do { (out) = NULL; \
	memcpy(&(out), &(r), sizeof(r) < sizeof(void *) ? sizeof(r) : sizeof(void *)); } while (0)

#ifdef __cplusplus
}
#endif

#include "co_async.h"
#include "co_io.h"
#include "co_sync.h"
#include "co_resolve.h"

#endif
