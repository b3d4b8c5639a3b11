/* sync.c — the C halves of semaphore, lock, event and task group; their
 * waiting coroutines are in sync.co. Waiters are futures in FIFO order;
 * a waiter that is cancelled or dropped is skipped lazily, as the queue
 * skips its getters. */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- a FIFO of referenced waiter futures: the runtime's ring ---- */

typedef co__ring waitq;

static void waitq_push(waitq *w, co_future *f)
{
	co_future *ref = co_future_ref(f);
	co__ring_push(w, &ref, sizeof ref);
}

static co_future *waitq_pop(waitq *w)
{
	co_future *f;
	co__ring_pop(w, &f, sizeof f);
	return f;
}

/* Drop the waiters at the front nobody waits on any more. */
static void waitq_prune(waitq *w)
{
	while (w->len > 0) {
		co_future *f;
		memcpy(&f, co__ring_at(w, 0, sizeof f), sizeof f);
		if (!co_future_done(f) && f->refs > 1)
			return;
		co_future_unref(waitq_pop(w));
	}
}

/* The oldest live waiter (the caller gets the queue's reference), or NULL. */
static co_future *waitq_next(waitq *w)
{
	waitq_prune(w);
	return w->len > 0 ? waitq_pop(w) : NULL;
}

static void waitq_cancel_all(waitq *w)
{
	while (w->len > 0) {
		co_future *f = waitq_pop(w);
		co_future_cancel(f);
		co_future_unref(f);
	}
	co__ring_free(w);
}

/* ---- semaphore ---- */

struct co_sem {
	co_loop *loop;
	unsigned value;
	unsigned refs;    /* the owner's, and one per coroutine waiting */
	int closed;
	waitq waiters;
};

co_sem *co_sem_new(co_loop *loop, unsigned value)
{
	co_sem *s = co__xmalloc(sizeof *s);
	*s = (co_sem){.loop = loop, .value = value, .refs = 1};
	return s;
}

void co__sem_unref(co_sem *s)
{
	if (--s->refs == 0)
		free(s);
}

void co_sem_free(co_sem *s)
{
	if (!s)
		return;
	s->closed = 1;
	waitq_cancel_all(&s->waiters);
	co__sem_unref(s);
}

unsigned co_sem_value(const co_sem *s) { return s->value; }

int co_sem_try_acquire(co_sem *s)
{
	waitq_prune(&s->waiters);
	if (s->closed || s->value == 0 || s->waiters.len > 0)
		return 0;
	s->value--;
	return 1;
}

/* A permit goes straight to the oldest waiter, so that nobody arriving
 * later can take it first. */
void co_sem_release(co_sem *s)
{
	if (s->closed)
		return;
	co_future *w = waitq_next(&s->waiters);
	if (w) {
		co_future_set_result(w, NULL);
		co_future_unref(w);
	} else {
		s->value++;
	}
}

/* A new waiter future (one reference for the caller), queued; the waiting
 * coroutine also holds the semaphore until it leaves. */
co_future *co__sem_waiter(co_sem *s)
{
	co_future *f = co_future_new(s->loop);
	s->refs++;
	if (s->closed)
		co_future_cancel(f);
	else
		waitq_push(&s->waiters, f);
	return f;
}

/* The waiter leaves without using its wait: a permit handed to it (the
 * future is done) goes on to the next one. */
void co__sem_abandon(co_sem *s, co_future *w)
{
	if (co_future_get_state(w) == CO_FUTURE_DONE)
		co_sem_release(s);
	else
		co_future_cancel(w);
}

/* ---- lock: a semaphore of one that refuses to be released twice ---- */

struct co_lock {
	co_sem *sem;
};

co_lock *co_lock_new(co_loop *loop)
{
	co_lock *l = co__xmalloc(sizeof *l);
	l->sem = co_sem_new(loop, 1);
	return l;
}

void co_lock_free(co_lock *l)
{
	if (!l)
		return;
	co_sem_free(l->sem);
	free(l);
}

