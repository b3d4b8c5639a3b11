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
 * The socket coroutines (runtime/net.co) are declared twice at the end of
 * this file: as `coro` declarations inside `#ifdef __COROGEN__`, which
 * corogen reads from the headers a .co file includes (so `yield from
 * co_recv(...)` needs no copy of the declaration), and as the plain C
 * constructors that C callers use.
 *
 * Prototypes here carry no parameter names, and this header pulls in only
 * <stdint.h>, <stdio.h> and <sys/types.h>: a program's own macros and
 * names cannot clash with it.
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

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_loop co_loop;
typedef struct co_future co_future;
typedef struct co_task co_task;
typedef struct co_timer co_timer;
typedef struct co_queue co_queue;

typedef void (*co_future_cb)(co_future *, void *);   /* f, arg */
typedef void (*co_callback_cb)(co_loop *, void *);   /* loop, data */
typedef void (*co_io_cb)(co_loop *, int, void *);   /* loop, fd, data */
typedef void (*co_timer_cb)(co_timer *);

/* ------------------------------------------------------------------ */
/* Future                                                              */
/* ------------------------------------------------------------------ */

typedef enum co_future_state {
	CO_FUTURE_PENDING = 0,
	CO_FUTURE_DONE,       /* completed with a result (void *) */
	CO_FUTURE_FAILED,     /* completed with an error (an errno value) */
	CO_FUTURE_CANCELLED   /* cancelled; its error reads ECANCELED */
} co_future_state;

/* 16 bits: a debugging check for a wrong yield, not a type tag. Neither
 * byte (0xF7, 0xC0) is ASCII or can start a UTF-8 character. */
#define CO_FUTURE_MAGIC 0xC0F7u

/* Fields are for the runtime; use the functions. The co__ struct tag is
 * opaque to programs (runtime/co_internal.h): the layout is public only
 * because co_task embeds a co_future. 48 bytes on LP64 (future.c checks). */
struct co_future {
	uint16_t magic;        /* CO_FUTURE_MAGIC while alive: how a task knows a yielded value */
	uint8_t state;         /* co_future_state */
	uint8_t flags;         /* future.c's and its subclass's (co_internal.h) */
	uint32_t refs;
	co_loop *loop;
	const struct co__future_ops *ops;   /* the subclass's cancel/free (runtime-internal) */
	union {                /* a future holds one or the other, never both: */
		void *result;      /* once DONE */
		intptr_t error;    /* once FAILED or CANCELLED: an errno value */
	};
	/* The first done callback: the common single waiter costs no
	 * allocation. With more than one, a private marker in cb and every
	 * callback, in order, in a list at arg (future.c). */
	struct { co_future_cb cb; void *arg; } first_cb;
};

/* A new pending future bound to `loop`, holding one reference for the caller. */
co_future *co_future_new(co_loop *);
co_future *co_future_ref(co_future *);
/* Drop a reference; the last one frees the future (NULL is a no-op). */
void co_future_unref(co_future *);

/* Complete a pending future. Its done callbacks are scheduled on the loop's
 * ready queue, never run here. Completing a done future is an error:
 * -EINVAL and a message on stderr, nothing else happens. */
int co_future_set_result(co_future *, void *);   /* f, result */
int co_future_set_error(co_future *, int);   /* f, err: a positive errno value */
/* Cancel: 1 if it was pending (now CANCELLED), 0 if already done.
 * Cancelling a task cancels its coroutine (see co_task_cancel). */
int co_future_cancel(co_future *);

co_future_state co_future_get_state(const co_future *);
int co_future_done(const co_future *);
int co_future_cancelled(const co_future *);
/* The result (NULL unless the state is DONE). */
void *co_future_result(const co_future *);
/* 0 while pending or after a result; the errno value after an error;
 * ECANCELED after a cancel. */
int co_future_error(const co_future *);
co_loop *co_future_loop(const co_future *);

/* Call cb(f, arg) from the ready queue once f is done (soon, if it already
 * is). Callbacks run in the order they were added. They hold no reference:
 * a future freed while pending never runs them. */
void co_future_add_done_cb(co_future *, co_future_cb, void *);   /* f, cb, arg */
/* Remove every registration of (cb, arg) that has not run yet; returns how many. */
int co_future_remove_done_cb(co_future *, co_future_cb, void *);   /* f, cb, arg */

/* True if p looks like a live future (the magic check tasks use). */
int co_is_future(const void *);

/* ------------------------------------------------------------------ */
/* Task                                                                */
/* ------------------------------------------------------------------ */

