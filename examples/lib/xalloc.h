/*
 * xalloc.h — allocation for the crawler's libraries (crawl_sched.c,
 * crawl_pages.c, crawl_pool.c, robots.c): they have no way to go on
 * without memory, so running out says so and aborts. Zero-byte requests
 * ask for one byte, so NULL always means failure.
 */
#ifndef EX_XALLOC_H
#define EX_XALLOC_H

#include <stdio.h>
#include <stdlib.h>

static inline void *xalloc_check(void *p)
{
	if (!p) {
		fputs("crawler: out of memory\n", stderr);
		abort();
	}
	return p;
}

static inline void *xrealloc(void *p, size_t n)
{
	return xalloc_check(realloc(p, n ? n : 1));
}

static inline void *xmalloc(size_t n)
{
	return xalloc_check(malloc(n ? n : 1));
}

static inline void *xcalloc(size_t n, size_t size)
{
	return xalloc_check(calloc(n ? n : 1, size));
}

#endif
