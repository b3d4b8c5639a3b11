/* diag.c — gcc-style diagnostics: file:line:col, the source line, a caret.
 * Diagnostics are collected during a compilation and printed sorted by
 * position (a note stays with its error), since the passes find problems in
 * a different order than the source has them. */
#include "corogen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

Source *cur_source;
int loc_base;
static Vec headers;       /* of const Source *, the i-th at HEADER_BASE + its starts */
static Vec header_bases;

int source_register(const Source *src)
{
	int base = HEADER_BASE;
	if (headers.len) {
		const Source *last = headers.items[headers.len - 1];
		base = (int)(intptr_t)header_bases.items[headers.len - 1] + (int)last->len + 1;
	}
	vec_push(&headers, (void *)src);
	vec_push(&header_bases, (void *)(intptr_t)base);
	return base;
}

/* The source a position is in, and the offset inside it. */
static const Source *source_of(Loc loc, int *off)
{
	*off = loc.off;
	if (loc.off < HEADER_BASE)
		return cur_source;
	for (int i = headers.len - 1; i >= 0; i--) {
		int base = (int)(intptr_t)header_bases.items[i];
		if (loc.off >= base) {
			*off = loc.off - base;
			return headers.items[i];
		}
	}
	return cur_source;
}
int error_count;
bool diag_quiet;          /* reading a header's plain C: say nothing */

typedef struct Diag {
	Loc loc;
	int seq;              /* order of report, to keep the sort stable */
	Buf text;             /* the whole message, notes appended */
} Diag;

static Vec diags;         /* of Diag *, printed and freed by diag_flush */

/* Append the source line of `loc` and a caret under its column. Tabs in the
 * line are copied into the caret line so the caret lines up in any terminal. */
static void show_line(Buf *b, Loc loc)
{
	int off;
	const Source *src = source_of(loc, &off);
	const char *text = src->text;
	const char *end = text + src->len;
	const char *p = text + (off < 0 ? 0 : off);
	if (p > end)
		p = end;
	const char *start = p;
	while (start > text && start[-1] != '\n')
		start--;
	const char *stop = p;
	while (stop < end && *stop != '\n')
		stop++;
	buf_printf(b, " %5d | ", loc.line);
	for (const char *q = start; q < stop; q++)
		buf_putn(b, *q == '\0' ? " " : q, 1);
	buf_puts(b, "\n       | ");
	for (const char *q = start; q < p; q++)
		buf_puts(b, *q == '\t' ? "\t" : " ");
	buf_puts(b, "^\n");
}

static void format(Buf *b, Loc loc, const char *kind, const char *fmt, va_list ap)
{
	int off;
	buf_printf(b, "%s:%d:%d: %s: ", source_of(loc, &off)->name, loc.line, loc.col, kind);
	buf_vprintf(b, fmt, ap);
	buf_puts(b, "\n");
	if (loc.line > 0)
		show_line(b, loc);
}

static void add(Loc loc, const char *kind, const char *fmt, va_list ap)
{
	if (diag_quiet)
		return;
	Diag *d = calloc(1, sizeof *d);
	if (!d) {
		fputs("corogen: out of memory\n", stderr);
		exit(2);
	}
	d->loc = loc;
	d->seq = diags.len;
	format(&d->text, loc, kind, fmt, ap);
	vec_push(&diags, d);
}

void error_at(Loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(loc, "error", fmt, ap);
	va_end(ap);
	if (!diag_quiet)
		error_count++;
}

void warn_at(Loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(loc, "warning", fmt, ap);
	va_end(ap);
}

void note_at(Loc loc, const char *fmt, ...)
{
	if (diags.len == 0 || diag_quiet)
		return;
	Diag *last = diags.items[diags.len - 1];
	va_list ap;
	va_start(ap, fmt);
	format(&last->text, loc, "note", fmt, ap);
	va_end(ap);
}

static int by_position(const void *a, const void *b)
{
	const Diag *x = *(Diag *const *)a, *y = *(Diag *const *)b;
	if (x->loc.off != y->loc.off)
		return x->loc.off < y->loc.off ? -1 : 1;
	return x->seq - y->seq;
}

/* Print what was collected, in source order, at most 100 of them. */
void diag_flush(void)
{
	if (diags.len > 1)
		qsort(diags.items, (size_t)diags.len, sizeof(void *), by_position);
	for (int i = 0; i < diags.len; i++) {
		Diag *d = diags.items[i];
		if (i < 100)
			fputs(d->text.data, stderr);
		else if (i == 100)
			fprintf(stderr, "%s: too many errors, stopping now\n", cur_source->name);
		buf_free(&d->text);
		free(d);
	}
	diags = (Vec){0};   /* its items came from the arena */
	headers = header_bases = (Vec){0};
}
