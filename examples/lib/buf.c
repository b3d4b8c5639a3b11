/* buf.c — growable byte buffer; see buf.h. */
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int bytebuf_reserve(bytebuf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len)
		return -1;
	size_t need = b->len + extra + 1;   /* +1: the trailing NUL */
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int bytebuf_append(bytebuf *b, const void *data, size_t n)
{
	if (bytebuf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

void bytebuf_consume(bytebuf *b, size_t n)
{
	if (n >= b->len) {
		bytebuf_clear(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

void bytebuf_clear(bytebuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void bytebuf_free(bytebuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
