/* test_robots.c — robots.txt parsing and matching (RFC 9309). */
#include <stdlib.h>

#include "check.h"
#include "robots.h"

static robots *parse(const char *text, const char *token)
{
	return robots_parse(text, strlen(text), token);
}

/* Each case: a file, the token, paths and whether each is allowed. */
typedef struct path_case {
	const char *path;
	int allowed;
} path_case;

static void expect(const char *what, const robots *r, const path_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int got = robots_allowed(r, c[i].path);
		CHECK(got == c[i].allowed, "%s: %s: got %s, want %s", what, c[i].path,
		      got ? "allowed" : "disallowed", c[i].allowed ? "allowed" : "disallowed");
	}
}

#define EXPECT(what, r, ...) do { \
	static const path_case cases_[] = { __VA_ARGS__ }; \
	expect((what), (r), cases_, sizeof cases_ / sizeof cases_[0]); \
} while (0)

static void test_groups(void)
{
	const char *f =
		"# a comment line\n"
		"User-agent: *\n"
		"Disallow: /private/\n"
		"Crawl-delay: 5\n"
		"\n"
		"User-agent: OtherBot\n"
		"Disallow: /\n"
		"\n"
		"User-Agent: COROGEN-crawler/1.0\n"
		"user-agent: friend\n"
		"Disallow: /secret   # trailing comment\n"
		"Crawl-delay: 0.25\n"
		"\n"
		"Sitemap: http://example.com/sitemap.xml\n"
		"User-agent: corogen-crawler\n"
		"Disallow: /also\n";
	robots *r = parse(f, "corogen-crawler");
	/* both groups naming us are merged; the '*' group is not used */
	EXPECT("named group", r,
	       { "/", 1 }, { "/private/x", 1 }, { "/secret", 0 }, { "/secret/a", 0 },
	       { "/secretive", 0 }, { "/also", 0 }, { "/other", 1 });
	CHECK_INT(robots_crawl_delay_ms(r), 250, "named crawl-delay");
	CHECK_INT(robots_rule_count(r), 2, "named rules");
	robots_free(r);

	r = parse(f, "somebody");
	EXPECT("star group", r, { "/", 1 }, { "/private/", 0 }, { "/private/x", 0 },
	       { "/secret", 1 });
	CHECK_INT(robots_crawl_delay_ms(r), 5000, "star crawl-delay");
	robots_free(r);

	r = parse(f, "otherbot");
	EXPECT("case-insensitive name", r, { "/", 0 }, { "/anything", 0 }, { "/robots.txt", 1 });
	CHECK_INT(robots_crawl_delay_ms(r), -1, "no crawl-delay");
	robots_free(r);

	r = parse(f, "friend");
	EXPECT("second agent line of a group", r, { "/secret", 0 }, { "/also", 1 });
	robots_free(r);

	/* a group naming us with no rules: allow all, not the '*' rules */
	r = parse("User-agent: *\nDisallow: /\n\nUser-agent: corogen-crawler\n\n", "corogen-crawler");
	EXPECT("empty named group", r, { "/", 1 }, { "/x", 1 });
	robots_free(r);

	/* no group for us and no '*' group */
	r = parse("User-agent: a\nDisallow: /\n", "corogen-crawler");
	EXPECT("no applicable group", r, { "/", 1 });
	robots_free(r);

	/* rules before any user-agent line belong to no group */
	r = parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", "b");
	EXPECT("orphan rules", r, { "/", 1 }, { "/x", 0 });
	robots_free(r);

	/* a name is a whole token: "corogen" does not name "corogen-crawler" */
	r = parse("User-agent: corogen\nDisallow: /\n", "corogen-crawler");
	EXPECT("token is whole", r, { "/", 1 });
	robots_free(r);

	/* CR and CRLF line ends, a BOM, blanks around keys and values */
	r = parse("\xEF\xBB\xBFUser-agent:*\r\n  Disallow :  /a  \rAllow:/a/b\r\n", "x");
	EXPECT("line ends", r, { "/a", 0 }, { "/a/b", 1 }, { "/b", 1 });
	robots_free(r);
}

