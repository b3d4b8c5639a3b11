/*
 * co_async.h — Future, Task, the event loop, Queue, gather, and the socket
 * coroutines. Included at the end of coro.h; include coro.h, not this.
 *
 * The design is the one of the essay and of CPython's asyncio: a Future
 * holds the result of an asynchronous operation; a Task drives a coroutine,
 * sending each completed Future's result back into it; the loop waits on
 * sockets and timers and runs callbacks. docs/RUNTIME.md has the ownership
 * rules and a complete example.
 *
 * Out of memory is fatal in the runtime (as it is for corogen frames):
 * functions here never return NULL for lack of memory.
 *
 * The socket coroutines (runtime/net.co) as a .co program declares them
 * (corogen runs before the C preprocessor, so a .co file writes these lines
 * itself; copy the ones you use):
 *
 *   coro int     co_wait_fd(int fd, int want_write, int64_t timeout_ms);
 *   coro int     co_sleep(int64_t ms);
 *   coro int     co_wait_for(co_future *f, int64_t timeout_ms);
 *   coro int     co_connect(int fd, const struct sockaddr *addr, socklen_t addrlen, int64_t timeout_ms);
 *   coro int     co_tcp_connect(const struct sockaddr *addr, socklen_t addrlen, int64_t timeout_ms);
 *   coro int     co_accept(int listen_fd, struct sockaddr *addr, socklen_t *addrlen);
 *   coro ssize_t co_recv(int fd, void *buf, size_t n);
 *   coro ssize_t co_recv_timeout(int fd, void *buf, size_t n, int64_t timeout_ms);
 *   coro ssize_t co_send_all(int fd, const void *buf, size_t n);
 *   coro ssize_t co_send_all_timeout(int fd, const void *buf, size_t n, int64_t timeout_ms);
 *
 * C code calls the constructors declared at the end of this file. Pipes,
 * ttys and files, the line reader and signals are in co_io.h.
 * Structured concurrency, lock/semaphore/event and the waiting queue
 * coroutines are in co_sync.h; name resolution in co_resolve.h (each lists
 * its coroutines in an #ifdef __COROGEN__ block).
 */
#ifndef CO_ASYNC_H
#define CO_ASYNC_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_loop co_loop;
typedef struct co_future co_future;
typedef struct co_task co_task;
typedef struct co_timer co_timer;
typedef struct co_queue co_queue;

typedef void (*co_future_cb)(co_future *f, void *arg);
typedef void (*co_callback_cb)(co_loop *loop, void *data);
typedef void (*co_io_cb)(co_loop *loop, int fd, void *data);
typedef void (*co_timer_cb)(co_timer *t);

/* ------------------------------------------------------------------ */
/* Future                                                              */
/* ------------------------------------------------------------------ */

typedef enum co_future_state {
	CO_FUTURE_PENDING = 0,
	CO_FUTURE_DONE,       /* completed with a result (void *) */
	CO_FUTURE_FAILED,     /* completed with an error (an errno value) */
	CO_FUTURE_CANCELLED   /* cancelled; its error reads ECANCELED */
} co_future_state;

#define CO_FUTURE_MAGIC 0xC0F0757Eu

/* Fields are for the runtime; use the functions. The two co__ struct tags
 * are opaque to programs (runtime/co_internal.h): the layout is public only
 * because co_task embeds a co_future. */
struct co_future {
	uint32_t magic;        /* CO_FUTURE_MAGIC while alive: how a task knows a yielded value */
	uint8_t state;         /* co_future_state */
	uint16_t flags;
	uint32_t refs;
	int error;
	co_loop *loop;
	const struct co__future_ops *ops;   /* the subclass's cancel/free (runtime-internal) */
	void *result;
	struct { co_future_cb cb; void *arg; } first_cb;   /* the common single waiter costs no allocation */
	struct co__future_cbs *more_cbs;
	void *data;            /* free for the user */
};

/* A new pending future bound to `loop`, holding one reference for the caller. */
co_future *co_future_new(co_loop *loop);
co_future *co_future_ref(co_future *f);
/* Drop a reference; the last one frees the future (NULL is a no-op). */
void co_future_unref(co_future *f);

/* Complete a pending future. Its done callbacks are scheduled on the loop's
 * ready queue, never run here. Completing a done future is an error:
 * -EINVAL and a message on stderr, nothing else happens. */
int co_future_set_result(co_future *f, void *result);
int co_future_set_error(co_future *f, int err);   /* err: a positive errno value */
/* Cancel: 1 if it was pending (now CANCELLED), 0 if already done.
 * Cancelling a task cancels its coroutine (see co_task_cancel). */
int co_future_cancel(co_future *f);

co_future_state co_future_get_state(const co_future *f);
int co_future_done(const co_future *f);
int co_future_cancelled(const co_future *f);
/* The result (NULL unless the state is DONE). */
void *co_future_result(const co_future *f);
/* 0 while pending or after a result; the errno value after an error;
 * ECANCELED after a cancel. */
