/*
 * crawl_opts.h — the crawler's command line (SPEC section 5).
 *
 * Parsing is plain C with no global state: it fills a crawl_opts and, for
 * bad arguments, writes one line saying what is wrong. The caller prints
 * it and exits with status 2.
 */
#ifndef EX_CRAWL_OPTS_H
#define EX_CRAWL_OPTS_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

enum crawl_report_kind { CRAWL_REPORT_TEXT, CRAWL_REPORT_TSV };

typedef struct crawl_opts {
	int max_tasks;          /* -c, --max-tasks: concurrent fetches */
	int max_redirect;       /* redirects followed from one URL */
	int max_tries;          /* attempts on connection errors */
	int64_t timeout_ms;     /* per request: connect + send + receive */
	long max_pages;         /* URLs queued at most; -1 = no limit */
	size_t max_body;        /* body bytes accepted per response */
	int has_exclude;        /* `exclude` is compiled */
	regex_t exclude;        /* --exclude, POSIX extended */
	int report;             /* enum crawl_report_kind */
	int quiet;              /* -q: summary only */
	const char *ca_certificate;   /* --ca-certificate FILE, or NULL: system store */
	int no_check_certificate;     /* --no-check-certificate */
	int help;               /* --help was given: print usage, exit 0 */
	char **roots;           /* the URL arguments, as given */
	int nroots;
} crawl_opts;

/* Parse argv. 0 on success; -1 with a message in err[errsz] otherwise.
 * Either way, release with crawl_opts_free. */
int crawl_opts_parse(crawl_opts *o, int argc, char **argv,
		     char *err, size_t errsz);

void crawl_opts_free(crawl_opts *o);

/* The --help text. */
extern const char crawl_usage[];

#endif
