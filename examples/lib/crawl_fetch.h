/*
 * crawl_fetch.h — fetch one URL with GET over HTTP/1.1, on TCP for
 * http:// and TLS for https://: a pooled keep-alive connection when one
 * is idle, retries on connection failures, a timeout per request, capped
 * head and body.
 *
 * The coroutine lives in crawl_fetch.co. A .co caller declares it itself
 * (corogen runs before the preprocessor):
 *
 *   %type crawl_pool crawl_fetch_opts crawl_response;
 *   coro int crawl_fetch(crawl_pool *pool, const crawl_fetch_opts *o,
 *                        const char *url, crawl_response *r);
 *
 * It returns 0 when a response arrived (r->status is set), -1 when the
 * fetch failed (r->error says why). Either way r->tries and the counters
 * are filled in. Every wait has a deadline, so it always finishes; a
 * cancelled fetch closes its connection.
 */
#ifndef EX_CRAWL_FETCH_H
#define EX_CRAWL_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "coro.h"
#include "crawl_pool.h"

typedef struct crawl_fetch_opts {
	int max_tries;          /* attempts on connection failures, >= 1 */
	int64_t timeout_ms;     /* per request: connect + send + receive */
	size_t max_body;        /* body bytes accepted */
} crawl_fetch_opts;

typedef struct crawl_response {
	int status;             /* HTTP status, 0 if the fetch failed */
	char error[160];        /* why it failed, "" otherwise */
	char *location;         /* the Location header (owned), or NULL */
	int is_html;            /* 200 with Content-Type text/html */
	size_t body_len;        /* body bytes received */
	bytebuf page;           /* the body, kept only when is_html */
	int tries;              /* attempts that counted (stale resends do not) */
	int connects;           /* new connections opened */
	int reuses;             /* requests sent on a pooled connection */
	int stale_resends;      /* requests resent after a stale connection */
} crawl_response;

void crawl_response_init(crawl_response *r);
void crawl_response_free(crawl_response *r);

/* The C constructor of the coroutine (see the top of this file). */
co_gen *crawl_fetch(crawl_pool *pool, const crawl_fetch_opts *o,
		    const char *url, crawl_response *r);

#endif
