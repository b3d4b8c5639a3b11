/* ast.c — AST constructors and the parser actions that record top-level
 * items (coroutines and directives). */
#include "corogen.h"
#include "parse.h"

#include <stdint.h>
#include <string.h>

Program *program;
bool parsing_header;
static void coro_scope_check(const char *name, Loc loc);

static Program *prog(void)
{
	if (!program)
		program = xalloc(sizeof *program);
	return program;
}

Node *new_node(NodeKind kind, Loc loc)
{
	Node *n = xalloc(sizeof *n);
	n->kind = kind;
	n->loc = loc;
	return n;
}

Node *new_binary(NodeKind kind, const char *op, Node *lhs, Node *rhs, Loc loc)
{
	Node *n = new_node(kind, loc);
	n->op = op;
	n->lhs = lhs;
	n->rhs = rhs;
	return n;
}

int node_kids(const Node *n, Node *kids[NODE_MAX_KIDS])
{
	/* Every kind's fields appear in this order in its source text (a do's
	 * cond is listed before its body, as the walkers always took it). */
	Node *order[] = {n->init, n->lhs, n->cond, n->rhs, n->then, n->els, n->inc, n->body};
	int k = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (order[i] && k < NODE_MAX_KIDS)
			kids[k++] = order[i];
	return k;
}

/* Appends to `out` (Symbol *) each local that `n` assigns, increments or
 * decrements by name, parentheses aside. */
void written_locals(const Node *n, Vec *out)
{
	if (!n)
		return;
	if (n->kind == N_ASSIGN || n->kind == N_POSTFIX ||
	    (n->kind == N_UNARY && (!strcmp(n->op, "++") || !strcmp(n->op, "--")))) {
		const Node *t = n->lhs;
		while (t && t->kind == N_PAREN)
			t = t->lhs;
		if (t && t->kind == N_IDENT && t->sym)
			vec_push(out, t->sym);
	}
	Node *kids[NODE_MAX_KIDS];
	int k = node_kids(n, kids);
	for (int i = 0; i < k; i++)
		written_locals(kids[i], out);
	for (int i = 0; i < n->list.len; i++)
		written_locals(n->list.items[i], out);
}

Spec *new_spec(Loc loc)
{
	Spec *s = xalloc(sizeof *s);
	s->loc = loc;
	return s;
}

void spec_add(Spec *s, SpecWordKind kind, const char *text)
{
	SpecWord *w = xalloc(sizeof *w);
	w->kind = kind;
	w->text = text;
	w->has_body = strchr(text, '{') != NULL;
	w->is_static = strcmp(text, "static") == 0;
	w->is_typedef = strcmp(text, "typedef") == 0;
	w->is_extern = strcmp(text, "extern") == 0;
	vec_push(&s->words, w);
}

Dcl *new_dcl(DclKind kind, Dcl *inner, Loc loc)
{
	Dcl *d = xalloc(sizeof *d);
	d->kind = kind;
	d->inner = inner;
	d->loc = loc;
	return d;
}

/* Hang `innermost` below the deepest declarator of the `outer` chain:
 * for `*p`, outer is PTR and innermost is NAME(p). */
Dcl *dcl_set_inner(Dcl *outer, Dcl *innermost)
{
	Dcl *d = outer;
	while (d->inner)
		d = d->inner;
	d->inner = innermost;
	return outer;
}

const char *dcl_name(const Dcl *d)
{
	for (; d; d = d->inner)
		if (d->kind == D_NAME)
			return d->name;
	return NULL;
}

Loc dcl_loc(const Dcl *d)
{
	for (const Dcl *x = d; x; x = x->inner)
		if (x->kind == D_NAME)
			return x->loc;
	return d ? d->loc : (Loc){0, 0, 0};
}

