/* diag.c — gcc-style diagnostics: file:line:col, the source line, a caret. */
#include "corogen.h"

#include <string.h>

Source *cur_source;
int error_count;

/* Print the source line of `loc` and a caret under its column. Tabs in the
 * line are copied into the caret line so the caret lines up in any terminal. */
static void show_line(Loc loc)
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
	fprintf(stderr, " %5d | ", loc.line);
	for (const char *q = start; q < stop; q++)
		fputc(*q == '\0' ? ' ' : *q, stderr);
	fputs("\n       | ", stderr);
	for (const char *q = start; q < p; q++)
		fputc(*q == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}

static void report(Loc loc, const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s:%d:%d: %s: ", cur_source->name, loc.line, loc.col, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (loc.line > 0)
		show_line(loc);
}

void error_at(Loc loc, const char *fmt, ...)
{
	if (error_count >= 100) {
		if (error_count++ == 100)
			fprintf(stderr, "%s: too many errors, stopping now\n", cur_source->name);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	report(loc, "error", fmt, ap);
	va_end(ap);
	error_count++;
}

void warn_at(Loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(loc, "warning", fmt, ap);
	va_end(ap);
}

void note_at(Loc loc, const char *fmt, ...)
{
	if (error_count > 100)
		return;
	va_list ap;
	va_start(ap, fmt);
	report(loc, "note", fmt, ap);
	va_end(ap);
}
