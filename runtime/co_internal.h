/*
 * co_internal.h — what the runtime's own files share and programs must
 * not touch. Never installed (make install copies only the public
 * headers); the runtime's .c files and its .co halves include it.
 *
 * The installed headers keep only the co__ names that generated code or
 * a public inline/struct needs; docs/INTERNALS.md lists both sets.
 */
#ifndef CO_INTERNAL_H
#define CO_INTERNAL_H

#include "coro.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

/* ---- out of memory: the one path (coro.c) ----
 * Out of memory is fatal in the runtime, as it is for corogen frames: one
 * message on stderr, then abort(). Nothing here returns NULL. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void co__oom(size_t size);
void *co__xmalloc(size_t size);
void *co__xcalloc(size_t n, size_t size);
void *co__xrealloc(void *p, size_t size);
char *co__xstrdup(const char *s);

/* ---- frames (coro.c) ---- */
co_gen *co__parent(const co_gen *g);     /* of a frame in a delegation chain */
void co__destroy_chain(co_gen *g);       /* co_free but g's own block */
void co__free_frame(co_gen *g);          /* free a heap frame's block */

/* ---- ring: a growable FIFO of fixed-size elements (ring.c) ----
 * Used by the loop's ready queue and by the queue's items and waiters.
 * Capacity is a power of two; elements are copied in and out. The inline
 * push/pop take the element size so that the copy is a constant one. */
typedef struct co__ring {
	unsigned char *slot;
	size_t head, len, cap;     /* in elements */
	uint32_t gave_back;        /* it has freed a large buffer before */
	uint32_t patience;         /* large empties to let pass before the next */
} co__ring;

void co__ring_grow(co__ring *r, size_t esize);
void co__ring_free(co__ring *r);
void co__ring_emptied(co__ring *r);

/* A ring that empties with more than CO__RING_KEEP slots gives its buffer
 * back: a burst (a million tasks created before the loop runs) leaves no
 * 16 MB ready queue behind. A ring this size or smaller keeps its buffer.
 * One that grows large again after giving back is under steady load: it
 * keeps the buffer for its next CO__RING_PATIENCE empties, so that a loop
 * with 10,000 ready callbacks per iteration does not reallocate in every
 * one (ring.c). */
enum { CO__RING_KEEP = 4096, CO__RING_PATIENCE = 256 };

static inline void *co__ring_at(const co__ring *r, size_t i, size_t esize)
{
	return r->slot + ((r->head + i) & (r->cap - 1)) * esize;
}

static inline void co__ring_push(co__ring *r, const void *e, size_t esize)
{
	if (r->len == r->cap)
		co__ring_grow(r, esize);
	memcpy(co__ring_at(r, r->len, esize), e, esize);
	r->len++;
}

static inline void co__ring_push_front(co__ring *r, const void *e, size_t esize)
{
	if (r->len == r->cap)
		co__ring_grow(r, esize);
	r->head = (r->head - 1) & (r->cap - 1);
	memcpy(r->slot + r->head * esize, e, esize);
	r->len++;
}

/* The ring must not be empty. */
static inline void co__ring_pop(co__ring *r, void *e, size_t esize)
{
	memcpy(e, r->slot + r->head * esize, esize);
	r->head = (r->head + 1) & (r->cap - 1);
	if (--r->len == 0 && r->cap > CO__RING_KEEP)
		co__ring_emptied(r);
}

/* ---- futures and their subclasses ----
 * A subclass (task, gather, queue getter) embeds co_future first and gives
 * it an operations table, so future.c knows none of them (asyncio's Future
 * knows nothing of Task). A NULL operation does the plain future's thing. */
typedef struct co__future_ops {
	const char *name;                       /* for debugging (coro-gdb.py reads it) */
	int (*cancel)(co_future *f);            /* f is pending; 1 if cancelled */
	void (*destroy)(co_future *f);          /* the last reference is gone */
	void (*result_read)(co_future *f);      /* co_future_result read a DONE result */
} co__future_ops;

/* co_future.flags (8 bits): bit 0 is future.c's, bits 1 to 7 the
 * subclass's. */
