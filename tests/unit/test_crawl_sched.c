/* test_crawl_sched.c — politeness per site: robots.txt first, slots per
 * host, the delay between starts, Crawl-delay, many sites interleaved. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "crawl_sched.h"

static crawl_pages pages;

static crawl_page *page(crawl_sched *s, const char *url)
{
	crawl_page *p = crawl_pages_add(&pages, url, 0);
	crawl_sched_push(s, p);
	return p;
}

static robots *rules(const char *text)
{
	return robots_parse(text, strlen(text), "corogen-crawler");
}

static void test_origin(void)
{
	CHECK_INT(crawl_url_origin_len("http://a:81/x"), 11, "with port");
	CHECK_INT(crawl_url_origin_len("http://a/"), 8, "no port");
	CHECK_INT(crawl_url_origin_len("https://b.c?q"), 11, "query, no path");
}

static void test_robots_first(void)
{
	crawl_sched s;
	crawl_sched_init(&s, 2, 0, 1);
	crawl_page *a = page(&s, "http://a/a");
	crawl_page *b = page(&s, "http://a/b");
	crawl_page *c = page(&s, "http://a/c");
	int64_t wake = -1;
	crawl_job j = crawl_sched_next(&s, 0, &wake);
	CHECK_INT(j.kind, CRAWL_JOB_ROBOTS, "robots.txt before the first page");
	CHECK_STR(j.site->origin, "http://a", "origin");
	crawl_site *site = j.site;
	CHECK_INT(crawl_sched_next(&s, 0, &wake).kind, CRAWL_JOB_NONE, "pages wait for robots.txt");
	crawl_sched_set_robots(&s, site, rules("User-agent: *\nDisallow: /b\n"), NULL);
	crawl_sched_finish(&s, site);
	j = crawl_sched_next(&s, 1, &wake);
	CHECK(j.kind == CRAWL_JOB_PAGE && j.page == a, "first page after robots.txt");
	j = crawl_sched_next(&s, 1, &wake);
	CHECK(j.kind == CRAWL_JOB_DENIED && j.page == b, "a disallowed page is denied");
	j = crawl_sched_next(&s, 1, &wake);
	CHECK(j.kind == CRAWL_JOB_PAGE && j.page == c, "denied pages take no slot");
	CHECK_INT(crawl_sched_next(&s, 1, &wake).kind, CRAWL_JOB_NONE, "queue empty");
	crawl_sched_free(&s);
}

static void test_slots_and_delay(void)
{
	crawl_sched s;
	crawl_sched_init(&s, 2, 0, 0);
	for (int i = 0; i < 4; i++) {
		char url[32];
		snprintf(url, sizeof url, "http://b/%d", i);
		page(&s, url);
	}
	int64_t wake = -1;
	crawl_job j1 = crawl_sched_next(&s, 0, &wake);
	crawl_job j2 = crawl_sched_next(&s, 0, &wake);
	CHECK(j1.kind == CRAWL_JOB_PAGE && j2.kind == CRAWL_JOB_PAGE, "two slots");
	CHECK_INT(crawl_sched_next(&s, 0, &wake).kind, CRAWL_JOB_NONE, "no third slot");
	crawl_sched_finish(&s, j1.site);
	CHECK_INT(crawl_sched_next(&s, 0, &wake).kind, CRAWL_JOB_PAGE, "a freed slot");
	crawl_sched_free(&s);

	crawl_sched_init(&s, 5, 100, 0);
	page(&s, "http://c/1");
	page(&s, "http://c/2");
	page(&s, "http://c/3");
	CHECK_INT(crawl_sched_next(&s, 1000, &wake).kind, CRAWL_JOB_PAGE, "first at once");
	CHECK_INT(crawl_sched_next(&s, 1050, &wake).kind, CRAWL_JOB_WAIT, "then --wait");
	CHECK_INT(wake, 1100, "wake at start + wait");
	crawl_job j = crawl_sched_next(&s, 1100, &wake);
	CHECK_INT(j.kind, CRAWL_JOB_PAGE, "due");
	crawl_sched_sending(&s, j.site, 1130);   /* the request left later */
	CHECK_INT(crawl_sched_next(&s, 1200, &wake).kind, CRAWL_JOB_WAIT, "counted from the send");
	CHECK_INT(wake, 1230, "wake at send + wait");
	crawl_sched_free(&s);
}

