/*
 * crawl_opts.c — the crawler's command line: GNU-style long options
 * (`--name value` or `--name=value`), -c and -q, then the root URLs.
 */
#include "crawl_opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawl_fetch.h"

const char crawl_usage[] =
	"usage: crawler [options] URL...\n"
	"Crawl http:// and https:// sites from the root URLs, following links on\n"
	"their hosts.\n"
	"\n"
	"  -c, --max-tasks N      concurrent fetches (default 10)\n"
	"  --max-redirect N       redirects followed from one URL (default 10)\n"
	"  --max-tries N          attempts on connection errors (default 4)\n"
	"  --timeout SECONDS      per request (default 10)\n"
	"  --max-pages N          stop queueing new URLs after N (default: no limit)\n"
	"  --max-body BYTES       largest response body accepted (default 8388608)\n"
	"  --exclude REGEX        skip URLs matching a POSIX extended regex\n"
	"  --report text|tsv      text (default) for people, tsv for programs\n"
	"  --max-per-host N       requests in flight to one host (default 2)\n"
	"  --wait SECONDS         least time between requests to one host (default 0;\n"
	"                         a larger robots.txt Crawl-delay wins)\n"
	"  --user-agent STRING    User-Agent header, also the name matched in robots.txt\n"
	"                         (default " CRAWL_FETCH_USER_AGENT ")\n"
	"  --no-robots            do not fetch or honour robots.txt\n"
	"  -H, --span-hosts       follow links to any host, not only the roots' hosts\n"
	"  -D, --domains LIST     with --span-hosts: only hosts in these comma-separated\n"
	"                         domains (example.com takes www.example.com too)\n"
	"  -q, --quiet            summary only\n"
	"  --warc-file NAME       also write every request and response to NAME.warc.gz\n"
	"  --ca-certificate FILE  trust the CA certificates in FILE (PEM) for https,\n"
	"                         instead of the system's\n"
	"  --no-check-certificate do not verify https certificates\n"
	"  --help                 this text\n"
	"\n"
	"Exit status: 0 when the crawl finished (even with failed URLs),\n"
	"2 for bad arguments.\n";

static int fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* A whole decimal number in [min, max]. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Seconds, possibly fractional, more than 0 and at most a day. */
static int parse_seconds(const char *s, int64_t *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 86400)
		return -1;
	*ms = (int64_t)(v * 1000 + 0.5);
	if (*ms < 1)
		*ms = 1;
	return 0;
}

/* The option table: name, short letter, whether it takes a value. */
typedef struct opt_spec {
	const char *name;
	char short_name;
	int has_value;
} opt_spec;

static const opt_spec specs[] = {
	{ "max-tasks", 'c', 1 }, { "max-redirect", 0, 1 }, { "max-tries", 0, 1 },
	{ "timeout", 0, 1 }, { "max-pages", 0, 1 }, { "max-body", 0, 1 },
	{ "exclude", 0, 1 }, { "report", 0, 1 }, { "quiet", 'q', 0 },
	{ "help", 'h', 0 }, { "max-per-host", 0, 1 }, { "wait", 0, 1 },
	{ "user-agent", 0, 1 }, { "no-robots", 0, 0 }, { "span-hosts", 'H', 0 },
	{ "domains", 'D', 1 }, { "warc-file", 0, 1 },
	{ "ca-certificate", 0, 1 }, { "no-check-certificate", 0, 0 },
};

static const opt_spec *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (strlen(specs[i].name) == len && !memcmp(specs[i].name, name, len))
			return &specs[i];
	return NULL;
}

static const opt_spec *find_short(char c)
{
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (specs[i].short_name == c)
			return &specs[i];
	return NULL;
}

