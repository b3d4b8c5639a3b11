/* coro.c — the generator protocol: driving delegation chains and
 * destroying frames. See coro.h for the frame layout. */
#include "co_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* gdb support (runtime/coro-gdb.py) travels in every program that links
 * libcoro: an inline script in the .debug_gdb_scripts section, which gdb
 * runs once the program's path is trusted (docs/DEBUGGING.md). Every
 * coroutine links this file. The Makefile names the script. */
#if defined(CO_GDB_SCRIPT) && defined(__ELF__)
__asm__(".pushsection \".debug_gdb_scripts\", \"MS\", %progbits, 1\n"
	".byte 4\n"                          /* an inline Python script */
	".ascii \"corogen/coro-gdb.py\\n\"\n"
	".incbin \"" CO_GDB_SCRIPT "\"\n"
	".byte 0\n"
	".popsection\n");
#endif

/* The one out-of-memory path of the runtime: every allocation below goes
 * through it, so the message and the abort are the same everywhere. */
void co__oom(size_t size)
{
	fprintf(stderr, "corogen runtime: out of memory (%zu bytes)\n", size);
	abort();
}

void *co__xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		co__oom(size);
	return p;
}

void *co__xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		co__oom(n * size);
	return p;
}

void *co__xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		co__oom(size);
	return p;
}

char *co__xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(co__xmalloc(n), s, n);
}

/* Frames of generated code. */
void *co__alloc(size_t size)
{
	return co__xmalloc(size);
}

/* C11's aligned_alloc (freed with free() like any frame) wants the size
 * to be a multiple of the alignment. */
void *co__alloc_aligned(size_t size, size_t align)
{
	if (align <= _Alignof(max_align_t))
		return co__alloc(size);
	void *p = aligned_alloc(align, (size + align - 1) / align * align);
	if (!p) {
		fprintf(stderr, "corogen runtime: out of memory allocating a %zu-byte frame\n", size);
		abort();
	}
	return p;
}

/*
 * The trampoline. `cur` just returned status `s`. A new child starts at
 * its own leaf (a borrowed generator may already be deep in a chain of its
 * own); a finished child hands control back to its parent in this loop,
 * never by recursion, so any delegation depth runs in constant C stack.
 */
co_status co__drive(co_gen *root, co_gen *cur, co_status s)
{
	/* `leaf` and `parent` share a slot: read one before writing the other. */
	for (;;) {
		if (s == CO_YIELDED) {
			root->leaf = cur;     /* co_value() reads the yield from here */
			return CO_YIELDED;
		}
		if (s == CO_DELEGATE) {
			co_gen *child = cur->value;
			co_gen *start = child->leaf;   /* a borrowed one may be deep already */
			child->parent = cur;
			cur = start;
			cur->value = NULL;
		} else {  /* CO_RETURNED */
			if (cur == root) {
				root->leaf = root;
				return CO_RETURNED;
			}
			co_gen *parent = cur->parent;
			cur->leaf = cur;              /* a root of its own again */
			cur = parent;
		}
		/* Keep the root's leaf on the running frame, so that a task
		 * dump taken while it runs walks live parents only. */
		root->leaf = cur;
		s = cur->resume(cur).status;
	}
}

static void destroy_frame(co_gen *g)
{
	if (g->state != CO_DONE && g->state != 0 && g->cls->destroy)
		g->cls->destroy(g);
	g->state = CO_DONE;
}

void co_free(co_gen *g)
{
	if (!g)
		return;
	co_gen *c = g->leaf;
	/* Frames below a borrowed generator belong to it: hand them back. */
	co_gen *borrowed = NULL;
	for (co_gen *x = c; x != g; x = x->parent)
		if (x->flags & CO_BORROWED)
			borrowed = x;
	if (borrowed) {
		co_gen *above = borrowed->parent;
		borrowed->leaf = c;
		borrowed->flags &= ~CO_BORROWED;
		c = above;
	}
	/* Innermost first, so the defers of a child run before its parent's. */
	while (c != g) {
		co_gen *parent = c->parent;
		destroy_frame(c);
		c->leaf = c;
		if (c->flags & CO_HEAP)
			free(c);
		c = parent;
	}
	destroy_frame(g);
	g->leaf = g;
	if (g->flags & CO_HEAP)
		free(g);
}

const char *co_where(const co_gen *g, char *buf, size_t len)
{
	if (g->flags & CO_BORROWED) {
		/* its chain is part of the borrower's now: ask the root */
		snprintf(buf, len, "%s (being delegated to)", g->cls->name);
		return buf;
	}
	const co_gen *c = g->leaf;
	const co_class *k = c->cls;
	if (c->state == CO_DONE)
		snprintf(buf, len, "%s (finished)", k->name);
	else if (c->state >= 0 && c->state < k->nstates)
		snprintf(buf, len, "%s at %s:%d", k->name, k->file, k->lines[c->state]);
	else
		snprintf(buf, len, "%s (state %d)", k->name, c->state);
	return buf;
}
