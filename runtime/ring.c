/* ring.c — the runtime's one ring buffer (co_internal.h): the growth and
 * give-back paths, out of line because they are rare. Doubling keeps the
 * capacity a power of two, so an index wraps with a mask. */
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
	if (cap > CO__RING_KEEP && r->gave_back)
		r->patience = CO__RING_PATIENCE;   /* large again: not a one-off burst */
}

/* A pop emptied a ring of more than CO__RING_KEEP slots. */
void co__ring_emptied(co__ring *r)
{
	if (r->patience > 0) {
		r->patience--;
		return;
	}
	free(r->slot);
	r->slot = NULL;
	r->head = r->cap = 0;
	r->gave_back = 1;
}

void co__ring_free(co__ring *r)
{
	free(r->slot);
	*r = (co__ring){0};
}
