/*
 * crawl_pool.h — per scheme, host and port, the state the crawler keeps
 * between requests: the resolved addresses (looked up once) and a few idle
 * keep-alive connections to reuse (plain TCP, or TLS over TCP for https).
 * The pool also holds the TLS settings, made on first use.
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

#include "co_tls.h"

struct sockaddr_storage;

/* One connection: a socket, with a TLS stream over it for https. */
typedef struct crawl_conn {
	int fd;                   /* -1: none */
	co_tls *tls;              /* NULL for plain http */
} crawl_conn;

/* Close the stream and the socket (no close_notify: nothing waits). */
void crawl_conn_close(crawl_conn *c);

typedef struct crawl_host {
	char *host;               /* lower case, as url_split gives it */
	int port;
	int tls;                  /* https */
	int resolved;             /* resolution has finished */
	int resolve_error;        /* its error (a negative errno, co_resolve.h), 0 on success */
	struct sockaddr_storage *addrs;   /* its addresses (owned), NULL on error */
	int naddrs;
	crawl_conn *idle;         /* idle connections, most recent last */
	size_t nidle;
	struct crawl_host *next;
} crawl_host;

typedef struct crawl_pool {
	crawl_host *hosts;
	size_t max_idle;          /* idle connections kept per host */
	co_tls_config *tls;       /* made on the first https connection */
	char *ca_file;            /* --ca-certificate, or NULL: the system store */
	int verify;               /* check certificates (not --no-check-certificate) */
} crawl_pool;

void crawl_pool_init(crawl_pool *p, size_t max_idle_per_host);

/* TLS settings for https: certificates checked against ca_file (NULL: the
 * system store) unless verify is 0. A ca_file is loaded at once, so that a
 * bad one is reported before the crawl: 0, or -1 with the reason in err. */
int crawl_pool_set_tls(crawl_pool *p, const char *ca_file, int verify,
		       char *err, size_t errsz);

/* The TLS configuration, made now if not yet: NULL with the reason in err
 * if the certificates cannot be loaded. */
co_tls_config *crawl_pool_tls(crawl_pool *p, char *err, size_t errsz);

/* Close every idle connection and free the cached addresses. */
void crawl_pool_free(crawl_pool *p);

/* The entry for scheme (tls: https), host and port, created on first
 * use. Never NULL. */
crawl_host *crawl_pool_host(crawl_pool *p, int tls, const char *host, int port);

/* An idle connection to reuse (the most recent one), or one with fd -1.
 * Connections with unread bytes waiting (junk after a response, or for
 * TLS any record: an alert, a ticket) are closed, not reused. */
crawl_conn crawl_host_take_idle(crawl_host *h);

/* Keep c for reuse, or close it if enough are idle already or bytes
 * beyond the response are waiting on it. */
void crawl_host_put_idle(crawl_host *h, const crawl_pool *p, crawl_conn c);

/* Out of descriptors: close one idle connection (of any host) to free
 * one. 1 if one was closed, 0 if none was idle. */
int crawl_pool_close_idle(crawl_pool *p);

#endif
