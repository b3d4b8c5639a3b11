/*
 * crawl_resolve.h — a crawl_host's addresses, looked up through the
 * runtime's non-blocking resolver (co_resolve_all: c-ares driven by the
 * event loop, so other fetches go on while a name resolves).
 *
 * The coroutine lives in crawl_resolve.co. A .co caller declares it itself
 * (corogen runs before the preprocessor):
 *
 *   %type crawl_host;
 *   coro int crawl_host_resolve(crawl_host *h, int64_t timeout_ms);
 *
 * It returns 0 when h->addrs holds h->naddrs addresses (port set), or a
 * negative errno (co_resolve_strerror says what). The first answer, or
 * failure, is kept in h for the rest of the crawl; concurrent calls for
 * one host may each ask, the first to finish wins.
 */
#ifndef EX_CRAWL_RESOLVE_H
#define EX_CRAWL_RESOLVE_H

#include <stdint.h>

#include "coro.h"
#include "crawl_pool.h"

#ifdef __COROGEN__
coro int crawl_host_resolve(crawl_host *, int64_t);
#endif

co_gen *crawl_host_resolve(crawl_host *, int64_t);

#endif
