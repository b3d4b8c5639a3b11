/*
 * robots.c — RFC 9309 robots.txt: a line parser that keeps the rules of
 * the groups meant for one crawler, and a longest-match matcher.
 *
 * Patterns are stored percent-normalised with runs of '*' collapsed, so
 * matching is the classic greedy wildcard walk (one backtrack point: the
 * last '*'): linear in practice and O(pattern × path) at worst, so a
 * hostile file cannot make it explode.
 */
#include "hex.h"
#include "robots.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct robots_rule {
	char *pat;          /* normalised, without the final '$' */
	size_t len;
	size_t weight;      /* octets that count for "most specific" ('$' included) */
	int allow;
	int anchored;       /* the pattern ended with '$' */
} robots_rule;

/* The rules of the groups that matched one way (by name, or by '*'). */
typedef struct rule_list {
	robots_rule *v;
	size_t n, cap;
	int64_t delay_ms;   /* -1: none */
} rule_list;

struct robots {
	rule_list rules;
};

static int is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Percent-normalise s[0..n) into out (room for 3n+1 bytes): %XX of an
 * unreserved character decoded, other escapes upper-cased, bytes outside
 * printable ASCII encoded. Returns the length written. */
static size_t normalise(const char *s, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && hex_value((unsigned char)s[i + 1]) >= 0 &&
		    hex_value((unsigned char)s[i + 2]) >= 0) {
			int v = hex_value((unsigned char)s[i + 1]) * 16 + hex_value((unsigned char)s[i + 2]);
			if (is_unreserved(v)) {
				out[o++] = (char)v;
			} else {
				out[o++] = '%';
				out[o++] = hex[v >> 4];
				out[o++] = hex[v & 15];
			}
			i += 2;
		} else if (c <= ' ' || c >= 0x7f) {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

static void list_free(rule_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].pat);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void add_rule(rule_list *l, int allow, const char *value, size_t len)
{
	if (len == 0)
		return;               /* "Disallow:" with no path disallows nothing */
	char *pat = xrealloc(NULL, 3 * len + 1);
	size_t n = normalise(value, len, pat);
	size_t weight = n;
	int anchored = n > 0 && pat[n - 1] == '$';
	if (anchored)
		pat[--n] = '\0';
	/* "a**b" matches what "a*b" matches: collapse, so matching stays cheap */
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (!(pat[i] == '*' && w > 0 && pat[w - 1] == '*'))
			pat[w++] = pat[i];
	pat[w] = '\0';
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (robots_rule){ pat, w, weight, allow, anchored };
}

/* Seconds (fractions allowed) as milliseconds, capped; -1 if not a number. */
static int64_t parse_delay(const char *v, size_t len)
{
	char buf[32];
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, v, len);
	buf[len] = '\0';
	char *end;
	double d = strtod(buf, &end);
	if (end == buf || *end || !(d >= 0))
		return -1;
	if (d * 1000 > ROBOTS_MAX_DELAY_MS)
		return ROBOTS_MAX_DELAY_MS;
	return (int64_t)(d * 1000 + 0.5);
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int is_token_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

static int key_is(const char *k, size_t klen, const char *name)
{
	return strlen(name) == klen && strncasecmp(k, name, klen) == 0;
}

