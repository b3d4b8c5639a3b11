/* diag.c — gcc-style diagnostics: file:line:col, the source line, a caret.
 * Diagnostics are collected during a compilation and printed sorted by
 * position (a note stays with its error), since the passes find problems in
 * a different order than the source has them. */
#include "corogen.h"

#include <stdlib.h>
#include <string.h>

Source *cur_source;
int error_count;

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
	const char *text = cur_source->text;
	const char *end = text + cur_source->len;
	const char *p = text + (loc.off < 0 ? 0 : loc.off);
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
	buf_printf(b, "%s:%d:%d: %s: ", cur_source->name, loc.line, loc.col, kind);
	buf_vprintf(b, fmt, ap);
	buf_puts(b, "\n");
	if (loc.line > 0)
		show_line(b, loc);
}

static void add(Loc loc, const char *kind, const char *fmt, va_list ap)
{
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
	if (diags.len == 0)
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
}
