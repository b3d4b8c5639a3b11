/*
 * crawl_pool.h — per host:port state the crawler keeps between requests:
 * the resolved addresses (looked up once) and a few idle keep-alive
 * connections to reuse.
 *
 * Name resolution uses getaddrinfo, which blocks the whole event loop
 * while it runs. That is acceptable here because it happens once per host
 * (the result, or the failure, is cached) and crawls stay on their roots'
 * hosts; an asynchronous resolver would be a thread or a DNS client.
 *
 * Plain C, no event loop: the fetch coroutine decides when to connect.
 */
#ifndef EX_CRAWL_POOL_H
#define EX_CRAWL_POOL_H

#include <stddef.h>

struct addrinfo;

typedef struct crawl_host {
	char *host;               /* lower case, as url_split gives it */
	int port;
	int resolved;             /* getaddrinfo has been called */
	int gai_error;            /* its error, 0 on success */
	struct addrinfo *addrs;   /* its result, NULL on error */
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

/* Resolve the host unless done before (blocking; see above). 0 when
 * addresses are known, else the getaddrinfo error code. */
int crawl_host_resolve(crawl_host *h);

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
