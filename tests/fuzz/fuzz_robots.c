/*
 * fuzz_robots.c — libFuzzer target for examples/lib/robots.c: parse a
 * robots.txt and match paths against it, as the crawler does.
 *
 * Input: FILE, then optionally NUL PATH NUL PATH ... (paths to check).
 * The file is parsed for two tokens ("corogen-crawler" and "x"), every
 * path is checked against both, and so are a few fixed paths.
 *
 * Checked: "/robots.txt" is always allowed; matching is deterministic;
 * a parse of the same bytes gives the same answers; a file with no rule
 * allows everything; the Crawl-delay is -1 or within [0, the cap].
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "robots.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_robots: %s\n", what);
		abort();
	}
}

static const char *fixed[] = { "/", "/robots.txt", "/a", "/a/b?c=d", "/%7E", "/caf%C3%A9" };

static void check_path(const robots *r, const robots *again, const char *path)
{
	int a = robots_allowed(r, path);
	check(a == 0 || a == 1, "robots_allowed: not 0 or 1");
	check(a == robots_allowed(r, path), "robots_allowed: not deterministic");
	check(a == robots_allowed(again, path), "a second parse disagrees");
	if (robots_rule_count(r) == 0)
		check(a == 1, "no rule, yet disallowed");
}

static void one_token(const char *file, size_t flen, const char *token,
		      const char *paths, size_t plen)
{
	robots *r = robots_parse(file, flen, token);
	robots *again = robots_parse(file, flen, token);
	check(robots_allowed(r, "/robots.txt") == 1, "/robots.txt disallowed");
	int64_t d = robots_crawl_delay_ms(r);
	check(d == -1 || (d >= 0 && d <= ROBOTS_MAX_DELAY_MS), "crawl-delay out of range");
	check(d == robots_crawl_delay_ms(again), "crawl-delay differs between parses");
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		check_path(r, again, fixed[i]);
	/* paths: NUL-separated, each in its own heap block */
	size_t i = 0;
	while (i < plen) {
		const char *nul = memchr(paths + i, 0, plen - i);
		size_t n = nul ? (size_t)(nul - (paths + i)) : plen - i;
		char *p = malloc(n + 2);
		p[0] = '/';
		memcpy(p + 1, paths + i, n);
		p[n + 1] = '\0';
		check_path(r, again, p);
		free(p);
		i += n + 1;
	}
	robots_free(r);
	robots_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > ROBOTS_MAX_BYTES)
		return 0;
	const char *s = (const char *)data;
	const char *nul = memchr(s, 0, size);
	size_t flen = nul ? (size_t)(nul - s) : size;
	const char *paths = nul ? nul + 1 : s + size;
	size_t plen = nul ? size - flen - 1 : 0;
	char *file = malloc(flen ? flen : 1);   /* exactly sized: overreads are reports */
	memcpy(file, s, flen);
	one_token(file, flen, "corogen-crawler", paths, plen);
	one_token(file, flen, "x", paths, plen);
	free(file);
	return 0;
}
