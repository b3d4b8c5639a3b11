/* 100,000 concurrent tasks, all suspended at once on their own future,
 * then woken in reverse order and gathered. */
#include "testutil.h"

enum { N = 100000 };

static const int lines[] = {10, 11, 12};
static co_step waiter_resume(co_gen *g, void *v);
static const co_class waiter_cls = {waiter_resume, "waiter", "tests/runtime/many_tasks.c", NULL, lines, 3, _Alignof(co_gen)};

/* waiter(f, i): waits on f, gives a turn, returns i + f's result. */
typedef struct { co_gen g; co_future *f; intptr_t i, got; } waiter_frame;
static co_step waiter_resume(co_gen *g, void *v)
{
	(void)v;
	waiter_frame *fr = (waiter_frame *)g;
	switch (g->state) {
	case 0: HG_YIELD(g, 1, fr->f);
	case 1: fr->got = (intptr_t)v; HG_YIELD(g, 2, NULL);
	case 2: HG_RETURN(g, fr->i + fr->got);
	}
	return (co_step){CO_RETURNED, NULL};
}

int main(void)
{
	co_loop *loop = co_loop_new();
	co_future **fs = malloc(N * sizeof *fs);
	co_future **ts = malloc(N * sizeof *ts);
	for (int i = 0; i < N; i++) {
		fs[i] = co_future_new(loop);
		waiter_frame *fr = hg_new(sizeof *fr, &waiter_cls);
		fr->f = fs[i];
		fr->i = i;
		ts[i] = co_task_future(co_task_new(loop, &fr->g));
	}
	co_future *all = co_gather(loop, ts, N);
	/* Let every task reach its first suspension. */
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(co_loop_task_count(loop), N);
	for (int i = 0; i < N; i++)
		CHECK(!co_future_done(ts[i]));
	for (int i = N - 1; i >= 0; i--)
		co_future_set_result(fs[i], (void *)(intptr_t)1);
	CHECK_EQ(co_loop_run_until_complete(loop, all), 0);
	CHECK_EQ(co_loop_task_count(loop), 0);
	long long sum = 0;
	for (int i = 0; i < N; i++) {
		CHECK_EQ(co_future_get_state(ts[i]), CO_FUTURE_DONE);
		sum += (intptr_t)co_future_result(ts[i]);
		co_future_unref(ts[i]);
		co_future_unref(fs[i]);
	}
	CHECK_EQ(sum, (long long)N * (N - 1) / 2 + N);
	co_future_unref(all);
	free(fs);
	free(ts);
	co_loop_free(loop);
	printf("many_tasks: ok (%d tasks)\n", N);
	return 0;
}
