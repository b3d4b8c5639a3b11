/*
 * http_response.c — incremental HTTP/1.1 response parser (RFC 9112).
 *
 * A state machine over the bytes it is fed: the head is collected line by
 * line (memchr for LF), the body is framed by Content-Length, chunked
 * transfer coding, or the connection closing (section 6.3). Every state
 * consumes input or finishes, so no input can make it loop.
 */
#include "hex.h"
#include "http_internal.h"

#include <stdbool.h>
#include <string.h>

enum {
	S_STATUS,      /* collecting the status line */
	S_FIELDS,      /* collecting header lines */
	S_LENGTH,      /* Content-Length body */
	S_CLOSE,       /* body until EOF */
	S_CH_SIZE,     /* chunk size hex digits */
	S_CH_EXT,      /* chunk extension, up to LF */
	S_CH_SIZE_LF,  /* CR seen after the size; LF must follow */
	S_CH_DATA,     /* chunk data */
	S_CH_DATA_CR,  /* CR LF after chunk data */
	S_CH_DATA_LF,
	S_TR_START,    /* start of a trailer line or the final empty line */
	S_TR_LINE,     /* inside a trailer line, up to LF */
	S_TR_END_LF,   /* CR of the final empty line seen; LF must follow */
	S_DONE,
	S_ERROR
};

/* Bodies and chunks beyond this are refused outright, so sums never wrap. */
#define LENGTH_LIMIT 1000000000000000000ULL

void http_resp_init(http_resp *p, const char *method, size_t max_body)
{
	memset(p, 0, sizeof *p);
	p->max_body = max_body;
	http_head_init(&p->head, HTTP_MAX_HEAD);
	http_resp_reset(p, method);
}

void http_resp_reset(http_resp *p, const char *method)
{
	http_head_reset(&p->head);
	p->keep = NULL;
	p->status = 0;
	p->version = 0;
	p->reason = "";
	p->content_length = -1;
	p->chunked = p->until_close = p->no_body = p->keep_alive = 0;
	p->body_len = 0;
	p->err = HTTP_E_NONE;
	p->head_request = method && http_streq_nocase(method, "HEAD");
	p->state = S_STATUS;
	p->got_bytes = 0;
	p->have_length = p->te_seen = p->te_chunked_last = 0;
	p->conn_close = p->conn_keep_alive = 0;
	p->remaining = 0;
	p->line_len = 0;
	p->chunk_digits = 0;
}

void http_resp_free(http_resp *p)
{
	bytebuf_free(&p->head.text);
	p->reason = "";
}

const char *http_resp_header(const http_resp *p, const char *name)
{
	return http_head_get(&p->head, name);
}

static http_event fail(http_resp *p, http_err e)
{
	p->err = e;
	p->state = S_ERROR;
	return HTTP_ERROR;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* status-line = HTTP-version SP status-code SP [ reason-phrase ]
 * A missing SP before an empty reason is tolerated. */
static http_err parse_status_line(http_resp *p, char *line, size_t n)
{
	if (n >= 6 && memcmp(line, "HTTP/", 5) == 0 && is_digit(line[5]) &&
	    line[5] != '1')
		return HTTP_E_VERSION;
	if (n < 12 || memcmp(line, "HTTP/1.", 7) != 0 || !is_digit(line[7]) ||
	    line[8] != ' ' || !is_digit(line[9]) || !is_digit(line[10]) ||
	    !is_digit(line[11]) || line[9] == '0')
		return HTTP_E_STATUS_LINE;
	if (n > 12 && line[12] != ' ')
		return HTTP_E_STATUS_LINE;
	size_t r = n > 12 ? 13 : 12;
	for (size_t i = r; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c != '\t' && (c < ' ' || c == 0x7f))
			return HTTP_E_STATUS_LINE;
	}
	p->version = line[7] - '0';
	p->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
	memmove(line, line + r, n - r);
	line[n - r] = '\0';
	http_head_keep_first(&p->head, n - r + 1);
	return HTTP_E_NONE;
}