/* Store one option's value. */
static int apply(crawl_opts *o, const opt_spec *s, const char *v,
		 char *err, size_t errsz)
{
	long n;
	const char *name = s->name;
	if (!strcmp(name, "max-tasks")) {
		/* Each task holds a socket; the loop (epoll) takes any
		 * number of them up to RLIMIT_NOFILE. */
		if (parse_long(v, 1, 10000, &n))
			return fail(err, errsz, "--max-tasks: expected a number from 1 to 10000, got '%s'", v);
		o->max_tasks = (int)n;
	} else if (!strcmp(name, "max-redirect")) {
		if (parse_long(v, 0, 1000, &n))
			return fail(err, errsz, "--max-redirect: expected a number from 0 to 1000, got '%s'", v);
		o->max_redirect = (int)n;
	} else if (!strcmp(name, "max-tries")) {
		if (parse_long(v, 1, 1000, &n))
			return fail(err, errsz, "--max-tries: expected a number from 1 to 1000, got '%s'", v);
		o->max_tries = (int)n;
	} else if (!strcmp(name, "timeout")) {
		if (parse_seconds(v, &o->timeout_ms))
			return fail(err, errsz, "--timeout: expected seconds above 0 (at most 86400), got '%s'", v);
	} else if (!strcmp(name, "max-pages")) {
		if (parse_long(v, 1, 1000000000L, &n))
			return fail(err, errsz, "--max-pages: expected a number of at least 1, got '%s'", v);
		o->max_pages = n;
	} else if (!strcmp(name, "max-body")) {
		if (parse_long(v, 0, 1L << 30, &n))
			return fail(err, errsz, "--max-body: expected a byte count from 0 to 1073741824, got '%s'", v);
		o->max_body = (size_t)n;
	} else if (!strcmp(name, "exclude")) {
		if (o->has_exclude) {
			regfree(&o->exclude);
			o->has_exclude = 0;
		}
		int rc = regcomp(&o->exclude, v, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char why[128];
			regerror(rc, &o->exclude, why, sizeof why);
			return fail(err, errsz, "--exclude: bad regular expression '%s': %s", v, why);
		}
		o->has_exclude = 1;
	} else if (!strcmp(name, "report")) {
		if (!strcmp(v, "text"))
			o->report = CRAWL_REPORT_TEXT;
		else if (!strcmp(v, "tsv"))
			o->report = CRAWL_REPORT_TSV;
		else
			return fail(err, errsz, "--report: expected 'text' or 'tsv', got '%s'", v);
	} else if (!strcmp(name, "max-per-host")) {
		if (parse_long(v, 1, 1000, &n))
			return fail(err, errsz, "--max-per-host: expected a number from 1 to 1000, got '%s'", v);
		o->max_per_host = (int)n;
	} else if (!strcmp(name, "wait")) {
		char *end;
		errno = 0;
		double w = strtod(v, &end);
		if (errno || end == v || *end || !(w >= 0) || w > 86400)
			return fail(err, errsz, "--wait: expected seconds from 0 to 86400, got '%s'", v);
		o->wait_ms = (int64_t)(w * 1000 + 0.5);
	} else if (!strcmp(name, "user-agent")) {
		/* it goes into a header line: no control characters */
		int bad = !*v;
		for (const char *c = v; *c; c++)
			bad |= (unsigned char)*c < ' ' || *c == 0x7f;
		if (bad)
			return fail(err, errsz, "--user-agent: expected a non-empty string without control characters");
		o->user_agent = v;
	} else if (!strcmp(name, "no-robots")) {
		o->no_robots = 1;
	} else if (!strcmp(name, "span-hosts")) {
		o->span_hosts = 1;
	} else if (!strcmp(name, "domains")) {
		if (!*v || strspn(v, ",") == strlen(v))
			return fail(err, errsz, "--domains: expected a comma-separated list of domains, got '%s'", v);
		o->domains = v;
	} else if (!strcmp(name, "warc-file")) {
		if (!*v)
			return fail(err, errsz, "--warc-file: expected a file name");
		o->warc_file = v;
	} else if (!strcmp(name, "quiet")) {
		o->quiet = 1;
	} else if (!strcmp(name, "ca-certificate")) {
		if (!*v)
			return fail(err, errsz, "--ca-certificate: expected a file name");
		o->ca_certificate = v;
	} else if (!strcmp(name, "no-check-certificate")) {
		o->no_check_certificate = 1;
	} else {
		o->help = 1;
	}
	return 0;
}

int crawl_opts_parse(crawl_opts *o, int argc, char **argv,
		     char *err, size_t errsz)
{
	memset(o, 0, sizeof *o);
	o->max_tasks = 10;
	o->max_redirect = 10;
	o->max_tries = 4;
	o->timeout_ms = 10000;
	o->max_pages = -1;
	o->max_body = 8u << 20;
	o->report = CRAWL_REPORT_TEXT;
	o->max_per_host = 2;
	o->roots = calloc((size_t)argc + 1, sizeof *o->roots);
	if (!o->roots)
		return fail(err, errsz, "out of memory");

	int only_urls = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_urls || a[0] != '-' || a[1] == '\0') {
			o->roots[o->nroots++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_urls = 1;
			continue;
		}
		const opt_spec *s;
		const char *value = NULL;
		char shown[64];
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			s = find_long(a + 2, len);
			snprintf(shown, sizeof shown, "--%.*s", (int)(len > 40 ? 40 : len), a + 2);
			if (!s)
				return fail(err, errsz, "unknown option '%s'", shown);
			if (eq && !s->has_value)
				return fail(err, errsz, "option '%s' takes no value", shown);
			if (eq)
				value = eq + 1;
		} else {
			s = find_short(a[1]);
			snprintf(shown, sizeof shown, "-%c", a[1]);
			if (!s)
				return fail(err, errsz, "unknown option '%s'", shown);
			if (a[2] && s->has_value)
				value = a + 2;          /* -c5 */
			else if (a[2])
				return fail(err, errsz, "unknown option '%s'", a);
		}
		if (s->has_value && !value) {
			if (i + 1 >= argc)
				return fail(err, errsz, "option '%s' needs a value", shown);
			value = argv[++i];
		}
		if (apply(o, s, value, err, errsz))
			return -1;
	}
	if (!o->help && o->nroots == 0)
		return fail(err, errsz, "no URL given");
	return 0;
}

void crawl_opts_free(crawl_opts *o)
{
	if (o->has_exclude)
		regfree(&o->exclude);
	o->has_exclude = 0;
	free(o->roots);
	o->roots = NULL;
}

int crawl_opts_domain_ok(const crawl_opts *o, const char *host)
{
	if (!o->domains)
		return 1;
	size_t hn = strlen(host);
	const char *d = o->domains;
	while (*d) {
		size_t n = strcspn(d, ",");
		const char *name = d;
		size_t len = n;
		while (len && *name == '.') {
			name++;
			len--;
		}
		if (len && len <= hn && !strncasecmp(host + hn - len, name, len) &&
		    (len == hn || host[hn - len - 1] == '.'))
			return 1;
		d += n;
		if (*d == ',')
			d++;
	}
	return 0;
}
