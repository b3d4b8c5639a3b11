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

/* A heap frame's block: room for a task (whose last member is the
 * frame's co__head) or the head alone, then the frame at the first offset
 * its alignment allows. A frame that is never a task's leaves the room
 * unused: one allocation per task is worth 64 bytes per generator a
 * coroutine call returns (a delegate's heap frame has no room). */
static size_t frame_offset(unsigned align, unsigned room)
{
	size_t a = align ? align : 1;
	size_t before = room ? sizeof(co_task) : sizeof(co__head);
	return (before + a - 1) / a * a;
}

void *co__new_frame(size_t size, const co_class *cls, unsigned room)
{
	size_t off = frame_offset(cls->align, room);
	char *block;
	if (cls->align <= _Alignof(max_align_t)) {
		block = co__xmalloc(off + size);
	} else {
		/* C11's aligned_alloc wants the size to be a multiple of the alignment */
		size_t n = (off + size + cls->align - 1) / cls->align * cls->align;
		block = aligned_alloc(cls->align, n);
		if (!block)
			co__oom(n);
	}
	co_gen *g = (co_gen *)(block + off);
	co__head *h = co__head_of(g);
	h->link = g;
	h->value = NULL;
	if (room)
		co__frame_task(g)->fut.magic = 0;   /* not a task's yet (co_task_new checks) */
	return g;
}

void co__free_frame(co_gen *g)
{
	free((char *)g - frame_offset(g->cls->align, g->up & CO_TASK_ROOM));
}

co_step co__finished(co_gen *g, void *sent)
{
	(void)sent;
	co_step s = {CO_RETURNED, (g->up & CO_HEAP) ? co__head_of(g)->value : NULL};
	return s;
}

co_gen *co__parent(const co_gen *g)
{
	if (g->up & CO_HEAP)
		return co__head_of(g)->link;
	return (co_gen *)((char *)g - (g->up >> 3));
}

/* A child starts delegated to by `parent`: a heap child keeps the link in
 * its head, an embedded one the distance back to its parent's frame. */
static void set_parent(co_gen *child, co_gen *parent)
{
	if (child->up & CO_HEAP) {
		co__head_of(child)->link = parent;
		return;
	}
	size_t d = (size_t)((char *)child - (char *)parent);
	if (d >= (1u << 29)) {
		fprintf(stderr, "corogen runtime: a frame embeds a child %zu bytes in (at most 512 MiB)\n", d);
		abort();
	}
	child->up = (unsigned)(d << 3) | (child->up & CO_UP_FLAGS);
}

/*
 * The trampoline. The root's leaf (`cur`) just returned or delegated:
 * its state tells which (CO_DONE: returned), the root's head holds the
 * value. A new child starts at its own leaf (a borrowed generator may
 * already be deep in a chain of its own); a finished child hands its value
 * back to its parent in this loop, never by recursion, so any delegation
 * depth runs in constant C stack.
 */
co_status co__drive(co_gen *root)
{
	co__head *rh = co__head_of(root);
	co_gen *cur = rh->link;   /* the frame that returned or delegated */
	co_step st = {cur->state == CO_DONE ? CO_RETURNED : CO_DELEGATE, rh->value};
	for (;;) {
		void *sent = NULL;
		if (st.status == CO_YIELDED) {
			rh->link = cur;       /* co_send resumes here next time */
			rh->value = st.value;
			return CO_YIELDED;
		}
		if (st.status == CO_DELEGATE) {
			co_gen *child = st.value;
			/* a borrowed one may be deep already: start at its leaf */
			co_gen *start = (child->up & CO_HEAP) ? co__head_of(child)->link : child;
			set_parent(child, cur);
			cur = start;
		} else {  /* CO_RETURNED */
			if (cur == root) {
				rh->link = root;
				rh->value = st.value;
				return CO_RETURNED;
			}
			co_gen *parent = co__parent(cur);
			if (cur->up & CO_HEAP) {
				co__head *h = co__head_of(cur);
				h->link = cur;            /* a root of its own again */
				h->value = st.value;      /* co_value(child) after a `yield from` */
			}
			sent = st.value;              /* the value of the `yield from` */
			cur = parent;
		}
		/* Keep the root's leaf on the running frame, so that a task
		 * dump taken while it runs walks live parents only. */
		rh->link = cur;
		st = cur->cls->resume(cur, sent);
	}
}

static void destroy_frame(co_gen *g)
{
	if (g->state != CO_DONE && g->state != 0 && g->cls->destroy)
		g->cls->destroy(g);
	g->state = CO_DONE;
}

/* Run the defers of every suspended level of g's chain, innermost first,
 * and free the heap frames below g; g itself stays allocated. */
void co__destroy_chain(co_gen *g)
{
	co_gen *c = co__head_of(g)->link;
	/* Frames below a borrowed generator belong to it: hand them back. */
	co_gen *borrowed = NULL;
	for (co_gen *x = c; x != g; x = co__parent(x))
		if (x->up & CO_BORROWED)
			borrowed = x;
	if (borrowed) {
		co_gen *above = co__parent(borrowed);
		co__head_of(borrowed)->link = c;
		borrowed->up &= ~CO_BORROWED;
		c = above;
	}
	/* Innermost first, so the defers of a child run before its parent's. */
	while (c != g) {
		co_gen *parent = co__parent(c);
		destroy_frame(c);
		if (c->up & CO_HEAP) {
			co__head_of(c)->link = c;
			co__free_frame(c);
		}
		c = parent;
	}
	destroy_frame(g);
	co__head_of(g)->link = g;
}

void co_free(co_gen *g)
{
	if (!g)
		return;
	co__destroy_chain(g);
	co__free_frame(g);
}

const char *co_where(const co_gen *g, char *buf, size_t len)
{
	if (g->up & CO_BORROWED) {
		/* its chain is part of the borrower's now: ask the root */
		snprintf(buf, len, "%s (being delegated to)", g->cls->name);
		return buf;
	}
	const co_gen *c = co__head_of(g)->link;
	const co_class *k = c->cls;
	if (c->state == CO_DONE)
		snprintf(buf, len, "%s (finished)", k->name);
	else if (c->state >= 0 && c->state < k->nstates)
		snprintf(buf, len, "%s at %s:%d", k->name, k->file, k->lines[c->state]);
	else
		snprintf(buf, len, "%s (state %d)", k->name, c->state);
	return buf;
}
