/* debug.c — what is every task doing? Prints live tasks with their chain
 * of coroutine frames and the .co file:line where each frame is suspended:
 * the view a stack trace gives for threads. */
#include "co_internal.h"

static const char *task_state(const co_task *t)
{
	if (t->fut.flags & CO__TASK_RUNNING)
		return "running";
	if (t->fut.flags & CO__TASK_STEP_QUEUED)
		return "ready";
	if (t->fut.flags & CO__TASK_WAITING)
		return "waiting";
	switch (t->fut.state) {
	case CO_FUTURE_DONE: return "done";
	case CO_FUTURE_FAILED: return "failed";
	case CO_FUTURE_CANCELLED: return "cancelled";
	default: return "pending";
	}
}

static void dump_frame(const co_gen *c, int depth, int running, FILE *out)
{
	const co_class *k = c->cls;
	fprintf(out, "  #%d %s", depth, k->name);
	if (running)
		fputs(" (running)", out);
	if (c->state == CO_DONE)
		fprintf(out, " (finished)\n");
	else if (c->state >= 0 && c->state < k->nstates && k->lines)
		fprintf(out, " %s %s:%d\n", c->state == 0 ? (running ? "from the start," : "(not started)")
			: (running ? "since" : "at"), k->file, k->lines[c->state]);
	else
		fprintf(out, " (state %d) %s\n", c->state, k->file);
}

/* More frames than any sane program nests: the rest are counted, not
 * printed (a chain is finite, but a dump must stay readable). */
enum { MAX_FRAMES_SHOWN = 64, MAX_FRAMES_WALKED = 1000000 };

void co_task_dump(const co_task *t, FILE *out)
{
	fprintf(out, "task %p: %s", (const void *)t, task_state(t));
	if (t->fut.flags & CO__TASK_WAITING) {
		const co_future *w = t->head.value;
		fprintf(out, " on %s %p", co__future_is_task(w) ? "task" : "future", (const void *)w);
	}
	fputc('\n', out);
	const co_gen *root = co_task_gen(t);
	if (!root)
		return;
	/* The root's leaf is the innermost frame, also while the task runs
	 * (co__drive keeps it there); parents lead back to the root.
	 * Innermost first, as a debugger's backtrace. The walk stops at the
	 * root, and at a frame that is its own parent (a finished frame is a
	 * root of its own again), so it always ends. */
	int running = (t->fut.flags & CO__TASK_RUNNING) != 0;
	int depth = 0;
	const co_gen *c = t->head.link;
	while (c && depth < MAX_FRAMES_WALKED) {
		if (depth < MAX_FRAMES_SHOWN || c == root)
			dump_frame(c, depth, running && depth == 0, out);
		else if (depth == MAX_FRAMES_SHOWN)
			fprintf(out, "  ... (frames #%d and up, to the root, not shown)\n", depth);
		depth++;
		const co_gen *parent = c == root ? c : co__parent(c);
		if (parent == c)
			break;
		c = parent;
	}
}

void co_loop_dump(const co_loop *loop, FILE *out)
{
	fprintf(out, "%zu live task(s)\n", co_loop_task_count(loop));
	for (const co_task *t = co__loop_tasks(loop); t; t = t->next)
		co_task_dump(t, out);
}
