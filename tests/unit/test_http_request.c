/* test_http_request.c — the server's request head parser. */
#include <stdlib.h>

#include "check.h"
#include "http.h"

typedef struct req_outcome {
	http_event ev;
	http_err err;
	char method[16], target[128];
	int version, keep_alive, chunked;
	long long content_length;
	size_t used;
} req_outcome;

/* Feed in pieces of `piece` bytes (0 = whole) until the head is done. */
static req_outcome parse(const char *in, size_t len, size_t max_head, size_t piece)
{
	req_outcome o;
	memset(&o, 0, sizeof o);
	http_req r;
	http_req_init(&r, max_head);
	size_t off = 0;
	http_event ev = HTTP_MORE;
	while (ev == HTTP_MORE && off < len) {
		size_t n = piece && piece < len - off ? piece : len - off, used;
		ev = http_req_feed(&r, in + off, n, &used);
		CHECK(used <= n, "used beyond input");
		CHECK(ev != HTTP_MORE || used == n, "HTTP_MORE without using all input");
		off += used;
	}
	o.ev = ev;
	o.err = r.err;
	o.used = off;
	if (ev == HTTP_DONE) {
		snprintf(o.method, sizeof o.method, "%s", r.method);
		snprintf(o.target, sizeof o.target, "%s", r.target);
	}
	o.version = r.version;
	o.keep_alive = r.keep_alive;
	o.chunked = r.chunked;
	o.content_length = r.content_length;
	http_req_free(&r);
	return o;
}

typedef struct qcase {
	const char *name, *in;
	http_event ev;
	http_err err;
	const char *method, *target;
	int keep_alive;
	size_t used;   /* bytes of the head, for HTTP_DONE */
} qcase;

