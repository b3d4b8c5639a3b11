/* select() cannot watch fds >= FD_SETSIZE: the loop refuses them with
 * -ERANGE and never hands them to FD_SET. Also: dispatch re-checks a
 * registration before calling its handler. The select backend is asked
 * for by name, whatever CORO_LOOP says (loop_backends.c covers epoll). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

static int calls_a, calls_b;
static int pipe_a[2], pipe_b[2];

/* Whichever handler runs first removes the other's registration. */
static void handler_a(co_loop *loop, int fd, void *data)
{
	(void)data;
	calls_a++;
	co_loop_remove_reader(loop, fd);
	co_loop_remove_reader(loop, pipe_b[0]);
}
static void handler_b(co_loop *loop, int fd, void *data)
{
	(void)data;
	calls_b++;
	co_loop_remove_reader(loop, fd);
	co_loop_remove_reader(loop, pipe_a[0]);
}
static void never_cb(co_loop *loop, int fd, void *data)
{
	(void)loop; (void)fd; (void)data;
	CHECK(!"handler of a refused fd ran");
}

int main(void)
{
	co_loop *loop = co_loop_new_backend("select");
	CHECK(loop != NULL);
	CHECK(strcmp(co_loop_backend_name(loop), "select") == 0);

	CHECK_EQ(co_loop_add_reader(loop, FD_SETSIZE, never_cb, NULL), -ERANGE);
	CHECK_EQ(co_loop_add_writer(loop, FD_SETSIZE + 100, never_cb, NULL), -ERANGE);
	CHECK_EQ(co_loop_add_reader(loop, -1, never_cb, NULL), -EBADF);
	CHECK_EQ(co_loop_remove_reader(loop, FD_SETSIZE), 0);

	/* With a real open fd at FD_SETSIZE, if the limit allows one. */
	struct rlimit rl;
	int big = -1;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max > FD_SETSIZE + 1) {
		rl.rlim_cur = FD_SETSIZE + 2;
		int null_fd = open("/dev/null", O_RDONLY);
		if (null_fd >= 0 && setrlimit(RLIMIT_NOFILE, &rl) == 0)
			big = dup2(null_fd, FD_SETSIZE);
		if (null_fd >= 0)
			close(null_fd);
	}
	if (big >= 0) {
		CHECK_EQ(co_loop_add_reader(loop, big, never_cb, NULL), -ERANGE);
		CHECK_EQ(co_loop_add_writer(loop, big, never_cb, NULL), -ERANGE);
		close(big);
	} else {
		printf("fd_setsize: (no fd at FD_SETSIZE: RLIMIT_NOFILE too low; checked the number only)\n");
	}
	CHECK_EQ(co_loop_run(loop), 0);   /* nothing registered: returns at once */

	/* Two fds readable in the same select(): the first handler removes
	 * the second's registration, so the second must not run. */
	CHECK(pipe(pipe_a) == 0 && pipe(pipe_b) == 0);
	CHECK(write(pipe_a[1], "x", 1) == 1 && write(pipe_b[1], "x", 1) == 1);
	CHECK_EQ(co_loop_add_reader(loop, pipe_a[0], handler_a, NULL), 0);
	CHECK_EQ(co_loop_add_reader(loop, pipe_b[0], handler_b, NULL), 0);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(calls_a + calls_b, 1);

	/* A registered fd that gets closed: its handler still runs (and
	 * removes itself) instead of select() failing forever. */
	calls_a = 0;
	CHECK_EQ(co_loop_add_reader(loop, pipe_a[0], handler_a, NULL), 0);
	close(pipe_a[0]);
	CHECK_EQ(co_loop_run(loop), 0);
	CHECK_EQ(calls_a, 1);

	close(pipe_a[1]);
	close(pipe_b[0]);
	close(pipe_b[1]);
	co_loop_free(loop);
	printf("fd_setsize: ok\n");
	return 0;
}
