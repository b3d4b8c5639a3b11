/*
 * url.c — RFC 3986 reference resolution and normalisation for http and
 * https URLs.
 *
 * The result is written straight into the caller's buffer: authority,
 * then the merged path, whose dot segments are then removed in place
 * (the write position never passes the read position), then the query.
 */
#include "hex.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

static const char *const err_reasons[] = {
	[URL_OK] = "ok",
	[URL_E_SCHEME] = "not an http or https URL",
	[URL_E_RELATIVE] = "relative URL without a base",
	[URL_E_BASE] = "bad base URL",
	[URL_E_HOST] = "bad host",
	[URL_E_PORT] = "bad port",
	[URL_E_USERINFO] = "user info in URL not supported",
	[URL_E_TOO_LONG] = "URL too long",
	[URL_E_NOMEM] = "out of memory",
	[URL_E_NOT_NORMAL] = "URL not normalised",
};

const char *url_err_str(url_err e)
{
	if ((unsigned)e >= sizeof err_reasons / sizeof err_reasons[0])
		return "unknown error";
	return err_reasons[e];
}

/* ---- splitting (RFC 3986 appendix B) ---- */

typedef struct span {
	const char *p;
	size_t n;
	int set;      /* the component is present (it may still be empty) */
} span;

typedef struct url_parts {
	span scheme, authority, path, query;   /* the fragment is dropped */
} url_parts;

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static void split(const char *s, size_t n, url_parts *u)
{
	size_t i = 0;
	memset(u, 0, sizeof *u);
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (n && is_alpha(s[0])) {
		size_t j = 1;
		while (j < n && (is_alpha(s[j]) || is_digit(s[j]) ||
				 s[j] == '+' || s[j] == '-' || s[j] == '.'))
			j++;
		if (j < n && s[j] == ':') {
			u->scheme = (span){ s, j, 1 };
			i = j + 1;
		}
	}
	if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t j = i + 2;
		while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#')
			j++;
		u->authority = (span){ s + i + 2, j - i - 2, 1 };
		i = j;
	}
	size_t j = i;
	while (j < n && s[j] != '?' && s[j] != '#')
		j++;
	u->path = (span){ s + i, j - i, 1 };
	i = j;
	if (i < n && s[i] == '?') {
		j = ++i;
		while (j < n && s[j] != '#')
			j++;
		u->query = (span){ s + i, j - i, 1 };
	}
}

/* ---- output ---- */

typedef struct writer {
	char *buf;
	size_t cap, len;
	int full;
} writer;