/* Content-Length = 1*DIGIT, possibly repeated as a list of equal values. */
static http_err note_content_length(http_resp *p, const char *v)
{
	for (;;) {
		while (*v == ' ' || *v == '\t')
			v++;
		if (!is_digit(*v))
			return HTTP_E_CONTENT_LENGTH;
		unsigned long long n = 0;
		for (; is_digit(*v); v++) {
			n = n * 10 + (unsigned)(*v - '0');
			if (n > LENGTH_LIMIT)
				return HTTP_E_CONTENT_LENGTH;
		}
		while (*v == ' ' || *v == '\t')
			v++;
		if (p->have_length && (unsigned long long)p->content_length != n)
			return HTTP_E_CONFLICTING_LENGTH;
		p->have_length = 1;
		p->content_length = (long long)n;
		if (*v == '\0')
			return HTTP_E_NONE;
		if (*v++ != ',')
			return HTTP_E_CONTENT_LENGTH;
	}
}

/* Remember whether the last transfer coding named so far is chunked. */
static void note_transfer_encoding(http_resp *p, const char *v)
{
	p->te_seen = 1;
	const char *last = NULL;
	for (const char *s = v; *s; s++)
		if (*s == ',')
			last = s + 1;
	int blank = 1;
	for (const char *s = last ? last : v; *s; s++)
		if (*s != ' ' && *s != '\t')
			blank = 0;
	if (blank)   /* "chunked, " : an empty element changes nothing */
		return;
	p->te_chunked_last = http_list_has(last ? last : v, "chunked");
}

static http_err note_field(http_resp *p, const char *name, const char *value)
{
	if (http_streq_nocase(name, "Content-Length"))
		return note_content_length(p, value);
	if (http_streq_nocase(name, "Transfer-Encoding"))
		note_transfer_encoding(p, value);
	else if (http_streq_nocase(name, "Connection")) {
		if (http_list_has(value, "close"))
			p->conn_close = 1;
		if (http_list_has(value, "keep-alive"))
			p->conn_keep_alive = 1;
	}
	return HTTP_E_NONE;
}

/* The head is complete: pick the body framing (RFC 9112 section 6.3). */
static http_event head_done(http_resp *p)
{
	http_head_drop_line(&p->head);
	p->reason = p->head.text.data;
	int persistent = p->version >= 1 ? !p->conn_close
					 : p->conn_keep_alive && !p->conn_close;
	if (p->head_request || p->status == 204 || p->status == 304) {
		p->no_body = 1;
		p->content_length = -1;
		p->keep_alive = persistent;
		p->state = S_DONE;
		return HTTP_HEADERS;
	}
	if (p->te_seen) {
		/* Transfer-Encoding overrides Content-Length; a message that
		 * carried both may be a smuggling attempt, so do not reuse. */
		if (p->have_length)
			persistent = 0;
		p->content_length = -1;
		if (p->te_chunked_last) {
			p->chunked = 1;
			p->state = S_CH_SIZE;
		} else {
			p->until_close = 1;
			p->state = S_CLOSE;
		}
	} else if (p->have_length) {
		if ((unsigned long long)p->content_length > p->max_body)
			return fail(p, HTTP_E_BODY_TOO_LARGE);
		p->remaining = (unsigned long long)p->content_length;
		p->state = S_LENGTH;
	} else {
		p->until_close = 1;
		p->state = S_CLOSE;
	}
	p->keep_alive = persistent && !p->until_close;
	return HTTP_HEADERS;
}

/* An interim 1xx response: forget it and parse the real one. */
static void skip_interim(http_resp *p)
{
	size_t raw = p->head.raw;   /* the cap covers all heads together */
	http_head_reset(&p->head);
	p->head.raw = raw;
	p->status = p->version = 0;
	p->have_length = p->te_seen = p->te_chunked_last = 0;
	p->conn_close = p->conn_keep_alive = 0;
	p->content_length = -1;
	p->state = S_STATUS;
}

