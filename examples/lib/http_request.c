/*
 * http_request.c — incremental HTTP/1.1 request head parser for the
 * static file server (RFC 9112 sections 2-3 and 9.3).
 */
#include "http_internal.h"

#include <string.h>

enum { S_LINE, S_FIELDS, S_DONE, S_ERROR };

void http_req_init(http_req *r, size_t max_head)
{
	memset(r, 0, sizeof *r);
	http_head_init(&r->head, max_head ? max_head : HTTP_MAX_REQUEST_HEAD);
	http_req_reset(r);
}

void http_req_reset(http_req *r)
{
	http_head_reset(&r->head);
	r->method = r->target = "";
	r->version = 0;
	r->keep_alive = 0;
	r->content_length = -1;
	r->chunked = 0;
	r->err = HTTP_E_NONE;
	r->state = S_LINE;
	r->got_bytes = 0;
}

void http_req_free(http_req *r)
{
	bytebuf_free(&r->head.text);
	r->method = r->target = "";
}

const char *http_req_header(const http_req *r, const char *name)
{
	return http_head_get(&r->head, name);
}

int http_req_error_status(http_err e)
{
	switch (e) {
	case HTTP_E_HEAD_TOO_LARGE:
		return 431;
	case HTTP_E_VERSION:
		return 505;
	case HTTP_E_NOMEM:
		return 500;
	default:
		return 400;
	}
}

static http_event fail(http_req *r, http_err e)
{
	r->err = e;
	r->state = S_ERROR;
	return HTTP_ERROR;
}

static int is_method_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* request-line = method SP request-target SP HTTP-version
 * Stored as method\0target\0. */
static http_err parse_request_line(http_req *r, char *line, size_t n)
{
	size_t m = 0;
	while (m < n && is_method_char((unsigned char)line[m]))
		m++;
	if (m == 0 || m == n || line[m] != ' ')
		return HTTP_E_REQUEST_LINE;
	size_t t = m + 1, t_end = t;
	while (t_end < n && (unsigned char)line[t_end] > ' ' &&
	       (unsigned char)line[t_end] != 0x7f)
		t_end++;
	if (t_end == t || t_end == n || line[t_end] != ' ')
		return HTTP_E_REQUEST_LINE;
	const char *v = line + t_end + 1;
	size_t vlen = n - t_end - 1;
	if (vlen != 8 || memcmp(v, "HTTP/", 5) != 0 || v[6] != '.' ||
	    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
		return HTTP_E_REQUEST_LINE;
	if (v[5] != '1')
		return HTTP_E_VERSION;
	r->version = v[7] - '0';
	line[m] = '\0';
	memmove(line + m + 1, line + t, t_end - t);
	line[m + 1 + (t_end - t)] = '\0';
	http_head_keep_first(&r->head, m + 1 + (t_end - t) + 1);
	return HTTP_E_NONE;
}

static http_err note_field(http_req *r, const char *name, const char *value)
{
	if (http_streq_nocase(name, "Content-Length")) {
		long long n = 0;
		const char *v = value;
		if (!*v)
			return HTTP_E_CONTENT_LENGTH;
		for (; *v; v++) {
			if (*v < '0' || *v > '9' || n > 100000000000000LL)
				return HTTP_E_CONTENT_LENGTH;
			n = n * 10 + (*v - '0');
		}
		if (r->content_length >= 0 && r->content_length != n)
			return HTTP_E_CONFLICTING_LENGTH;
		r->content_length = n;
	} else if (http_streq_nocase(name, "Transfer-Encoding")) {
		r->chunked = 1;
	}
	return HTTP_E_NONE;
}

static http_event head_done(http_req *r)
{
	http_head_drop_line(&r->head);
	r->method = r->head.text.data;
	r->target = r->method + strlen(r->method) + 1;
	const char *conn = http_req_header(r, "Connection");
	if (r->version >= 1)
		r->keep_alive = !http_list_has(conn, "close");
	else
		r->keep_alive = http_list_has(conn, "keep-alive") &&
				!http_list_has(conn, "close");
	r->state = S_DONE;
	return HTTP_DONE;
}

static http_event head_line(http_req *r)
{
	size_t n;
	char *line = http_head_line(&r->head, &n);
	http_err e;
	if (r->state == S_LINE) {
		if (n == 0) {           /* stray CRLF before the request line */
			http_head_drop_line(&r->head);
			return HTTP_MORE;
		}
		e = parse_request_line(r, line, n);
		if (e)
			return fail(r, e);
		r->state = S_FIELDS;
		return HTTP_MORE;
	}
	if (n == 0)
		return head_done(r);
	const char *name, *value;
	e = http_head_store_field(&r->head, &name, &value);
	if (!e)
		e = note_field(r, name, value);
	return e ? fail(r, e) : HTTP_MORE;
}

http_event http_req_feed(http_req *r, const char *data, size_t len,
			 size_t *used)
{
	size_t pos = 0;
	http_event ev = HTTP_MORE;
	if (len)
		r->got_bytes = 1;
	else
		data = "";   /* callers may pass (NULL, 0) */
	while (ev == HTTP_MORE && pos < len) {
		if (r->state != S_LINE && r->state != S_FIELDS)
			break;
		size_t n;
		http_err e;
		int got = http_head_collect(&r->head, data + pos, len - pos, &n, &e);
		pos += n;
		if (got < 0)
			ev = fail(r, e);
		else if (got > 0)
			ev = head_line(r);
	}
	if (r->state == S_DONE)
		ev = HTTP_DONE;
	else if (r->state == S_ERROR)
		ev = HTTP_ERROR;
	*used = pos;
	return ev;
}