static void put(writer *w, const char *p, size_t n)
{
	if (n >= w->cap - w->len) {   /* keep room for the NUL */
		w->full = 1;
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_c(writer *w, char c)
{
	put(w, &c, 1);
}

/* Percent-encode bytes a request line cannot carry: WHATWG's path and
 * special-query percent-encode sets ("'" in a query too). */
static int needs_encoding(unsigned char c, int in_query)
{
	if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>')
		return 1;
	if (in_query)
		return c == '\'';
	return c == '`' || c == '{' || c == '}';
}

/* RFC 3986 section 2.3: never changed by percent-encoding or decoding. */
static int is_unreserved(unsigned char c)
{
	return is_alpha((char)c) || is_digit((char)c) || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

/* Copy a path or query, percent-encoding what needs it and normalising
 * existing percent-encodings (RFC 3986 section 6.2.2): hex digits upper
 * case, unreserved characters decoded ("%7e" is "~", "%2E" is "." and
 * counts as a dot segment, as in WHATWG). A '%' not followed by two hex
 * digits is left alone, as browsers do; an escape that would decode to a
 * hex digit right after such a bare '%' is kept, or the result would
 * spell a new escape ("%%41b" is not "%Ab") and normalising twice would
 * differ. */
static void put_encoded(writer *w, span s, int in_query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t bare = 0;            /* w->len just after the last bare '%', */
	int have_bare = 0;          /*   if there was one */
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		int hi, lo;
		if (c == '%' && i + 2 < s.n &&
		    (hi = hex_value(s.p[i + 1])) >= 0 && (lo = hex_value(s.p[i + 2])) >= 0) {
			unsigned char d = (unsigned char)(hi << 4 | lo);
			int joins_bare = have_bare && hex_value((char)d) >= 0 &&
				(bare == w->len ||
				 (bare + 1 == w->len && hex_value(w->buf[w->len - 1]) >= 0));
			if (is_unreserved(d) && !joins_bare) {
				put_c(w, (char)d);
			} else {
				char e[3] = { '%', hex[hi], hex[lo] };
				put(w, e, 3);
			}
			i += 2;
		} else if (needs_encoding(c, in_query)) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			put(w, e, 3);
		} else {
			put_c(w, (char)c);
			if (c == '%') {
				bare = w->len;
				have_bare = 1;
			}
		}
	}
}

/* ---- authority ---- */

static int is_host_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

/* Parse authority = host [ ":" port ] into a host span (brackets kept for
 * IPv6 literals) and a port number (default_port when absent or empty). */
static url_err parse_authority(span a, span *host, int *port, int default_port)
{
	for (size_t i = 0; i < a.n; i++)
		if (a.p[i] == '@')
			return URL_E_USERINFO;
	size_t h = 0;
	if (a.n && a.p[0] == '[') {
		while (h < a.n && a.p[h] != ']') {
			char c = lower(a.p[h]);
			if (h > 0 && !is_digit(c) && !(c >= 'a' && c <= 'f') &&
			    c != ':' && c != '.')
				return URL_E_HOST;
			h++;
		}
		if (h == a.n || h == 1)
			return URL_E_HOST;
		h++;   /* the ']' */
	} else {
		while (h < a.n && a.p[h] != ':') {
			if (!is_host_char(a.p[h]))
				return URL_E_HOST;
			h++;
		}
	}
	if (h == 0 || h > URL_HOST_MAX)
		return URL_E_HOST;
	*host = (span){ a.p, h, 1 };
	*port = default_port;
	if (h == a.n)
		return URL_OK;
	if (a.p[h] != ':')
		return URL_E_HOST;
	if (h + 1 == a.n)     /* "host:" means the default port */
		return URL_OK;
	long v = 0;
	for (size_t i = h + 1; i < a.n; i++) {
		if (!is_digit(a.p[i]))
			return URL_E_PORT;
		v = v * 10 + (a.p[i] - '0');
		if (v > 65535)
			return URL_E_PORT;
	}
	if (v == 0)
		return URL_E_PORT;
	*port = (int)v;
	return URL_OK;
}

static url_err put_authority(writer *w, span a, int default_port)
{
	span host;
	int port;
	url_err e = parse_authority(a, &host, &port, default_port);
	if (e)
		return e;
	for (size_t i = 0; i < host.n; i++)
		put_c(w, lower(host.p[i]));
	if (port != default_port) {
		char digits[8];
		int n = 0;
		for (int v = port; v; v /= 10)
			digits[n++] = (char)('0' + v % 10);
		put_c(w, ':');
		while (n)
			put_c(w, digits[--n]);
	}
	return URL_OK;
}

/* ---- path ---- */

/* RFC 3986 section 5.2.4 over an absolute path, in place, one segment at
 * a time. Returns the new length. */
static size_t remove_dot_segments(char *s, size_t n)
{
	size_t in = 0, out = 0;
	while (in < n) {            /* s[in] == '/' */
		size_t start = in + 1, end = start;
		while (end < n && s[end] != '/')
			end++;
		size_t len = end - start;
		int last = end == n;
		if (len == 1 && s[start] == '.') {
			if (last)
				s[out++] = '/';
		} else if (len == 2 && s[start] == '.' && s[start + 1] == '.') {
			while (out > 0 && s[--out] != '/')
				;
			if (last)
				s[out++] = '/';
		} else {
			s[out++] = '/';
			memmove(s + out, s + start, len);
			out += len;
		}
		in = end;
	}
	return out;
}

/* The directory part of the base path, for merging (section 5.2.3). */
static span base_directory(span base_path)
{
	size_t n = base_path.n;
	while (n > 0 && base_path.p[n - 1] != '/')
		n--;
	return (span){ base_path.p, n, 1 };
}

/* ---- resolution (section 5.2.2) ---- */

/* The default port of the schemes followed, 0 for any other. Called
 * for every link, hence no loop: c | 0x20 is c in lower case for letters,
 * and only 'H' and 'h' give 'h' (likewise t, p, s). */
static int default_port(span scheme)
{
	const char *p = scheme.p;
	if (scheme.n < 4 || scheme.n > 5 || (p[0] | 0x20) != 'h' || (p[1] | 0x20) != 't' ||
	    (p[2] | 0x20) != 't' || (p[3] | 0x20) != 'p')
		return 0;
	if (scheme.n == 4)
		return 80;
	return (p[4] | 0x20) == 's' ? 443 : 0;
}

static url_err check_http(span scheme)
{
	return default_port(scheme) ? URL_OK : URL_E_SCHEME;
}

static int same_scheme(span a, span b)
{
	if (a.n != b.n)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if (lower(a.p[i]) != lower(b.p[i]))
			return 0;
	return 1;
}

static url_err resolve(const url_parts *b, url_parts r, writer *w)
{
	/* A reference that repeats the base's scheme is relative, as in
	 * browsers ("http:g" resolves like "g") — 5.2.2's non-strict mode. */
	if (b && r.scheme.set && same_scheme(r.scheme, b->scheme) && !r.authority.set)
		r.scheme.set = 0;
	if (r.scheme.set && check_http(r.scheme))
		return URL_E_SCHEME;
	if (!r.scheme.set && !b)
		return URL_E_RELATIVE;

	span authority, dir = { 0 }, path, query;
	if (r.scheme.set || r.authority.set) {
		if (!r.authority.set)
			return URL_E_HOST;
		authority = r.authority;
		path = r.path;
		query = r.query;
	} else {
		authority = b->authority;
		if (r.path.n == 0) {
			path = b->path;
			query = r.query.set ? r.query : b->query;
		} else {
			if (r.path.p[0] != '/')
				dir = b->path.n ? base_directory(b->path)
						: (span){ "/", 1, 1 };
			path = r.path;
			query = r.query;
		}
	}

	int port = default_port(r.scheme.set ? r.scheme : b->scheme);
	if (port == 443)
		put(w, "https://", 8);
	else
		put(w, "http://", 7);
	url_err e = put_authority(w, authority, port);
	if (e)
		return e;
	size_t path_at = w->len;
	put_encoded(w, dir, 0);
	put_encoded(w, path, 0);
	if (w->full)
		return URL_E_TOO_LONG;
	/* Every path here is empty or starts with '/': references with an
	 * authority have such paths, and merging adds the base directory. */
	if (w->len == path_at)
		put_c(w, '/');
	if (w->full)
		return URL_E_TOO_LONG;
	w->len = path_at + remove_dot_segments(w->buf + path_at,
					       w->len - path_at);
	if (query.set) {
		put_c(w, '?');
		put_encoded(w, query, 1);
	}
	return w->full ? URL_E_TOO_LONG : URL_OK;
}

/* Browsers strip leading and trailing spaces and controls from a link and
 * drop tabs and newlines inside it; for http(s) they read a backslash
 * before the query as '/' (WHATWG URL: \\host\a reads as //host/a). Only
 * http(s) links survive resolution, so the backslash rule is applied to
 * every reference. Returns the cleaned span; *copy is set when memory had
 * to be allocated for it. */
static url_err clean_reference(const char *ref, span *s, char **copy)
{
	size_t n = strlen(ref);
	while (n && (unsigned char)*ref <= ' ')
		ref++, n--;
	while (n && (unsigned char)ref[n - 1] <= ' ')
		n--;
	*copy = NULL;
	*s = (span){ ref, n, 1 };
	size_t path_end = 0;    /* the first '?' or '#', or n */
	while (path_end < n && ref[path_end] != '?' && ref[path_end] != '#')
		path_end++;
	if (!memchr(ref, '\t', n) && !memchr(ref, '\n', n) &&
	    !memchr(ref, '\r', n) && !memchr(ref, '\\', path_end))
		return URL_OK;
	char *c = malloc(n + 1);
	if (!c)
		return URL_E_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (ref[i] == '\t' || ref[i] == '\n' || ref[i] == '\r')
			continue;
		c[k++] = ref[i] == '\\' && i < path_end ? '/' : ref[i];
	}
	c[k] = '\0';
	*copy = c;
	*s = (span){ c, k, 1 };
	return URL_OK;
}

