/*
 * crawl_pool.h — per host:port state the crawler keeps between requests:
 * the resolved addresses (looked up once) and a few idle keep-alive
 * connections to reuse.
 *
 * Name resolution is crawl_host_resolve (crawl_resolve.co): the runtime's
 * non-blocking resolver (co_resolve_all, c-ares on the loop), once per
 * host; the result, or the failure, is kept here.
 *
 * Plain C, no event loop: the fetch coroutine decides when to connect.
 */
#ifndef EX_CRAWL_POOL_H
#define EX_CRAWL_POOL_H

#include <stddef.h>

struct sockaddr_storage;

typedef struct crawl_host {
	char *host;               /* lower case, as url_split gives it */
	int port;
	int resolved;             /* resolution has finished */
	int resolve_error;        /* its error (a negative errno, co_resolve.h), 0 on success */
	struct sockaddr_storage *addrs;   /* its addresses (owned), NULL on error */
	int naddrs;
	int *idle;                /* idle connections, most recent last */
	size_t nidle;
	struct crawl_host *next;
} crawl_host;

typedef struct crawl_pool {
	crawl_host *hosts;
	size_t max_idle;          /* idle connections kept per host */
} crawl_pool;

void crawl_pool_init(crawl_pool *p, size_t max_idle_per_host);

/* Close every idle connection and free the cached addresses. */
void crawl_pool_free(crawl_pool *p);

/* The entry for host:port, created on first use. Never NULL. */
crawl_host *crawl_pool_host(crawl_pool *p, const char *host, int port);

/* An idle connection to reuse (the most recent one), or -1. Connections
 * with unread bytes waiting (junk after a response) are closed, not reused. */
int crawl_host_take_idle(crawl_host *h);

/* Keep fd for reuse, or close it if enough are idle already or bytes
 * beyond the response are waiting on it. */
void crawl_host_put_idle(crawl_host *h, const crawl_pool *p, int fd);

/* Out of descriptors: close one idle connection (of any host) to free
 * one. 1 if one was closed, 0 if none was idle. */
int crawl_pool_close_idle(crawl_pool *p);

#endif
