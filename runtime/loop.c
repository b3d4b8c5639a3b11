/* loop.c — the event loop core: a ready queue of callbacks, timers in a
 * binary heap on CLOCK_MONOTONIC, fd handlers over a backend (loop_epoll.c
 * or loop_select.c, chosen per loop), and one iteration, as asyncio's
 * _run_once: poll for I/O (not blocking when work is ready), run I/O
 * handlers, fire due timers, then run only the callbacks that were ready
 * when the iteration began. It knows nothing of futures and tasks beyond
 * keeping the list of live tasks: running until a future completes and
 * freeing a loop with its tasks are run.c's. */
#define _POSIX_C_SOURCE 200809L
#include "co_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct ready_entry {
	co_callback_cb cb;
	void *data;
} ready_entry;

typedef struct io_handlers {
	int mask;             /* CO__READABLE | CO__WRITABLE */
	co_io_cb read_cb, write_cb;
	void *read_data, *write_data;
} io_handlers;

struct co_loop {
	co__ring ready;       /* of ready_entry: callbacks to run, in order */
	/* timers: a min-heap on (when_ns, seq) */
	co_timer **heap;
	size_t heap_len, heap_cap;
	uint64_t timer_seq;
	uint64_t now_ns;
	/* I/O */
	const co__backend_ops *ops;
	void *backend;
	io_handlers *io;      /* indexed by fd, io_size entries; grows on demand */
	co__fired *fired;     /* ops->max_fired entries */
	int io_size;
	size_t io_count;      /* registered (fd, direction) pairs */
	/* tasks */
	co_task *tasks;
	size_t task_count;
	int stopping;
	co_loop *next_alive;  /* this thread's loops, oldest first */
};

static _Thread_local co_loop *running_loop;
static _Thread_local co_loop *alive_loops;


static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Servers raise the soft descriptor limit to the hard one at start, so
 * that ten thousand connections need no `ulimit -n` first. Only as far
 * as the backend can use (select(): FD_SETSIZE); never lowered. */
static void raise_fd_limit(int max_fd)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	rlim_t want = rl.rlim_max;
	if (want == RLIM_INFINITY || want > (rlim_t)max_fd)
		want = (rlim_t)max_fd;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0 && want > (1u << 20)) {
			rl.rlim_cur = 1u << 20;   /* the kernel's usual nr_open */
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
}

static const co__backend_ops *find_backend(const char *name)
{
	if (!strcmp(name, "select"))
		return &co__backend_select;
#ifdef __linux__
	if (!strcmp(name, "epoll"))
		return &co__backend_epoll;
#endif
	return NULL;
}

static co_loop *loop_new(const co__backend_ops *ops)
{
	void *backend = ops->create();
	if (!backend)
		return NULL;
	co_loop *loop = co__xmalloc(sizeof *loop);
	*loop = (co_loop){0};
	loop->ops = ops;
	loop->backend = backend;
	loop->fired = co__xmalloc((size_t)ops->max_fired * sizeof loop->fired[0]);
	loop->now_ns = monotonic_ns();
	raise_fd_limit(ops->max_fd);
	co_loop **p = &alive_loops;
	while (*p)
		p = &(*p)->next_alive;
	*p = loop;
	return loop;
}

co_loop *co_loop_new_backend(const char *name)
{
	const co__backend_ops *ops = name ? find_backend(name) : NULL;
	if (!ops) {
		errno = ENOENT;
		return NULL;
	}
	return loop_new(ops);
}

co_loop *co_loop_new(void)
{
	const char *name = getenv("CORO_LOOP");
	const co__backend_ops *ops = NULL;
	if (name && *name && !(ops = find_backend(name)))
		fprintf(stderr, "corogen runtime: CORO_LOOP=%s: no such backend; using the default\n", name);
	if (!ops) {
#ifdef __linux__
		ops = &co__backend_epoll;
#else
		ops = &co__backend_select;
#endif
	}
	co_loop *loop = loop_new(ops);
	if (!loop) {
		fprintf(stderr, "corogen runtime: cannot create the %s backend: %s\n",
			ops->name, strerror(errno));
		abort();
	}
	return loop;
}

co_loop *co_loop_current(void)
{
	return running_loop ? running_loop : alive_loops;
}

const char *co_loop_backend_name(const co_loop *loop)
{
	return loop->ops->name;
}

int64_t co_loop_now(const co_loop *loop) { return (int64_t)(loop->now_ns / 1000000u); }
size_t co_loop_task_count(const co_loop *loop) { return loop->task_count; }
co_task *co__loop_tasks(const co_loop *loop) { return loop->tasks; }
void co_loop_stop(co_loop *loop) { loop->stopping = 1; }

/* ---- tasks ---- */

