/*
 * links.c — href extraction by jumping between tags (see links.h).
 * The tokenizer follows the shape of HTML5's: tag name, then attributes
 * separated by whitespace or '/', each name optionally followed by '='
 * and a value; '>' inside a quoted value does not end the tag.
 */
#include "links.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

#define TAG_MAX 16   /* longer element names are kept truncated */

/* HTML resolves every link against the document's first <base href>,
 * the links before it too. The scanner makes one pass: it reports a
 * <base> at once and holds the links it finds in a queue until it knows
 * the base is settled: at the end of the page, or when the queue is full
 * (then a look-ahead pass, SCAN_BASE, finds the base, if any, first). */
enum scan_mode { SCAN_LINKS, SCAN_BASE };

/* How a tag scan ended. */
enum { TAG_GO_ON, TAG_STOP, TAG_BASE_FOUND };

#define QUEUE_MAX 128   /* links held before a look-ahead for <base> */

typedef struct held_link {
	const char *v;          /* the raw value, in the page */
	size_t n;
	char tag[TAG_MAX + 1];
} held_link;

typedef struct scanner {
	const char *p, *end;
	enum scan_mode mode;
	links_cb cb;
	void *ctx;
	size_t count;
	int base_settled;       /* the base was reported, or there is none */
	size_t held;
	held_link *queue;       /* QUEUE_MAX entries */
} scanner;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
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

