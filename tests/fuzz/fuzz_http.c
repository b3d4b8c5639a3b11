/*
 * fuzz_http.c — libFuzzer target for examples/lib/http_response.c (the
 * crawler's response parser) and http_request.c (the server's request
 * parser), the functions the programs call.
 *
 * Input: one control byte, then the bytes the peer sends.
 *   bit 0     0 = responses, 1 = requests
 *   bit 1     responses: the request was HEAD
 *   bits 2-3  responses: max_body 0, 16, 4096, 1 MB; requests: max_head
 *             0 (default), 64, 1024, 16384
 *   bit 4     the connection is closed after the last byte (http_resp_eof)
 *   bits 5-7  seed of the odd-sized-pieces split
 * Up to 8 messages are parsed from one connection (reset after each).
 *
 * The same bytes are fed three ways — all at once, one byte at a time, and
 * in odd-sized pieces — and every event, the offset it happened at, the
 * status, headers, error and kept body must agree between the three.
 * Every call must also keep the documented contract: `used` never beyond
 * the input, HTTP_MORE uses every byte, HTTP_HEADERS once per message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"

#define MAX_MESSAGES 8

typedef struct trace {
	bytebuf t;
} trace;

static void tput(trace *tr, const void *p, size_t n)
{
	if (bytebuf_append(&tr->t, p, n) != 0)
		abort();
}

static void tnum(trace *tr, char tag, long long v)
{
	char s[48];
	int n = snprintf(s, sizeof s, "%c%lld;", tag, v);
	tput(tr, s, (size_t)n);
}

static void tstr(trace *tr, char tag, const char *s)
{
	tput(tr, &tag, 1);
	if (s)
		tput(tr, s, strlen(s) + 1);
	else
		tput(tr, "(null)", 7);
}

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_http: contract broken: %s\n", what);
		abort();
	}
}

static void trace_head(trace *tr, const http_head *h)
{
	size_t pos = 0;
	const char *name, *value;
	int n = 0;
	while (http_head_next(h, &pos, &name, &value)) {
		check(name && value, "http_head_next gave NULL");
		tstr(tr, 'n', name);
		tstr(tr, 'v', value);
		check(++n < 100000, "http_head_next does not end");
	}
}

/* Size of the k-th piece for a strategy: 0 = whole, 1 = one byte,
 * else odd sizes from a little generator. */
static size_t piece(int strategy, unsigned *state, size_t left)
{
	size_t n;
	if (strategy == 0)
		n = left;
	else if (strategy == 1)
		n = 1;
	else {
		*state = *state * 1103515245u + 12345u;
		n = 1 + (*state >> 16) % 97;
	}
	return n < left ? n : left;
}

static const size_t max_bodies[4] = {0, 16, 4096, 1 << 20};
static const size_t max_heads[4] = {0, 64, 1024, 16384};

static void run_responses(const char *in, size_t len, unsigned ctl, int strategy, trace *tr)
{
	const char *method = (ctl & 2) ? "HEAD" : "GET";
	http_resp p;
	bytebuf body = BYTEBUF_INIT;
	http_resp_init(&p, method, max_bodies[(ctl >> 2) & 3]);
	unsigned st = (ctl >> 5) + 1;
	size_t off = 0;
	int msgs = 0, headers_seen = 0;
	http_event ev = HTTP_MORE;
	while (off < len) {
		size_t end = off + piece(strategy, &st, len - off);
		/* after HTTP_HEADERS feed again even with nothing left: a
		 * message without a body is then done */
		while (off < end || ev == HTTP_HEADERS) {
			size_t used = (size_t)-1;
			ev = http_resp_feed(&p, in + off, end - off, &used);
			check(used <= end - off, "resp: used beyond the input");
			off += used;
			if (ev == HTTP_MORE) {
				check(off == end, "resp: HTTP_MORE without using everything");
			} else if (ev == HTTP_HEADERS) {
				check(!headers_seen, "resp: HTTP_HEADERS twice");
				headers_seen = 1;
				tnum(tr, 'H', (long long)off);
				tnum(tr, 's', p.status);
				tnum(tr, 'v', p.version);
				tstr(tr, 'r', p.reason);
				tnum(tr, 'l', p.content_length);
				tnum(tr, 'c', p.chunked);
				tnum(tr, 'u', p.until_close);
				tnum(tr, 'b', p.no_body);
				tnum(tr, 'k', p.keep_alive);
				trace_head(tr, &p.head);
				const char *ct = http_resp_header(&p, "Content-Type");
				tnum(tr, 'T', http_media_type_is(ct, "text/html"));
				tnum(tr, 'C', http_list_has(http_resp_header(&p, "Connection"), "close"));
				bytebuf_clear(&body);
				p.keep = &body;
			} else {
				/* DONE or ERROR: the result, then the next message.
				 * `used` is only specified up to HTTP_DONE, so the
				 * offset of an error is not compared. */
				tnum(tr, ev == HTTP_DONE ? 'D' : 'E', ev == HTTP_DONE ? (long long)off : -1);
				tnum(tr, 'e', p.err);
				tstr(tr, 'x', http_err_str(p.err));
				tnum(tr, 's', p.status);
				tnum(tr, 'L', (long long)p.body_len);
				if (p.keep) {
					check(body.len <= p.body_len, "resp: kept more than body_len");
					tnum(tr, 'K', (long long)body.len);
					tput(tr, body.data ? body.data : "", body.len);
				}
				/* sticky: a further call returns the same and uses nothing */
				size_t used2 = (size_t)-1;
				http_event again = http_resp_feed(&p, in + off, len - off, &used2);
				check(again == ev, "resp: DONE/ERROR not sticky");
				check(used2 == 0, "resp: used bytes after DONE/ERROR");
				if (ev == HTTP_ERROR)
					goto failed;
				if (++msgs >= MAX_MESSAGES)
					goto out;
				http_resp_reset(&p, method);
				headers_seen = 0;
				ev = HTTP_MORE;
			}
		}
	}
	if (ev == HTTP_MORE && (ctl & 16)) {
		ev = http_resp_eof(&p);
		check(ev == HTTP_DONE || ev == HTTP_ERROR, "resp: eof gave neither DONE nor ERROR");
		tnum(tr, 'F', ev);
		tnum(tr, 'e', p.err);
		tnum(tr, 'L', (long long)p.body_len);
		if (p.keep) {
			tnum(tr, 'K', (long long)body.len);
			tput(tr, body.data ? body.data : "", body.len);
		}
	}
out:
	tnum(tr, 'Z', (long long)off);
failed:
	http_resp_free(&p);
	bytebuf_free(&body);
}