static void test_matching(void)
{
	robots *r = parse(
		"User-agent: *\n"
		"Disallow: /fish\n"
		"Allow: /fish/salmon\n"
		"Disallow: /*.php$\n"
		"Disallow: /*?sessionid=\n"
		"Allow: /page\n"
		"Disallow: /page\n"
		"Disallow: /exact$\n"
		"Disallow: /a*b*c\n"
		"Disallow: /cafe%CC\n"
		"Disallow: /%7Euser/\n"
		"Disallow: /q%2fr\n"
		"Allow: /tie$\n"
		"Disallow: /tie\n"
		"Disallow:\n", "x");
	EXPECT("longest match, wildcards, $", r,
	       { "/fish", 0 }, { "/fish.html", 0 }, { "/fish/salmon.html", 1 },
	       { "/Fish", 1 }, { "/catfish", 1 },
	       { "/index.php", 0 }, { "/index.php?x", 1 }, { "/dir/x.php", 0 }, { "/x.phps", 1 },
	       { "/a?sessionid=1", 0 }, { "/a?id=1", 1 },
	       { "/page", 1 }, { "/page.html", 1 },               /* Allow wins a tie */
	       { "/exact", 0 }, { "/exact/", 1 }, { "/exactly", 1 },
	       { "/abc", 0 }, { "/aXbYc/z", 0 }, { "/acb", 1 }, { "/a", 1 },
	       { "/tie", 1 }, { "/tie2", 0 },
	       { "/robots.txt", 1 }, { "/", 1 });
	/* percent-encoding: unreserved escapes decoded, others compared upper-case */
	EXPECT("percent-encoding", r,
	       { "/cafe%cc", 0 }, { "/cafe%CC%81", 0 }, { "/~user/x", 0 }, { "/%7euser/x", 0 },
	       { "/q%2Fr", 0 }, { "/q/r", 1 }, { "/%66ish", 0 });
	CHECK_INT(robots_rule_count(r), 13, "empty Disallow is not a rule");
	robots_free(r);

	/* raw non-ASCII in the file and %-encoded in the path are the same octets */
	r = parse("User-agent: *\nDisallow: /caf\xC3\xA9\n", "x");
	EXPECT("non-ASCII", r, { "/caf%C3%A9", 0 }, { "/caf%c3%a9/x", 0 }, { "/cafe", 1 });
	robots_free(r);

	/* a pathological pattern stays fast (greedy matching, no blow-up) */
	char pat[2100], path[4100];
	strcpy(pat, "User-agent: *\nDisallow: /");
	for (int i = 0; i < 1000; i++)
		strcat(pat, "a*");
	strcat(pat, "b\n");
	path[0] = '/';
	memset(path + 1, 'a', 4000);
	path[4001] = '\0';
	r = parse(pat, "x");
	CHECK(robots_allowed(r, path) == 1, "pathological pattern");
	robots_free(r);
}

static void test_fixed_answers(void)
{
	robots *r = robots_allow_all();
	EXPECT("allow all", r, { "/", 1 }, { "/x?y", 1 });
	CHECK_INT(robots_crawl_delay_ms(r), -1, "allow all: no delay");
	robots_free(r);
	r = robots_disallow_all();
	EXPECT("disallow all", r, { "/", 0 }, { "/x?y", 0 }, { "/robots.txt", 1 });
	robots_free(r);

	/* Crawl-delay: fractions, junk ignored, capped */
	r = parse("User-agent: *\nCrawl-delay: junk\nCrawl-delay: 1.5\n", "x");
	CHECK_INT(robots_crawl_delay_ms(r), 1500, "fractional delay");
	robots_free(r);
	r = parse("User-agent: *\nCrawl-delay: 99999\n", "x");
	CHECK_INT(robots_crawl_delay_ms(r), ROBOTS_MAX_DELAY_MS, "capped delay");
	robots_free(r);
	r = parse("User-agent: *\nCrawl-delay: -3\n", "x");
	CHECK_INT(robots_crawl_delay_ms(r), -1, "negative delay ignored");
	robots_free(r);
}

static void test_product_token(void)
{
	char tok[32];
	robots_product_token("corogen-crawler/1.0 (+https://x)", tok, sizeof tok);
	CHECK_STR(tok, "corogen-crawler", "token of a User-Agent");
	robots_product_token("My_Bot", tok, sizeof tok);
	CHECK_STR(tok, "My_Bot", "whole string");
	robots_product_token("/1.0", tok, sizeof tok);
	CHECK_STR(tok, "", "no token");
	robots_product_token("abcdefgh", tok, 4);
	CHECK_STR(tok, "abc", "truncated");
}

int main(void)
{
	test_groups();
	test_matching();
	test_fixed_answers();
	test_product_token();
	return check_report("test_robots");
}