/* ---- character references (HTML5 section 13.2.5.72 and on) ---- */

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Numeric references to 0x80-0x9F mean Windows-1252, as pages written
 * in it expect (the table of the "numeric character reference end
 * state"); the five holes keep their C1 value. */
static const uint16_t windows_1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int digit_value(char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* s[0..n) starts with "&#". The bytes the reference takes (its ';' is
 * optional), or 0 if no digit follows: then it is plain text. */
static size_t decode_numeric(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 2;
	int hex = i < n && (s[i] == 'x' || s[i] == 'X');
	i += (size_t)hex;
	size_t first_digit = i;
	uint32_t v = 0;
	for (int d; i < n && (d = digit_value(s[i], hex)) >= 0; i++)
		if (v <= 0x10FFFF)      /* past it the value no longer matters */
			v = v * (hex ? 16u : 10u) + (uint32_t)d;
	if (i == first_digit)
		return 0;
	if (i < n && s[i] == ';')
		i++;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD;
	else if (v >= 0x80 && v <= 0x9F)
		v = windows_1252[v - 0x80];
	*cp = v;
	return i;
}

typedef struct name_key {
	const char *p;
	size_t n;
} name_key;

static int entity_cmp(const void *key, const void *elem)
{
	const name_key *k = key;
	const char *name = ((const entity *)elem)->name;
	size_t len = strlen(name);
	int c = memcmp(k->p, name, k->n < len ? k->n : len);
	if (c)
		return c;
	return k->n < len ? -1 : k->n > len;
}

static const entity *find_entity(const char *p, size_t n)
{
	name_key k = { p, n };
	return bsearch(&k, entity_table, entity_count, sizeof entity_table[0],
		       entity_cmp);
}

/* s[0..n) is what follows an '&' in an attribute value. The longest
 * name of the table it starts with, as HTML5 reads it there, with its
 * length in *used; NULL if it is plain text. */
static const entity *decode_named(const char *s, size_t n, size_t *used)
{
	size_t run = 0;
	while (run < n && run < ENTITY_NAME_MAX && is_alnum(s[run]))
		run++;
	if (run < n && s[run] == ';' && run < ENTITY_NAME_MAX) {
		const entity *e = find_entity(s, run + 1);
		if (e) {
			*used = run + 1;
			return e;
		}
	}
	/* A legacy name without ';' ("&amp", "&eacute"): not decoded in an
	 * attribute when a letter, digit or '=' follows (query strings). */
	for (size_t k = run; k > 0; k--) {
		const entity *e = find_entity(s, k);
		if (e) {
			if (k < n && (s[k] == '=' || is_alnum(s[k])))
				return NULL;
			*used = k;
			return e;
		}
	}
	return NULL;
}

size_t links_decode_entities(const char *src, size_t n, char *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		/* copy up to the next '&' in one go; NUL bytes are rare */
		const char *amp = memchr(src + i, '&', n - i);
		size_t plain = amp ? (size_t)(amp - (src + i)) : n - i;
		if (!memchr(src + i, '\0', plain)) {
			memcpy(out + o, src + i, plain);
			o += plain;
		} else {
			for (size_t k = 0; k < plain; k++) {
				if (src[i + k] == '\0')   /* as the tokenizer does */
					o += put_utf8(out + o, 0xFFFD);
				else
					out[o++] = src[i + k];
			}
		}
		i += plain;
		if (!amp)
			break;
		size_t used = 0;
		uint32_t cp;
		const entity *e;
		if (i + 1 < n && src[i + 1] == '#' &&
		    (used = decode_numeric(src + i, n - i, &cp)) > 0) {
			o += put_utf8(out + o, cp);
			i += used;
		} else if ((e = decode_named(src + i + 1, n - i - 1, &used)) != NULL) {
			size_t len = strlen(e->utf8);
			memcpy(out + o, e->utf8, len);
			o += len;
			i += 1 + used;
		} else {
			out[o++] = '&';
			i++;
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

/* What a start tag's name means to the scanner. */
enum tag_kind { TAG_OTHER, TAG_BASE, TAG_RAW_TEXT, TAG_PLAINTEXT };

/* Elements whose content the tokenizer reads as text up to their end tag
 * (RAWTEXT, script data and RCDATA, HTML5 section 13.2.5), <plaintext>
 * (text to the end) and <base>. Called for every tag: a switch on the
 * first letter rejects most names at once. */
static enum tag_kind classify(const char *tag, size_t n)
{
#define IS(lit) (n == sizeof lit - 1 && memcmp(tag, lit, n) == 0)
	switch (tag[0]) {
	case 'b':
		return IS("base") ? TAG_BASE : TAG_OTHER;
	case 'i':
		return IS("iframe") ? TAG_RAW_TEXT : TAG_OTHER;
	case 'n':
		return IS("noembed") || IS("noframes") ? TAG_RAW_TEXT : TAG_OTHER;
	case 'p':
		return IS("plaintext") ? TAG_PLAINTEXT : TAG_OTHER;
	case 's':
		return IS("script") || IS("style") ? TAG_RAW_TEXT : TAG_OTHER;
	case 't':
		return IS("title") || IS("textarea") ? TAG_RAW_TEXT : TAG_OTHER;
	case 'x':
		return IS("xmp") ? TAG_RAW_TEXT : TAG_OTHER;
	default:
		return TAG_OTHER;
	}
#undef IS
}

/* After a raw-text element's start tag: skip to its end tag, "</tag"
 * followed by whitespace, '/' or '>' ("</titles" does not end <title>). */
static void skip_raw_text(scanner *s, const char *tag)
{
	char close[TAG_MAX + 3] = "</";
	strcat(close, tag);
	size_t n = strlen(close);
	for (const char *from = s->p;;) {
		const char *hit = find_nocase(from, s->end, close);
		if (!hit || hit + n >= s->end) {
			s->p = s->end;      /* unclosed: text to the end */
			return;
		}
		char after = hit[n];
		if (is_space(after) || after == '/' || after == '>') {
			s->p = hit;
			return;
		}
		from = hit + 1;
	}
}

/* One href value: decode it and report it. */
static int report(scanner *s, const char *v, size_t n, const char *tag)
{
	char href[LINKS_DECODED_MAX(LINKS_HREF_MAX)];
	if (n > LINKS_HREF_MAX)
		return TAG_GO_ON;
	size_t len = links_decode_entities(v, n, href);
	if (len > LINKS_HREF_MAX)
		return TAG_GO_ON;
	s->count++;
	return s->cb(s->ctx, href, len, tag) ? TAG_STOP : TAG_GO_ON;
}

static int scan(scanner *s);

/* Report the links held, in document order. */
static int flush(scanner *s)
{
	for (size_t i = 0; i < s->held; i++)
		if (report(s, s->queue[i].v, s->queue[i].n, s->queue[i].tag) == TAG_STOP)
			return TAG_STOP;
	s->held = 0;
	return TAG_GO_ON;
}

/* A link of the links pass: reported once the base is settled. */
static int emit(scanner *s, const char *v, size_t n, const char *tag)
{
	if (s->base_settled)
		return report(s, v, n, tag);
	if (s->held == QUEUE_MAX) {
		/* a long page before any <base>: look ahead for one */
		scanner ahead = *s;
		ahead.mode = SCAN_BASE;
		if (scan(&ahead) == TAG_STOP)
			return TAG_STOP;
		s->count = ahead.count;
		s->base_settled = 1;   /* found and reported, or none */
		if (flush(s) == TAG_STOP)
			return TAG_STOP;
		return report(s, v, n, tag);
	}
	held_link *h = &s->queue[s->held++];
	h->v = v;
	h->n = n;
	memcpy(h->tag, tag, sizeof h->tag);   /* tag is a TAG_MAX + 1 array */
	return TAG_GO_ON;
}

/* Scan one start tag; s->p is just after '<' and at a letter. */
static int scan_tag(scanner *s)
{
	char tag[TAG_MAX + 1];
	size_t t = 0;
	while (s->p < s->end && !is_space(*s->p) && *s->p != '/' && *s->p != '>') {
		if (t < TAG_MAX)
			tag[t++] = lower(*s->p);
		s->p++;
	}
	tag[t] = '\0';
	enum tag_kind kind = classify(tag, t);
	int is_base = kind == TAG_BASE;
	/* Only the first <base href> counts; the look-ahead wants nothing
	 * else. */
	int wanted = is_base ? !s->base_settled : s->mode == SCAN_LINKS;
	int seen_href = 0;      /* a repeated attribute is ignored */
	int rc = TAG_GO_ON;
	for (;;) {
		while (s->p < s->end && (is_space(*s->p) || *s->p == '/'))
			s->p++;
		if (s->p >= s->end)
			return rc;
		if (*s->p == '>') {
			s->p++;
			break;
		}
		const char *name = s->p++;   /* a first '=' belongs to the name */
		while (s->p < s->end && !is_space(*s->p) && *s->p != '/' &&
		       *s->p != '>' && *s->p != '=')
			s->p++;
		size_t name_len = (size_t)(s->p - name);
		int is_href = eq_nocase(name, name_len, "href");
		int first_href = is_href && !seen_href && wanted;
		seen_href |= is_href;
		const char *v = NULL;
		size_t n = 0;
		skip_space(s);
		if (s->p < s->end && *s->p == '=') {
			s->p++;
			skip_space(s);
			read_value(s, &v, &n);
		}
		if (!first_href)
			continue;
		if (is_base) {
			/* <base href> without a value is the document's URL:
			 * it settles the base all the same */
			s->base_settled = 1;
			if (v)
				rc = report(s, v, n, tag);
			if (rc == TAG_STOP)
				return rc;
			if (s->mode == SCAN_BASE)
				rc = TAG_BASE_FOUND;
			else if (flush(s) == TAG_STOP)   /* the links before it */
				return TAG_STOP;
		} else if (v && emit(s, v, n, tag) == TAG_STOP) {
			return TAG_STOP;
		}
	}
	if (kind == TAG_PLAINTEXT)
		s->p = s->end;           /* no end tag: text to the end */
	else if (kind == TAG_RAW_TEXT)
		skip_raw_text(s, tag);
	return rc;
}

/* One pass over the page from s->p; TAG_STOP, TAG_BASE_FOUND (in the
 * look-ahead) or TAG_GO_ON (the end was reached). */
static int scan(scanner *s)
{
	while (s->p < s->end) {
		const char *lt = memchr(s->p, '<', (size_t)(s->end - s->p));
		if (!lt || lt + 1 >= s->end)
			break;
		s->p = lt;
		char c = lt[1];
		if (c == '!' || c == '?' || c == '/') {
			skip_markup(s);
		} else if (is_alpha(c)) {
			s->p = lt + 1;
			int rc = scan_tag(s);
			if (rc != TAG_GO_ON)
				return rc;
		} else {
			s->p = lt + 1;   /* a lone '<' in text */
		}
	}
	return TAG_GO_ON;
}

size_t links_extract(const char *html, size_t len, links_cb cb, void *ctx)
{
	held_link queue[QUEUE_MAX];
	scanner s = { html, html + len, SCAN_LINKS, cb, ctx, 0, 0, 0, queue };
	if (scan(&s) == TAG_STOP)
		return s.count;
	s.base_settled = 1;
	flush(&s);
	return s.count;
}
