/*
 * http_internal.h — what the response and request parsers share:
 * collecting a head line by line and storing its header fields.
 * Not part of the public API.
 */
#ifndef EX_HTTP_INTERNAL_H
#define EX_HTTP_INTERNAL_H

#include "http.h"

void http_head_init(http_head *h, size_t max);
void http_head_reset(http_head *h);

/* Take bytes up to and including the next LF into the current line.
 * Returns 1 when a line is complete (see http_head_line), 0 when all
 * `len` bytes were taken and the line goes on, -1 on error (*err set). */
int http_head_collect(http_head *h, const char *data, size_t len,
		      size_t *used, http_err *err);

/* The completed line without its CR LF; writable, lives in h->text. */
char *http_head_line(http_head *h, size_t *len);

/* Keep the first line as `n` NUL-terminated parts already written at the
 * line's start (total bytes incl. NULs), and start collecting fields. */
void http_head_keep_first(http_head *h, size_t nbytes);

/* Drop the completed line (an empty line, or one skipped). */
void http_head_drop_line(http_head *h);

/* Validate the completed line as a header field and store it as
 * name\0value\0. Returns HTTP_E_NONE or the error. On success *name and
 * *value point at the stored strings. */
http_err http_head_store_field(http_head *h, const char **name,
			       const char **value);

/* Case-insensitive comparison of NUL-terminated ASCII strings. */
int http_streq_nocase(const char *a, const char *b);

#endif
