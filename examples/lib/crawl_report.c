/*
 * crawl_report.c — the crawler's tsv and text reports and its summary.
 */
#include "crawl_report.h"

#include <string.h>

void crawl_report_detail(const crawl_page *p, char *out, size_t outsz)
{
	if (p->status == 0 || p->detail)
		snprintf(out, outsz, "%s", p->detail ? p->detail : "not fetched");
	else
		snprintf(out, outsz, "%zu", p->size);
}

static void status_text(const crawl_page *p, char *out, size_t outsz)
{
	if (p->status)
		snprintf(out, outsz, "%d", p->status);
	else
		snprintf(out, outsz, "error");
}

void crawl_report_tsv(FILE *out, crawl_pages *pages, int quiet)
{
	if (quiet)
		return;
	crawl_page **sorted = crawl_pages_sorted(pages);
	char status[16], detail[4200];
	for (size_t i = 0; i < pages->count; i++) {
		status_text(sorted[i], status, sizeof status);
		crawl_report_detail(sorted[i], detail, sizeof detail);
		fprintf(out, "%s\t%s\t%s\n", sorted[i]->url, status, detail);
	}
}

/* How many pages had each status: statuses 100..599 and errors. */
static void print_totals(FILE *out, const crawl_pages *pages)
{
	size_t by_status[600] = { 0 }, errors = 0;
	for (size_t i = 0; i < pages->count; i++) {
		int s = pages->order[i]->status;
		if (s >= 100 && s < 600)
			by_status[s]++;
		else
			errors++;
	}
	fprintf(out, "by status:");
	for (int s = 100; s < 600; s++)
		if (by_status[s])
			fprintf(out, " %d: %zu,", s, by_status[s]);
	fprintf(out, " error: %zu\n", errors);
}

void crawl_report_text(FILE *out, crawl_pages *pages, const crawl_stats *st,
		       int quiet)
{
	crawl_page **sorted = crawl_pages_sorted(pages);
	if (!quiet) {
		char status[16], detail[4200];
		for (size_t i = 0; i < pages->count; i++) {
			const crawl_page *p = sorted[i];
			status_text(p, status, sizeof status);
			if (p->status == 0) {
				fprintf(out, "%-5s %s  (%s, %d %s)\n", status, p->url,
					p->detail ? p->detail : "not fetched",
					p->tries, p->tries == 1 ? "try" : "tries");
			} else if (p->detail) {
				crawl_report_detail(p, detail, sizeof detail);
				fprintf(out, "%-5s %s  -> %s\n", status, p->url, detail);
			} else {
				fprintf(out, "%-5s %s  %zu bytes, %zu links, %zu new\n",
					status, p->url, p->size, p->links, p->new_links);
			}
		}
		fputc('\n', out);
	}
	fprintf(out, "%zu URLs: %zu fetched, %zu failed\n",
		pages->count, st->fetched, st->failed);
	print_totals(out, pages);
	fprintf(out, "bytes: %zu, links found: %zu\n", st->bytes, st->links);
	fprintf(out, "connections: %zu opened, %zu reuses, %zu retries, %zu stale resends\n",
		st->connects, st->reuses, st->retries, st->stale_resends);
	fprintf(out, "links not followed: %zu other host, %zu excluded, %zu over --max-pages\n",
		st->skipped_host, st->skipped_exclude, st->skipped_limit);
	fprintf(out, "robots.txt: %zu requests, %zu URLs disallowed\n",
		st->robots_fetches, st->robots_denied);
	fprintf(out, "elapsed: %.3f s, %.1f pages/s\n", st->seconds,
		st->seconds > 0 ? (double)pages->count / st->seconds : 0.0);
}

void crawl_report_summary(FILE *out, const crawl_pages *pages,
			  const crawl_stats *st)
{
	fprintf(out, "crawler: %zu URLs, %zu fetched, %zu failed, %zu bytes in %.3f s, %.1f URLs/s\n",
		pages->count, st->fetched, st->failed, st->bytes, st->seconds,
		st->seconds > 0 ? (double)pages->count / st->seconds : 0.0);
}
