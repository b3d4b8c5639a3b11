/*
 * http.h — incremental HTTP/1.1 parsers: responses for the crawler,
 * requests for the server.
 *
 * Both parsers take bytes in whatever pieces the socket delivers — one byte
 * at a time gives the same results as the whole message at once. They never
 * read past the bytes they are given, cap every size, and turn malformed
 * input into an error code with a short reason (http_err_str). No globals;
 * all memory is owned by the parser struct and released by its _free.
 *
 * Feeding from a coroutine that reads a socket:
 *
 *     http_resp_init(&p, "GET", max_body);
 *     do {
 *         n = yield from co_recv(fd, buf, sizeof buf);      // 0 = EOF
 *         if (n == 0) { ev = http_resp_eof(&p); break; }
 *         for (off = 0; ; off += used) {
 *             ev = http_resp_feed(&p, buf + off, n - off, &used);
 *             if (ev != HTTP_HEADERS) break;
 *             if (http_media_type_is(http_resp_header(&p, "Content-Type"), "text/html"))
 *                 p.keep = &page;               // otherwise body bytes are only counted
 *         }
 *     } while (ev == HTTP_MORE);                // then HTTP_DONE or HTTP_ERROR
 */
#ifndef EX_HTTP_H
#define EX_HTTP_H

#include <stddef.h>
#include "buf.h"

#define HTTP_MAX_HEAD (64 * 1024)          /* status line + headers, bytes */
#define HTTP_MAX_REQUEST_HEAD (16 * 1024)  /* request line + headers, bytes */
#define HTTP_MAX_CHUNK_LINE 4096           /* chunk size line with extensions */

/* What a feed call stopped at. */
typedef enum http_event {
	HTTP_ERROR = -1,   /* malformed input; parser.err says why; sticky */
	HTTP_MORE = 0,     /* every byte given was used; the message needs more */
	HTTP_HEADERS = 1,  /* the head is complete (reported once per message);
	                      inspect it, then feed the bytes after *used */
	HTTP_DONE = 2      /* the message is complete; bytes after *used belong
	                      to the next message on the connection */
} http_event;

typedef enum http_err {
	HTTP_E_NONE = 0,
	HTTP_E_NOMEM,              /* out of memory */
	HTTP_E_STATUS_LINE,        /* malformed status line */
	HTTP_E_REQUEST_LINE,       /* malformed request line */
	HTTP_E_VERSION,            /* unsupported HTTP version */
	HTTP_E_HEADER,             /* malformed header */
	HTTP_E_FOLDING,            /* obsolete header line folding */
	HTTP_E_HEAD_TOO_LARGE,     /* header block too large */
	HTTP_E_CONTENT_LENGTH,     /* bad Content-Length */
	HTTP_E_CONFLICTING_LENGTH, /* conflicting Content-Length */
	HTTP_E_SWITCHING,          /* unexpected 101 Switching Protocols */
	HTTP_E_CHUNK_SIZE,         /* bad chunk size */
	HTTP_E_CHUNK_LINE,         /* chunk extension too long */
	HTTP_E_CHUNK_END,          /* missing CRLF after chunk data */
	HTTP_E_TRAILER,            /* malformed trailer */
	HTTP_E_TRAILER_TOO_LARGE,  /* trailer block too large */
	HTTP_E_BODY_TOO_LARGE,     /* body too large */
	HTTP_E_NO_RESPONSE,        /* connection closed before any byte arrived */
	HTTP_E_CLOSED_EARLY        /* connection closed before the message ended */
} http_err;

/* Short reason for an error code, e.g. "bad chunk size". Never NULL. */
const char *http_err_str(http_err e);

/* A received head: the first line and the header fields, stored as
 * NUL-terminated strings. Internal layout; use the accessors below. */
typedef struct http_head {
	bytebuf text;       /* first line's parts, then name\0value\0 pairs */
	size_t fields;      /* offset of the first name\0value\0 pair */
	size_t line;        /* offset where the line being collected starts */
	size_t raw;         /* raw bytes of this head received so far */
	size_t max;         /* cap on raw */
} http_head;

/* Value of the first header field called `name` (any case), or NULL.
 * Leading and trailing whitespace has been removed. */
const char *http_head_get(const http_head *h, const char *name);

/* Iterate over header fields: start with *pos = 0; returns 0 at the end. */
int http_head_next(const http_head *h, size_t *pos,
		   const char **name, const char **value);

/* True if `content_type` (a Content-Type value, may be NULL) has the media
 * type `type`, e.g. "text/html"; case and parameters are ignored. */