static void test_crawl_delay(void)
{
	crawl_sched s;
	crawl_sched_init(&s, 2, 100, 1);
	page(&s, "http://d/1");
	page(&s, "http://d/2");
	int64_t wake = -1;
	crawl_job j = crawl_sched_next(&s, 0, &wake);
	CHECK_INT(j.kind, CRAWL_JOB_ROBOTS, "robots.txt");
	crawl_sched_set_robots(&s, j.site, rules("User-agent: *\nCrawl-delay: 0.5\n"), NULL);
	crawl_sched_finish(&s, j.site);
	CHECK_INT(crawl_sched_next(&s, 200, &wake).kind, CRAWL_JOB_WAIT, "Crawl-delay > --wait");
	CHECK_INT(wake, 500, "from the robots.txt request");
	CHECK_INT(crawl_sched_next(&s, 500, &wake).kind, CRAWL_JOB_PAGE, "then the page");
	CHECK_INT(crawl_sched_next(&s, 600, &wake).kind, CRAWL_JOB_WAIT, "");
	CHECK_INT(wake, 1000, "Crawl-delay again");
	crawl_sched_free(&s);

	/* a smaller Crawl-delay does not shorten --wait */
	crawl_sched_init(&s, 2, 300, 1);
	page(&s, "http://e/1");
	j = crawl_sched_next(&s, 0, &wake);
	crawl_sched_set_robots(&s, j.site, rules("User-agent: *\nCrawl-delay: 0.1\n"), NULL);
	CHECK_INT(crawl_sched_next(&s, 100, &wake).kind, CRAWL_JOB_WAIT, "--wait > Crawl-delay");
	CHECK_INT(wake, 300, "--wait wins");
	crawl_sched_free(&s);
}

static void test_many_sites(void)
{
	crawl_sched s;
	crawl_sched_init(&s, 1, 10, 0);
	enum { N = 2000 };
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < N; i++) {
			char url[64];
			snprintf(url, sizeof url, "http://h%d.example/%d", i, round);
			page(&s, url);
		}
	CHECK_INT(s.nsites, N, "one site per host");
	/* at time 0 every site starts one page, each a different site */
	int64_t wake = -1;
	int started = 0, distinct = 1;
	crawl_job prev = { CRAWL_JOB_NONE, NULL, NULL };
	crawl_job *jobs = calloc(N, sizeof *jobs);
	for (;;) {
		crawl_job j = crawl_sched_next(&s, 0, &wake);
		if (j.kind != CRAWL_JOB_PAGE)
			break;
		if (prev.site == j.site)
			distinct = 0;
		jobs[started++] = prev = j;
	}
	CHECK_INT(started, N, "one page per site at once");
	CHECK(distinct, "sites interleave");
	/* one slot each: nothing more until a fetch ends, then after --wait */
	for (int i = 0; i < N; i++)
		crawl_sched_finish(&s, jobs[i].site);
	CHECK_INT(crawl_sched_next(&s, 5, &wake).kind, CRAWL_JOB_WAIT, "delay per site");
	CHECK_INT(wake, 10, "wake");
	int second = 0;
	while (crawl_sched_next(&s, 10, &wake).kind == CRAWL_JOB_PAGE)
		second++;
	CHECK_INT(second, N, "second round");
	free(jobs);
	crawl_sched_free(&s);
}

int main(void)
{
	crawl_pages_init(&pages);
	test_origin();
	test_robots_first();
	test_slots_and_delay();
	test_crawl_delay();
	test_many_sites();
	crawl_pages_free(&pages);
	return check_report("test_crawl_sched");
}