void co__loop_link_task(co_loop *loop, co_task *t)
{
	t->prev = NULL;
	t->next = loop->tasks;
	if (loop->tasks)
		loop->tasks->prev = t;
	loop->tasks = t;
	loop->task_count++;
}

void co__loop_unlink_task(co_loop *loop, co_task *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		loop->tasks = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
	loop->task_count--;
}

/* ---- ready queue ---- */

void co_loop_call_soon(co_loop *loop, co_callback_cb cb, void *data)
{
	ready_entry e = {cb, data};
	co__ring_push(&loop->ready, &e, sizeof e);
}

static ready_entry pop_ready(co_loop *loop)
{
	ready_entry e;
	co__ring_pop(&loop->ready, &e, sizeof e);
	return e;
}

/* ---- timers ---- */

void co_timer_init(co_timer *t)
{
	*t = (co_timer){0};
	t->heap_index = CO_TIMER_IDLE;
}

int co_timer_active(const co_timer *t) { return t->heap_index != CO_TIMER_IDLE; }

static int timer_before(const co_timer *a, const co_timer *b)
{
	return a->when_ns < b->when_ns || (a->when_ns == b->when_ns && a->seq < b->seq);
}

static void heap_place(co_loop *loop, size_t i, co_timer *t)
{
	loop->heap[i] = t;
	t->heap_index = i;
}

static void heap_up(co_loop *loop, size_t i)
{
	co_timer *t = loop->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!timer_before(t, loop->heap[parent]))
			break;
		heap_place(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_place(loop, i, t);
}

static void heap_down(co_loop *loop, size_t i)
{
	co_timer *t = loop->heap[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= loop->heap_len)
			break;
		if (child + 1 < loop->heap_len && timer_before(loop->heap[child + 1], loop->heap[child]))
			child++;
		if (!timer_before(loop->heap[child], t))
			break;
		heap_place(loop, i, loop->heap[child]);
		i = child;
	}
	heap_place(loop, i, t);
}

static void heap_remove(co_loop *loop, size_t i)
{
	loop->heap[i]->heap_index = CO_TIMER_IDLE;
	co_timer *last = loop->heap[--loop->heap_len];
	if (i == loop->heap_len)
		return;
	heap_place(loop, i, last);
	heap_down(loop, i);
	heap_up(loop, last->heap_index);
}

int co_timer_cancel(co_timer *t)
{
	if (t->heap_index == CO_TIMER_IDLE)
		return 0;
	heap_remove(t->loop, t->heap_index);
	return 1;
}

void co_loop_call_later(co_loop *loop, co_timer *t, int64_t delay_ms,
			co_timer_cb cb, void *data)
{
	co_timer_cancel(t);
	if (delay_ms < 0)
		delay_ms = 0;
	t->loop = loop;
	t->cb = cb;
	t->data = data;
	/* From the iteration's cached time: equal delays armed in one
	 * iteration tie, and the tie goes to the one armed first. */
	t->when_ns = loop->now_ns + (uint64_t)delay_ms * 1000000u;
	t->seq = loop->timer_seq++;
	if (loop->heap_len == loop->heap_cap) {
		loop->heap_cap = loop->heap_cap ? loop->heap_cap * 2 : 16;
		loop->heap = co__xrealloc(loop->heap, loop->heap_cap * sizeof loop->heap[0]);
	}
	heap_place(loop, loop->heap_len++, t);
	heap_up(loop, t->heap_index);
}

/* Fire due timers, but not ones armed while firing (a timer re-arming
 * itself with delay 0 waits for the next iteration). */
static void fire_timers(co_loop *loop)
{
	uint64_t seq_limit = loop->timer_seq;
	while (loop->heap_len > 0) {
		co_timer *t = loop->heap[0];
		if (t->when_ns > loop->now_ns || t->seq >= seq_limit)
			break;
		heap_remove(loop, 0);
		t->cb(t);
	}
}

/* ---- I/O ---- */

static int add_handler(co_loop *loop, int fd, int mask, co_io_cb cb, void *data)
{
	if (fd < 0)
		return -EBADF;
	if (fd >= loop->ops->max_fd)
		return -ERANGE;
	if (fd >= loop->io_size) {
		int size = loop->io_size ? loop->io_size : 64;
		while (size <= fd)
			size = size > INT_MAX / 2 ? fd + 1 : size * 2;
		loop->io = co__xrealloc(loop->io, (size_t)size * sizeof loop->io[0]);
		memset(loop->io + loop->io_size, 0,
		       (size_t)(size - loop->io_size) * sizeof loop->io[0]);
		loop->io_size = size;
	}
	io_handlers *h = &loop->io[fd];
	/* Told the backend even when only the handler changes: the fd may
	 * have been closed and its number reused since it was registered. */
	int rc = loop->ops->add(loop->backend, fd, h->mask, mask);
	if (rc < 0)
		return rc;
	if (!(h->mask & mask))
		loop->io_count++;
	h->mask |= mask;
	if (mask == CO__READABLE) {
		h->read_cb = cb;
		h->read_data = data;
	} else {
		h->write_cb = cb;
		h->write_data = data;
	}
	return 0;
}

