/* pingpong.c — measurement 5: one byte bounced across a socketpair while
 * K other fds are registered and idle. usage: pingpong loop|raw K ITERS
 * "loop" uses the runtime's co_loop_add_reader and co_loop_run; "raw" is
 * a hand-written select() loop over the same fds (the floor). The loop's
 * backend is CORO_LOOP's (epoll by default on Linux).
 * Prints elapsed ns for ITERS round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "coro.h"

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long iters, done_iters;
static int sv[2];

static void bounce(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1 || write(fd, &c, 1) != 1) {
		perror("pingpong");
		exit(1);
	}
}

static void on_pong(co_loop *loop, int fd, void *data)
{
	(void)loop;
	(void)data;
	bounce(fd);
}

static void on_ping(co_loop *loop, int fd, void *data)
{
	char c;
	(void)data;
	if (read(fd, &c, 1) != 1) {
		perror("pingpong");
		exit(1);
	}
	if (++done_iters == iters) {
		co_loop_remove_reader(loop, sv[0]);
		co_loop_stop(loop);
		return;
	}
	if (write(fd, &c, 1) != 1) {
		perror("pingpong");
		exit(1);
	}
}

static void on_idle(co_loop *loop, int fd, void *data)
{
	(void)loop;
	(void)data;
	fprintf(stderr, "pingpong: idle fd %d fired\n", fd);
	exit(1);
}

static int run_raw(const int *idle, int k)
{
	fd_set master, r;
	int maxfd = sv[1];
	FD_ZERO(&master);
	FD_SET(sv[0], &master);
	FD_SET(sv[1], &master);
	for (int i = 0; i < k; i++) {
		FD_SET(idle[i], &master);
		if (idle[i] > maxfd)
			maxfd = idle[i];
	}
	while (done_iters < iters) {
		r = master;
		int n = select(maxfd + 1, &r, NULL, NULL, NULL);
		if (n < 0) {
			perror("select");
			return 1;
		}
		for (int fd = 0; fd <= maxfd; fd++) {
			if (!FD_ISSET(fd, &r))
				continue;
			if (fd == sv[1]) {
				bounce(fd);
			} else if (fd == sv[0]) {
				char c;
				if (read(fd, &c, 1) != 1)
					return 1;
				if (++done_iters < iters && write(fd, &c, 1) != 1)
					return 1;
			} else {
				on_idle(NULL, fd, NULL);
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: pingpong loop|raw K ITERS\n");
		return 2;
	}
	int raw = strcmp(argv[1], "raw") == 0;
	int k = atoi(argv[2]);
	iters = atol(argv[3]);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		perror("socketpair");
		return 1;
	}
	/* The loop first: it raises RLIMIT_NOFILE (CORO_LOOP picks the
	 * backend; select() stops at FD_SETSIZE). */
	co_loop *loop = co_loop_new();
	int *idle = malloc((k + 1) * sizeof *idle);
	for (int i = 0; i < k; i += 2) {
		int p[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0) {
			perror("socketpair");
			return 1;
		}
		idle[i] = p[0];
		idle[i + 1] = p[1];
	}
	if (!raw) {
		for (int i = 0; i < k; i++)
			if (co_loop_add_reader(loop, idle[i], on_idle, NULL) < 0) {
				fprintf(stderr, "pingpong: cannot watch fd %d\n", idle[i]);
				return 1;
			}
		co_loop_add_reader(loop, sv[0], on_ping, NULL);
		co_loop_add_reader(loop, sv[1], on_pong, NULL);
	}
	if (write(sv[0], "x", 1) != 1)
		return 1;
	long long t0 = now_ns();
	int rc = raw ? run_raw(idle, k) : co_loop_run(loop);
	long long t1 = now_ns();
	if (rc != 0 || done_iters != iters) {
		fprintf(stderr, "pingpong: stopped after %ld of %ld\n", done_iters, iters);
		return 1;
	}
	co_loop_free(loop);
	printf("%lld\n", t1 - t0);
	return 0;
}
