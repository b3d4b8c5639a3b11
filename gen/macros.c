/*
 * macros.c — the object-like and function-like macros #defined in the .co
 * file, with the identifiers their bodies name, so that check.c can say
 * when a macro used in a coroutine names one of its frame locals: corogen
 * reads the file before the preprocessor, the local becomes `f->count`,
 * and the macro's `count` would silently mean something else (issue 9,
 * item 20). `--cpp` mode expands macros first and needs none of this.
 */
#include "corogen.h"

#include <string.h>

static Vec macros;            /* of Macro *, in order of definition */

void macros_reset(void)
{
	macros = (Vec){0};
}

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || (p[0] == '\\' && p[1] == '\n'))
		p += *p == '\\' ? 2 : 1;
	return p;
}

static bool in_list(const Vec *v, const char *s)
{
	for (int i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], s))
			return true;
	return false;
}

/* Fed every preprocessor line outside coroutines. */
void macro_watch(const char *text, Loc loc)
{
	const char *p = skip_space(text);
	if (*p != '#')
		return;
	p = skip_space(p + 1);
	if (strncmp(p, "define", 6) != 0 || ident_char(p[6]))
		return;
	p = skip_space(p + 6);
	const char *n = p;
	while (ident_char(*p))
		p++;
	if (p == n)
		return;
	Macro *m = xalloc(sizeof *m);
	m->name = xstrndup(n, (size_t)(p - n));
	m->loc = loc;
	Vec params = {0};
	if (*p == '(') {              /* function-like: its parameters are not free names */
		p++;
		while (*p && *p != ')') {
			p = skip_space(p);
			const char *s = p;
			while (ident_char(*p))
				p++;
			if (p > s)
				vec_push(&params, xstrndup(s, (size_t)(p - s)));
			else if (*p && *p != ')')
				p++;
		}
		if (*p == ')')
			p++;
	}
	while (*p) {
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (*p && *p != q)
				p += p[0] == '\\' && p[1] ? 2 : 1;
			if (*p)
				p++;
		} else if (*p == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else if (*p == '/' && p[1] == '/') {
			break;
		} else if (*p >= '0' && *p <= '9') {
			while (ident_char(*p) || *p == '.')
				p++;
		} else if (ident_start(*p)) {
			const char *s = p;
			while (ident_char(*p))
				p++;
			const char *id = xstrndup(s, (size_t)(p - s));
			/* `.count` or `->count` is a member, not a variable */
			const char *b = s;
			while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			bool member = (b > text && b[-1] == '.') || (b - 1 > text && b[-1] == '>' && b[-2] == '-');
			if (!member && !in_list(&params, id) && strcmp(id, "__VA_ARGS__") && !in_list(&m->idents, id))
				vec_push(&m->idents, (void *)id);
		} else {
			p++;
		}
	}
	vec_push(&macros, m);
}

const Macro *find_macro(const char *name)
{
	for (int i = macros.len - 1; i >= 0; i--) {
		Macro *m = macros.items[i];
		if (!strcmp(m->name, name))
			return m;
	}
	return NULL;
}