Decl *make_decl(Spec *s, Vec *items, Loc loc)
{
	/* A typedef in a coroutine body is an error (check.c), but its names
	 * are types for the rest of the parse, so later lines parse. */
	for (int i = 0; items && i < s->words.len; i++) {
		SpecWord *w = s->words.items[i];
		for (int k = 0; w->is_typedef && k < items->len; k++) {
			const char *n = dcl_name(((InitDcl *)items->items[k])->dcl);
			if (n)
				typename_add(n, TK_UNKNOWN);
		}
	}
	Decl *d = xalloc(sizeof *d);
	d->spec = s;
	if (items)
		d->items = *items;
	d->loc = loc;
	return d;
}

Param *make_param(Spec *s, Dcl *d)
{
	Param *p = xalloc(sizeof *p);
	p->spec = s;
	p->dcl = d;
	return p;
}

InitDcl *make_initdcl(Dcl *d, Node *init)
{
	InitDcl *i = xalloc(sizeof *i);
	i->dcl = d;
	i->init = init;
	return i;
}

Coro *coro_begin(Spec *ret, Dcl *ptrs, Tok name, Loc loc, Vec *params,
		 const char *params_text, Type *yields, bool is_static)
{
	coro_scope_check(name.text, loc);
	Coro *c = xalloc(sizeof *c);
	c->errors_before = error_count;
	c->name = name.text;
	c->loc = loc;
	c->is_static = is_static;
	c->ret = xalloc(sizeof *c->ret);
	c->ret->spec = ret;
	c->ret->dcl = ptrs;
	c->ret->loc = ret->loc;
	c->yields_written = yields != NULL;
	c->yields = yields ? yields : make_type("void *");
	c->params = *params;
	c->params_text = params_text;
	/* `...` came as a parameter without specifiers (parse.y) */
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		if (p->spec->words.len == 0) {
			error_at(p->spec->loc, "a coroutine cannot take variable arguments");
			c->params.len = i;
		}
	}
	/* (void) means no parameters. */
	if (c->params.len == 1) {
		Param *p = c->params.items[0];
		if (!p->dcl && p->spec->words.len == 1 &&
		    strcmp(((SpecWord *)p->spec->words.items[0])->text, "void") == 0)
			c->params.len = 0;
	}
	return c;
}

void coro_finish(Coro *c, Node *body, int start, int end)
{
	Program *p = prog();
	c->body = body;
	c->is_definition = body != NULL;
	c->broken = error_count > c->errors_before;
	c->src_start = start;
	c->src_end = end;
	if (cpp_mode && cpp_in_header) {
		/* --cpp: a header's __COROGEN__ block, expanded; its text goes */
		Item *it = xalloc(sizeof *it);
		it->kind = IT_DIRECTIVE;
		it->start = start;
		it->end = end;
		vec_push(&p->items, it);
	}
	if (parsing_header || (cpp_mode && cpp_in_header)) {
		/* a header's coroutines are known, not printed */
		c->from_header = true;
		if (body)
			error_at(c->loc, "coroutine '%s' is defined in a header's __COROGEN__ block: "
				 "only declarations belong there", c->name);
		c->is_definition = false;
		vec_push(&p->coros, c);
		return;
	}
	Item *it = xalloc(sizeof *it);
	it->kind = IT_CORO;
	it->start = start;
	it->end = end;
	it->coro = c;
	vec_push(&p->items, it);
	vec_push(&p->coros, c);
}

/* `%type a b c;` names types that come from headers. */
void directive(const char *text, Loc loc, int start, int end)
{
	const char *p = strstr(text, "%type") + 5;
	int names = 0;
	while (*p && *p != ';') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *s = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '_' || *p == '$')
			p++;
		if (p == s) {
			if (*p && *p != ';')
				error_at(loc, "bad %%type directive: expected type names separated by spaces, ending with ';'");
			break;
		}
		typename_add(xstrndup(s, (size_t)(p - s)), TK_UNKNOWN);
		names++;
	}
	if (!strchr(text, ';'))
		error_at(loc, "expected ';' at the end of the %%type directive");
	else if (names == 0)
		error_at(loc, "%%type needs at least one type name, as in '%%type foo_t;'");
	if (parsing_header)
		return;
	Item *it = xalloc(sizeof *it);
	it->kind = IT_DIRECTIVE;
	it->start = start;
	it->end = end;
	vec_push(&prog()->items, it);
}

