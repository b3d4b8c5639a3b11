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
	const char *warc_file;  /* --warc-file NAME: write NAME.warc.gz; NULL = no */
	const char *ca_certificate;   /* --ca-certificate FILE, or NULL: system store */
	int no_check_certificate;     /* --no-check-certificate */
	int help;               /* --help was given: print usage, exit 0 */
	int max_per_host;       /* --max-per-host: requests in flight per site */
	int64_t wait_ms;        /* --wait: least time between starts per site */
	const char *user_agent; /* --user-agent (argv), or NULL for the default */
	int no_robots;          /* --no-robots */
	int span_hosts;         /* --span-hosts: follow links to other hosts */
	const char *domains;    /* --domains: comma-separated suffixes (argv), or NULL */
	char **roots;           /* the URL arguments, as given */
	int nroots;
} crawl_opts;

/* Parse argv. 0 on success; -1 with a message in err[errsz] otherwise.
 * Either way, release with crawl_opts_free. */
int crawl_opts_parse(crawl_opts *o, int argc, char **argv,
		     char *err, size_t errsz);

void crawl_opts_free(crawl_opts *o);

/* Is `host` (lower case) within --domains: equal to one of its entries or
 * ending with "." and one (a leading dot in an entry is ignored)? True
 * when no --domains was given. */
int crawl_opts_domain_ok(const crawl_opts *o, const char *host);

/* The --help text. */
extern const char crawl_usage[];

#endif
