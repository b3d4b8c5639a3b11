/*
 * crawl_pages.h — every URL the crawler has queued, and what became of it.
 *
 * A hash set keyed by the normalised URL: adding is the dedupe (a URL is
 * queued at most once), and each entry is also the URL's record for the
 * report. Entries never move once added, so the queue can carry pointers
 * to them.
 */
#ifndef EX_CRAWL_PAGES_H
#define EX_CRAWL_PAGES_H

#include <stddef.h>

typedef struct crawl_page {
	char *url;            /* normalised; owned */
	int redirects_left;   /* how many more redirects may follow from here */
	int done;             /* fetched (or failed) */
	int status;           /* HTTP status; 0 when the fetch failed */
	char *detail;         /* error reason or resolved redirect target; owned, may be NULL */
	size_t size;          /* body bytes received */
	size_t links;         /* links found on the page (200 text/html only) */
	size_t new_links;     /* of those, how many were queued from here */
	int tries;            /* connection attempts used */
} crawl_page;

typedef struct crawl_pages {
	crawl_page **slots;   /* open addressing, linear probing; NULL = free */
	size_t cap;           /* a power of two */
	crawl_page **order;   /* every entry: in the order added, until sorted */
	size_t count;
	size_t order_cap;
} crawl_pages;

void crawl_pages_init(crawl_pages *s);
void crawl_pages_free(crawl_pages *s);

/* The entry for url, or NULL. */
crawl_page *crawl_pages_find(const crawl_pages *s, const char *url);

/* Add url (copied) unless present. Returns the new entry, or NULL if it
 * was already there. Out of memory is fatal, as in the runtime. */
crawl_page *crawl_pages_add(crawl_pages *s, const char *url, int redirects_left);

/* Set an entry's detail to a copy of text (NULL clears it); tabs and
 * newlines become spaces so that a tsv line stays one line. */
void crawl_page_set_detail(crawl_page *p, const char *text);

/* The entries sorted by URL in byte order (strcmp). The array is owned by
 * the set and valid until the next add. */
crawl_page **crawl_pages_sorted(crawl_pages *s);

#endif