/* One complete head line. Returns HTTP_MORE to go on. */
static http_event head_line(http_resp *p)
{
	size_t n;
	char *line = http_head_line(&p->head, &n);
	http_err e;
	if (p->state == S_STATUS) {
		e = parse_status_line(p, line, n);
		if (e)
			return fail(p, e);
		p->state = S_FIELDS;
		return HTTP_MORE;
	}
	if (n > 0) {
		const char *name, *value;
		e = http_head_store_field(&p->head, &name, &value);
		if (!e)
			e = note_field(p, name, value);
		return e ? fail(p, e) : HTTP_MORE;
	}
	if (p->status == 101)
		return fail(p, HTTP_E_SWITCHING);
	if (p->status < 200) {
		skip_interim(p);
		return HTTP_MORE;
	}
	return head_done(p);
}

/* Hand body bytes to the caller. Bytes up to the cap are delivered even
 * when the rest is refused, so results do not depend on how input was cut. */
static http_event deliver(http_resp *p, const char *data, size_t n)
{
	size_t room = p->max_body - p->body_len;
	size_t take = n < room ? n : room;
	if (p->keep && bytebuf_append(p->keep, data, take) < 0)
		return fail(p, HTTP_E_NOMEM);
	p->body_len += take;
	return take < n ? fail(p, HTTP_E_BODY_TOO_LARGE) : HTTP_MORE;
}

/* Deliver what has come of the p->remaining bytes the framing announced
 * (Content-Length, or one chunk's size); adds what it took to *pos. */
static http_event deliver_counted(http_resp *p, const char *at, size_t left, size_t *pos)
{
	size_t n = left < p->remaining ? left : (size_t)p->remaining;
	*pos += n;
	p->remaining -= n;
	return deliver(p, at, n);
}

/* Take the bytes up to and including the next LF (or all of them) of a
 * chunk-extension or trailer line, both skipped, not interpreted. The line
 * counts against `cap` in p->line_len; past it the parse fails with
 * `too_long` in *ev. Adds what it took to *pos; returns whether the LF was
 * among it (the line ended). */
static bool skip_line(http_resp *p, const char *at, size_t left, size_t cap,
		      http_err too_long, size_t *pos, http_event *ev)
{
	const char *lf = memchr(at, '\n', left);
	size_t n = lf ? (size_t)(lf - at) + 1 : left;
	if (n > cap - p->line_len) {
		*ev = fail(p, too_long);
		return false;
	}
	p->line_len += n;
	*pos += n;
	return lf != NULL;
}

/* The chunk size line ended: a data chunk or the last chunk follows. */
static http_event chunk_size_done(http_resp *p)
{
	if (p->remaining > p->max_body - p->body_len)
		return fail(p, HTTP_E_BODY_TOO_LARGE);
	p->line_len = 0;
	p->state = p->remaining ? S_CH_DATA : S_TR_START;
	return HTTP_MORE;
}

/* chunk-size [ chunk-ext ] CRLF, one byte at a time (it is short). */
static http_event chunk_size_byte(http_resp *p, char c)
{
	if (++p->line_len > HTTP_MAX_CHUNK_LINE)
		return fail(p, HTTP_E_CHUNK_LINE);
	int h = hex_value(c);
	if (h >= 0 && p->chunk_digits >= 0) {
		if (p->remaining > (LENGTH_LIMIT >> 4))
			return fail(p, HTTP_E_CHUNK_SIZE);
		p->remaining = p->remaining * 16 + (unsigned)h;
		p->chunk_digits++;
		return HTTP_MORE;
	}
	if (p->chunk_digits == 0)
		return fail(p, HTTP_E_CHUNK_SIZE);
	if (c == ' ' || c == '\t') {    /* BWS before an extension or CRLF */
		p->chunk_digits = -1;
		return HTTP_MORE;
	}
	p->chunk_digits = 0;
	if (c == ';') {
		p->state = S_CH_EXT;
		return HTTP_MORE;
	}
	if (c == '\r') {
		p->state = S_CH_SIZE_LF;
		return HTTP_MORE;
	}
	if (c == '\n')
		return chunk_size_done(p);
	return fail(p, HTTP_E_CHUNK_SIZE);
}

