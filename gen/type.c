/* type.c — printing types as C and telling what kind of value they hold.
 * An array size is an expression: cprint.c prints it, in the caller's
 * context (NULL: as written). */
#include "corogen.h"

#include <ctype.h>
#include <string.h>

TypeKind spec_kind(const Spec *s)
{
	TypeKind k = TK_UNKNOWN;
	for (int i = 0; i < s->words.len; i++) {
		SpecWord *w = s->words.items[i];
		if (w->kind != SW_TYPE)
			continue;
		const char *t = w->text;
		if (!strcmp(t, "void"))
			k = TK_VOID;
		else if (!strcmp(t, "float") || !strcmp(t, "double") || !strcmp(t, "_Complex"))
			return TK_FLOAT;
		else if (!strcmp(t, "char") || !strcmp(t, "short") || !strcmp(t, "int") ||
			 !strcmp(t, "long") || !strcmp(t, "signed") || !strcmp(t, "unsigned") ||
			 !strcmp(t, "_Bool"))
			k = TK_INT;
		else if (!strncmp(t, "struct", 6) || !strncmp(t, "union", 5))
			return TK_AGG;
		else if (!strncmp(t, "enum", 4))
			return TK_INT;
		else if (!strncmp(t, "typeof", 6) || !strncmp(t, "__typeof", 8))
			return TK_UNKNOWN;
		else
			return typename_kind(t);
	}
	return k;
}

/* The type constructor applied first to the declared name: the one
 * nearest the name in the declarator tree, parentheses skipped. */
TypeKind dcl_kind(const Spec *s, const Dcl *d)
{
	const Dcl *path[256];
	int n = 0;
	for (const Dcl *x = d; x && x->kind != D_NAME && n < 256; x = x->inner)
		path[n++] = x;
	for (int i = n - 1; i >= 0; i--) {
		switch (path[i]->kind) {
		case D_PTR: return TK_PTR;
		case D_ARRAY: return TK_ARRAY;
		case D_FUNC: return TK_FUNC;
		default: break;
		}
	}
	return s ? spec_kind(s) : TK_UNKNOWN;
}

/* Declared with a typedef whose type is itself const (`IP x` with
 * `typedef int *const IP;`), no declarator in between: C cannot assign it,
 * and corogen cannot spell its unqualified type. */
bool dcl_is_const_typedef(const Spec *s, const Dcl *d)
{
	for (const Dcl *x = d; x && x->kind != D_NAME; x = x->inner)
		if (x->kind == D_PTR || x->kind == D_ARRAY || x->kind == D_FUNC)
			return false;
	for (int i = 0; s && i < s->words.len; i++) {
		SpecWord *w = s->words.items[i];
		if (w->kind == SW_TYPE && typename_is_const(w->text))
			return true;
	}
	return false;
}

TypeKind type_kind(const Type *t)
{
	return dcl_kind(t->spec, t->dcl);
}

bool type_is_void(const Type *t)
{
	return type_kind(t) == TK_VOID;
}

/* A return value of an integer or pointer type travels in the value that
 * co_step carries (integers through intptr_t), so the frame needs no slot
 * for it; other types (double, structs, %type names, const typedefs) are
 * kept in the frame's `ret` and read from there. */
bool type_returns_in_value(const Type *t)
{
	TypeKind k = type_kind(t);
	return (k == TK_INT || k == TK_PTR) && !dcl_is_const_typedef(t->spec, t->dcl);
}

static bool has_pointer(const Dcl *d)
{
	for (; d; d = d->inner)
		if (d->kind == D_PTR)
			return true;
	return false;
}

/* Nothing but array declarators down to the name: a qualifier above them
 * belongs to the object (or its elements), not to a pointed-to type. */
static bool only_arrays(const Dcl *d)
{
	for (; d && d->kind != D_NAME && d->kind != D_ABSTRACT; d = d->inner)
		if (d->kind != D_ARRAY)
			return false;
	return true;
}

/* Print the declarator with `name` at the identifier's place. */
static void print_dcl(Buf *b, CPrint *p, const Dcl *d, const char *name, bool drop_const)
{
	if (!d) {
		if (name)
			buf_puts(b, name);
		return;
	}
	switch (d->kind) {
	case D_NAME:
	case D_ABSTRACT:
		if (name)
			buf_puts(b, name);
		break;
	case D_PTR:
		buf_puts(b, "*");
		/* only the pointer nearest the name is the object's own: T *const p,
		 * or the element's of an array: T *const a[3] */
		if (d->quals && !(drop_const && only_arrays(d->inner))) {
			buf_puts(b, d->quals);
			if (d->inner || name)
				buf_puts(b, " ");
		}
		print_dcl(b, p, d->inner, name, drop_const);
		break;
	case D_ARRAY:
		print_dcl(b, p, d->inner, name, false);
		buf_puts(b, "[");
		if (d->size)
			cprint_expr(b, p, d->size);
		buf_puts(b, "]");
		break;
	case D_FUNC:
		print_dcl(b, p, d->inner, name, false);
		buf_puts(b, d->params);
		break;
	case D_PAREN:
		buf_puts(b, "(");
		print_dcl(b, p, d->inner, name, drop_const);
		buf_puts(b, ")");
		break;
	}
}

void print_decl_in(Buf *b, CPrint *p, const Spec *s, const Dcl *d, const char *name,
		   bool drop_storage, bool drop_const)
{
	bool ptr = has_pointer(d);
	bool first = true;
	for (int i = 0; i < s->words.len; i++) {
		SpecWord *w = s->words.items[i];
		if (drop_storage && w->kind == SW_STORAGE)
			continue;
		if (drop_const && !ptr && w->kind == SW_QUAL && !strcmp(w->text, "const"))
			continue;
		if (!first)
			buf_puts(b, " ");
		buf_puts(b, w->text);
		first = false;
	}
	if (d || name) {
		/* "char *p" rather than "char * p" */
		buf_puts(b, " ");
		print_dcl(b, p, d, name, drop_const);
	}
}

void print_decl_as(Buf *b, const Spec *s, const Dcl *d, const char *name,
		   bool drop_storage, bool drop_const)
{
	print_decl_in(b, NULL, s, d, name, drop_storage, drop_const);
}

void print_type_in(Buf *b, CPrint *p, const Type *t, const char *name)
{
	print_decl_in(b, p, t->spec, t->dcl, name, true, false);
}

void print_type(Buf *b, const Type *t, const char *name)
{
	print_type_in(b, NULL, t, name);
}

/* A canonical spelling, for comparing types written differently. */
char *type_str(const Type *t)
{
	Buf b = {0};
	print_type(&b, t, NULL);
	Buf out = {0};
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		if (isspace((unsigned char)c)) {
			char prev = out.len ? out.data[out.len - 1] : ' ';
			size_t j = i;
			while (j < b.len && isspace((unsigned char)b.data[j]))
				j++;
			char next = j < b.len ? b.data[j] : ' ';
			if ((isalnum((unsigned char)prev) || prev == '_') &&
			    (isalnum((unsigned char)next) || next == '_'))
				buf_puts(&out, " ");
			i = j - 1;
			continue;
		}
		buf_putn(&out, &c, 1);
	}
	char *r = xstrdup(out.data ? out.data : "");
	buf_free(&b);
	buf_free(&out);
	return r;
}

/* A type as a person writes it, for messages: "char *". */
char *type_display(const Type *t)
{
	Buf b = {0};
	print_type(&b, t, NULL);
	char *r = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}
