/*
 * crawl_sched.h — which URL to fetch next: politeness per host.
 *
 * Every queued page waits in the queue of its site (scheme, host and
 * port: the scope of a robots.txt, of a keep-alive pool and of the
 * politeness limits). A site may start a request when fewer than
 * max_per_host of its requests are in flight and its next start time has
 * come; each start pushes that time `delay` further (--wait, or the
 * site's Crawl-delay if larger). Sites that have something to start wait
 * in a binary heap ordered by that time, so the next request due is found
 * in O(log sites) however many hosts the crawl spans, and a slow site
 * holds only its own slots.
 *
 * Before the first page of a site its robots.txt is fetched (a ROBOTS
 * job); until it is known the site's pages wait. A page its robots.txt
 * forbids comes out as a DENIED job, without using a slot or the delay.
 *
 * Plain C and no event loop: the caller asks for the next job at `now`
 * and arms a timer for the time it is told to wait until.
 */
#ifndef EX_CRAWL_SCHED_H
#define EX_CRAWL_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "crawl_pages.h"
#include "robots.h"

enum crawl_robots_state { SITE_ROBOTS_NEEDED, SITE_ROBOTS_FETCHING, SITE_ROBOTS_KNOWN };

typedef struct crawl_site {
	char *origin;             /* "http://host[:port]", as in the normalised URLs */
	size_t origin_len;
	crawl_page **ring;        /* pages waiting, FIFO */
	size_t ring_cap, ring_head, npending;
	int active;               /* requests in flight (the robots.txt fetch included) */
	int64_t last_start_ms;    /* when the last request started; -1 before the first */
	int64_t next_ms;          /* no request starts before this */
	int64_t delay_ms;         /* between starts: max(--wait, Crawl-delay) */
	int robots_state;         /* enum crawl_robots_state */
	robots *robots;           /* once known; NULL with robots off */
	char *robots_note;        /* why everything is disallowed ("HTTP 503"), or NULL */
	size_t heap_index;        /* position in the heap, or CRAWL_SITE_OUT */
	struct crawl_site *hash_next;
} crawl_site;

#define CRAWL_SITE_OUT ((size_t)-1)

typedef struct crawl_sched {
	crawl_site **table;       /* by origin: open hashing, chains */
	size_t table_cap, nsites;
	crawl_site **heap;        /* sites with something to start, by next_ms */
	size_t heap_len, heap_cap;
	int max_per_host;
	int64_t wait_ms;
	int use_robots;
} crawl_sched;

typedef enum crawl_job_kind {
	CRAWL_JOB_NONE,           /* nothing waits to start */
	CRAWL_JOB_WAIT,           /* nothing is due before *wake_ms */
	CRAWL_JOB_PAGE,           /* fetch job->page (a slot is taken) */
	CRAWL_JOB_ROBOTS,         /* fetch job->site's robots.txt (a slot is taken) */
	CRAWL_JOB_DENIED          /* robots.txt forbids job->page: record it, no fetch */
} crawl_job_kind;

typedef struct crawl_job {
	crawl_job_kind kind;
	crawl_site *site;
	crawl_page *page;         /* PAGE and DENIED */
} crawl_job;

void crawl_sched_init(crawl_sched *s, int max_per_host, int64_t wait_ms, int use_robots);
void crawl_sched_free(crawl_sched *s);

/* The origin of a normalised URL: its length ("http://a:81/x" gives 11). */
size_t crawl_url_origin_len(const char *url);

/* The site of a URL, created on first use. Never NULL. */
crawl_site *crawl_sched_site(crawl_sched *s, const char *url);

/* Queue a page (its URL normalised) behind the others of its site. */
void crawl_sched_push(crawl_sched *s, crawl_page *p);

/* The next job at time `now` (ms). For WAIT, *wake_ms is when to ask again. */
crawl_job crawl_sched_next(crawl_sched *s, int64_t now, int64_t *wake_ms);

/* A request of the site is being sent now: the next one starts no
 * sooner than `now` + delay (the job's start time may have been earlier). */
void crawl_sched_sending(crawl_sched *s, crawl_site *site, int64_t now);

/* A PAGE or ROBOTS job of `site` has finished: its slot is free. */
void crawl_sched_finish(crawl_sched *s, crawl_site *site);

/* The site's robots.txt is known (r owned from now on; NULL for none);
 * `note`, if not NULL, says why everything is disallowed. Applies its
 * Crawl-delay and lets the pages go. */
void crawl_sched_set_robots(crawl_sched *s, crawl_site *site, robots *r, const char *note);

/* The path and query of a page's URL, as robots.txt rules see it. */
const char *crawl_site_path(const crawl_site *site, const crawl_page *p);

#endif