int co_future_error(const co_future *f);
co_loop *co_future_loop(const co_future *f);

/* Call cb(f, arg) from the ready queue once f is done (soon, if it already
 * is). Callbacks run in the order they were added. They hold no reference:
 * a future freed while pending never runs them. */
void co_future_add_done_cb(co_future *f, co_future_cb cb, void *arg);
/* Remove every registration of (cb, arg) that has not run yet; returns how many. */
int co_future_remove_done_cb(co_future *f, co_future_cb cb, void *arg);

/* True if p looks like a live future (the magic check tasks use). */
int co_is_future(const void *p);

/* ------------------------------------------------------------------ */
/* Task                                                                */
/* ------------------------------------------------------------------ */

/* A task is a future (first member) that completes with its coroutine's
 * return value: co_value() after CO_RETURNED. */
struct co_task {
	co_future fut;
	co_gen *gen;           /* owned; NULL once finished */
	co_future *waiting;    /* the one future it waits on (referenced), or NULL */
	co_task *prev, *next;  /* the loop's list of live tasks */
};

/* Start driving `gen` (ownership passes to the task) on `loop`: the first
 * step runs from the ready queue. The caller gets one reference; drop it
 * with co_task_unref when not interested (the loop keeps the task alive
 * until it finishes). Returns NULL if gen is NULL. */
co_task *co_task_new(co_loop *loop, co_gen *gen);
co_task *co_task_ref(co_task *t);
void co_task_unref(co_task *t);

/* Destroy the coroutine now (every suspended `yield from` level's defers
 * run, innermost first) and complete the task with ECANCELED. A task that
 * cancels itself while running is cancelled when it next suspends. Does not
 * cancel the future the task was waiting on; it only stops waiting.
 * 1 if cancelled (or requested), 0 if already done. */
int co_task_cancel(co_task *t);

static inline co_future *co_task_future(co_task *t) { return &t->fut; }
/* The task behind a future, or NULL if it is not a task. */
co_task *co_future_task(co_future *f);
co_gen *co_task_gen(const co_task *t);
/* The task whose coroutine is running right now, or NULL. */
co_task *co_task_current(void);

/* Print one task: state, what it waits on, and its chain of coroutine
 * frames, innermost first, each with the .co file:line it is suspended at. */
void co_task_dump(const co_task *t, FILE *out);

/* ------------------------------------------------------------------ */
/* Gather                                                              */
/* ------------------------------------------------------------------ */

/* A new future (one reference for the caller) that completes with result
 * NULL once every one of fs[0..n-1] is done, whatever their outcome; look
 * at each for its result. It holds a reference to each until then.
 * Cancelling it stops the waiting; the futures themselves are untouched. */
co_future *co_gather(co_loop *loop, co_future *const *fs, size_t n);

/* ------------------------------------------------------------------ */
/* Timers                                                              */
/* ------------------------------------------------------------------ */

/* Owned by the user (a local in a coroutine frame is fine: frames never
 * move); co_timer_init once, then arm with co_loop_call_later. Cancel it
 * before its memory goes away. */
struct co_timer {
	co_loop *loop;
	co_timer_cb cb;
	void *data;            /* free for the user */
	uint64_t when_ns;      /* CLOCK_MONOTONIC deadline */
	uint64_t seq;          /* insertion order: breaks ties */
	size_t heap_index;     /* CO_TIMER_IDLE when not armed */
};

#define CO_TIMER_IDLE ((size_t)-1)

void co_timer_init(co_timer *t);
/* 1 if it was armed and is now disarmed, 0 if it was not armed. */
int co_timer_cancel(co_timer *t);
int co_timer_active(const co_timer *t);

/* ------------------------------------------------------------------ */
/* Loop                                                                */
/* ------------------------------------------------------------------ */

/* A loop on the default backend: epoll on Linux, select() elsewhere; the
 * environment variable CORO_LOOP=select (or =epoll) overrides it. */
co_loop *co_loop_new(void);
/* A loop on a named backend ("select", "epoll"); NULL if there is no such
 * backend here (errno ENOENT) or it could not start (its errno). */
co_loop *co_loop_new_backend(const char *);
/* Cancel every live task (their defers run), run the callbacks that
 * queued, disarm timers, free. */
void co_loop_free(co_loop *loop);
/* The loop running on this thread; else the oldest loop not yet freed. */
co_loop *co_loop_current(void);

/* Run cb(loop, data) on the next loop iteration. */
void co_loop_call_soon(co_loop *loop, co_callback_cb cb, void *data);
/* Arm `t` (initialised with co_timer_init) to call cb(t) after delay_ms
 * (negative counts as 0); re-arming an armed timer moves it. Timers fire in
 * deadline order, equal deadlines in the order they were armed. */
