/*
 * crawl_sched.c — sites, their waiting pages, and the heap of sites by
 * next start time (see crawl_sched.h).
 */
#include "crawl_sched.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void crawl_sched_init(crawl_sched *s, int max_per_host, int64_t wait_ms, int use_robots)
{
	memset(s, 0, sizeof *s);
	s->max_per_host = max_per_host;
	s->wait_ms = wait_ms;
	s->use_robots = use_robots;
}

void crawl_sched_free(crawl_sched *s)
{
	for (size_t i = 0; i < s->table_cap; i++) {
		crawl_site *site = s->table[i];
		while (site) {
			crawl_site *next = site->hash_next;
			robots_free(site->robots);
			free(site->robots_note);
			free(site->ring);
			free(site->origin);
			free(site);
			site = next;
		}
	}
	free(s->table);
	free(s->heap);
	memset(s, 0, sizeof *s);
}

size_t crawl_url_origin_len(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	return (size_t)(p + strcspn(p, "/?#") - url);
}

static size_t hash(const char *s, size_t n)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void grow_table(crawl_sched *s)
{
	size_t cap = s->table_cap ? 2 * s->table_cap : 64;
	crawl_site **t = xrealloc(NULL, cap * sizeof *t);
	memset(t, 0, cap * sizeof *t);
	for (size_t i = 0; i < s->table_cap; i++) {
		crawl_site *site = s->table[i];
		while (site) {
			crawl_site *next = site->hash_next;
			size_t b = hash(site->origin, site->origin_len) & (cap - 1);
			site->hash_next = t[b];
			t[b] = site;
			site = next;
		}
	}
	free(s->table);
	s->table = t;
	s->table_cap = cap;
}

crawl_site *crawl_sched_site(crawl_sched *s, const char *url)
{
	size_t n = crawl_url_origin_len(url);
	if (s->table_cap) {
		size_t b = hash(url, n) & (s->table_cap - 1);
		for (crawl_site *site = s->table[b]; site; site = site->hash_next)
			if (site->origin_len == n && !memcmp(site->origin, url, n))
				return site;
	}
	if (s->nsites >= s->table_cap / 2)
		grow_table(s);
	crawl_site *site = xrealloc(NULL, sizeof *site);
	memset(site, 0, sizeof *site);
	site->origin = xrealloc(NULL, n + 1);
	memcpy(site->origin, url, n);
	site->origin[n] = '\0';
	site->origin_len = n;
	site->last_start_ms = -1;
	site->delay_ms = s->wait_ms;
	site->robots_state = s->use_robots ? SITE_ROBOTS_NEEDED : SITE_ROBOTS_KNOWN;
	site->heap_index = CRAWL_SITE_OUT;
	size_t b = hash(url, n) & (s->table_cap - 1);
	site->hash_next = s->table[b];
	s->table[b] = site;
	s->nsites++;
	return site;
}

/* ---- the heap of sites by next_ms ---- */

static void heap_set(crawl_sched *s, size_t i, crawl_site *site)
{
	s->heap[i] = site;
	site->heap_index = i;
}

static void sift_up(crawl_sched *s, size_t i)
{
	crawl_site *site = s->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (s->heap[parent]->next_ms <= site->next_ms)
			break;
		heap_set(s, i, s->heap[parent]);
		i = parent;
	}
	heap_set(s, i, site);
}

static void sift_down(crawl_sched *s, size_t i)
{
	crawl_site *site = s->heap[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= s->heap_len)
			break;
		if (child + 1 < s->heap_len && s->heap[child + 1]->next_ms < s->heap[child]->next_ms)
			child++;
		if (s->heap[child]->next_ms >= site->next_ms)
			break;
		heap_set(s, i, s->heap[child]);
		i = child;
	}
	heap_set(s, i, site);
}

static void heap_remove(crawl_sched *s, crawl_site *site)
{
	size_t i = site->heap_index;
	site->heap_index = CRAWL_SITE_OUT;
	crawl_site *last = s->heap[--s->heap_len];
	if (last == site)
		return;
	heap_set(s, i, last);
	sift_up(s, i);
	sift_down(s, last->heap_index);
}

/* Can the site start a request (when its time comes)? */
static int has_work(const crawl_sched *s, const crawl_site *site)
{
	if (site->active >= s->max_per_host || site->npending == 0)
		return 0;
	return site->robots_state != SITE_ROBOTS_FETCHING;
}

