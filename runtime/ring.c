/* ring.c — the runtime's one ring buffer (co_internal.h): the growth path,
 * out of line because it is rare. Doubling keeps the capacity a power of
 * two, so an index wraps with a mask. */
#include "co_internal.h"

#include <stdlib.h>

void co__ring_grow(co__ring *r, size_t esize)
{
	size_t cap = r->cap ? r->cap * 2 : 16;
	unsigned char *s = co__xmalloc(cap * esize);
	for (size_t i = 0; i < r->len; i++)
		memcpy(s + i * esize, co__ring_at(r, i, esize), esize);
	free(r->slot);
	r->slot = s;
	r->head = 0;
	r->cap = cap;
}

void co__ring_free(co__ring *r)
{
	free(r->slot);
	*r = (co__ring){0};
}
