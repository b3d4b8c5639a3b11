/*
 * co_io.h — I/O on any descriptor, a line reader (runtime/fdio.co) and
 * signals as something to wait for (runtime/signal.co). Included by
 * coro.h; include coro.h, not this. docs/RUNTIME.md has examples.
 */
#ifndef CO_IO_H
#define CO_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_reader co_reader;

/* The bit of signal number `sig` (1..64) in a co_wait_signal mask. */
#define CO_SIG(sig) ((uint64_t)1 << ((sig) - 1))

#ifdef __COROGEN__
coro ssize_t co_read(int, void *, size_t);   /* fd, buf, n */
coro ssize_t co_read_timeout(int, void *, size_t, int64_t);   /* fd, buf, n, timeout_ms */
coro ssize_t co_write(int, const void *, size_t);   /* fd, buf, n */
coro ssize_t co_write_timeout(int, const void *, size_t, int64_t);   /* fd, buf, n, timeout_ms */
coro ssize_t co_read_line(co_reader *, char **, int64_t);   /* r, line, timeout_ms */
coro int     co_wait_signal(uint64_t, int64_t);   /* mask, timeout_ms */
#endif

/* Constructors for C callers. Results as the socket coroutines': a count
 * or -errno, -ETIMEDOUT when the timeout (ms, negative = none) expires.
 * co_read: 0 at end of file. co_write: writes all n bytes. */
co_gen *co_read(int, void *, size_t);
co_gen *co_read_timeout(int, void *, size_t, int64_t);
co_gen *co_write(int, const void *, size_t);
co_gen *co_write_timeout(int, const void *, size_t, int64_t);

/* A buffered reader of lines from a non-blocking fd (not closed by it).
 * max_line: the longest line accepted, 0 for 64 KiB. */
co_reader *co_reader_new(int, size_t);
void co_reader_free(co_reader *);
int co_reader_fd(const co_reader *);
/* Bytes read from the fd and not yet returned as lines. */
size_t co_reader_buffered(const co_reader *);
/* The next line, '\n' included, NUL-terminated in *line and valid until
 * the next call: its length; 0 at end of stream (the last line may lack
 * its '\n'); -EMSGSIZE for a line longer than max_line; -errno. */
co_gen *co_read_line(co_reader *, char **, int64_t);

/* Wait for a signal in a mask of CO_SIG() bits: its number, -ETIMEDOUT,
 * -EINVAL (empty mask, SIGKILL, SIGSTOP, a signal this system lacks).
 * From the first wait on, those signals belong to the runtime: one that
 * arrives while nobody waits stays pending for the next waiter. */
co_gen *co_wait_signal(uint64_t, int64_t);

#ifdef __cplusplus
}
#endif

#endif