enum { CO__FUTURE_SUBCLASS_FLAG = 1 << 1 };
/* The task's flags (task.c has two more, 1 << 3 and 1 << 4); coro-gdb.py
 * reads these three by value. */
enum { CO__TASK_STEP_QUEUED = 1 << 1, CO__TASK_RUNNING = 1 << 2, CO__TASK_WAITING = 1 << 5 };
/* The task's coroutine frame: right after the task, in the same block. */
static inline co_gen *co__task_frame(const co_task *t) { return (co_gen *)(t + 1); }
/* ...and the task room before a frame (co__new_frame with CO_TASK_ROOM). */
static inline co_task *co__frame_task(const co_gen *g) { return (co_task *)g - 1; }

/* ops NULL: a plain future. */
void co__future_init(co_future *f, co_loop *loop, const co__future_ops *ops);
void co__future_complete(co_future *f, int state, void *result, int err);
void co__future_release(co_future *f);  /* free callback storage */
/* True if f is a task (task.c). */
int co__future_is_task(const co_future *f);

/* The loop core (loop.c) as run.c drives and frees it. */
int co__loop_run_once(co_loop *loop);     /* 1: did something, 0: nothing left, -errno */
void co__loop_run_ready(co_loop *loop);   /* the callbacks ready now */
size_t co__loop_ready_count(const co_loop *loop);
int co__loop_stopping(const co_loop *loop);
co_loop *co__loop_enter(co_loop *loop);   /* returns the loop that was running */
void co__loop_leave(co_loop *loop, co_loop *outer);
void co__loop_destroy(co_loop *loop);     /* after its tasks are gone */
void co__loop_link_task(co_loop *loop, co_task *t);
void co__loop_unlink_task(co_loop *loop, co_task *t);
co_task *co__loop_tasks(const co_loop *loop);

/* The I/O backends behind the loop (loop_select.c, loop_epoll.c), as a
 * table of operations so that every backend lives in the one library and
 * a loop picks one when it is created. Each backend keeps its own
 * registrations; the loop keeps the handlers and passes the fd's mask
 * before the change (epoll needs it to choose ADD, MOD or DEL). */
enum { CO__READABLE = 1, CO__WRITABLE = 2 };
typedef struct co__fired { int fd; int mask; } co__fired;
typedef struct co__backend_ops {
	const char *name;
	int max_fd;           /* fds must be below this (INT_MAX: no limit of its own) */
	int max_fired;        /* most events one poll reports */
	void *(*create)(void);
	void (*destroy)(void *b);
	int (*add)(void *b, int fd, int old_mask, int add_mask);   /* 0 or -errno */
	void (*del)(void *b, int fd, int old_mask, int del_mask);
	/* Wait up to timeout_ns (-1: no limit); fill `fired`; count or -errno. */
	int (*poll)(void *b, int64_t timeout_ns, co__fired *fired, int max);
} co__backend_ops;
extern const co__backend_ops co__backend_select;
extern const co__backend_ops co__backend_epoll;   /* Linux only */

/* ---- the .co halves of queue, lock, semaphore, event, task group ---- */
void co__queue_ref(co_queue *);
void co__queue_unref(co_queue *);
int co__queue_closed(const co_queue *);
co_future *co__queue_putter(co_queue *);
void co__queue_putter_abandon(co_queue *, co_future *);
co_future *co__sem_waiter(co_sem *);
void co__sem_abandon(co_sem *, co_future *);
void co__sem_unref(co_sem *);
co_future *co__event_waiter(co_event *);
co_future *co__task_group_waiter(co_task_group *);
co_sem *co__lock_sem(co_lock *);

/* ---- resolve.co's half of the resolver (resolve.c) ---- */
typedef struct co__dns_query co__dns_query;
co__dns_query *co__resolve_start(co_loop *, const char *, int);
co_future *co__resolve_future(co__dns_query *);
int co__resolve_result(co__dns_query *, int, struct sockaddr_storage *, size_t);
void co__resolve_finish(co__dns_query *);
int co__resolve_cached(const char *, int, int, struct sockaddr_storage *, size_t);
int co__resolve_errno(int);

#endif
