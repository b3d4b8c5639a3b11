/*
 * file_reply.h — what a static file server answers to one request.
 *
 * Plain C with no I/O beyond open/fstat: httpd.co parses the request and
 * moves the bytes, this file decides the status, the headers and which
 * file (or short text) makes the body.
 *
 *   GET/HEAD of a regular file      200, Content-Type by extension
 *   a directory, target ends in /   its index.html, else 404
 *   a directory without the /       301 to the same target plus '/'
 *   missing file                    404
 *   '..' (encoded or not)           403
 *   bad escape, NUL, control, '\'   400
 *   mapped path too long            414
 *   any other method                405 with "Allow: GET, HEAD"
 *
 * Error and redirect bodies are the text "STATUS REASON\n" as text/plain,
 * so a crawl of a served site can be predicted byte for byte.
 */
#ifndef EX_FILE_REPLY_H
#define EX_FILE_REPLY_H

#include <stddef.h>

#include "buf.h"

#define FILE_REPLY_PATH_MAX 4096

typedef struct file_reply {
	int status;               /* 200, 301, 400, 403, 404, 405, 414, ... */
	const char *content_type;
	long long length;         /* Content-Length: file size or strlen(text) */
	int fd;                   /* the file to send (200), or -1: send text */
	char text[64];            /* the body when fd < 0 */
	char *location;           /* 301 only: malloc'ed Location value */
	const char *allow;        /* 405 only */
	const char *why;          /* why a request was refused, for the log */
} file_reply;

/* Decide the answer to `method` `target` for a site rooted at `root`.
 * Opens the file when there is one; release with file_reply_free. */
void file_reply_plan(file_reply *r, const char *root, const char *method,
		     const char *target);

/* An answer with no file: `status` and its "STATUS REASON\n" body. */
void file_reply_status(file_reply *r, int status);

/* Append the status line and headers (ending with the empty line) to
 * `out`. keep_alive picks the Connection header; http_minor is the
 * request's minor version (1.0 clients need "Connection: keep-alive").
 * 0, or -1 if out of memory. */
int file_reply_head(const file_reply *r, int keep_alive, int http_minor,
		    bytebuf *out);

/* Close the file and free the Location value. Safe to call twice. */
void file_reply_free(file_reply *r);

/* "Not Found" for 404 and so on; "Unknown" for codes it does not know. */
const char *file_reply_reason(int status);

#endif
