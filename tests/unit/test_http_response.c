/*
 * test_http_response.c — the response parser: every body framing, every
 * error reason, the caps; and each case fed whole, one byte at a time, in
 * odd-sized pieces, and split at every position must give the same result.
 */
#include <stdlib.h>

#include "check.h"
#include "http.h"

typedef struct outcome {
	http_event ev;       /* HTTP_DONE or HTTP_ERROR (or HTTP_MORE if stuck) */
	http_err err;
	int status, version, keep_alive, chunked, until_close, no_body;
	size_t body_len;
	size_t used;         /* bytes consumed up to HTTP_DONE */
	int headers_seen;
	char body[256];
	char location[128];
} outcome;

/* Feed `in` in pieces whose sizes cycle through `sizes` (0 = whole), then
 * EOF if `eof`; keep the body like the crawler does for text/html. */
static outcome run_split(const char *method, const char *in, size_t len,
			 size_t max_body, int eof, const size_t *sizes, size_t nsizes,
			 size_t split_at)
{
	outcome o;
	memset(&o, 0, sizeof o);
	http_resp p;
	bytebuf body = BYTEBUF_INIT;
	http_resp_init(&p, method, max_body);
	size_t off = 0, k = 0;
	http_event ev = HTTP_MORE;
	while (ev == HTTP_MORE || ev == HTTP_HEADERS) {
		size_t n;
		if (split_at) {
			n = off < split_at ? split_at - off : len - off;
		} else {
			n = sizes[k++ % nsizes];
			if (n == 0 || n > len - off)
				n = len - off;
		}
		if (n == 0 && ev == HTTP_MORE && off == len) {
			ev = eof ? http_resp_eof(&p) : HTTP_MORE;
			break;
		}
		/* one piece, possibly stopping at HTTP_HEADERS part-way */
		size_t piece_end = off + n;
		do {
			size_t used;
			ev = http_resp_feed(&p, in + off, piece_end - off, &used);
			CHECK(used <= piece_end - off, "used beyond input");
			off += used;
			o.used += used;
			if (ev == HTTP_HEADERS) {
				CHECK(!o.headers_seen, "HTTP_HEADERS reported twice");
				o.headers_seen = 1;
				if (http_media_type_is(http_resp_header(&p, "Content-Type"),
						       "text/html"))
					p.keep = &body;
			}
		} while (ev == HTTP_HEADERS);
		if (ev == HTTP_MORE && off < piece_end)
			CHECK(0, "HTTP_MORE without using all input");
		if (ev == HTTP_MORE && off == len && !eof)
			break;
	}
	o.ev = ev;
	o.err = p.err;
	o.status = p.status;
	o.version = p.version;
	o.keep_alive = p.keep_alive;
	o.chunked = p.chunked;
	o.until_close = p.until_close;
	o.no_body = p.no_body;
	o.body_len = p.body_len;
	if (body.len && body.len < sizeof o.body)
		memcpy(o.body, body.data, body.len);
	const char *loc = http_resp_header(&p, "Location");
	if (loc && strlen(loc) < sizeof o.location)
		strcpy(o.location, loc);
	/* the result is repeated when asked again */
	size_t used;
	if (ev == HTTP_DONE || ev == HTTP_ERROR)
		CHECK(http_resp_feed(&p, "x", 1, &used) == ev && used == 0,
		      "repeat after end");
	http_resp_free(&p);
	bytebuf_free(&body);
	return o;
}

static outcome run(const char *method, const char *in, size_t len,
		   size_t max_body, int eof, size_t piece)
{
	size_t sizes[1] = { piece };
	return run_split(method, in, len, max_body, eof, sizes, 1, 0);
}

static int same(const outcome *a, const outcome *b)
{
	return a->ev == b->ev && a->err == b->err && a->status == b->status &&
	       a->version == b->version && a->keep_alive == b->keep_alive &&
	       a->chunked == b->chunked && a->until_close == b->until_close &&
	       a->no_body == b->no_body && a->body_len == b->body_len &&
	       (a->ev != HTTP_DONE || (a->used == b->used &&
	        memcmp(a->body, b->body, sizeof a->body) == 0 &&
	        strcmp(a->location, b->location) == 0));
}

