/* loop_epoll.c — the epoll backend (Linux): the default there. The kernel
 * keeps the interest set, so a wait costs the number of ready fds, not
 * the number watched, and fds have no limit but RLIMIT_NOFILE.
 * Level-triggered, like select(): a handler that leaves data unread is
 * called again on the next iteration. */
#define _POSIX_C_SOURCE 200809L
#include "co_internal.h"

#ifdef __linux__

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

enum { MAX_EVENTS = 1024 };   /* per wait; the rest are reported next time */

typedef struct epoll_state {
	int epfd;
	struct epoll_event events[MAX_EVENTS];
} epoll_state;

static void *epoll_create_state(void)
{
	epoll_state *s = co__xmalloc(sizeof *s);
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		int saved = errno;
		free(s);
		errno = saved;
		return NULL;
	}
	return s;
}

static void epoll_destroy(void *b)
{
	epoll_state *s = b;
	close(s->epfd);
	free(s);
}

static uint32_t to_events(int mask)
{
	return (mask & CO__READABLE ? EPOLLIN : 0) | (mask & CO__WRITABLE ? EPOLLOUT : 0);
}

static int ctl(epoll_state *s, int op, int fd, int mask)
{
	struct epoll_event ev = {0};
	ev.events = to_events(mask);
	ev.data.fd = fd;
	return epoll_ctl(s->epfd, op, fd, &ev);
}

static int epoll_add(void *b, int fd, int old_mask, int add_mask)
{
	epoll_state *s = b;
	int mask = old_mask | add_mask;
	int op = old_mask ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (ctl(s, op, fd, mask) == 0)
		return 0;
	/* Our view and the kernel's can differ when a registered fd was
	 * closed (the kernel forgot it) and its number reused, or the other
	 * way round: try the other operation once. */
	if (errno == ENOENT && op == EPOLL_CTL_MOD && ctl(s, EPOLL_CTL_ADD, fd, mask) == 0)
		return 0;
	if (errno == EEXIST && op == EPOLL_CTL_ADD && ctl(s, EPOLL_CTL_MOD, fd, mask) == 0)
		return 0;
	return -errno;   /* EPERM: a regular file, which epoll cannot watch */
}

static void epoll_del(void *b, int fd, int old_mask, int del_mask)
{
	epoll_state *s = b;
	int mask = old_mask & ~del_mask;
	/* Errors mean the kernel already forgot the fd (it was closed). */
	if (mask)
		(void)ctl(s, EPOLL_CTL_MOD, fd, mask);
	else
		(void)epoll_ctl(s->epfd, EPOLL_CTL_DEL, fd, NULL);
}

static int epoll_poll(void *b, int64_t timeout_ns, co__fired *fired, int max)
{
	epoll_state *s = b;
	int timeout_ms = -1;
	if (timeout_ns >= 0) {
		int64_t ms = (timeout_ns + 999999) / 1000000;   /* round up: never wake early */
		timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
	}
	if (max > MAX_EVENTS)
		max = MAX_EVENTS;
	int n = epoll_wait(s->epfd, s->events, max, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		uint32_t ev = s->events[i].events;
		int mask = 0;
		if (ev & (EPOLLIN | EPOLLRDHUP))
			mask |= CO__READABLE;
		if (ev & EPOLLOUT)
			mask |= CO__WRITABLE;
		/* An error or hangup wakes both directions: each handler's
		 * read or write then meets it. The loop skips directions
		 * nobody registered. */
		if (ev & (EPOLLERR | EPOLLHUP))
			mask |= CO__READABLE | CO__WRITABLE;
		fired[i].fd = s->events[i].data.fd;
		fired[i].mask = mask;
	}
	return n;
}

const co__backend_ops co__backend_epoll = {
	.name = "epoll",
	.max_fd = INT_MAX,
	.max_fired = MAX_EVENTS,
	.create = epoll_create_state,
	.destroy = epoll_destroy,
	.add = epoll_add,
	.del = epoll_del,
	.poll = epoll_poll,
};

#else
typedef int co__no_epoll_here;   /* ISO C wants something in a file */
#endif
