/* co_loop_dump shows every live task with its chain of frames, innermost
 * first, each with the .co file:line where it is suspended. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

static const int inner_lines[] = {7, 8, 9};
static const int outer_lines[] = {20, 21, 22};
static co_step inner_resume(co_gen *g, void *v);
static co_step outer_resume(co_gen *g, void *v);
static const co_class inner_cls = {inner_resume, "fetch_body", "crawler.co", NULL, inner_lines, 3, _Alignof(co_gen)};
static const co_class outer_cls = {outer_resume, "worker", "crawler.co", NULL, outer_lines, 3, _Alignof(co_gen)};

typedef struct { co_gen g; co_future *f; co_gen *child; } frame;
static co_step inner_resume(co_gen *g, void *v)
{
	(void)v;
	switch (g->state) {
	case 0: HG_YIELD(g, 2, ((frame *)g)->f);
	case 2: HG_RETURN(g, 0);
	}
	return (co_step){CO_RETURNED, NULL};
}
static co_step outer_resume(co_gen *g, void *v)
{
	(void)v;
	switch (g->state) {
	case 0: {
		frame *c = hg_new(sizeof *c, &inner_cls);
		c->f = ((frame *)g)->f;
		((frame *)g)->child = &c->g;
		HG_DELEGATE(g, 1, &c->g);
	}
	case 1:
		co_free(((frame *)g)->child);
		HG_RETURN(g, 0);
	}
	return (co_step){CO_RETURNED, NULL};
}

int main(void)
{
	co_loop *loop = co_loop_new();
	co_future *f = co_future_new(loop);
	frame *o = hg_new(sizeof *o, &outer_cls);
	o->f = f;
	co_task *t = co_task_new(loop, &o->g);
	co_task *idle = co_task_new(loop, hg_new(sizeof(frame), &outer_cls));

	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	co_task_dump(idle, out);   /* not started yet */
	fflush(out);
	CHECK(strstr(text, ": ready\n  #0 worker (not started) crawler.co:20\n") != NULL);
	co_task_cancel(idle);
	co_task_unref(idle);

	CHECK_EQ(co_loop_run(loop), 0);
	rewind(out);
	co_loop_dump(loop, out);
	fputc(0, out);
	fclose(out);
	fputs(text, stdout);
	CHECK(strstr(text, "1 live task(s)\n") != NULL);
	CHECK(strstr(text, ": waiting on future ") != NULL);
	CHECK(strstr(text, "  #0 fetch_body at crawler.co:9\n  #1 worker at crawler.co:21\n") != NULL);
	free(text);

	co_task_cancel(t);
	co_task_unref(t);
	co_future_unref(f);
	co_loop_free(loop);
	printf("debug_dump: ok\n");
	return 0;
}