/* Put the site where it belongs after its state or next_ms changed. */
static void update(crawl_sched *s, crawl_site *site)
{
	int in = site->heap_index != CRAWL_SITE_OUT;
	if (!has_work(s, site)) {
		if (in)
			heap_remove(s, site);
		return;
	}
	if (!in) {
		if (s->heap_len == s->heap_cap) {
			s->heap_cap = s->heap_cap ? 2 * s->heap_cap : 64;
			s->heap = xrealloc(s->heap, s->heap_cap * sizeof *s->heap);
		}
		heap_set(s, s->heap_len++, site);
		sift_up(s, site->heap_index);
		return;
	}
	sift_up(s, site->heap_index);
	sift_down(s, site->heap_index);
}

/* ---- pages waiting per site ---- */

void crawl_sched_push(crawl_sched *s, crawl_page *p)
{
	crawl_site *site = crawl_sched_site(s, p->url);
	if (site->npending == site->ring_cap) {
		size_t cap = site->ring_cap ? 2 * site->ring_cap : 8;
		crawl_page **ring = xrealloc(NULL, cap * sizeof *ring);
		for (size_t i = 0; i < site->npending; i++)
			ring[i] = site->ring[(site->ring_head + i) % site->ring_cap];
		free(site->ring);
		site->ring = ring;
		site->ring_cap = cap;
		site->ring_head = 0;
	}
	site->ring[(site->ring_head + site->npending) % site->ring_cap] = p;
	site->npending++;
	update(s, site);
}

static crawl_page *pop_page(crawl_site *site)
{
	crawl_page *p = site->ring[site->ring_head];
	site->ring_head = (site->ring_head + 1) % site->ring_cap;
	site->npending--;
	return p;
}

const char *crawl_site_path(const crawl_site *site, const crawl_page *p)
{
	const char *path = p->url + site->origin_len;
	return *path == '/' ? path : "/";
}

/* A request of the site starts now. */
static void start(crawl_sched *s, crawl_site *site, int64_t now)
{
	site->active++;
	site->last_start_ms = now;
	site->next_ms = now + site->delay_ms;
	update(s, site);
}

crawl_job crawl_sched_next(crawl_sched *s, int64_t now, int64_t *wake_ms)
{
	crawl_job job = { CRAWL_JOB_NONE, NULL, NULL };
	if (s->heap_len == 0)
		return job;
	crawl_site *site = s->heap[0];
	job.site = site;
	if (site->next_ms > now) {
		*wake_ms = site->next_ms;
		job.kind = CRAWL_JOB_WAIT;
		return job;
	}
	if (site->robots_state == SITE_ROBOTS_NEEDED) {
		site->robots_state = SITE_ROBOTS_FETCHING;
		start(s, site, now);
		job.kind = CRAWL_JOB_ROBOTS;
		return job;
	}
	job.page = pop_page(site);
	if (site->robots && !robots_allowed(site->robots, crawl_site_path(site, job.page))) {
		update(s, site);
		job.kind = CRAWL_JOB_DENIED;
		return job;
	}
	start(s, site, now);
	job.kind = CRAWL_JOB_PAGE;
	return job;
}

void crawl_sched_sending(crawl_sched *s, crawl_site *site, int64_t now)
{
	if (now > site->last_start_ms)
		site->last_start_ms = now;
	if (now + site->delay_ms > site->next_ms) {
		site->next_ms = now + site->delay_ms;
		update(s, site);
	}
}

void crawl_sched_finish(crawl_sched *s, crawl_site *site)
{
	site->active--;
	update(s, site);
}

void crawl_sched_set_robots(crawl_sched *s, crawl_site *site, robots *r, const char *note)
{
	robots_free(site->robots);
	free(site->robots_note);
	site->robots = r;
	site->robots_note = NULL;
	if (note) {
		size_t n = strlen(note) + 1;
		site->robots_note = memcpy(xrealloc(NULL, n), note, n);
	}
	site->robots_state = SITE_ROBOTS_KNOWN;
	int64_t cd = r ? robots_crawl_delay_ms(r) : -1;
	site->delay_ms = cd > s->wait_ms ? cd : s->wait_ms;
	if (site->last_start_ms >= 0)
		site->next_ms = site->last_start_ms + site->delay_ms;
	update(s, site);
}
