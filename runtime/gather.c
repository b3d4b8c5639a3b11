/* gather.c — a future that completes once every one of a set of futures
 * is done ("wait for all of these tasks"). */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct gather {
	co_future fut;         /* first: a gather is a future */
	size_t pending;        /* children not done yet */
	size_t n;
	co_future *children[]; /* referenced until the gather is done */
} gather;

static void child_done_cb(co_future *child, void *arg);
static int gather_cancel(co_future *f);
static void gather_destroy(co_future *f);

static const co__future_ops gather_ops = {
	.name = "gather",
	.cancel = gather_cancel,
	.destroy = gather_destroy,
};

/* Stop listening to the children and let go of them. */
static void release_children(gather *g)
{
	for (size_t i = 0; i < g->n; i++) {
		co_future_remove_done_cb(g->children[i], child_done_cb, g);
		co_future_unref(g->children[i]);
	}
	g->n = 0;
}

static void child_done_cb(co_future *child, void *arg)
{
	(void)child;
	gather *g = arg;
	if (--g->pending > 0 || co_future_done(&g->fut))
		return;
	release_children(g);
	co__future_complete(&g->fut, CO_FUTURE_DONE, NULL, 0);
}

co_future *co_gather(co_loop *loop, co_future *const *fs, size_t n)
{
	gather *g = co__xmalloc(sizeof *g + n * sizeof g->children[0]);
	co__future_init(&g->fut, loop, &gather_ops);
	g->n = n;
	g->pending = n;
	for (size_t i = 0; i < n; i++)
		g->children[i] = co_future_ref(fs[i]);
	if (n == 0)
		co__future_complete(&g->fut, CO_FUTURE_DONE, NULL, 0);
	/* Done children count through the ready queue like the others. */
	for (size_t i = 0; i < n; i++)
		co_future_add_done_cb(fs[i], child_done_cb, g);
	return &g->fut;
}

static int gather_cancel(co_future *f)
{
	release_children((gather *)f);
	co__future_complete(f, CO_FUTURE_CANCELLED, NULL, ECANCELED);
	return 1;
}

static void gather_destroy(co_future *f)
{
	release_children((gather *)f);
	co__future_release(f);
	free(f);
}