static const qcase cases[] = {
	{ "get 1.1", "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n",
	  HTTP_DONE, 0, "GET", "/index.html", 1, 0 },
	{ "head 1.1 close", "HEAD /a%20b?q=1 HTTP/1.1\r\nConnection: close\r\n\r\n",
	  HTTP_DONE, 0, "HEAD", "/a%20b?q=1", 0, 0 },
	{ "1.0 default close", "GET / HTTP/1.0\r\n\r\n", HTTP_DONE, 0, "GET", "/", 0, 0 },
	{ "1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
	  HTTP_DONE, 0, "GET", "/", 1, 0 },
	{ "bare LF", "GET /x HTTP/1.1\nHost: y\n\n", HTTP_DONE, 0, "GET", "/x", 1, 0 },
	{ "leading empty lines", "\r\n\r\nGET / HTTP/1.1\r\n\r\n", HTTP_DONE, 0, "GET", "/", 1, 0 },
	{ "pipelined: stops after the head",
	  "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n", HTTP_DONE, 0, "GET", "/1", 1, 19 },
	{ "absolute form", "GET http://h/p HTTP/1.1\r\n\r\n", HTTP_DONE, 0, "GET", "http://h/p", 1, 0 },
	{ "unfinished", "GET / HTTP/1.1\r\nHost: x\r\n", HTTP_MORE, 0, NULL, NULL, -1, 0 },
	{ "lower-case method is a method", "get / HTTP/1.1\r\n\r\n", HTTP_DONE, 0, "get", "/", 1, 0 },
	{ "no target", "GET HTTP/1.1\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "two spaces", "GET  / HTTP/1.1\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "no version", "GET /\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "trailing space", "GET / HTTP/1.1 \r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "bad version text", "GET / HTTX/1.1\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "http/2.0", "GET / HTTP/2.0\r\n\r\n", HTTP_ERROR, HTTP_E_VERSION, NULL, NULL, -1, 0 },
	{ "control in target", "GET /\x01 HTTP/1.1\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "bad method char", "G(T / HTTP/1.1\r\n\r\n", HTTP_ERROR, HTTP_E_REQUEST_LINE, NULL, NULL, -1, 0 },
	{ "bad header", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", HTTP_ERROR, HTTP_E_HEADER, NULL, NULL, -1, 0 },
	{ "folding", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", HTTP_ERROR, HTTP_E_FOLDING, NULL, NULL, -1, 0 },
	{ "bad content-length", "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", HTTP_ERROR, HTTP_E_CONTENT_LENGTH, NULL, NULL, -1, 0 },
	{ "conflicting content-length", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", HTTP_ERROR, HTTP_E_CONFLICTING_LENGTH, NULL, NULL, -1, 0 },
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const qcase *c = &cases[i];
		size_t len = strlen(c->in);
		req_outcome whole = parse(c->in, len, 0, 0);
		CHECK(whole.ev == c->ev, "%s: event %d, want %d (%s)", c->name, whole.ev,
		      c->ev, http_err_str(whole.err));
		CHECK(whole.err == c->err, "%s: error \"%s\", want \"%s\"", c->name,
		      http_err_str(whole.err), http_err_str(c->err));
		if (c->method) {
			CHECK_STR(whole.method, c->method, c->name);
			CHECK_STR(whole.target, c->target, c->name);
		}
		if (c->keep_alive >= 0)
			CHECK_INT(whole.keep_alive, c->keep_alive, c->name);
		if (c->ev == HTTP_DONE)
			CHECK_INT(whole.used, c->used ? c->used : len, c->name);
		for (size_t piece = 1; piece <= 5; piece++) {
			req_outcome p = parse(c->in, len, 0, piece);
			CHECK(p.ev == whole.ev && p.err == whole.err && p.used == whole.used &&
			      strcmp(p.method, whole.method) == 0 &&
			      strcmp(p.target, whole.target) == 0 &&
			      p.keep_alive == whole.keep_alive,
			      "%s: pieces of %zu differ from whole", c->name, piece);
		}
	}
}

static void test_fields(void)
{
	const char *in = "POST /up HTTP/1.1\r\nHost: example.com:8080\r\n"
			 "Content-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\nbody";
	http_req r;
	size_t used;
	http_req_init(&r, 0);
	CHECK(http_req_feed(&r, in, strlen(in), &used) == HTTP_DONE, "fields: done");
	CHECK_INT(used, strlen(in) - 4, "fields: body left");
	CHECK_STR(http_req_header(&r, "host"), "example.com:8080", "Host header");
	CHECK_INT(r.content_length, 12, "request Content-Length");
	CHECK_INT(r.chunked, 1, "request Transfer-Encoding");
	CHECK_INT(r.version, 1, "request version");
	CHECK(http_req_feed(&r, "x", 1, &used) == HTTP_DONE && used == 0, "done is sticky");

	http_req_reset(&r);
	const char *next = "GET /two HTTP/1.0\r\n\r\n";
	CHECK(http_req_feed(&r, next, strlen(next), &used) == HTTP_DONE, "reset: done");
	CHECK_STR(r.target, "/two", "reset: target");
	CHECK(http_req_header(&r, "Host") == NULL, "reset forgets headers");
	CHECK_INT(r.content_length, -1, "reset: no Content-Length");
	CHECK_INT(r.version, 0, "reset: version");
	http_req_free(&r);

	CHECK_INT(http_req_error_status(HTTP_E_HEAD_TOO_LARGE), 431, "431");
	CHECK_INT(http_req_error_status(HTTP_E_VERSION), 505, "505");
	CHECK_INT(http_req_error_status(HTTP_E_REQUEST_LINE), 400, "400");
}

static void test_caps(void)
{
	/* the default cap, and a caller's smaller one */
	size_t big = HTTP_MAX_REQUEST_HEAD + 10;
	char *in = malloc(big);
	memset(in, 'A', big);
	memcpy(in, "GET /", 5);
	req_outcome o = parse(in, big, 0, 0);
	CHECK(o.ev == HTTP_ERROR && o.err == HTTP_E_HEAD_TOO_LARGE, "endless request line");
	o = parse(in, big, 0, 1);
	CHECK(o.ev == HTTP_ERROR && o.err == HTTP_E_HEAD_TOO_LARGE, "endless request line, bytewise");
	const char *small = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";   /* 27 bytes */
	o = parse(small, strlen(small), 27, 0);
	CHECK(o.ev == HTTP_DONE, "head exactly at the cap");
	o = parse(small, strlen(small), 26, 0);
	CHECK(o.ev == HTTP_ERROR && o.err == HTTP_E_HEAD_TOO_LARGE, "head one over the cap");
	/* a flood of empty lines counts against the cap */
	for (size_t i = 0; i + 1 < big; i += 2)
		memcpy(in + i, "\r\n", 2);
	o = parse(in, big - big % 2, 0, 0);
	CHECK(o.ev == HTTP_ERROR && o.err == HTTP_E_HEAD_TOO_LARGE, "empty line flood");
	free(in);
}

int main(void)
{
	test_cases();
	test_fields();
	test_caps();
	return check_report("test_http_request");
}