url_err url_resolve(const char *base, const char *ref, char *out, size_t outsz)
{
	if (outsz == 0)
		return URL_E_TOO_LONG;
	out[0] = '\0';
	url_parts b, r;
	span s;
	char *copy, *base_copy = NULL;
	url_err e;
	if (base) {
		/* a base is read like a link (backslashes, tabs), so that the
		 * result is the same when normalised again */
		if ((e = clean_reference(base, &s, &base_copy)) != URL_OK)
			return e;
		split(s.p, s.n, &b);
		if (!b.scheme.set || check_http(b.scheme) || !b.authority.set) {
			free(base_copy);
			return URL_E_BASE;
		}
	}
	e = clean_reference(ref, &s, &copy);
	if (e) {
		free(base_copy);
		return e;
	}
	split(s.p, s.n, &r);
	writer w = { out, outsz, 0, 0 };
	e = resolve(base ? &b : NULL, r, &w);
	free(copy);
	free(base_copy);
	if (e) {
		out[0] = '\0';
		return e;
	}
	out[w.len] = '\0';
	return URL_OK;
}

url_err url_normalize(const char *url, char *out, size_t outsz)
{
	return url_resolve(NULL, url, out, outsz);
}

/* ---- using URLs ---- */

url_err url_split(const char *url, url_target *t)
{
	url_parts u;
	split(url, strlen(url), &u);
	memset(t, 0, sizeof *t);
	if (!u.scheme.set || check_http(u.scheme))
		return URL_E_SCHEME;
	if (!u.authority.set)
		return URL_E_HOST;
	span host;
	int port = default_port(u.scheme);
	t->tls = port == 443;
	url_err e = parse_authority(u.authority, &host, &t->port, port);
	if (e)
		return e;
	if (host.p[0] == '[') {   /* IPv6 literal: getaddrinfo wants no [ ] */
		host.p++;
		host.n -= 2;
	}
	for (size_t i = 0; i < host.n; i++)
		t->host[i] = lower(host.p[i]);
	t->host[host.n] = '\0';
	t->authority = u.authority.p;
	t->authority_len = u.authority.n;
	/* path and query run together up to the fragment */
	size_t n = u.path.n + (u.query.set ? 1 + u.query.n : 0);
	if (u.path.n == 0) {
		/* "http://a" asks for "/"; "http://a?q" cannot be sent as
		 * is — url_normalize makes it "http://a/?q" */
		if (u.query.set)
			return URL_E_NOT_NORMAL;
		t->path = "/";
		t->path_len = 1;
	} else {
		t->path = u.path.p;
		t->path_len = n;
	}
	return URL_OK;
}

int url_is_on_host(const char *url, const char *host, int port)
{
	url_target t;
	if (url_split(url, &t) != URL_OK)
		return 0;
	/* The port names the server, whatever the scheme; and a host on a
	 * default port is one site over http and https. */
	int default_ports = (port == 80 || port == 443) && t.port == (t.tls ? 443 : 80);
	if (t.port != port && !default_ports)
		return 0;
	size_t i = 0;
	for (; t.host[i] && host[i]; i++)
		if (t.host[i] != lower(host[i]))
			return 0;
	return t.host[i] == host[i];
}