typedef struct rcase {
	const char *name;
	const char *method;
	const char *in;
	int eof;                /* the server closes after sending `in` */
	http_event ev;
	http_err err;
	int status;
	const char *body;       /* kept body (text/html), or NULL to skip */
	long body_len;          /* -1 to skip */
	int keep_alive;         /* -1 to skip */
} rcase;

#define H200 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"

static const rcase cases[] = {
	{ "content-length", "GET", H200 "Content-Length: 5\r\n\r\nhello",
	  0, HTTP_DONE, 0, 200, "hello", 5, 1 },
	{ "content-length zero", "GET", H200 "Content-Length: 0\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "", 0, 1 },
	{ "content-length repeated equal", "GET",
	  H200 "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
	  0, HTTP_DONE, 0, 200, "abc", 3, 1 },
	{ "content-length list equal", "GET", H200 "Content-Length: 3, 3\r\n\r\nabc",
	  0, HTTP_DONE, 0, 200, "abc", 3, 1 },
	{ "bytes after the body are left", "GET",
	  H200 "Content-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\n",
	  0, HTTP_DONE, 0, 200, "hi", 2, 1 },
	{ "not html is counted only", "GET",
	  "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG",
	  0, HTTP_DONE, 0, 200, "", 4, 1 },
	{ "html with charset", "GET",
	  "HTTP/1.1 200 OK\r\nContent-Type: TEXT/HTML; charset=utf-8\r\nContent-Length: 2\r\n\r\nok",
	  0, HTTP_DONE, 0, 200, "ok", 2, 1 },
	{ "bare LF line endings", "GET",
	  "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 2\n\nok",
	  0, HTTP_DONE, 0, 200, "ok", 2, 1 },
	{ "no reason phrase", "GET", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
	  0, HTTP_DONE, 0, 404, NULL, 0, 1 },
	{ "empty reason phrase", "GET", "HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n",
	  0, HTTP_DONE, 0, 500, NULL, 0, 1 },
	{ "header whitespace", "GET",
	  "HTTP/1.1 200 OK\r\ncontent-type:text/html\r\nCONTENT-LENGTH: \t 2 \t\r\n\r\nok",
	  0, HTTP_DONE, 0, 200, "ok", 2, 1 },
	{ "chunked", "GET",
	  H200 "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "hello world", 11, 1 },
	{ "chunked hex sizes and extensions", "GET",
	  H200 "Transfer-Encoding: chunked\r\n\r\n"
	  "A;name=value;x=\"q\"\r\n0123456789\r\n1b \t;ext\r\nabcdefghijklmnopqrstuvwxyz!\r\n0;last\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "0123456789abcdefghijklmnopqrstuvwxyz!", 37, 1 },
	{ "chunked with trailers", "GET",
	  H200 "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "abc", 3, 1 },
	{ "chunked bare LF", "GET",
	  H200 "Transfer-Encoding: chunked\n\n3\nabc\n0\n\n",
	  0, HTTP_DONE, 0, 200, "abc", 3, 1 },
	{ "chunked, any case, in a list", "GET",
	  H200 "Transfer-Encoding: gzip, CHUNKED\r\n\r\n1\r\nz\r\n0\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "z", 1, 1 },
	{ "chunked wins over content-length, no reuse", "GET",
	  H200 "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "z", 1, 0 },
	{ "chunked not last reads to close", "GET",
	  H200 "Transfer-Encoding: chunked, gzip\r\n\r\nraw",
	  1, HTTP_DONE, 0, 200, "raw", 3, 0 },
	{ "read to close", "GET", H200 "\r\n<a href=x>x</a>",
	  1, HTTP_DONE, 0, 200, "<a href=x>x</a>", 15, 0 },
	{ "read to close, empty", "GET", H200 "\r\n",
	  1, HTTP_DONE, 0, 200, "", 0, 0 },
	{ "HEAD has no body", "HEAD", H200 "Content-Length: 1000\r\n\r\n",
	  0, HTTP_DONE, 0, 200, "", 0, 1 },
	{ "204 has no body", "GET", "HTTP/1.1 204 No Content\r\n\r\n",
	  0, HTTP_DONE, 0, 204, NULL, 0, 1 },
	{ "304 has no body", "GET",
	  "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n",
	  0, HTTP_DONE, 0, 304, NULL, 0, 1 },
	{ "100 continue is skipped", "GET",
	  "HTTP/1.1 100 Continue\r\nX: y\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n"
	  H200 "Content-Length: 2\r\n\r\nok",
	  0, HTTP_DONE, 0, 200, "ok", 2, 1 },
	{ "redirect", "GET",
	  "HTTP/1.1 301 Moved\r\nLocation: /new/place\r\nContent-Length: 0\r\n\r\n",
	  0, HTTP_DONE, 0, 301, NULL, 0, 1 },
	{ "connection close", "GET", H200 "Connection: close\r\nContent-Length: 1\r\n\r\nx",
	  0, HTTP_DONE, 0, 200, "x", 1, 0 },
	{ "connection close in a list", "GET",
	  H200 "Connection: Upgrade, Close\r\nContent-Length: 1\r\n\r\nx",
	  0, HTTP_DONE, 0, 200, "x", 1, 0 },
	{ "http/1.0 closes by default", "GET",
	  "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 0, HTTP_DONE, 0, 200, NULL, 1, 0 },
	{ "http/1.0 keep-alive", "GET",
	  "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
	  0, HTTP_DONE, 0, 200, NULL, 1, 1 },

	/* errors */
	{ "no response", "GET", "", 1, HTTP_ERROR, HTTP_E_NO_RESPONSE, 0, NULL, -1, -1 },
	{ "closed in status line", "GET", "HTTP/1.1 2", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 0, NULL, -1, -1 },
	{ "closed in headers", "GET", H200 "Content-Le", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 200, NULL, -1, -1 },
	{ "closed after interim", "GET", "HTTP/1.1 100 Continue\r\n\r\n", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 0, NULL, -1, -1 },
	{ "closed in body", "GET", H200 "Content-Length: 10\r\n\r\nabc", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 200, NULL, 3, -1 },
	{ "closed in chunk", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n5\r\nab", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 200, NULL, 2, -1 },
	{ "closed before last chunk", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 200, NULL, 2, -1 },
	{ "closed in trailers", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n", 1, HTTP_ERROR, HTTP_E_CLOSED_EARLY, 200, NULL, 0, -1 },
	{ "not http", "GET", "SSH-2.0-OpenSSH_9.2\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "html instead of status", "GET", "<html>\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "lower-case http", "GET", "http/1.1 200 OK\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "two-digit status", "GET", "HTTP/1.1 20 OK\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "four-digit status", "GET", "HTTP/1.1 2000 OK\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "status 099", "GET", "HTTP/1.1 099 OK\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "no space after version", "GET", "HTTP/1.1200 OK\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "control in reason", "GET", "HTTP/1.1 200 O\x01K\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "bare CR in status line", "GET", "HTTP/1.1 200 OK\rX\r\n", 0, HTTP_ERROR, HTTP_E_STATUS_LINE, 0, NULL, -1, -1 },
	{ "http/2", "GET", "HTTP/2 200\r\n", 0, HTTP_ERROR, HTTP_E_VERSION, 0, NULL, -1, -1 },
	{ "http/0.9", "GET", "HTTP/0.9 200 OK\r\n", 0, HTTP_ERROR, HTTP_E_VERSION, 0, NULL, -1, -1 },
	{ "header without colon", "GET", H200 "Bogus\r\n\r\n", 0, HTTP_ERROR, HTTP_E_HEADER, 200, NULL, -1, -1 },
	{ "space before colon", "GET", H200 "Content-Length : 1\r\n\r\n", 0, HTTP_ERROR, HTTP_E_HEADER, 200, NULL, -1, -1 },
	{ "empty header name", "GET", H200 ": x\r\n\r\n", 0, HTTP_ERROR, HTTP_E_HEADER, 200, NULL, -1, -1 },
	{ "NUL in header value", "GET", H200 "X: a\0b\r\n\r\n", 0, HTTP_ERROR, HTTP_E_HEADER, 200, NULL, -1, -1 },
	{ "bare CR in header", "GET", H200 "X: a\rb\r\n\r\n", 0, HTTP_ERROR, HTTP_E_HEADER, 200, NULL, -1, -1 },
	{ "obs-fold", "GET", H200 "X: a\r\n b\r\n\r\n", 0, HTTP_ERROR, HTTP_E_FOLDING, 200, NULL, -1, -1 },
	{ "content-length not a number", "GET", H200 "Content-Length: abc\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONTENT_LENGTH, 200, NULL, -1, -1 },
	{ "content-length negative", "GET", H200 "Content-Length: -1\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONTENT_LENGTH, 200, NULL, -1, -1 },
	{ "content-length empty", "GET", H200 "Content-Length:\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONTENT_LENGTH, 200, NULL, -1, -1 },
	{ "content-length huge", "GET", H200 "Content-Length: 99999999999999999999999\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONTENT_LENGTH, 200, NULL, -1, -1 },
	{ "content-length trailing junk", "GET", H200 "Content-Length: 5x\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONTENT_LENGTH, 200, NULL, -1, -1 },
	{ "conflicting content-length", "GET", H200 "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONFLICTING_LENGTH, 200, NULL, -1, -1 },
	{ "conflicting content-length list", "GET", H200 "Content-Length: 5, 6\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CONFLICTING_LENGTH, 200, NULL, -1, -1 },
	{ "101 switching protocols", "GET", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", 0, HTTP_ERROR, HTTP_E_SWITCHING, 101, NULL, -1, -1 },
	{ "chunk size not hex", "GET", H200 "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk size empty", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk size negative", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n-1\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk size overflow", "GET", H200 "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk size with space inside", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n1 2\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk size CR without LF", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n1\rx", 0, HTTP_ERROR, HTTP_E_CHUNK_SIZE, 200, NULL, -1, -1 },
	{ "chunk data too long", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 0, HTTP_ERROR, HTTP_E_CHUNK_END, 200, NULL, 2, -1 },
	{ "chunk data CR then junk", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n2\r\nab\rc", 0, HTTP_ERROR, HTTP_E_CHUNK_END, 200, NULL, 2, -1 },
	{ "trailer folding", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n0\r\n x\r\n\r\n", 0, HTTP_ERROR, HTTP_E_TRAILER, 200, NULL, 0, -1 },
	{ "trailer CR then junk", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n0\r\n\rx", 0, HTTP_ERROR, HTTP_E_TRAILER, 200, NULL, 0, -1 },
	{ "content-length over cap", "GET", H200 "Content-Length: 1001\r\n\r\n", 0, HTTP_ERROR, HTTP_E_BODY_TOO_LARGE, 200, NULL, 0, -1 },
	{ "chunked over cap", "GET", H200 "Transfer-Encoding: chunked\r\n\r\n3e9\r\n", 0, HTTP_ERROR, HTTP_E_BODY_TOO_LARGE, 200, NULL, 0, -1 },
};

static void test_cases(void)
{
	static const size_t odd[] = { 3, 1, 7, 2, 11 };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const rcase *c = &cases[i];
		size_t len = strlen(c->in);
		if (strstr(c->name, "NUL"))
			len = strlen(c->in) + 1 + strlen(c->in + strlen(c->in) + 1);
		outcome whole = run(c->method, c->in, len, 1000, c->eof, 0);
		CHECK(whole.ev == c->ev, "%s: event %d, want %d (%s)", c->name,
		      whole.ev, c->ev, http_err_str(whole.err));
		CHECK(whole.err == c->err, "%s: error \"%s\", want \"%s\"", c->name,
		      http_err_str(whole.err), http_err_str(c->err));
		CHECK_INT(whole.status, c->status, c->name);
		if (c->body)
			CHECK_STR(whole.body, c->body, c->name);
		if (c->body_len >= 0)
			CHECK(whole.body_len == (size_t)c->body_len,
			      "%s: body_len %zu, want %ld", c->name, whole.body_len, c->body_len);
		if (c->keep_alive >= 0)
			CHECK_INT(whole.keep_alive, c->keep_alive, c->name);
		if (c->ev == HTTP_DONE && !c->eof)
			CHECK(whole.used == len || strstr(c->name, "left"),
			      "%s: used %zu of %zu", c->name, whole.used, len);

		outcome bytes = run(c->method, c->in, len, 1000, c->eof, 1);
		CHECK(same(&whole, &bytes), "%s: byte-at-a-time differs from whole", c->name);
		outcome pieces = run_split(c->method, c->in, len, 1000, c->eof, odd, 5, 0);
		CHECK(same(&whole, &pieces), "%s: odd pieces differ from whole", c->name);
		for (size_t at = 1; at < len; at++) {
			outcome two = run_split(c->method, c->in, len, 1000, c->eof, NULL, 0, at);
			if (!same(&whole, &two)) {
				CHECK(0, "%s: split at %zu differs from whole", c->name, at);
				break;
			}
		}
	}
}

static void test_details(void)
{
	const char *in = "HTTP/1.1 302 Found Elsewhere\r\nLocation:  http://x/y \r\n"
			 "Set-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n";
	http_resp p;
	size_t used;
	http_resp_init(&p, "GET", 100);
	CHECK(http_resp_feed(&p, in, strlen(in), &used) == HTTP_HEADERS, "details: headers");
	CHECK_STR(p.reason, "Found Elsewhere", "reason phrase");
	CHECK_STR(http_resp_header(&p, "location"), "http://x/y", "Location trimmed");
	CHECK_STR(http_resp_header(&p, "SET-COOKIE"), "a=1", "first of repeated header");
	CHECK(http_resp_header(&p, "X-Missing") == NULL, "missing header");
	size_t pos = 0, n = 0;
	const char *name, *value;
	while (http_head_next(&p.head, &pos, &name, &value))
		n++;
	CHECK_INT(n, 4, "header iteration count");
	CHECK(http_resp_feed(&p, in + used, strlen(in) - used, &used) == HTTP_DONE,
	      "details: done");
	CHECK_INT(used, 0, "nothing left to use");

	/* reuse on a keep-alive connection */
	http_resp_reset(&p, "GET");
	const char *next = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz";
	CHECK(http_resp_feed(&p, next, strlen(next), &used) == HTTP_HEADERS, "reset: headers");
	CHECK(http_resp_header(&p, "Location") == NULL, "reset forgets headers");
	CHECK_INT(p.status, 200, "reset: status");
	http_resp_free(&p);

	/* a feed of zero bytes makes the progress that needs no input */
	http_resp_init(&p, "HEAD", 100);
	const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
	CHECK(http_resp_feed(&p, head, strlen(head), &used) == HTTP_HEADERS, "zero: headers");
	CHECK(http_resp_feed(&p, NULL, 0, &used) == HTTP_DONE, "zero-byte feed finishes HEAD");
	CHECK(http_resp_eof(&p) == HTTP_DONE, "eof after done");
	http_resp_free(&p);

	CHECK(http_media_type_is("text/html", "text/html"), "media type");
	CHECK(http_media_type_is(" Text/HTML ;charset=x", "text/html"), "media type params");
	CHECK(!http_media_type_is("text/htmlx", "text/html"), "media type prefix");
	CHECK(!http_media_type_is("text/plain", "text/html"), "media type other");
	CHECK(!http_media_type_is(NULL, "text/html"), "media type NULL");
	CHECK(http_list_has("a, b;q=1, Close", "close"), "list has");
	CHECK(!http_list_has("closed, x", "close"), "list has no prefix match");
	CHECK(!http_list_has("", "close") && !http_list_has(NULL, "close"), "list empty");
	CHECK_STR(http_err_str(HTTP_E_CHUNK_SIZE), "bad chunk size", "reason text");
	CHECK_STR(http_err_str(HTTP_E_HEAD_TOO_LARGE), "header block too large", "reason text");
	CHECK(http_err_str((http_err)1000) != NULL, "unknown reason not NULL");
}

/* Feed a generated input whole and byte by byte; both must agree. */
static http_err run_big(const char *in, size_t len, size_t max_body, int eof)
{
	outcome a = run("GET", in, len, max_body, eof, 0);
	outcome b = run("GET", in, len, max_body, eof, 1);
	CHECK(same(&a, &b), "big input %.40s: byte-at-a-time differs from whole: ev %d/%d err %s/%s used %zu/%zu", in, a.ev, b.ev, http_err_str(a.err), http_err_str(b.err), a.used, b.used);
	return a.ev == HTTP_ERROR ? a.err : HTTP_E_NONE;
}

static void test_caps(void)
{
	size_t big = HTTP_MAX_HEAD + 100;
	char *in = malloc(big + 200);
	/* a header block of exactly 64 KiB is accepted, one byte more is not */
	const char *status = "HTTP/1.1 200 OK\r\n";
	for (int extra = 0; extra <= 1; extra++) {
		size_t len = strlen(status);
		memcpy(in, status, len);
		const char *cl = "Content-Length: 0\r\n";
		memcpy(in + len, cl, strlen(cl));
		len += strlen(cl);
		size_t pad = HTTP_MAX_HEAD - len - 2 - strlen("X: \r\n") + (size_t)extra;
		memcpy(in + len, "X: ", 3);
		memset(in + len + 3, 'a', pad);
		len += 3 + pad;
		memcpy(in + len, "\r\n\r\n", 4);
		len += 4;
		CHECK_INT(len, HTTP_MAX_HEAD + (size_t)extra, "head size");
		http_err e = run_big(in, len, 10, 0);
		if (extra)
			CHECK(e == HTTP_E_HEAD_TOO_LARGE, "head 64 KiB + 1: %s", http_err_str(e));
		else
			CHECK(e == HTTP_E_NONE, "head of exactly 64 KiB: %s", http_err_str(e));
	}
	/* an endless status line */
	memset(in, 'H', big);
	CHECK(run_big(in, big, 10, 0) == HTTP_E_HEAD_TOO_LARGE, "endless status line");
	/* many small headers */
	size_t len = strlen(status);
	memcpy(in, status, len);
	while (len + 6 < big) {
		memcpy(in + len, "A: b\r\n", 6);
		len += 6;
	}
	CHECK(run_big(in, len, 10, 0) == HTTP_E_HEAD_TOO_LARGE, "many headers");
	/* endless interim responses share the cap */
	len = 0;
	while (len + 25 < big) {
		memcpy(in + len, "HTTP/1.1 100 Continue\r\n\r\n", 25);
		len += 25;
	}
	CHECK(run_big(in, len, 10, 0) == HTTP_E_HEAD_TOO_LARGE, "endless 100 Continue");

	/* body caps: exactly at the cap is fine, one more byte is not */
	const char *h = "HTTP/1.1 200 OK\r\n\r\n";
	len = strlen(h);
	memcpy(in, h, len);
	memset(in + len, 'b', 1000);
	CHECK(run_big(in, len + 1000, 1000, 1) == HTTP_E_NONE, "read-to-close at cap");
	CHECK(run_big(in, len + 1001, 1000, 1) == HTTP_E_BODY_TOO_LARGE, "read-to-close over cap");
	const char *ch = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
	len = (size_t)sprintf(in, "%s1f4\r\n", ch);
	memset(in + len, 'c', 500);
	len += 500;
	len += (size_t)sprintf(in + len, "\r\n1f4\r\n");
	memset(in + len, 'c', 500);
	len += 500;
	len += (size_t)sprintf(in + len, "\r\n1\r\nc\r\n0\r\n\r\n");
	CHECK(run_big(in, len, 1000, 0) == HTTP_E_BODY_TOO_LARGE, "chunks add up over cap");
	CHECK(run_big(in, len, 1001, 0) == HTTP_E_NONE, "chunks add up to cap");
	/* endless chunk extension and endless trailers */
	len = (size_t)sprintf(in, "%s1;", ch);
	memset(in + len, 'e', HTTP_MAX_CHUNK_LINE + 10);
	len += HTTP_MAX_CHUNK_LINE + 10;
	CHECK(run_big(in, len, 1000, 0) == HTTP_E_CHUNK_LINE, "endless chunk extension");
	len = (size_t)sprintf(in, "%s1", ch);
	memset(in + len, '0', HTTP_MAX_CHUNK_LINE + 10);   /* leading zeros */
	len += HTTP_MAX_CHUNK_LINE + 10;
	CHECK(run_big(in, len, 1000, 0) == HTTP_E_CHUNK_LINE ||
	      run_big(in, len, 1000, 0) == HTTP_E_CHUNK_SIZE, "endless chunk size digits");
	len = (size_t)sprintf(in, "%s0\r\n", ch);
	while (len + 6 < big) {
		memcpy(in + len, "T: v\r\n", 6);
		len += 6;
	}
	CHECK(run_big(in, len, 1000, 0) == HTTP_E_TRAILER_TOO_LARGE, "endless trailers");
	free(in);
}

int main(void)
{
	test_cases();
	test_details();
	test_caps();
	return check_report("test_http_response");
}
