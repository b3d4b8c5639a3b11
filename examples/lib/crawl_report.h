/*
 * crawl_report.h — what the crawler prints when it is done.
 *
 * tsv (SPEC section 5): one line per URL, sorted by URL in byte order,
 * URL<TAB>STATUS<TAB>DETAIL — STATUS is the HTTP status or "error";
 * DETAIL is the resolved redirect target for a 3xx with a Location, the
 * reason for an error, the body's byte count otherwise.
 * text: one line per URL (status, size, links found, URL), then totals by
 * status, the counters, elapsed time and pages per second.
 * Both end with a one-line summary on stderr.
 */
#ifndef EX_CRAWL_REPORT_H
#define EX_CRAWL_REPORT_H

#include <stdio.h>

#include "crawl_pages.h"

/* Counters kept over the whole crawl. */
typedef struct crawl_stats {
	size_t fetched;          /* URLs that got an HTTP response */
	size_t failed;           /* URLs reported as errors */
	size_t bytes;            /* body bytes received */
	size_t links;            /* links found on pages */
	size_t connects;         /* connections opened */
	size_t reuses;           /* requests on a kept-alive connection */
	size_t retries;          /* extra attempts after connection failures */
	size_t stale_resends;    /* requests resent after a stale connection */
	size_t skipped_host;     /* links to other hosts, not followed */
	size_t skipped_exclude;  /* links matching --exclude */
	size_t skipped_limit;    /* links dropped by --max-pages */
	size_t robots_fetches;   /* robots.txt requests (redirects included) */
	size_t robots_denied;    /* URLs not fetched: robots.txt forbids them */
	double seconds;          /* elapsed wall time */
} crawl_stats;

/* The DETAIL field of one page's tsv line. */
void crawl_report_detail(const crawl_page *p, char *out, size_t outsz);

/* Per-URL lines (unless quiet) and, for text, the totals; on `out`. */
void crawl_report_tsv(FILE *out, crawl_pages *pages, int quiet);
void crawl_report_text(FILE *out, crawl_pages *pages, const crawl_stats *st,
		       int quiet);

/* The one-line summary (for stderr). */
void crawl_report_summary(FILE *out, const crawl_pages *pages,
			  const crawl_stats *st);

#endif