/* Run the state machine over data[0..len). */
http_event http_resp_feed(http_resp *p, const char *data, size_t len,
			  size_t *used)
{
	size_t pos = 0;
	http_event ev = HTTP_MORE;
	if (len)
		p->got_bytes = 1;
	else
		data = "";   /* callers may pass (NULL, 0) */
	while (ev == HTTP_MORE) {
		size_t left = len - pos;
		const char *at = data + pos;
		switch (p->state) {
		case S_STATUS:
		case S_FIELDS: {
			if (!left)
				goto out;
			http_err e;
			size_t n;
			int r = http_head_collect(&p->head, at, left, &n, &e);
			pos += n;
			if (r < 0)
				ev = fail(p, e);
			else if (r > 0)
				ev = head_line(p);
			break;
		}
		case S_LENGTH:
			if (p->remaining == 0) {
				p->state = S_DONE;
				break;
			}
			if (!left)
				goto out;
			ev = deliver_counted(p, at, left, &pos);
			break;
		case S_CLOSE:
			if (!left)
				goto out;
			ev = deliver(p, at, left);
			pos += left;
			break;
		case S_CH_SIZE:
			if (!left)
				goto out;
			pos++;
			ev = chunk_size_byte(p, at[0]);
			break;
		case S_CH_EXT:
			if (!left)
				goto out;
			if (skip_line(p, at, left, HTTP_MAX_CHUNK_LINE,
				      HTTP_E_CHUNK_LINE, &pos, &ev))
				ev = chunk_size_done(p);
			break;
		case S_CH_SIZE_LF:
			if (!left)
				goto out;
			pos++;
			ev = at[0] == '\n' ? chunk_size_done(p)
					   : fail(p, HTTP_E_CHUNK_SIZE);
			break;
		case S_CH_DATA:
			if (!left)
				goto out;
			ev = deliver_counted(p, at, left, &pos);
			if (p->remaining == 0)
				p->state = S_CH_DATA_CR;
			break;
		case S_CH_DATA_CR:
		case S_CH_DATA_LF:
			if (!left)
				goto out;
			pos++;
			if (at[0] == '\r' && p->state == S_CH_DATA_CR)
				p->state = S_CH_DATA_LF;
			else if (at[0] == '\n')
				p->state = S_CH_SIZE;
			else
				ev = fail(p, HTTP_E_CHUNK_END);
			break;
		case S_TR_START:
			if (!left)
				goto out;
			pos++;
			if (++p->line_len > HTTP_MAX_HEAD)
				ev = fail(p, HTTP_E_TRAILER_TOO_LARGE);
			else if (at[0] == '\n')
				p->state = S_DONE;
			else if (at[0] == '\r')
				p->state = S_TR_END_LF;
			else if (at[0] == ' ' || at[0] == '\t' || at[0] == ':')
				ev = fail(p, HTTP_E_TRAILER);
			else
				p->state = S_TR_LINE;
			break;
		case S_TR_LINE:
			if (!left)
				goto out;
			if (skip_line(p, at, left, HTTP_MAX_HEAD,
				      HTTP_E_TRAILER_TOO_LARGE, &pos, &ev))
				p->state = S_TR_START;
			break;
		case S_TR_END_LF:
			if (!left)
				goto out;
			pos++;
			if (at[0] == '\n')
				p->state = S_DONE;
			else
				ev = fail(p, HTTP_E_TRAILER);
			break;
		case S_DONE:
			ev = HTTP_DONE;
			break;
		default:
			ev = HTTP_ERROR;
			break;
		}
	}
out:
	*used = pos;
	return ev;
}

http_event http_resp_eof(http_resp *p)
{
	switch (p->state) {
	case S_DONE:
		return HTTP_DONE;
	case S_ERROR:
		return HTTP_ERROR;
	case S_CLOSE:
		p->state = S_DONE;
		return HTTP_DONE;
	case S_LENGTH:
		if (p->remaining == 0) {
			p->state = S_DONE;
			return HTTP_DONE;
		}
		return fail(p, HTTP_E_CLOSED_EARLY);
	case S_STATUS:
		if (!p->got_bytes)
			return fail(p, HTTP_E_NO_RESPONSE);
		return fail(p, HTTP_E_CLOSED_EARLY);
	default:
		return fail(p, HTTP_E_CLOSED_EARLY);
	}
}