co_sem *co__lock_sem(co_lock *l) { return l->sem; }
int co_lock_try_acquire(co_lock *l) { return co_sem_try_acquire(l->sem); }
int co_lock_locked(const co_lock *l) { return l->sem->value == 0; }

void co_lock_release(co_lock *l)
{
	if (l->sem->value > 0) {
		fprintf(stderr, "corogen runtime: co_lock_release of a lock that is not held\n");
		return;
	}
	co_sem_release(l->sem);
}

/* ---- event ---- */

struct co_event {
	co_loop *loop;
	int set;
	co_future *waiters;   /* one future every waiter shares, created on demand */
};

co_event *co_event_new(co_loop *loop)
{
	co_event *e = co__xmalloc(sizeof *e);
	*e = (co_event){.loop = loop};
	return e;
}

void co_event_free(co_event *e)
{
	if (!e)
		return;
	if (e->waiters) {
		co_future_cancel(e->waiters);
		co_future_unref(e->waiters);
	}
	free(e);
}

void co_event_set(co_event *e)
{
	e->set = 1;
	if (e->waiters) {
		co_future_set_result(e->waiters, NULL);
		co_future_unref(e->waiters);
		e->waiters = NULL;
	}
}

void co_event_clear(co_event *e) { e->set = 0; }
int co_event_is_set(const co_event *e) { return e->set; }

co_future *co__event_waiter(co_event *e)
{
	if (!e->waiters)
		e->waiters = co_future_new(e->loop);
	return co_future_ref(e->waiters);
}

/* ---- task group ---- */

struct co_task_group {
	co_loop *loop;
	co_task **tasks;      /* referenced */
	size_t n, cap;
	size_t running;
	int error;            /* the first failure, a positive errno; 0 */
	co_future *waiter;    /* completes when running drops to 0 */
};

co_task_group *co_task_group_new(co_loop *loop)
{
	co_task_group *g = co__xmalloc(sizeof *g);
	*g = (co_task_group){.loop = loop};
	return g;
}

size_t co_task_group_running(const co_task_group *g) { return g->running; }
int co_task_group_error(const co_task_group *g) { return -g->error; }

static void wake_waiter(co_task_group *g)
{
	if (g->running == 0 && g->waiter) {
		if (!co_future_done(g->waiter))
			co_future_set_result(g->waiter, NULL);
		co_future_unref(g->waiter);
		g->waiter = NULL;
	}
}

static void cancel_children(co_task_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		co_task_cancel(g->tasks[i]);
}

static void fail(co_task_group *g, int err)
{
	if (g->error)
		return;
	g->error = err;
	cancel_children(g);
}

static void child_done_cb(co_future *f, void *arg)
{
	co_task_group *g = arg;
	g->running--;
	int err = co_future_error(f);
	if (!err && (intptr_t)co_future_result(f) < 0)
		err = (int)-(intptr_t)co_future_result(f);
	if (err)
		fail(g, err);
	wake_waiter(g);
}

co_task *co_task_group_spawn(co_task_group *g, co_gen *gen)
{
	if (!gen)
		return NULL;
	if (g->error) {
		co_free(gen);
		return NULL;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->tasks = co__xrealloc(g->tasks, g->cap * sizeof g->tasks[0]);
	}
	co_task *t = co_task_new(g->loop, gen);
	g->tasks[g->n++] = t;
	g->running++;
	co_future_add_done_cb(co_task_future(t), child_done_cb, g);
	return t;
}

void co_task_group_cancel(co_task_group *g)
{
	fail(g, ECANCELED);
}

co_future *co__task_group_waiter(co_task_group *g)
{
	if (!g->waiter)
		g->waiter = co_future_new(g->loop);
	co_future *w = co_future_ref(g->waiter);
	wake_waiter(g);
	return w;
}

void co_task_group_free(co_task_group *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		co_future_remove_done_cb(co_task_future(g->tasks[i]), child_done_cb, g);
		co_task_cancel(g->tasks[i]);
		co_task_unref(g->tasks[i]);
	}
	if (g->waiter) {
		co_future_cancel(g->waiter);
		co_future_unref(g->waiter);
	}
	free(g->tasks);
	free(g);
}
