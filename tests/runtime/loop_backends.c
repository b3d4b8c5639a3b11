/* Choosing a backend (co_loop_new_backend, CORO_LOOP), the epoll backend
 * with fds far above FD_SETSIZE, RLIMIT_NOFILE raised at loop start, a
 * handler that registers an fd big enough to grow the loop's table while
 * the loop dispatches, and a registered fd closed and its number reused. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

static int calls_small, calls_big;
static int big_fd = -1;

static void big_cb(co_loop *loop, int fd, void *data)
{
	(void)data;
	calls_big++;
	char c;
	CHECK(read(fd, &c, 1) == 1);
	co_loop_remove_reader(loop, fd);
}

/* Registers big_fd from inside dispatch: the handler table grows. */
static void small_cb(co_loop *loop, int fd, void *data)
{
	(void)data;
	calls_small++;
	char c;
	CHECK(read(fd, &c, 1) == 1);
	co_loop_remove_reader(loop, fd);
	CHECK_EQ(co_loop_add_reader(loop, big_fd, big_cb, NULL), 0);
}

static void count_cb(co_loop *loop, int fd, void *data)
{
	(void)data;
	char c;
	CHECK(read(fd, &c, 1) == 1);
	(*(int *)data)++;
	co_loop_remove_reader(loop, fd);
}

int main(void)
{
	/* Names. */
	errno = 0;
	CHECK(co_loop_new_backend("kqueue-on-linux") == NULL);
	CHECK_EQ(errno, ENOENT);
	CHECK(co_loop_new_backend(NULL) == NULL);
	co_loop *dflt = co_loop_new();
	const char *env = getenv("CORO_LOOP");
	CHECK(strcmp(co_loop_backend_name(dflt), env && *env ? env : "epoll") == 0);
	co_loop_free(dflt);

	/* The soft limit goes up to the hard one when an epoll loop starts. */
	struct rlimit rl;
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	rlim_t hard = rl.rlim_max;
	if (hard == RLIM_INFINITY || hard < 4096) {
		fprintf(stderr, "loop_backends: hard RLIMIT_NOFILE is %llu; this test needs a "
			"finite one of at least 4096 (ulimit -Hn)\n", (unsigned long long)hard);
		return 1;
	}
	rl.rlim_cur = 256;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	co_loop *loop = co_loop_new_backend("epoll");
	CHECK(loop != NULL);
	CHECK(strcmp(co_loop_backend_name(loop), "epoll") == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK(rl.rlim_cur == hard || rl.rlim_cur == (rlim_t)1 << 20);

	/* An fd far above FD_SETSIZE, registered from a handler. */
	int small[2], big[2];
	CHECK(pipe(small) == 0 && pipe(big) == 0);
	big_fd = dup2(big[0], FD_SETSIZE * 3 + 7);
	CHECK(big_fd == FD_SETSIZE * 3 + 7);
	close(big[0]);
	CHECK(write(small[1], "s", 1) == 1 && write(big[1], "b", 1) == 1);
	CHECK_EQ(co_loop_add_reader(loop, small[0], small_cb, NULL), 0);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(calls_small, 1);
	CHECK_EQ(calls_big, 1);

	/* A writer and a reader on one fd, removed one at a time. */
	int sp[2];
	CHECK(pipe(sp) == 0);
	int got = 0;
	CHECK_EQ(co_loop_add_writer(loop, sp[1], count_cb, &got), 0);
	CHECK_EQ(co_loop_remove_writer(loop, sp[1]), 1);
	CHECK_EQ(co_loop_remove_writer(loop, sp[1]), 0);

	/* Registered, closed without removing, number reused: adding again
	 * must watch the new file (the kernel forgot the old one). */
	int reused = dup(sp[0]);
	CHECK(reused >= 0);
	CHECK_EQ(co_loop_add_reader(loop, reused, count_cb, &got), 0);
	close(reused);
	int p2[2];
	CHECK(pipe(p2) == 0);
	int again = dup2(p2[0], reused);
	CHECK(again == reused);
	CHECK_EQ(co_loop_add_reader(loop, again, count_cb, &got), 0);
	CHECK(write(p2[1], "x", 1) == 1);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(got, 1);

	/* epoll cannot watch a regular file: a clear error, no registration. */
	FILE *tmp = tmpfile();
	CHECK(tmp != NULL);
	CHECK_EQ(co_loop_add_reader(loop, fileno(tmp), count_cb, &got), -EPERM);
	fclose(tmp);
	CHECK_EQ(co_loop_run(loop), 0);

	close(small[0]); close(small[1]); close(big_fd); close(big[1]);
	close(sp[0]); close(sp[1]); close(p2[0]); close(p2[1]); close(again);
	co_loop_free(loop);
	printf("loop_backends: ok\n");
	return 0;
}