static int remove_handler(co_loop *loop, int fd, int mask)
{
	if (fd < 0 || fd >= loop->io_size || !(loop->io[fd].mask & mask))
		return 0;
	loop->ops->del(loop->backend, fd, loop->io[fd].mask, mask);
	loop->io[fd].mask &= ~mask;
	loop->io_count--;
	return 1;
}

int co_loop_add_reader(co_loop *loop, int fd, co_io_cb cb, void *data)
{
	return add_handler(loop, fd, CO__READABLE, cb, data);
}

int co_loop_add_writer(co_loop *loop, int fd, co_io_cb cb, void *data)
{
	return add_handler(loop, fd, CO__WRITABLE, cb, data);
}

int co_loop_remove_reader(co_loop *loop, int fd) { return remove_handler(loop, fd, CO__READABLE); }
int co_loop_remove_writer(co_loop *loop, int fd) { return remove_handler(loop, fd, CO__WRITABLE); }

static void dispatch_io(co_loop *loop, int nfired)
{
	for (int i = 0; i < nfired; i++) {
		int fd = loop->fired[i].fd, mask = loop->fired[i].mask;
		if (fd < 0 || fd >= loop->io_size)
			continue;
		/* Re-check each registration: an earlier handler may have
		 * removed it (and the fd may even be closed by now). Index
		 * afresh after a handler: adding an fd may move the array. */
		if ((mask & CO__READABLE) && (loop->io[fd].mask & CO__READABLE))
			loop->io[fd].read_cb(loop, fd, loop->io[fd].read_data);
		if ((mask & CO__WRITABLE) && (loop->io[fd].mask & CO__WRITABLE))
			loop->io[fd].write_cb(loop, fd, loop->io[fd].write_data);
	}
}

/* ---- running ---- */

/* One iteration. 1 if it did (or waited for) something, 0 if nothing is
 * left that could ever happen, -errno if polling failed. */
int co__loop_run_once(co_loop *loop)
{
	int64_t timeout_ns;
	if (loop->ready.len > 0 || loop->stopping)
		timeout_ns = 0;
	else if (loop->heap_len > 0) {
		uint64_t when = loop->heap[0]->when_ns, now = monotonic_ns();
		timeout_ns = when > now ? (int64_t)(when - now) : 0;
	} else if (loop->io_count > 0)
		timeout_ns = -1;
	else
		return 0;

	if (loop->io_count > 0 || timeout_ns != 0) {
		int n = loop->ops->poll(loop->backend, timeout_ns, loop->fired, loop->ops->max_fired);
		if (n < 0)
			return n;
		loop->now_ns = monotonic_ns();
		dispatch_io(loop, n);
	}
	loop->now_ns = monotonic_ns();
	fire_timers(loop);

	co__loop_run_ready(loop);
	return 1;
}

/* Run the callbacks that are ready now, not those they schedule. */
void co__loop_run_ready(co_loop *loop)
{
	size_t todo = loop->ready.len;
	while (todo-- > 0 && loop->ready.len > 0) {
		ready_entry e = pop_ready(loop);
		e.cb(loop, e.data);
	}
}

size_t co__loop_ready_count(const co_loop *loop) { return loop->ready.len; }
int co__loop_stopping(const co_loop *loop) { return loop->stopping; }

/* A run of `loop` begins (on this thread): it becomes the running loop;
 * returns the loop that was running, for co__loop_leave. */
co_loop *co__loop_enter(co_loop *loop)
{
	co_loop *outer = running_loop;
	running_loop = loop;
	loop->stopping = 0;
	loop->now_ns = monotonic_ns();
	return outer;
}

void co__loop_leave(co_loop *loop, co_loop *outer)
{
	loop->stopping = 0;
	running_loop = outer;
}

/* ---- teardown (run.c's co_loop_free first cancels the tasks) ---- */

void co__loop_destroy(co_loop *loop)
{
	for (size_t i = 0; i < loop->heap_len; i++)
		loop->heap[i]->heap_index = CO_TIMER_IDLE;
	for (co_loop **p = &alive_loops; *p; p = &(*p)->next_alive)
		if (*p == loop) {
			*p = loop->next_alive;
			break;
		}
	loop->ops->destroy(loop->backend);
	free(loop->io);
	free(loop->fired);
	free(loop->heap);
	co__ring_free(&loop->ready);
	free(loop);
}