robots *robots_parse(const char *text, size_t len, const char *token)
{
	rule_list named = { NULL, 0, 0, -1 }, star = { NULL, 0, 0, -1 };
	int named_seen = 0;          /* some group names us, even with no rules */
	int cur_named = 0, cur_star = 0;
	int in_rules = 1;            /* a user-agent line now starts a new group */
	size_t toklen = strlen(token);
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;               /* a UTF-8 byte order mark */
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		size_t end = i;
		if (i < len && text[i] == '\r')
			i++;                 /* CR, LF or CRLF ends a line */
		if (i < len && text[i] == '\n' && (i == end || i == end + 1))
			i++;
		/* key: value # comment */
		const char *hash = memchr(text + start, '#', end - start);
		if (hash)
			end = (size_t)(hash - text);
		const char *colon = memchr(text + start, ':', end - start);
		if (!colon)
			continue;
		size_t ks = start, ke = (size_t)(colon - text);
		while (ks < ke && is_blank(text[ks]))
			ks++;
		while (ke > ks && is_blank(text[ke - 1]))
			ke--;
		size_t vs = (size_t)(colon - text) + 1, ve = end;
		while (vs < ve && is_blank(text[vs]))
			vs++;
		while (ve > vs && is_blank(text[ve - 1]))
			ve--;
		const char *k = text + ks, *v = text + vs;
		size_t klen = ke - ks, vlen = ve - vs;
		if (key_is(k, klen, "user-agent")) {
			if (in_rules) {
				cur_named = cur_star = 0;
				in_rules = 0;
			}
			size_t t = 0;
			while (t < vlen && is_token_char((unsigned char)v[t]))
				t++;
			if (vlen > 0 && v[0] == '*') {
				cur_star = 1;
			} else if (t > 0 && t == toklen && strncasecmp(v, token, t) == 0) {
				cur_named = 1;
				named_seen = 1;
			}
		} else if (key_is(k, klen, "allow") || key_is(k, klen, "disallow")) {
			in_rules = 1;
			int allow = key_is(k, klen, "allow");
			if (cur_named)
				add_rule(&named, allow, v, vlen);
			if (cur_star)
				add_rule(&star, allow, v, vlen);
		} else if (key_is(k, klen, "crawl-delay")) {
			in_rules = 1;
			int64_t d = parse_delay(v, vlen);
			if (cur_named && d > named.delay_ms)
				named.delay_ms = d;
			if (cur_star && d > star.delay_ms)
				star.delay_ms = d;
		}
		/* sitemap: and unknown lines belong to no group and end none */
	}
	robots *r = xrealloc(NULL, sizeof *r);
	if (named_seen) {
		r->rules = named;
		list_free(&star);
	} else {
		r->rules = star;
		list_free(&named);
	}
	return r;
}

robots *robots_allow_all(void)
{
	return robots_parse("", 0, "");
}

robots *robots_disallow_all(void)
{
	static const char all[] = "User-agent: *\nDisallow: /\n";
	return robots_parse(all, sizeof all - 1, "");
}

void robots_free(robots *r)
{
	if (!r)
		return;
	list_free(&r->rules);
	free(r);
}

/* Does pattern p (no '$'; runs of '*' collapsed) match s: all of it if
 * anchored, else a prefix? Greedy, backtracking only to the last '*'. */
static int match(const char *p, size_t pn, int anchored, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
	while (si < sn) {
		if (pi < pn && p[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi == pn && !anchored)
			return 1;
		if (pi < pn && p[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		if (star_p != (size_t)-1) {
			pi = star_p;
			si = ++star_s;
			continue;
		}
		return 0;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

int robots_allowed(const robots *r, const char *path)
{
	if (!strcmp(path, "/robots.txt") || r->rules.n == 0)
		return 1;
	size_t n = strlen(path);
	char small[1024];
	char *norm = 3 * n + 1 <= sizeof small ? small : xrealloc(NULL, 3 * n + 1);
	size_t nn = normalise(path, n, norm);
	size_t best = 0;
	int found = 0, allow = 1;
	for (size_t i = 0; i < r->rules.n; i++) {
		const robots_rule *rule = &r->rules.v[i];
		if (found && rule->weight < best)
			continue;
		if (!match(rule->pat, rule->len, rule->anchored, norm, nn))
			continue;
		if (!found || rule->weight > best || rule->allow) {
			if (found && rule->weight == best)
				allow = allow || rule->allow;   /* Allow wins a tie */
			else
				allow = rule->allow;
			best = rule->weight;
			found = 1;
		}
	}
	if (norm != small)
		free(norm);
	return allow;
}

int64_t robots_crawl_delay_ms(const robots *r)
{
	return r->rules.delay_ms;
}

size_t robots_rule_count(const robots *r)
{
	return r->rules.n;
}

void robots_product_token(const char *user_agent, char *out, size_t outsz)
{
	size_t n = 0;
	while (is_token_char((unsigned char)user_agent[n]))
		n++;
	if (outsz == 0)
		return;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, user_agent, n);
	out[n] = '\0';
}