void co_loop_call_later(co_loop *loop, co_timer *t, int64_t delay_ms,
			co_timer_cb cb, void *data);

/* One reader and one writer per fd, replaced by a second add. Errors:
 * -EBADF for fd < 0, -ERANGE for an fd the backend cannot watch
 * (select(): fd >= FD_SETSIZE), -EPERM for a regular file (epoll). */
int co_loop_add_reader(co_loop *loop, int fd, co_io_cb cb, void *data);
int co_loop_add_writer(co_loop *loop, int fd, co_io_cb cb, void *data);
/* 1 if a registration was removed, 0 if there was none. */
int co_loop_remove_reader(co_loop *loop, int fd);
int co_loop_remove_writer(co_loop *loop, int fd);

/* Run until co_loop_stop or until nothing is left that could happen (no
 * ready callbacks, timers or watched fds). 0, or -errno if polling failed. */
int co_loop_run(co_loop *loop);
/* Run until f is done: 0; -EDEADLK if nothing left could complete it;
 * -EINTR if co_loop_stop was called first; -errno if polling failed. */
int co_loop_run_until_complete(co_loop *loop, co_future *f);
void co_loop_stop(co_loop *loop);

/* Milliseconds on CLOCK_MONOTONIC, as of the current loop iteration. */
int64_t co_loop_now(const co_loop *loop);
size_t co_loop_task_count(const co_loop *loop);
const char *co_loop_backend_name(const co_loop *loop);
/* co_task_dump for every live task. */
void co_loop_dump(const co_loop *loop, FILE *out);

/* ------------------------------------------------------------------ */
/* Queue: FIFO of void *, with task_done/join (asyncio.Queue)          */
/* ------------------------------------------------------------------ */

co_queue *co_queue_new(co_loop *loop);
/* Frees the queue; pending get/join futures are cancelled. Items still
 * queued are the caller's (drain them first with co_queue_pop). */
void co_queue_free(co_queue *q);
/* Add an item; counts one unfinished item until co_queue_task_done. */
void co_queue_put(co_queue *q, void *item);
/* A future (one reference for the caller) that completes with the next
 * item, already done if one is queued. To stop waiting, cancel it or drop
 * the reference: the queue skips getters nobody else holds. The item is
 * claimed when its result is read (a task resumed with it, or
 * co_future_result); a getter freed with its item unclaimed puts the item
 * back at the front of the queue, so a cancelled consumer loses nothing. */
co_future *co_queue_get(co_queue *q);
/* Take an item without waiting: 1 and *item, or 0 if empty. */
int co_queue_pop(co_queue *q, void **item);
/* One item fetched earlier has been processed. */
void co_queue_task_done(co_queue *q);
/* A future (one reference for the caller) completing when every item put
 * has been marked done. */
co_future *co_queue_join(co_queue *q);
size_t co_queue_size(const co_queue *q);
size_t co_queue_unfinished(const co_queue *q);

/* ------------------------------------------------------------------ */
/* Socket coroutines (runtime/net.co) and their C helpers              */
/* ------------------------------------------------------------------ */

/* Each tries the syscall first and waits on the running loop only on
 * EAGAIN/EINPROGRESS. They return a count or fd, or a negative errno:
 * -ETIMEDOUT when a timeout (ms, negative = none) expires. */
co_gen *co_wait_fd(int fd, int want_write, int64_t timeout_ms);
co_gen *co_sleep(int64_t ms);
/* 0 if f completed with a result, -(f's error) if it failed or was
 * cancelled, -ETIMEDOUT if the timeout came first (f is then cancelled). */
co_gen *co_wait_for(co_future *f, int64_t timeout_ms);
co_gen *co_connect(int fd, const struct sockaddr *addr, socklen_t addrlen, int64_t timeout_ms);
/* A new non-blocking connected socket, or -errno. */
co_gen *co_tcp_connect(const struct sockaddr *addr, socklen_t addrlen, int64_t timeout_ms);
/* A non-blocking accepted socket, or -errno; addr/addrlen may be NULL. */
co_gen *co_accept(int listen_fd, struct sockaddr *addr, socklen_t *addrlen);
co_gen *co_recv(int fd, void *buf, size_t n);
co_gen *co_recv_timeout(int fd, void *buf, size_t n, int64_t timeout_ms);
co_gen *co_send_all(int fd, const void *buf, size_t n);
co_gen *co_send_all_timeout(int fd, const void *buf, size_t n, int64_t timeout_ms);

/* Plain C, in net.co: make fd non-blocking and close-on-exec (0 or -errno). */
int co_socket_nonblocking(int fd);
/* A non-blocking listening TCP socket on ip:port (port 0 picks one; read it
 * back with co_socket_port), or -errno. */
int co_tcp_listen(const char *ip, int port, int backlog);
/* The local port of a bound socket, or -errno. */
int co_socket_port(int fd);

#ifdef __cplusplus
}
#endif

#endif
