/*
 * links.c — href extraction by jumping between tags (see links.h).
 * The tokenizer follows the shape of HTML's: tag name, then attributes
 * separated by whitespace or '/', each name optionally followed by '='
 * and a value; '>' inside a quoted value does not end the tag.
 */
#include "links.h"

#include <string.h>

#define TAG_MAX 16   /* longer element names are kept truncated */

typedef struct scanner {
	const char *p, *end;
} scanner;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static int eq_nocase(const char *a, size_t n, const char *lit)
{
	size_t i = 0;
	for (; i < n; i++)
		if (!lit[i] || lower(a[i]) != lit[i])
			return 0;
	return lit[i] == '\0';
}

/* First occurrence of `needle` (lower-case ASCII) in [p, end), any case. */
static const char *find_nocase(const char *p, const char *end,
			       const char *needle)
{
	size_t n = strlen(needle);
	char first = needle[0];
	char upper = (char)(first >= 'a' && first <= 'z' ? first - 32 : first);
	while ((size_t)(end - p) >= n) {
		const char *a = memchr(p, first, (size_t)(end - p) - n + 1);
		const char *b = first != upper ?
			memchr(p, upper, (size_t)(end - p) - n + 1) : NULL;
		const char *hit = !a ? b : !b ? a : a < b ? a : b;
		if (!hit)
			return NULL;
		if (eq_nocase(hit, n, needle))
			return hit;
		p = hit + 1;
	}
	return NULL;
}

/* ---- entities ---- */

static int decode_numeric(const char *s, size_t n, size_t *used)
{
	size_t i = 2;   /* after "&#" */
	int hex = i < n && (s[i] == 'x' || s[i] == 'X');
	i += (size_t)hex;
	unsigned v = 0;
	size_t digits = 0;
	for (; i < n && digits < 8; i++, digits++) {
		char c = lower(s[i]);
		if (c >= '0' && c <= '9')
			v = v * (hex ? 16u : 10u) + (unsigned)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			v = v * 16u + (unsigned)(c - 'a' + 10);
		else
			break;
	}
	if (!digits || i >= n || s[i] != ';' || v == 0 || v > 127)
		return -1;   /* only ASCII matters in a URL; leave the rest */
	*used = i + 1;
	return (int)v;
}

size_t links_decode_entities(const char *src, size_t n, char *out)
{
	static const struct { const char *name; char c; } named[] = {
		{ "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' },
		{ "&lt;", '<' }, { "&gt;", '>' },
	};
	size_t o = 0, i = 0;
	while (i < n) {
		const char *amp = memchr(src + i, '&', n - i);
		size_t plain = amp ? (size_t)(amp - (src + i)) : n - i;
		memmove(out + o, src + i, plain);
		o += plain;
		i += plain;
		if (!amp)
			break;
		size_t used = 0;
		int c = -1;
		if (i + 1 < n && src[i + 1] == '#') {
			c = decode_numeric(src + i, n - i, &used);
		} else {
			for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
				size_t len = strlen(named[k].name);
				if (len <= n - i && memcmp(src + i, named[k].name, len) == 0) {
					c = (unsigned char)named[k].c;
					used = len;
					break;
				}
			}
		}
		if (c < 0) {
			out[o++] = '&';
			i++;
		} else {
			out[o++] = (char)c;
			i += used;
		}
	}
	out[o] = '\0';
	return o;
}

/* ---- tags ---- */

static void skip_space(scanner *s)
{
	while (s->p < s->end && is_space(*s->p))
		s->p++;
}

/* Skip "<!-- ... -->", "<!...>", "<?...>" or "</...>"; s->p is at '<'. */
static void skip_markup(scanner *s)
{
	if (s->end - s->p >= 4 && memcmp(s->p, "<!--", 4) == 0) {
		const char *body = s->p + 4;
		/* "<!-->" and "<!--->" are complete, empty comments */
		if (body < s->end && body[0] == '>') {
			s->p = body + 1;
			return;
		}
		if (s->end - body >= 2 && body[0] == '-' && body[1] == '>') {
			s->p = body + 2;
			return;
		}
		const char *close = find_nocase(body, s->end, "-->");
		s->p = close ? close + 3 : s->end;
		return;
	}
	const char *gt = memchr(s->p, '>', (size_t)(s->end - s->p));
	s->p = gt ? gt + 1 : s->end;
}

/* Read one attribute value at s->p (after '='). */
static void read_value(scanner *s, const char **v, size_t *n)
{
	if (s->p < s->end && (*s->p == '"' || *s->p == '\'')) {
		char q = *s->p++;
		const char *close = memchr(s->p, q, (size_t)(s->end - s->p));
		*v = s->p;
		if (!close) {           /* runs off the end: not a value */
			*n = 0;
			*v = NULL;
			s->p = s->end;
			return;
		}
		*n = (size_t)(close - s->p);
		s->p = close + 1;
		return;
	}
	*v = s->p;
	while (s->p < s->end && !is_space(*s->p) && *s->p != '>')
		s->p++;
	*n = (size_t)(s->p - *v);
}

/* After "<script" or "<style": skip to the matching end tag. */
static void skip_raw_text(scanner *s, const char *tag)
{
	char close[TAG_MAX + 3] = "</";
	strcat(close, tag);
	const char *hit = find_nocase(s->p, s->end, close);
	s->p = hit ? hit : s->end;
}

/* Scan one start tag; s->p is just after '<' and at a letter. */
static int scan_tag(scanner *s, links_cb cb, void *ctx, size_t *count)
{
	char tag[TAG_MAX + 1];
	size_t t = 0;
	while (s->p < s->end && !is_space(*s->p) && *s->p != '/' && *s->p != '>') {
		if (t < TAG_MAX)
			tag[t++] = lower(*s->p);
		s->p++;
	}
	tag[t] = '\0';
	for (;;) {
		while (s->p < s->end && (is_space(*s->p) || *s->p == '/'))
			s->p++;
		if (s->p >= s->end)
			return 0;
		if (*s->p == '>') {
			s->p++;
			break;
		}
		const char *name = s->p++;   /* a first '=' belongs to the name */
		while (s->p < s->end && !is_space(*s->p) && *s->p != '/' &&
		       *s->p != '>' && *s->p != '=')
			s->p++;
		size_t name_len = (size_t)(s->p - name);
		skip_space(s);
		if (s->p >= s->end || *s->p != '=')
			continue;
		s->p++;
		skip_space(s);
		const char *v;
		size_t n;
		read_value(s, &v, &n);
		if (!v || !eq_nocase(name, name_len, "href") || n > LINKS_HREF_MAX)
			continue;
		char href[LINKS_HREF_MAX + 1];
		size_t len = links_decode_entities(v, n, href);
		++*count;
		if (cb(ctx, href, len, tag))
			return 1;
	}
	if (strcmp(tag, "script") == 0 || strcmp(tag, "style") == 0)
		skip_raw_text(s, tag);
	return 0;
}

size_t links_extract(const char *html, size_t len, links_cb cb, void *ctx)
{
	scanner s = { html, html + len };
	size_t count = 0;
	while (s.p < s.end) {
		const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));
		if (!lt || lt + 1 >= s.end)
			break;
		s.p = lt;
		char c = lt[1];
		if (c == '!' || c == '?' || c == '/') {
			skip_markup(&s);
		} else if (is_alpha(c)) {
			s.p = lt + 1;
			if (scan_tag(&s, cb, ctx, &count))
				break;
		} else {
			s.p = lt + 1;   /* a lone '<' in text */
		}
	}
	return count;
}
