/*
 * crawl_pages.c — the set of queued URLs (FNV-1a hash, linear probing,
 * grown at half full) and their records.
 */
#include "crawl_pages.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void crawl_pages_init(crawl_pages *s)
{
	memset(s, 0, sizeof *s);
}

void crawl_pages_free(crawl_pages *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->order[i]->url);
		free(s->order[i]->detail);
		free(s->order[i]);
	}
	free(s->slots);
	free(s->order);
	memset(s, 0, sizeof *s);
}

/* The slot holding url, or the free slot where it would go. */
static crawl_page **slot_for(crawl_page **slots, size_t cap, const char *url)
{
	size_t i = (size_t)hash(url) & (cap - 1);
	while (slots[i] && strcmp(slots[i]->url, url) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

crawl_page *crawl_pages_find(const crawl_pages *s, const char *url)
{
	if (!s->cap)
		return NULL;
	return *slot_for(s->slots, s->cap, url);
}

static void grow(crawl_pages *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	crawl_page **slots = xmalloc(cap * sizeof *slots);
	memset(slots, 0, cap * sizeof *slots);
	for (size_t i = 0; i < s->count; i++)
		*slot_for(slots, cap, s->order[i]->url) = s->order[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

crawl_page *crawl_pages_add(crawl_pages *s, const char *url, int redirects_left)
{
	if ((s->count + 1) * 2 > s->cap)
		grow(s);
	crawl_page **slot = slot_for(s->slots, s->cap, url);
	if (*slot)
		return NULL;
	if (s->count == s->order_cap) {
		s->order_cap = s->order_cap ? s->order_cap * 2 : 64;
		crawl_page **order = realloc(s->order, s->order_cap * sizeof *order);
		if (!order) {
			fputs("crawler: out of memory\n", stderr);
			abort();
		}
		s->order = order;
	}
	crawl_page *p = xmalloc(sizeof *p);
	memset(p, 0, sizeof *p);
	p->url = xstrdup(url);
	p->redirects_left = redirects_left;
	*slot = p;
	s->order[s->count++] = p;
	return p;
}

void crawl_page_set_detail(crawl_page *p, const char *text)
{
	free(p->detail);
	p->detail = NULL;
	if (!text)
		return;
	p->detail = xstrdup(text);
	for (char *c = p->detail; *c; c++)
		if (*c == '\t' || *c == '\n' || *c == '\r')
			*c = ' ';
}

static int by_url(const void *a, const void *b)
{
	const crawl_page *x = *(crawl_page *const *)a;
	const crawl_page *y = *(crawl_page *const *)b;
	return strcmp(x->url, y->url);
}

crawl_page **crawl_pages_sorted(crawl_pages *s)
{
	if (s->count)
		qsort(s->order, s->count, sizeof *s->order, by_url);
	return s->order;
}