/* Braces and parentheses of the plain C around coroutines: a stray '}' or
 * ')' there, or a coroutine inside a function body, is reported here at
 * its line rather than by the C compiler in the generated file. */
static Vec open_braces;       /* (intptr_t) offset of each open '{', innermost last */
static Vec open_brace_lines;
static int open_parens;
static bool balance_quiet;    /* after a syntax error the counts mean nothing */

void outside_reset(void)
{
	open_braces = open_brace_lines = (Vec){0};
	open_parens = 0;
	balance_quiet = false;
}

static void balance(int tok, Loc loc)
{
	if (parsing_header || balance_quiet)
		return;
	if (error_count > 0) {
		balance_quiet = true;
		return;
	}
	switch (tok) {
	case '{':
		vec_push(&open_braces, (void *)(intptr_t)loc.off);
		vec_push(&open_brace_lines, (void *)(intptr_t)loc.line);
		break;
	case '}':
		if (open_braces.len == 0) {
			error_at(loc, "unmatched '}' at file scope");
			balance_quiet = true;
		} else {
			open_braces.len--;
			open_brace_lines.len--;
		}
		break;
	case '(':
		open_parens++;
		break;
	case ')':
		if (open_parens == 0) {
			error_at(loc, "unmatched ')' at file scope");
			balance_quiet = true;
		} else {
			open_parens--;
		}
		break;
	default:
		break;
	}
}

/* At the start of a coroutine: it must stand at file scope. */
static void coro_scope_check(const char *name, Loc loc)
{
	if (parsing_header || balance_quiet || open_braces.len == 0)
		return;
	error_at(loc, "coroutine '%s' is inside the '{' opened at line %d: coroutines are defined at file "
		 "scope, not inside a function or a struct (is a '}' missing?)", name,
		 (int)(intptr_t)open_brace_lines.items[open_brace_lines.len - 1]);
	balance_quiet = true;
}

/* At the end of the file: every '{' of the plain C is closed. */
void outside_finish(void)
{
	if (balance_quiet || error_count > 0 || open_braces.len == 0)
		return;
	int off = (int)(intptr_t)open_braces.items[open_braces.len - 1];
	int line = (int)(intptr_t)open_brace_lines.items[open_brace_lines.len - 1];
	int col = 1;
	for (int i = off - 1; i >= 0 && cur_source->text[i] != '\n'; i--)
		col++;
	error_at((Loc){line, col, off}, "this '{' is never closed");
}

void outside_token(int tok, const char *text, Loc loc)
{
	balance(tok, loc);
	if (tok == PP_LINE && !parsing_header && !cpp_mode)
		macro_watch(text, loc);
	if (tok == YIELD) {
		error_at(loc, "'yield' outside a coroutine");
		return;
	}
	if (tok == BAD_CHAR) {
		unsigned char c = (unsigned char)text[0];
		if (c >= 0x80 || c < 0x20)
			error_at(loc, "stray byte 0x%02x in program", c);
		else
			error_at(loc, "stray '%c' in program", c);
		return;
	}
	if (tok == BAD_STRING) {
		error_at(loc, "missing terminating quote");
		return;
	}
	typedef_watch(tok, text);
	function_watch(tok, text);
}

/* Types the compiler itself needs, such as "void *" and "int". */
Type *make_type(const char *text)
{
	Type *t = xalloc(sizeof *t);
	t->spec = new_spec((Loc){0, 0, 0});
	const char *star = strchr(text, '*');
	size_t n = star ? (size_t)(star - text) : strlen(text);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	spec_add(t->spec, SW_TYPE, xstrndup(text, n));
	for (; star && *star == '*'; star++)
		t->dcl = new_dcl(D_PTR, t->dcl, (Loc){0, 0, 0});
	return t;
}
