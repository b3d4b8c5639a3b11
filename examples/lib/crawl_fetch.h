/*
 * crawl_fetch.h — fetch one URL with GET over HTTP/1.1, on TCP for
 * http:// and TLS for https://: a pooled keep-alive connection when one
 * is idle, retries on connection failures, a timeout per request, capped
 * head and body.
 *
 * The coroutine lives in crawl_fetch.co; a .co file that includes this
 * header knows it (the #ifdef __COROGEN__ block below).
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
	const char *user_agent; /* the User-Agent header; NULL: CRAWL_FETCH_USER_AGENT */
	int keep_body;          /* keep the body of any 200, not only HTML (robots.txt) */
	struct warc_writer *warc;  /* --warc-file: every exchange recorded; NULL = off */
} crawl_fetch_opts;

#define CRAWL_FETCH_USER_AGENT "corogen-crawler/0.1.0"

typedef struct crawl_response {
	int status;             /* HTTP status, 0 if the fetch failed */
	char error[160];        /* why it failed, "" otherwise */
	char *location;         /* the Location header (owned), or NULL */
	int is_html;            /* 200 with Content-Type text/html */
	size_t body_len;        /* body bytes received */
	bytebuf page;           /* the body, kept only when is_html (or keep_body) */
	int tries;              /* attempts that counted (stale resends do not) */
	int connects;           /* new connections opened */
	int reuses;             /* requests sent on a pooled connection */
	int stale_resends;      /* requests resent after a stale connection */
	/* Called just before each request is sent (politeness counts its
	 * delay from there); NULL for none. Set after crawl_response_init. */
	void (*on_send)(void *arg);
	void *on_send_arg;
} crawl_response;

void crawl_response_init(crawl_response *r);
void crawl_response_free(crawl_response *r);

/* The coroutine, for .co files, and its C constructor. */
#ifdef __COROGEN__
coro int crawl_fetch(crawl_pool *, const crawl_fetch_opts *, const char *, crawl_response *);
#endif
co_gen *crawl_fetch(crawl_pool *, const crawl_fetch_opts *, const char *, crawl_response *);

#endif
