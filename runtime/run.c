/* run.c — running a loop, until a future completes or nothing is left to
 * do, and freeing a loop with the tasks still on it: the parts of the loop
 * that know futures and tasks. loop.c below knows only callbacks, timers
 * and fds, so the loop core depends on nothing of Future or Task, which
 * schedule themselves on it. */
#include "co_internal.h"

#include <errno.h>
#include <stdio.h>

/* Nothing left could complete the future being waited for: say what
 * every task is stuck on. */
static void report_deadlock(const co_loop *loop, const co_future *until)
{
	fprintf(stderr, "corogen runtime: deadlock: nothing left can complete %s %p "
		"(no ready callbacks, timers or watched fds)\n", until->ops->name, (const void *)until);
	co_loop_dump(loop, stderr);
}

static int run(co_loop *loop, co_future *until)
{
	co_loop *outer = co__loop_enter(loop);
	int rc = 0;
	for (;;) {
		if (until && co_future_done(until))
			break;
		if (co__loop_stopping(loop)) {
			rc = until ? -EINTR : 0;
			break;
		}
		int r = co__loop_run_once(loop);
		if (r < 0) {
			rc = r;
			break;
		}
		if (r == 0) {
			rc = until && !co_future_done(until) ? -EDEADLK : 0;
			if (rc == -EDEADLK)
				report_deadlock(loop, until);
			break;
		}
	}
	co__loop_leave(loop, outer);
	return rc;
}

int co_loop_run(co_loop *loop) { return run(loop, NULL); }

int co_loop_run_until_complete(co_loop *loop, co_future *f)
{
	return run(loop, f);
}

void co_loop_free(co_loop *loop)
{
	if (!loop)
		return;
	co_loop *outer = co__loop_enter(loop);
	/* Cancelling runs defers, which may complete futures and queue more
	 * callbacks, or even start tasks: repeat until quiet. A task is
	 * cancelled as the future it is (its cancel operation). */
	for (int round = 0; round < 100 && (co__loop_tasks(loop) || co__loop_ready_count(loop));
	     round++) {
		co_task *t;
		while ((t = co__loop_tasks(loop)) != NULL) {
			co_future *f = co_future_ref(co_task_future(t));
			co_future_cancel(f);
			co_future_unref(f);
		}
		co__loop_run_ready(loop);
	}
	if (co__loop_tasks(loop) || co__loop_ready_count(loop))
		fprintf(stderr, "corogen runtime: co_loop_free: callbacks keep scheduling work; "
			"%zu task(s) and %zu callback(s) dropped\n", co_loop_task_count(loop),
			co__loop_ready_count(loop));
	co__loop_leave(loop, outer == loop ? NULL : outer);
	co__loop_destroy(loop);
}