static void run_requests(const char *in, size_t len, unsigned ctl, int strategy, trace *tr)
{
	http_req r;
	http_req_init(&r, max_heads[(ctl >> 2) & 3]);
	unsigned st = (ctl >> 5) + 1;
	size_t off = 0;
	int msgs = 0;
	while (off < len) {
		size_t end = off + piece(strategy, &st, len - off);
		while (off < end) {
			size_t used = (size_t)-1;
			http_event ev = http_req_feed(&r, in + off, end - off, &used);
			check(used <= end - off, "req: used beyond the input");
			check(ev == HTTP_MORE || ev == HTTP_DONE || ev == HTTP_ERROR, "req: odd event");
			off += used;
			if (ev == HTTP_MORE) {
				check(off == end, "req: HTTP_MORE without using everything");
				continue;
			}
			tnum(tr, ev == HTTP_DONE ? 'D' : 'E', ev == HTTP_DONE ? (long long)off : -1);
			tnum(tr, 'e', r.err);
			if (ev == HTTP_DONE) {
				tstr(tr, 'm', r.method);
				tstr(tr, 't', r.target);
				tnum(tr, 'v', r.version);
				tnum(tr, 'k', r.keep_alive);
				tnum(tr, 'l', r.content_length);
				tnum(tr, 'c', r.chunked);
				tstr(tr, 'h', http_req_header(&r, "Host"));
				trace_head(tr, &r.head);
			} else {
				int s = http_req_error_status(r.err);
				check(s == 400 || s == 431 || s == 505, "req: odd error status");
				tnum(tr, 'S', s);
				goto failed;
			}
			if (++msgs >= MAX_MESSAGES)
				goto out;
			http_req_reset(&r);
		}
	}
out:
	tnum(tr, 'Z', (long long)off);
failed:
	http_req_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned ctl = data[0];
	const char *in = (const char *)data + 1;
	size_t len = size - 1;
	trace tr[3];
	memset(tr, 0, sizeof tr);
	for (int s = 0; s < 3; s++) {
		if (ctl & 1)
			run_requests(in, len, ctl, s, &tr[s]);
		else
			run_responses(in, len, ctl, s, &tr[s]);
	}
	for (int s = 1; s < 3; s++) {
		if (tr[s].t.len != tr[0].t.len || memcmp(tr[s].t.data, tr[0].t.data, tr[0].t.len) != 0) {
			fprintf(stderr, "fuzz_http: feeding %s disagrees with feeding whole\n",
				s == 1 ? "one byte at a time" : "in odd pieces");
			fprintf(stderr, "whole: %.*s\nother: %.*s\n", (int)tr[0].t.len, tr[0].t.data,
				(int)tr[s].t.len, tr[s].t.data);
			abort();
		}
	}
	for (int s = 0; s < 3; s++)
		bytebuf_free(&tr[s].t);
	return 0;
}
