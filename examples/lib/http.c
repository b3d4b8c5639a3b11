/*
 * http.c — the parts of HTTP parsing that requests and responses share:
 * collecting the head line by line under a size cap, header field syntax
 * (RFC 9110 section 5), lookups, and error reasons.
 */
#include "http_internal.h"

#include <string.h>

static const char *const err_reasons[] = {
	[HTTP_E_NONE] = "no error",
	[HTTP_E_NOMEM] = "out of memory",
	[HTTP_E_STATUS_LINE] = "malformed status line",
	[HTTP_E_REQUEST_LINE] = "malformed request line",
	[HTTP_E_VERSION] = "unsupported HTTP version",
	[HTTP_E_HEADER] = "malformed header",
	[HTTP_E_FOLDING] = "obsolete header line folding",
	[HTTP_E_HEAD_TOO_LARGE] = "header block too large",
	[HTTP_E_CONTENT_LENGTH] = "bad Content-Length",
	[HTTP_E_CONFLICTING_LENGTH] = "conflicting Content-Length",
	[HTTP_E_SWITCHING] = "unexpected 101 Switching Protocols",
	[HTTP_E_CHUNK_SIZE] = "bad chunk size",
	[HTTP_E_CHUNK_LINE] = "chunk extension too long",
	[HTTP_E_CHUNK_END] = "missing CRLF after chunk data",
	[HTTP_E_TRAILER] = "malformed trailer",
	[HTTP_E_TRAILER_TOO_LARGE] = "trailer block too large",
	[HTTP_E_BODY_TOO_LARGE] = "body too large",
	[HTTP_E_NO_RESPONSE] = "connection closed before response",
	[HTTP_E_CLOSED_EARLY] = "connection closed before end of message",
};

const char *http_err_str(http_err e)
{
	if ((unsigned)e >= sizeof err_reasons / sizeof err_reasons[0] ||
	    !err_reasons[e])
		return "unknown error";
	return err_reasons[e];
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int http_streq_nocase(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b))
		a++, b++;
	return *a == *b;
}

/* ---- collecting lines ---- */

void http_head_init(http_head *h, size_t max)
{
	h->text = (bytebuf)BYTEBUF_INIT;
	h->max = max;
	http_head_reset(h);
}

void http_head_reset(http_head *h)
{
	bytebuf_clear(&h->text);
	h->fields = 0;
	h->line = 0;
	h->raw = 0;
}

int http_head_collect(http_head *h, const char *data, size_t len,
		      size_t *used, http_err *err)
{
	const char *lf = len ? memchr(data, '\n', len) : NULL;
	size_t n = lf ? (size_t)(lf - data) + 1 : len;
	*used = 0;
	if (n > h->max - h->raw) {
		*err = HTTP_E_HEAD_TOO_LARGE;
		return -1;
	}
	if (bytebuf_append(&h->text, data, n) < 0) {
		*err = HTTP_E_NOMEM;
		return -1;
	}
	h->raw += n;
	*used = n;
	return lf != NULL;
}

char *http_head_line(http_head *h, size_t *len)
{
	char *line = h->text.data + h->line;
	size_t n = h->text.len - h->line - 1;   /* without the LF */
	if (n > 0 && line[n - 1] == '\r')
		n--;
	*len = n;
	return line;
}

void http_head_keep_first(http_head *h, size_t nbytes)
{
	h->text.len = h->line + nbytes;
	h->fields = h->line = h->text.len;
}

void http_head_drop_line(http_head *h)
{
	h->text.len = h->line;
}

/* ---- header fields ---- */

/* tchar of RFC 9110 section 5.6.2 */
static int is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* field-value bytes: visible, space, tab, obs-text; no other controls */
static int is_value_byte(unsigned char c)
{
	return c == '\t' || (c >= ' ' && c != 0x7f);
}

http_err http_head_store_field(http_head *h, const char **name,
			       const char **value)
{
	size_t n;
	char *line = http_head_line(h, &n);
	if (line[0] == ' ' || line[0] == '\t')
		return HTTP_E_FOLDING;
	size_t name_len = 0;
	while (name_len < n && is_tchar((unsigned char)line[name_len]))
		name_len++;
	if (name_len == 0 || name_len == n || line[name_len] != ':')
		return HTTP_E_HEADER;
	size_t v = name_len + 1, end = n;
	for (size_t i = v; i < n; i++)
		if (!is_value_byte((unsigned char)line[i]))
			return HTTP_E_HEADER;
	while (v < end && (line[v] == ' ' || line[v] == '\t'))
		v++;
	while (end > v && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	/* name\0value\0 fits: the line had at least ':' and LF to spare */
	line[name_len] = '\0';
	memmove(line + name_len + 1, line + v, end - v);
	line[name_len + 1 + (end - v)] = '\0';
	h->text.len = h->line + name_len + 1 + (end - v) + 1;
	h->line = h->text.len;
	*name = line;
	*value = line + name_len + 1;
	return HTTP_E_NONE;
}

int http_head_next(const http_head *h, size_t *pos,
		   const char **name, const char **value)
{
	size_t at = *pos ? *pos : h->fields;
	size_t end = h->line;   /* fields stored so far */
	if (at >= end || !h->text.data)
		return 0;
	const char *n = h->text.data + at;
	const char *v = n + strlen(n) + 1;
	*name = n;
	*value = v;
	*pos = (size_t)(v + strlen(v) + 1 - h->text.data);
	return 1;
}

const char *http_head_get(const http_head *h, const char *name)
{
	size_t pos = 0;
	const char *n, *v;
	while (http_head_next(h, &pos, &n, &v))
		if (http_streq_nocase(n, name))
			return v;
	return NULL;
}

/* ---- header values ---- */

int http_media_type_is(const char *content_type, const char *type)
{
	if (!content_type)
		return 0;
	const char *p = content_type;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t i = 0;
	for (; type[i]; i++)
		if (lower((unsigned char)p[i]) != lower((unsigned char)type[i]))
			return 0;
	/* the media type ends at parameters or whitespace */
	return p[i] == '\0' || p[i] == ';' || p[i] == ' ' || p[i] == '\t';
}

int http_list_has(const char *list, const char *token)
{
	if (!list)
		return 0;
	size_t tlen = strlen(token);
	const char *p = list;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			return 0;
		const char *start = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		const char *end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if ((size_t)(end - start) == tlen) {
			size_t i = 0;
			while (i < tlen && lower((unsigned char)start[i]) ==
					   lower((unsigned char)token[i]))
				i++;
			if (i == tlen)
				return 1;
		}
		while (*p && *p != ',')   /* skip parameters */
			p++;
	}
}
