/*
 * buf.h — a growable byte buffer.
 *
 * Used to keep response bodies and to hold socket input between parser
 * calls. The data is always NUL-terminated (one spare byte past len) so a
 * kept HTML body can be handed to string functions without copying.
 */
#ifndef EX_BUF_H
#define EX_BUF_H

#include <stddef.h>

typedef struct bytebuf {
	char *data;   /* NULL until something is added */
	size_t len;   /* bytes in use */
	size_t cap;   /* bytes allocated, including the spare NUL byte */
} bytebuf;

#define BYTEBUF_INIT { NULL, 0, 0 }

/* Make room for `extra` more bytes. 0 on success, -1 if out of memory. */
int bytebuf_reserve(bytebuf *b, size_t extra);

/* Append `n` bytes. 0 on success, -1 if out of memory (b is unchanged). */
int bytebuf_append(bytebuf *b, const void *data, size_t n);

/* Drop the first `n` bytes (all of them if n >= len), keeping the rest. */
void bytebuf_consume(bytebuf *b, size_t n);

/* Forget the contents but keep the memory for reuse. */
void bytebuf_clear(bytebuf *b);

/* Release the memory; the buffer is empty and reusable afterwards. */
void bytebuf_free(bytebuf *b);

#endif
