/*
 * co_sync.h — structured concurrency and synchronisation for tasks:
 * wait-for-first, task groups, timeout scopes, lock, semaphore, event, and
 * the waiting side of co_queue. Included by coro.h; include coro.h.
 * docs/RUNTIME.md has examples. The coroutines are written in .co
 * (runtime/sync.co, runtime/queue_wait.co); C code runs their constructors
 * in a task. Errors are negative errno values.
 */
#ifndef CO_SYNC_H
#define CO_SYNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_task_group co_task_group;
typedef struct co_sem co_sem;
typedef struct co_lock co_lock;
typedef struct co_event co_event;

#ifdef __COROGEN__
coro int co_wait_any(co_future *const *, size_t, int64_t);
coro int co_timeout(int64_t, co_gen *);
coro int co_task_group_wait(co_task_group *);
coro int co_sem_acquire(co_sem *);
coro int co_lock_acquire(co_lock *);
coro int co_event_wait(co_event *);
coro int co_queue_put_wait(co_queue *, void *);
coro int co_queue_get_wait(co_queue *, void **);
#endif

/* ---- wait for the first of N ---- */

/* The index of the first of fs[0..n-1] to complete (the lowest done one
 * if some already are), -ETIMEDOUT after timeout_ms (negative: none),
 * -EINVAL if n is 0. The others are left running; fs must stay valid. */
co_gen *co_wait_any(co_future *const *, size_t, int64_t);

/* ---- timeout scope ---- */

/* Run body (a coroutine, taken over) as a child task; at the deadline it
 * is cancelled (its defers run) and this returns -ETIMEDOUT. Otherwise the
 * body's return value as an int, or minus its error if it failed.
 * Cancelling the caller cancels the body. */
co_gen *co_timeout(int64_t, co_gen *);

/* ---- task group ---- */

/* Children that the group waits for; the first failure cancels the rest.
 * A child fails when its task fails or is cancelled from outside, or when
 * its coroutine returns a negative integer (the -errno convention). */
co_task_group *co_task_group_new(co_loop *);
/* Start a child (the group takes gen). The task is the group's: valid
 * until co_task_group_free, read its result there. After a failure the
 * group starts nothing: gen is destroyed and NULL returned. */
co_task *co_task_group_spawn(co_task_group *, co_gen *);
/* Wait until every child is done: 0, or the first failure as -errno.
 * Cancelling the waiter cancels the children. */
co_gen *co_task_group_wait(co_task_group *);
/* Cancel every child still running (the group then counts as failed,
 * -ECANCELED, unless something failed first). */
void co_task_group_cancel(co_task_group *);
size_t co_task_group_running(const co_task_group *);
/* 0, or the first failure as a negative errno. */
int co_task_group_error(const co_task_group *);
/* Cancel what still runs and free the group and its children. */
void co_task_group_free(co_task_group *);

/* ---- semaphore and lock (FIFO, permits handed to waiters in order) ---- */

co_sem *co_sem_new(co_loop *, unsigned);
/* Waiters still queued are cancelled: their co_sem_acquire returns -ECANCELED. */
void co_sem_free(co_sem *);
/* Take a permit without waiting: 1, or 0 if none (or others wait first). */
int co_sem_try_acquire(co_sem *);
/* 0 once a permit is ours, -ECANCELED if the semaphore was freed. */
co_gen *co_sem_acquire(co_sem *);
void co_sem_release(co_sem *);
unsigned co_sem_value(const co_sem *);

co_lock *co_lock_new(co_loop *);
void co_lock_free(co_lock *);
int co_lock_try_acquire(co_lock *);
co_gen *co_lock_acquire(co_lock *);
/* Releasing a lock that is not held is reported on stderr and ignored. */
void co_lock_release(co_lock *);
int co_lock_locked(const co_lock *);

/* ---- event ---- */

co_event *co_event_new(co_loop *);
/* Waiters still waiting see -ECANCELED. */
void co_event_free(co_event *);
/* Wake every waiter; later waits return at once until co_event_clear. */
void co_event_set(co_event *);
void co_event_clear(co_event *);
int co_event_is_set(const co_event *);
/* 0 once the event is set, -ECANCELED if it was freed. */
co_gen *co_event_wait(co_event *);

/* ---- co_queue: bounded capacity and waiting (the rest is in co_async.h) ---- */

/* A queue holding at most `capacity` items (0: unbounded, as co_queue_new). */
co_queue *co_queue_new_bounded(co_loop *, size_t);
size_t co_queue_capacity(const co_queue *);
int co_queue_full(const co_queue *);
/* Put without waiting: 0, -EAGAIN if full, -ECANCELED if freed.
 * (co_queue_put never waits and never refuses: it may exceed capacity.) */
int co_queue_try_put(co_queue *, void *);
/* Put, waiting while the queue is full: 0, or -ECANCELED if freed. */
co_gen *co_queue_put_wait(co_queue *, void *);
/* Take the next item into *item, waiting while empty: 0, or -ECANCELED
 * if the queue was freed. A getter cancelled after the item was handed to
 * it gives the item back to the front of the queue. */
co_gen *co_queue_get_wait(co_queue *, void **);

#ifdef __cplusplus
}
#endif

#endif