/* A task is a future (first member) that completes with its coroutine's
 * return value: co_value() after CO_RETURNED. */
struct co_task {
	co_future fut;
	co_task *prev, *next;  /* the loop's list of live tasks */
	co__head head;         /* of its coroutine's frame, which follows: task and
				  root frame are one block (co__new_frame). While the
				  task waits, head.value is the future it waits on. */
};

/* Start driving `gen` (ownership passes to the task) on `loop`: the first
 * step runs from the ready queue. The caller gets one reference; drop it
 * with co_task_unref when not interested (the loop keeps the task alive
 * until it finishes). Returns NULL if gen is NULL. */
co_task *co_task_new(co_loop *, co_gen *);   /* loop, gen */
co_task *co_task_ref(co_task *);
void co_task_unref(co_task *);

/* Destroy the coroutine now (every suspended `yield from` level's defers
 * run, innermost first) and complete the task with ECANCELED. A task that
 * cancels itself while running is cancelled when it next suspends. Does not
 * cancel the future the task was waiting on; it only stops waiting.
 * 1 if cancelled (or requested), 0 if already done. */
int co_task_cancel(co_task *);

static inline co_future *co_task_future(co_task *co__t) { return &co__t->fut; }
/* The task behind a future, or NULL if it is not a task. */
co_task *co_future_task(co_future *);
co_gen *co_task_gen(const co_task *);
/* The task whose coroutine is running right now, or NULL. */
co_task *co_task_current(void);

/* Print one task: state, what it waits on, and its chain of coroutine
 * frames, innermost first, each with the .co file:line it is suspended at. */
void co_task_dump(const co_task *, FILE *);   /* t, out */

/* ------------------------------------------------------------------ */
/* Gather                                                              */
/* ------------------------------------------------------------------ */

/* A new future (one reference for the caller) that completes with result
 * NULL once every one of fs[0..n-1] is done, whatever their outcome; look
 * at each for its result. It holds a reference to each until then.
 * Cancelling it stops the waiting; the futures themselves are untouched. */
co_future *co_gather(co_loop *, co_future *const *, size_t);   /* loop, fs, n */

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

void co_timer_init(co_timer *);
/* 1 if it was armed and is now disarmed, 0 if it was not armed. */
int co_timer_cancel(co_timer *);
int co_timer_active(const co_timer *);

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
void co_loop_free(co_loop *);
/* The loop running on this thread; else the oldest loop not yet freed. */
co_loop *co_loop_current(void);

/* Run cb(loop, data) on the next loop iteration. */
void co_loop_call_soon(co_loop *, co_callback_cb, void *);   /* loop, cb, data */
/* Arm `t` (initialised with co_timer_init) to call cb(t) after delay_ms
 * (negative counts as 0); re-arming an armed timer moves it. Timers fire in
 * deadline order, equal deadlines in the order they were armed. */
void co_loop_call_later(co_loop *, co_timer *, int64_t, co_timer_cb, void *);   /* loop, t, delay_ms, cb, data */

/* One reader and one writer per fd, replaced by a second add. Errors:
 * -EBADF for fd < 0, -ERANGE for an fd the backend cannot watch
 * (select(): fd >= FD_SETSIZE), -EPERM for a regular file (epoll). */
int co_loop_add_reader(co_loop *, int, co_io_cb, void *);   /* loop, fd, cb, data */
int co_loop_add_writer(co_loop *, int, co_io_cb, void *);   /* loop, fd, cb, data */
/* 1 if a registration was removed, 0 if there was none. */
int co_loop_remove_reader(co_loop *, int);   /* loop, fd */
int co_loop_remove_writer(co_loop *, int);   /* loop, fd */

/* Run until co_loop_stop or until nothing is left that could happen (no
 * ready callbacks, timers or watched fds). 0, or -errno if polling failed. */
int co_loop_run(co_loop *);
/* Run until f is done: 0; -EDEADLK if nothing left could complete it;
 * -EINTR if co_loop_stop was called first; -errno if polling failed. */
int co_loop_run_until_complete(co_loop *, co_future *);   /* loop, f */
void co_loop_stop(co_loop *);

/* Milliseconds on CLOCK_MONOTONIC, as of the current loop iteration. */
int64_t co_loop_now(const co_loop *);
size_t co_loop_task_count(const co_loop *);
const char *co_loop_backend_name(const co_loop *);
/* co_task_dump for every live task. */
void co_loop_dump(const co_loop *, FILE *);   /* loop, out */

/* ------------------------------------------------------------------ */
/* Queue: FIFO of void *, with task_done/join (asyncio.Queue)          */
/* ------------------------------------------------------------------ */

