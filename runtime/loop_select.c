/* loop_select.c — the select() backend. select() can only watch fds below
 * FD_SETSIZE: larger ones are refused, never passed to FD_SET. The master
 * sets are copied before each call because select() overwrites them. */
#define _POSIX_C_SOURCE 200809L
#include "co_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/select.h>

typedef struct select_state {
	fd_set rfds, wfds;   /* registrations */
	int maxfd;           /* highest registered fd, -1 if none */
} select_state;

static void *select_create(void)
{
	select_state *s = co__xcalloc(1, sizeof *s);
	FD_ZERO(&s->rfds);
	FD_ZERO(&s->wfds);
	s->maxfd = -1;
	return s;
}

static void select_destroy(void *b) { free(b); }

static int select_add(void *b, int fd, int old_mask, int mask)
{
	(void)old_mask;
	select_state *s = b;
	if (fd < 0)
		return -EBADF;
	if (fd >= FD_SETSIZE)
		return -ERANGE;
	if (mask & CO__READABLE)
		FD_SET(fd, &s->rfds);
	if (mask & CO__WRITABLE)
		FD_SET(fd, &s->wfds);
	if (fd > s->maxfd)
		s->maxfd = fd;
	return 0;
}

static void select_del(void *b, int fd, int old_mask, int mask)
{
	(void)old_mask;
	select_state *s = b;
	if (fd < 0 || fd >= FD_SETSIZE)
		return;
	if (mask & CO__READABLE)
		FD_CLR(fd, &s->rfds);
	if (mask & CO__WRITABLE)
		FD_CLR(fd, &s->wfds);
	while (s->maxfd >= 0 && !FD_ISSET(s->maxfd, &s->rfds) && !FD_ISSET(s->maxfd, &s->wfds))
		s->maxfd--;
}

/* select() failed with EBADF: an fd was closed while still registered.
 * Report those fds as ready so their handlers run and meet the error. */
static int fire_closed_fds(select_state *s, co__fired *fired, int max)
{
	int n = 0;
	for (int fd = 0; fd <= s->maxfd && n < max; fd++) {
		int mask = (FD_ISSET(fd, &s->rfds) ? CO__READABLE : 0) |
			   (FD_ISSET(fd, &s->wfds) ? CO__WRITABLE : 0);
		if (mask && fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			fired[n].fd = fd;
			fired[n].mask = mask;
			n++;
		}
	}
	return n > 0 ? n : -EBADF;
}

static int select_poll(void *b, int64_t timeout_ns, co__fired *fired, int max)
{
	select_state *s = b;
	fd_set r = s->rfds, w = s->wfds;
	struct timeval tv, *tvp = NULL;
	if (timeout_ns >= 0) {
		int64_t us = (timeout_ns + 999) / 1000;   /* round up: never wake early */
		tv.tv_sec = (time_t)(us / 1000000);
		tv.tv_usec = (suseconds_t)(us % 1000000);
		tvp = &tv;
	}
	int rc = select(s->maxfd + 1, &r, &w, NULL, tvp);
	if (rc < 0) {
		if (errno == EINTR)
			return 0;
		if (errno == EBADF)
			return fire_closed_fds(s, fired, max);
		return -errno;
	}
	int n = 0;
	for (int fd = 0; fd <= s->maxfd && n < max && rc > 0; fd++) {
		int mask = 0;
		if (FD_ISSET(fd, &r))
			mask |= CO__READABLE;
		if (FD_ISSET(fd, &w))
			mask |= CO__WRITABLE;
		if (mask) {
			fired[n].fd = fd;
			fired[n].mask = mask;
			n++;
		}
	}
	return n;
}

const co__backend_ops co__backend_select = {
	.name = "select",
	.max_fd = FD_SETSIZE,
	.max_fired = FD_SETSIZE,
	.create = select_create,
	.destroy = select_destroy,
	.add = select_add,
	.del = select_del,
	.poll = select_poll,
};