int http_media_type_is(const char *content_type, const char *type);

/* True if the comma-separated header value `list` (may be NULL) contains
 * `token` in any case, e.g. "close" in "Keep-Alive, Close". */
int http_list_has(const char *list, const char *token);

/* ---- responses (the crawler's side) ---- */

typedef struct http_resp {
	/* Settings: from http_resp_init; `keep` may be set at HTTP_HEADERS. */
	size_t max_body;      /* cap on body bytes */
	bytebuf *keep;        /* append body bytes here; NULL = only count them */

	/* Results, valid from HTTP_HEADERS on — and also after an HTTP_ERROR
	 * that came instead of it because of the finished head (Content-Length
	 * over the cap, 101): status and headers can still be read then. */
	int status;           /* e.g. 200 */
	int version;          /* minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 */
	const char *reason;   /* reason phrase, "" if none */
	long long content_length;  /* -1 when absent or unused for framing */
	int chunked;          /* body is chunked */
	int until_close;      /* body runs until the connection closes */
	int no_body;          /* HEAD, 1xx, 204 or 304: no body at all */
	int keep_alive;       /* the connection may carry another request */
	size_t body_len;      /* body bytes received so far (kept or not) */
	http_err err;         /* why HTTP_ERROR was returned */

	/* Parser state. */
	http_head head;
	int head_request;
	int state;
	int got_bytes;
	int have_length, te_seen, te_chunked_last, conn_close, conn_keep_alive;
	unsigned long long remaining;   /* body or chunk bytes still to come */
	size_t line_len;                /* chunk line or trailer bytes so far */
	int chunk_digits;
} http_resp;

/* Prepare to parse the response to a request with `method` ("HEAD" means
 * no body); bodies longer than max_body fail with "body too large". */
void http_resp_init(http_resp *p, const char *method, size_t max_body);

/* Parse the next response on the same connection, reusing memory. */
void http_resp_reset(http_resp *p, const char *method);

/* Feed `len` bytes (len may be 0). *used is set to how many were consumed:
 * all of them for HTTP_MORE, fewer when the call stops at HTTP_HEADERS or
 * HTTP_DONE. After HTTP_DONE or HTTP_ERROR further calls return the same. */
http_event http_resp_feed(http_resp *p, const char *data, size_t len,
			  size_t *used);

/* The connection was closed by the peer: HTTP_DONE for a body that runs
 * until close, else HTTP_ERROR (HTTP_E_NO_RESPONSE when nothing at all was
 * received — a stale keep-alive connection — or HTTP_E_CLOSED_EARLY). */
http_event http_resp_eof(http_resp *p);

/* Header lookup, e.g. http_resp_header(p, "Location"). */
const char *http_resp_header(const http_resp *p, const char *name);

/* Release the parser's memory (not p->keep, which the caller owns). */
void http_resp_free(http_resp *p);

/* ---- requests (the server's side) ---- */

typedef struct http_req {
	/* Results, valid once http_req_feed returned HTTP_DONE. */
	const char *method;   /* e.g. "GET" */
	const char *target;   /* request-target as sent, e.g. "/a%20b?x=1" */
	int version;          /* minor version: 0 or 1 */
	int keep_alive;       /* 1.1 unless "Connection: close"; 1.0 only with
	                         "Connection: keep-alive" */
	long long content_length;  /* -1 if absent */
	int chunked;          /* Transfer-Encoding present (server should refuse) */
	http_err err;

	http_head head;
	int state;
	int got_bytes;
} http_req;

/* Prepare to parse a request head of at most max_head bytes
 * (0 means HTTP_MAX_REQUEST_HEAD). */
void http_req_init(http_req *r, size_t max_head);

/* Parse the next request on the same connection, reusing memory. */
void http_req_reset(http_req *r);

/* Feed bytes of the request head. Returns HTTP_DONE when the head is
 * complete (bytes after *used are the body or the next request),
 * HTTP_MORE, or HTTP_ERROR. Empty lines before the request line are
 * skipped, as RFC 9112 section 2.2 asks. */
http_event http_req_feed(http_req *r, const char *data, size_t len,
			 size_t *used);

/* The status a server should answer a failed request with: 431 for an
 * oversized head, 505 for a bad version, 400 otherwise. */
int http_req_error_status(http_err e);

/* Header lookup, e.g. http_req_header(r, "Host"). */
const char *http_req_header(const http_req *r, const char *name);

void http_req_free(http_req *r);

#endif
