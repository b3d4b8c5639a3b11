/* util.c — arena, vectors and string buffers. */
#include "corogen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The arena: a list of blocks, freed together at exit. */
typedef struct Block {
	struct Block *next;
	size_t used, size;
	max_align_t data[];
} Block;

static Block *blocks;

static void *must(void *p)
{
	if (!p) {
		fputs("corogen: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

void *xalloc(size_t size)
{
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!blocks || blocks->used + size > blocks->size) {
		size_t cap = size > 65536 ? size : 65536;
		Block *b = must(malloc(sizeof(Block) + cap));
		b->next = blocks;
		b->used = 0;
		b->size = cap;
		blocks = b;
	}
	void *p = (char *)blocks->data + blocks->used;
	blocks->used += size;
	memset(p, 0, size);
	return p;
}

void arena_release(void)
{
	while (blocks) {
		Block *next = blocks->next;
		free(blocks);
		blocks = next;
	}
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = xalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void vec_push(Vec *v, void *item)
{
	if (v->len == v->cap) {
		int cap = v->cap ? v->cap * 2 : 8;
		void **items = xalloc(sizeof(void *) * (size_t)cap);
		if (v->len)
			memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = item;
}

/* Buffers use malloc: the output can be large and is written once. */
void buf_putn(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = must(realloc(b->data, cap));
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
	buf_putn(b, s, strlen(s));
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < (int)sizeof small) {
		buf_putn(b, small, (size_t)n);
	} else {
		char *big = must(malloc((size_t)n + 1));
		vsnprintf(big, (size_t)n + 1, fmt, again);
		buf_putn(b, big, (size_t)n);
		free(big);
	}
	va_end(again);
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(Buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