co_queue *co_queue_new(co_loop *);
/* Frees the queue; pending get/join futures are cancelled. Items still
 * queued are the caller's (drain them first with co_queue_pop). */
void co_queue_free(co_queue *);
/* Add an item; counts one unfinished item until co_queue_task_done. */
void co_queue_put(co_queue *, void *);   /* q, item */
/* A future (one reference for the caller) that completes with the next
 * item, already done if one is queued. To stop waiting, cancel it or drop
 * the reference: the queue skips getters nobody else holds. The item is
 * claimed when its result is read (a task resumed with it, or
 * co_future_result); a getter freed with its item unclaimed puts the item
 * back at the front of the queue, so a cancelled consumer loses nothing. */
co_future *co_queue_get(co_queue *);
/* Take an item without waiting: 1 and *item, or 0 if empty. */
int co_queue_pop(co_queue *, void **);   /* q, item */
/* One item fetched earlier has been processed. */
void co_queue_task_done(co_queue *);
/* A future (one reference for the caller) completing when every item put
 * has been marked done. */
co_future *co_queue_join(co_queue *);
size_t co_queue_size(const co_queue *);
size_t co_queue_unfinished(const co_queue *);

/* ------------------------------------------------------------------ */
/* Socket coroutines (runtime/net.co) and their C helpers              */
/* ------------------------------------------------------------------ */

/* Each tries the syscall first and waits on the running loop only on
 * EAGAIN/EINPROGRESS. They return a count or fd, or a negative errno:
 * -ETIMEDOUT when a timeout (ms, negative = none) expires. */
#ifdef __COROGEN__
coro int     co_wait_fd(int, int, int64_t);                   /* fd, want_write, timeout_ms */
coro int     co_sleep(int64_t);                               /* ms */
coro int     co_wait_for(co_future *, int64_t);               /* f, timeout_ms */
coro int     co_connect(int, const struct sockaddr *, co_socklen_t, int64_t);
coro int     co_tcp_connect(const struct sockaddr *, co_socklen_t, int64_t);
coro int     co_accept(int, struct sockaddr *, co_socklen_t *);
coro ssize_t co_recv(int, void *, size_t);                    /* fd, buf, n */
coro ssize_t co_recv_timeout(int, void *, size_t, int64_t);
coro ssize_t co_send_all(int, const void *, size_t);
coro ssize_t co_send_all_timeout(int, const void *, size_t, int64_t);
#endif

/* <sys/socket.h> is the program's to include: the prototypes below only
 * need the tag, and socklen_t is this type on every system the runtime
 * builds on (net.co checks it when the runtime is compiled). */
struct sockaddr;
typedef unsigned int co_socklen_t;

co_gen *co_wait_fd(int, int, int64_t) CO_NODISCARD;     /* fd, want_write, timeout_ms */
co_gen *co_sleep(int64_t) CO_NODISCARD;                 /* ms */
/* 0 if f completed with a result, -(f's error) if it failed or was
 * cancelled, -ETIMEDOUT if the timeout came first (f is then cancelled). */
co_gen *co_wait_for(co_future *, int64_t) CO_NODISCARD;
/* fd, addr, addrlen, timeout_ms */
co_gen *co_connect(int, const struct sockaddr *, co_socklen_t, int64_t) CO_NODISCARD;
/* A new non-blocking connected socket, or -errno. */
co_gen *co_tcp_connect(const struct sockaddr *, co_socklen_t, int64_t) CO_NODISCARD;
/* A non-blocking accepted socket, or -errno; addr/addrlen may be NULL. */
co_gen *co_accept(int, struct sockaddr *, co_socklen_t *) CO_NODISCARD;
co_gen *co_recv(int, void *, size_t) CO_NODISCARD;      /* fd, buf, n */
co_gen *co_recv_timeout(int, void *, size_t, int64_t) CO_NODISCARD;
co_gen *co_send_all(int, const void *, size_t) CO_NODISCARD;
co_gen *co_send_all_timeout(int, const void *, size_t, int64_t) CO_NODISCARD;

/* Plain C, in net.co: make fd non-blocking and close-on-exec (0 or -errno). */
int co_socket_nonblocking(int);
/* A non-blocking listening TCP socket on ip:port (port 0 picks one; read it
 * back with co_socket_port), or -errno. ip, port, backlog. */
int co_tcp_listen(const char *, int, int);
/* The local port of a bound socket, or -errno. */
int co_socket_port(int);

#ifdef __cplusplus
}
#endif

#endif
