/*
 * check.c — the semantic pass over each coroutine:
 *   - resolves identifiers to locals (scopes), marks what suspends;
 *   - reports every rule of SPEC §1 that the grammar cannot: yields that
 *     need parentheses, yield inside defer, yield from of a non-coroutine,
 *     VLAs, return mismatches, jumps into the scope of an initialised
 *     declaration or a defer, stray break/continue/case, bad labels;
 *   - decides which locals live in the frame (those whose scope contains a
 *     suspension) and gives them unique, readable field names.
 */
#include "corogen.h"

#include <stdint.h>
#include <string.h>

/* A declaration with an initialiser, or a defer: jumping into its scope
 * from outside is an error. Entries form a tree; a position's chain is the
 * path to the root. */
typedef struct Entry {
	struct Entry *up;
	Loc loc;
	const char *name;     /* NULL for a defer */
} Entry;

typedef struct Label {
	const char *name;
	Loc loc;
	Entry *chain;
} Label;

typedef struct Jump {
	Node *node;
	Entry *chain;
} Jump;

/* A type name of the body renamed at file scope: "struct P" ->
 * "struct f__P", or a typedef name "I" -> "f__type_I". */
typedef struct TypeRename {
	const char *from, *to;
} TypeRename;

typedef struct Scope {
	struct Scope *up;
	Vec types;            /* of TypeRename */
	Vec syms;
} Scope;

static Coro *coro;            /* the coroutine being checked */
static Scope *scope;
static Entry *chain;
static Vec labels, gotos;

/* One record per enclosing loop, switch and defer body, innermost first,
 * kept on the C stack of check_stmt (Lua's BlockCnt): what break, continue,
 * case, return, goto and yield may do at a point is read off this chain. */
typedef enum BlockKind { BLOCK_LOOP, BLOCK_SWITCH, BLOCK_DEFER } BlockKind;
typedef struct Block {
	struct Block *up;     /* the enclosing block */
	BlockKind kind;
	Entry *chain;         /* BLOCK_SWITCH: the scope entries at the switch,
				 which its case labels must not skip */
} Block;
static Block *blocks;         /* the innermost */
static Vec idents;            /* every identifier spelled in the coroutine */
static Vec discarded;          /* yield from expressions whose value nobody uses */
static Vec macro_uses;         /* of MacroUse: a macro naming a local in scope */

typedef struct MacroUse {
	Loc loc;
	const Macro *macro;
	Symbol *sym;
} MacroUse;
static Vec *block_literals;   /* compound literals of the current block item */

/* Coroutines by name (the definition when there is one), hashed so that a
 * file with tens of thousands of coroutines checks in linear time. */
#define CORO_BUCKETS 4096
static Coro *coro_table[CORO_BUCKETS];
static Coro **coro_next;      /* chain links, indexed by Coro.index */

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % CORO_BUCKETS;
}

Coro *find_coro(const char *name)
{
	if (!coro_next)
		return NULL;
	for (Coro *c = coro_table[name_hash(name)]; c; c = coro_next[c->index])
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void push_scope(void)
{
	Scope *s = xalloc(sizeof *s);
	s->up = scope;
	scope = s;
}

static void pop_scope(void)
{
	scope = scope->up;
}

static Symbol *lookup(const char *name)
{
	for (Scope *s = scope; s; s = s->up)
		for (int i = s->syms.len - 1; i >= 0; i--) {
			Symbol *sym = s->syms.items[i];
			if (strcmp(sym->name, name) == 0)
				return sym;
		}
	return NULL;
}

static Scope *param_scope, *body_scope;

static Symbol *in_scope(Scope *s, const char *name)
{
	for (int i = 0; s && i < s->syms.len; i++) {
		Symbol *sym = s->syms.items[i];
		if (strcmp(sym->name, name) == 0)
			return sym;
	}
	return NULL;
}

static Symbol *declare(const char *name, Loc loc, Spec *spec, Dcl *dcl)
{
	/* Parameters and the body's outermost block share one scope in C. */
	Symbol *old = in_scope(scope, name);
	if (!old && scope == body_scope)
		old = in_scope(param_scope, name);
	if (old && !old->is_extern) {
		error_at(loc, "redefinition of '%s'", name);
		note_at(old->loc, "previous definition of '%s' here", name);
	}
	Symbol *sym = xalloc(sizeof *sym);
	sym->name = name;
	sym->loc = loc;
	sym->spec = spec;
	sym->dcl = dcl;
	vec_push(&scope->syms, sym);
	vec_push(&coro->symbols, sym);
	return sym;
}

static Node *strip_parens(Node *n)
{
	while (n && n->kind == N_PAREN)
		n = n->lhs;
	return n;
}

static bool is_yield(const Node *n)
{
	return n && (n->kind == N_YIELD || n->kind == N_YIELD_FROM);
}

/* `yield from v()` of a void coroutine is fine where its value is thrown
 * away: a statement, a for's first or third clause, the left of a comma,
 * a cast to void, both arms of such a ?:. */
static void discard_value(Node *e)
{
	e = strip_parens(e);
	if (!e)
		return;
	switch (e->kind) {
	case N_YIELD_FROM:
		vec_push(&discarded, e);
		break;
	case N_COMMA:
		discard_value(e->lhs);
		discard_value(e->rhs);
		break;
	case N_COND:
		discard_value(e->then);
		discard_value(e->els);
		break;
	case N_CAST:
		if (type_is_void(e->type))
			discard_value(e->lhs);
		break;
	default:
		break;
	}
}

static bool is_discarded(const Node *e)
{
	for (int i = 0; i < discarded.len; i++)
		if (discarded.items[i] == e)
			return true;
	return false;
}

/* ----------------------------------------------------- types of the body */

/*
 * A struct, union or typedef defined in a coroutine body is lifted to file
 * scope under a name unique to its scope (C11 6.2.1: its scope is the
 * block), so that a local of that type can live in the frame, which is a
 * file-scope struct. References in the body are renamed as the walk meets
 * them. Enums stay where they are written (their constants are ordinary
 * identifiers of the block); a frame local of a body enum type is refused.
 */
static Vec lifted_names;      /* names given in this coroutine */

static const char *find_rename(const char *from)
{
	for (Scope *s = scope; s; s = s->up)
		for (int i = s->types.len - 1; i >= 0; i--) {
			TypeRename *r = s->types.items[i];
			if (!strcmp(r->from, from))
				return r->to;
		}
	return NULL;
}

static void bind_rename(const char *from, const char *to)
{
	TypeRename *r = xalloc(sizeof *r);
	r->from = from;
	r->to = to;
	vec_push(&scope->types, r);
}

static const char *unique_lifted(const char *want)
{
	const char *n = want;
	for (int k = 2;; k++) {
		bool used = false;
		for (int i = 0; i < lifted_names.len && !used; i++)
			used = !strcmp(lifted_names.items[i], n);
		if (!used)
			break;
		n = xprintf("%s_%d", want, k);
	}
	vec_push(&lifted_names, (void *)n);
	return n;
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Rename the body's types named in C text (a struct's members, a tag). */
static const char *rename_in_text(const char *t)
{
	Buf b = {0};
	const char *prev_kw = NULL;   /* "struct" when the last word was that keyword */
	for (const char *p = t; *p;) {
		const char *e = p + 1;
		if (*p == '"' || *p == '\'') {          /* literals are copied as they are */
			while (*e && *e != *p)
				e += e[0] == '\\' && e[1] ? 2 : 1;
			if (*e)
				e++;
		} else if (*p >= '0' && *p <= '9') {
			while (ident_char(*e) || *e == '.')
				e++;
		} else if (ident_char(*p)) {
			while (ident_char(*e))
				e++;
			const char *word = xstrndup(p, (size_t)(e - p));
			const char *to = NULL;
			if (prev_kw) {
				to = find_rename(xprintf("%s %s", prev_kw, word));
				if (to)
					to = strchr(to, ' ') + 1;   /* the keyword is already there */
			} else {
				to = find_rename(word);
			}
			buf_puts(&b, to ? to : word);
			prev_kw = !strcmp(word, "struct") ? "struct" : !strcmp(word, "union") ? "union" :
				  !strcmp(word, "enum") ? "enum" : NULL;
			p = e;
			continue;
		}
		if (*p != ' ' && *p != '\t' && *p != '\n')
			prev_kw = NULL;
		buf_putn(&b, p, (size_t)(e - p));
		p = e;
	}
	const char *r = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}

/* Lift the struct or union a specifier defines; rename the body's types it
 * names. True when it lifted a definition. */
static bool lift_spec(Spec *s)
{
	bool lifted = false;
	for (int i = 0; s && i < s->words.len; i++) {
		SpecWord *w = s->words.items[i];
		if (w->kind != SW_TYPE)
			continue;
		const char *t = w->text;
		size_t kw = !strncmp(t, "struct", 6) && !ident_char(t[6]) ? 6 :
			    !strncmp(t, "union", 5) && !ident_char(t[5]) ? 5 : 0;
		if (w->has_body && kw) {
			const char *p = t + kw;
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			const char *e = p;
			while (ident_char(*e))
				e++;
			const char *tag = e > p ? xstrndup(p, (size_t)(e - p)) : NULL;
			const char *kwd = xstrndup(t, kw);
			const char *name = unique_lifted(xprintf("%s__%s", coro->name, tag ? tag : "anon"));
			const char *ref = xprintf("%s %s", kwd, name);
			if (tag)   /* bound first: the members may point to the struct itself */
				bind_rename(xprintf("%s %s", kwd, tag), ref);
			vec_push(&coro->lifted, (void *)xprintf("%s %s;", ref, rename_in_text(strchr(e, '{'))));
			w->text = ref;
			w->has_body = false;
			lifted = true;
		} else if (!w->has_body) {
			w->text = rename_in_text(t);
		}
	}
	return lifted;
}

/* `typedef ... I;` in a body: lifted as `typedef ... f__type_I;`. */
static void lift_typedef(Decl *d)
{
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		const char *name = dcl_name(id->dcl);
		if (!name)
			continue;
		const char *to = unique_lifted(xprintf("%s__type_%s", coro->name, name));
		Buf b = {0};
		print_decl_as(&b, d->spec, id->dcl, to, false, false);
		vec_push(&coro->lifted, (void *)xprintf("%s;", rename_in_text(b.data)));
		buf_free(&b);
		bind_rename(name, to);
	}
	d->lifted = true;
}

/* ----------------------------------------------------------- expressions */

static void check_expr(Node *n, bool bare_yield_ok);

static void enter_block(Block *b, BlockKind kind)
{
	b->up = blocks;
	b->kind = kind;
	b->chain = chain;
	blocks = b;
}

static void leave_block(Block *b)
{
	blocks = b->up;
}

/* Inside a defer body: no suspension, return or goto. */
static bool in_defer(void)
{
	for (Block *b = blocks; b; b = b->up)
		if (b->kind == BLOCK_DEFER)
			return true;
	return false;
}

/* What a break (loops and switches) or a continue (loops only) leaves:
 * the block, or NULL with *defer_between telling whether one exists but
 * a defer body stands in the way. */
static Block *jump_target(bool is_break, bool *defer_between)
{
	*defer_between = false;
	bool crossed = false;
	for (Block *b = blocks; b; b = b->up) {
		if (b->kind == BLOCK_DEFER) {
			crossed = true;
		} else if (b->kind == BLOCK_LOOP || is_break) {
			*defer_between = crossed;
			return crossed ? NULL : b;
		}
	}
	return NULL;
}

static Block *innermost_switch(void)
{
	Block *b = blocks;
	while (b && b->kind != BLOCK_SWITCH)
		b = b->up;
	return b;
}

static bool is_co_gen_ptr(const Symbol *s)
{
	if (!s->dcl || s->dcl->kind != D_PTR || (s->dcl->inner && s->dcl->inner->kind != D_NAME))
		return false;
	for (int i = 0; i < s->spec->words.len; i++) {
		SpecWord *w = s->spec->words.items[i];
		if (w->kind == SW_TYPE && strcmp(w->text, "co_gen") == 0)
			return true;
	}
	return false;
}

static void check_yield_from(Node *n)
{
	Node *g = strip_parens(n->lhs);
	if (g->kind == N_CALL && g->lhs->kind == N_IDENT && !lookup(g->lhs->text) &&
	    !find_coro(g->lhs->text) && is_plain_function(g->lhs->text)) {
		error_at(g->lhs->loc, "'%s' is a plain C function, not a coroutine: 'yield from' needs a coroutine "
			 "(defined or declared with 'coro') or a 'co_gen *' value", g->lhs->text);
		return;
	}
	if (g->kind == N_CALL && g->lhs->kind == N_IDENT && !lookup(g->lhs->text) &&
	    !find_coro(g->lhs->text) && !is_gen_factory(g->lhs->text) && !find_macro(g->lhs->text)) {
		error_at(g->lhs->loc, "'%s' is not known to be a coroutine: declare it ('coro R %s(...);'), include the "
			 "header that declares it, or declare it as a function returning 'co_gen *'",
			 g->lhs->text, g->lhs->text);
		return;
	}
	if (g->kind == N_CALL && g->lhs->kind == N_IDENT && !lookup(g->lhs->text)) {
		Coro *target = find_coro(g->lhs->text);
		if (target) {
			n->target = target;
			if (type_is_void(target->ret) && !is_discarded(n))
				error_at(n->loc, "coroutine '%s' returns void: 'yield from %s(...)' has no value to use",
					 target->name, target->name);
			const char *ours = type_str(coro->yields);
			const char *theirs = type_str(target->yields);
			if (strcmp(ours, theirs) != 0 && strcmp(ours, "void*") != 0 &&
			    strcmp(theirs, "void*") != 0)
				error_at(n->loc, "yield types differ: '%s' yields '%s' but '%s' yields '%s'",
					 target->name, type_display(target->yields), coro->name,
					 type_display(coro->yields));
		}
		return;
	}
	switch (g->kind) {
	case N_IDENT: {
		Symbol *s = lookup(g->text);
		if (!s && find_coro(g->text))
			error_at(g->loc, "'%s' is a coroutine: call it, as in 'yield from %s(...)'",
				 g->text, g->text);
		else if (s && !is_co_gen_ptr(s))
			error_at(g->loc, "'yield from' needs a coroutine call or a 'co_gen *' value; '%s' is neither",
				 g->text);
		return;
	}
	case N_NUM: case N_CHAR: case N_STR: case N_BINARY: case N_UNARY:
	case N_COMPOUND: case N_INIT_LIST: case N_SIZEOF_EXPR: case N_SIZEOF_TYPE:
	case N_ALIGNOF: case N_YIELD: case N_YIELD_FROM: case N_COND:
		error_at(g->loc, "'yield from' needs a coroutine call or a 'co_gen *' value");
		return;
	default:
		return;
	}
}

/* The coroutine a call names, when the callee is one corogen knows. */
static Coro *called_coro(Node *e)
{
	e = strip_parens(e);
	if (!e || e->kind != N_CALL || e->lhs->kind != N_IDENT || lookup(e->lhs->text))
		return NULL;
	return find_coro(e->lhs->text);
}

static bool yields_generators(const Coro *c)
{
	return !strcmp(type_str(c->yields), "co_gen*");
}

/* `co_sleep(200);` makes a generator and drops it: it never runs and its
 * frame leaks. `yield co_sleep(200)` hands it out unstarted. Both are
 * almost always a forgotten `from`. */
static void check_dropped_generator(Node *stmt_expr)
{
	Coro *k = called_coro(stmt_expr);
	if (k)
		error_at(strip_parens(stmt_expr)->lhs->loc,
			 "the generator made by calling coroutine '%s' is dropped: it never runs, and its frame "
			 "leaks; did you mean 'yield from %s(...)'?", k->name, k->name);
}

static void check_yielded_generator(Node *yield)
{
	Coro *k = called_coro(yield->lhs);
	if (k && !yields_generators(coro))
		error_at(yield->loc, "'yield %s(...)' hands out a new generator without running it: "
			 "did you mean 'yield from %s(...)'?", k->name, k->name);
}

static void check_list(Vec *v)
{
	for (int i = 0; i < v->len; i++) {
		Node *x = v->items[i];
		check_expr(x, false);
	}
}

static void note_suspends(Node *n)
{
	Node *kids[NODE_MAX_KIDS];
	int nkids = node_kids(n, kids);
	n->suspends = n->kind == N_YIELD || n->kind == N_YIELD_FROM;
	for (int i = 0; i < nkids; i++)
		n->suspends |= kids[i]->suspends;
	for (int i = 0; i < n->list.len && !n->suspends; i++) {
		Node *x = n->list.items[i];
		if (x && x->suspends)
			n->suspends = true;
	}
}

static void check_type_exprs(Type *t);

/* A longjmp back to a setjmp made in a coroutine lands in a resume
 * function that may have returned at a yield since: undefined behaviour
 * that no test would catch. Refused; a plain function can use them. */
static void check_setjmp(Node *call)
{
	static const char *const names[] = {"setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp"};
	Node *f = strip_parens(call->lhs);
	if (f->kind != N_IDENT || lookup(f->text))
		return;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(f->text, names[i]))
			error_at(f->loc, "'%s' in a coroutine: a longjmp to it after the coroutine has yielded would "
				 "jump into a finished call of its resume function; call %s in a plain C function",
				 f->text, f->text);
}

/* A macro of the file used here whose body names a local in scope: in C
 * the expansion would mean the local; once corogen has moved the local to
 * the frame (f->count) or hoisted it (a static), it would not. Checked when
 * the frame is known (check_macro_uses). */
static void note_macro_use(Node *id)
{
	const Macro *m = find_macro(id->text);
	for (int i = 0; m && i < m->idents.len; i++) {
		Symbol *s = lookup(m->idents.items[i]);
		if (s && !s->is_extern) {
			MacroUse *u = xalloc(sizeof *u);
			*u = (MacroUse){id->loc, m, s};
			vec_push(&macro_uses, u);
		}
	}
}

static void check_macro_uses(void)
{
	for (int i = 0; i < macro_uses.len; i++) {
		MacroUse *u = macro_uses.items[i];
		if (!u->sym->in_frame && !u->sym->is_static)
			continue;
		error_at(u->loc, "macro '%s' names '%s', a local of coroutine '%s' that corogen moves %s, so the "
			 "expansion would not mean this local: pass it as a macro argument, or compile with --cpp",
			 u->macro->name, u->sym->name, coro->name,
			 u->sym->is_static ? "to file scope" : "into the coroutine's frame");
		note_at(u->macro->loc, "'%s' is defined here", u->macro->name);
	}
}

/* offsetof(type, member-designator): the designator names members, not
 * locals, even where a local has the same name (item 25). */
static bool is_offsetof(const Node *n)
{
	return n->lhs->kind == N_IDENT && !n->lhs->sym && n->list.len == 2 &&
	       (!strcmp(n->lhs->text, "offsetof") || !strcmp(n->lhs->text, "__builtin_offsetof"));
}

static void check_designator(Node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_IDENT:
		vec_push(&idents, (void *)n->text);
		break;
	case N_MEMBER:
		check_designator(n->lhs);
		break;
	case N_INDEX:
		check_designator(n->lhs);
		check_expr(n->rhs, false);
		break;
	default:
		check_expr(n, false);
		break;
	}
	note_suspends(n);
}

/* `return &x` or `yield &x` of a local of the coroutine: the local lives
 * in the frame, and the pointer dangles once the coroutine is freed, as
 * gcc's -Wreturn-local-addr warns for a function. */
static void warn_local_address(Node *v, const char *verb)
{
	v = strip_parens(v);
	while (v && v->kind == N_CAST)
		v = strip_parens(v->lhs);
	if (!v)
		return;
	Node *x = NULL;
	if (v->kind == N_UNARY && !strcmp(v->op, "&"))
		x = strip_parens(v->lhs);
	else if (v->kind == N_IDENT && v->sym && dcl_kind(v->sym->spec, v->sym->dcl) == TK_ARRAY)
		x = v;               /* an array decays to its address */
	while (x && ((x->kind == N_MEMBER && !strcmp(x->op, ".")) ||
		     (x->kind == N_INDEX && strip_parens(x->lhs)->kind == N_IDENT &&
		      strip_parens(x->lhs)->sym &&
		      dcl_kind(strip_parens(x->lhs)->sym->spec, strip_parens(x->lhs)->sym->dcl) == TK_ARRAY)))
		x = strip_parens(x->lhs);
	if (!x || x->kind != N_IDENT || !x->sym || x->sym->is_static || x->sym->is_extern ||
	    (x->sym->is_param && dcl_kind(x->sym->spec, x->sym->dcl) == TK_ARRAY))
		return;
	warn_at(v->loc, "coroutine '%s' %s the address of local '%s': it lives in the coroutine's frame "
		"and dangles once the coroutine is freed", coro->name, verb, x->sym->name);
}

/* `bare_yield_ok`: this position may hold an unparenthesised yield (a whole
 * expression statement, the right side of an assignment, an initialiser). */
/* clang refuses more than 256 nested brackets ((), [], {}) in a function;
 * the generated code adds a few of its own around saved operands. */
#define MAX_NESTING 240
static int nesting;           /* brackets open around the current node */
static bool nesting_reported;

static bool opens_bracket(const Node *n)
{
	switch (n->kind) {
	case N_PAREN: case N_CALL: case N_INDEX: case N_CAST: case N_COMPOUND:
	case N_INIT_LIST: case N_SIZEOF_TYPE: case N_ALIGNOF: case N_GENERIC:
	case N_BLOCK:
		return true;
	default:
		return false;
	}
}

static bool enter_nesting(const Node *n)
{
	if (!opens_bracket(n))
		return false;
	if (++nesting > MAX_NESTING && !nesting_reported) {
		nesting_reported = true;
		error_at(n->loc, "nested too deeply: more than %d levels of parentheses, brackets and braces "
			 "in coroutine '%s' (C compilers limit them; clang stops at 256)", MAX_NESTING, coro->name);
	}
	return true;
}

static void check_expr_in(Node *n, bool bare_yield_ok);

static void check_expr(Node *n, bool bare_yield_ok)
{
	if (!n)
		return;
	bool counted = enter_nesting(n);
	check_expr_in(n, bare_yield_ok);
	nesting -= counted;
}

static void check_expr_in(Node *n, bool bare_yield_ok)
{
	switch (n->kind) {
	case N_IDENT: {
		vec_push(&idents, (void *)n->text);
		Symbol *s = lookup(n->text);
		if (s)
			n->sym = s;
		else
			note_macro_use(n);
		break;
	}
	case N_YIELD:
	case N_YIELD_FROM:
		if (!bare_yield_ok)
			error_at(n->loc, "'%s' must be parenthesised here: write '(%s ...)'",
				 n->kind == N_YIELD ? "yield" : "yield from",
				 n->kind == N_YIELD ? "yield" : "yield from");
		if (in_defer())
			error_at(n->loc, "'%s' inside a defer statement: deferred code cannot suspend",
				 n->kind == N_YIELD ? "yield" : "yield from");
		check_expr(n->lhs, false);
		if (n->kind == N_YIELD_FROM)
			check_yield_from(n);
		else {
			check_yielded_generator(n);
			warn_local_address(n->lhs, "yields");
		}
		break;
	case N_PAREN:
		check_expr(n->lhs, is_yield(n->lhs));
		break;
	case N_ASSIGN:
		check_expr(n->lhs, false);
		check_expr(n->rhs, true);
		break;
	case N_UNARY:
		check_expr(n->lhs, false);
		if (!strcmp(n->op, "&")) {
			/* &s.x and &a[i] alias the local s or a as much as &s does */
			Node *x = strip_parens(n->lhs);
			for (;;) {
				if (x->kind == N_MEMBER && !strcmp(x->op, "."))
					x = strip_parens(x->lhs);
				else if (x->kind == N_INDEX && strip_parens(x->lhs)->kind == N_IDENT &&
					 strip_parens(x->lhs)->sym &&
					 dcl_kind(strip_parens(x->lhs)->sym->spec, strip_parens(x->lhs)->sym->dcl) == TK_ARRAY)
					x = strip_parens(x->lhs);
				else
					break;
			}
			if (x->kind == N_IDENT && x->sym)
				x->sym->addr_taken = true;
		}
		break;
	case N_SIZEOF_EXPR: {
		/* not evaluated: a compound literal there needs no storage */
		Vec *saved_lits = block_literals;
		block_literals = NULL;
		check_expr(n->lhs, false);
		block_literals = saved_lits;
		if (n->lhs->suspends)
			error_at(n->loc, "'yield' inside 'sizeof' is never evaluated");
		n->lhs->suspends = false;
		break;
	}
	case N_MEMBER: case N_POSTFIX:
		check_expr(n->lhs, false);
		break;
	case N_COMMA:
		discard_value(n->lhs);
		check_expr(n->lhs, false);
		check_expr(n->rhs, false);
		break;
	case N_BINARY: case N_INDEX:
		check_expr(n->lhs, false);
		check_expr(n->rhs, false);
		break;
	case N_COND:
		check_expr(n->cond, false);
		check_expr(n->then, false);
		check_expr(n->els, false);
		break;
	case N_CALL:
		check_expr(n->lhs, false);
		if (is_offsetof(n)) {
			check_expr(n->list.items[0], false);
			check_designator(n->list.items[1]);
			break;
		}
		check_list(&n->list);
		check_setjmp(n);
		break;
	case N_CAST:
		check_type_exprs(n->type);
		if (type_is_void(n->type))
			discard_value(n->lhs);
		check_expr(n->lhs, false);
		break;
	case N_SIZEOF_TYPE: case N_ALIGNOF: case N_TYPE_ARG:
		check_type_exprs(n->type);
		break;
	case N_COMPOUND:
		check_type_exprs(n->type);
		check_list(&n->list);
		if (block_literals)
			vec_push(block_literals, n);
		break;
	case N_INIT_LIST:
		check_list(&n->list);
		break;
	case N_INIT_ITEM:
		check_list(&n->list);
		check_expr(n->lhs, true);
		break;
	case N_DESIG_INDEX:
		check_expr(n->lhs, false);
		if (n->lhs->suspends)
			error_at(n->loc, "'yield' in a designator");
		break;
	case N_GENERIC:
		check_expr(n->lhs, false);
		check_list(&n->list);
		break;
	case N_GENERIC_ASSOC:
		if (n->type)
			check_type_exprs(n->type);
		check_expr(n->lhs, false);
		break;
	default:
		break;
	}
	note_suspends(n);
}

/* Does an array size read a local (outside sizeof)? Then it is a VLA. */
static bool reads_local(const Node *x)
{
	if (!x)
		return false;
	if (x->kind == N_IDENT)
		return x->sym != NULL;
	if (x->kind == N_SIZEOF_EXPR || x->kind == N_SIZEOF_TYPE || x->kind == N_ALIGNOF)
		return false;
	Node *kids[NODE_MAX_KIDS];
	for (int i = 0, k = node_kids(x, kids); i < k; i++)
		if (reads_local(kids[i]))
			return true;
	for (int i = 0; i < x->list.len; i++)
		if (reads_local(x->list.items[i]))
			return true;
	return false;
}

/* Array sizes inside a type: resolve names; a local there makes a VLA. */
static bool dcl_is_vla(Dcl *d)
{
	bool vla = false;
	Vec *saved_lits = block_literals;
	block_literals = NULL;        /* a size is a constant: no storage */
	for (; d; d = d->inner) {
		if (d->kind == D_ARRAY && d->size) {
			check_expr(d->size, false);
			vla |= reads_local(d->size);
		}
	}
	block_literals = saved_lits;
	return vla;
}

static void check_type_exprs(Type *t)
{
	if (t)
		lift_spec(t->spec);
	if (t && dcl_is_vla(t->dcl))
		error_at(t->loc, "variable-length arrays are not allowed in a coroutine");
}

/* ------------------------------------------------------------ statements */

static void check_stmt(Node *n);

static bool decl_suspends(Decl *d)
{
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		if (id->init && id->init->suspends)
			return true;
	}
	return false;
}

static void check_decl(Decl *d, bool *is_typedef)
{
	*is_typedef = false;
	bool lifted_def = lift_spec(d->spec);
	for (int i = 0; i < d->spec->words.len; i++) {
		SpecWord *w = d->spec->words.items[i];
		if (w->is_typedef) {
			lift_typedef(d);
			*is_typedef = true;
			return;
		}
	}
	/* `struct P { ... };` alone: the definition moved out, nothing is left */
	if (d->items.len == 0 && lifted_def)
		d->lifted = true;
	bool is_static = false, is_extern = false;
	for (int i = 0; i < d->spec->words.len; i++) {
		SpecWord *w = d->spec->words.items[i];
		is_static |= w->is_static;
		is_extern |= w->is_extern;
	}
	/* `enum { lo = 1 };`, `struct s { ... };` declare no object: printed
	 * where written, their constants and tags visible in the rest of the block */
	d->no_frame = true;
	for (int i = 0; i < d->items.len; i++)
		d->no_frame &= is_extern || dcl_kind(d->spec, ((InitDcl *)d->items.items[i])->dcl) == TK_FUNC;
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		const char *name = dcl_name(id->dcl);
		if (dcl_is_vla(id->dcl))
			error_at(dcl_loc(id->dcl), "variable-length array '%s' is not allowed in a coroutine: give it a constant size",
				 name ? name : "");
		/* A name is in scope from its declarator on, so the initialiser
		 * of `T *p = malloc(sizeof *p)` sees the new p, as in C. */
		Symbol *s = NULL;
		if (name) {
			vec_push(&idents, (void *)name);
			s = declare(name, dcl_loc(id->dcl), d->spec, id->dcl);
			s->decl = d;
			s->is_static = is_static;
			/* a block-scope function declaration names an outside function */
			s->is_extern = is_extern || dcl_kind(d->spec, id->dcl) == TK_FUNC;
			id->sym = s;
		}
		if (id->init) {
			/* a static's compound literals have static storage already */
			Vec *saved_lits = block_literals;
			if (is_static)
				block_literals = NULL;
			check_expr(id->init, true);
			block_literals = saved_lits;
			if (is_static && id->init->suspends)
				error_at(id->init->loc, "'yield' in the initialiser of a static local");
		}
		if (!name)
			continue;
		if (id->init && !is_static) {
			Entry *e = xalloc(sizeof *e);
			e->up = chain;
			e->loc = dcl_loc(id->dcl);
			e->name = name;
			chain = e;
		}
	}
}

/* Walk a block's items; a declaration lives in the frame when a later
 * item of the block (or its own initialiser) suspends. */
static void literals_to_frame(Vec *lits);

static void check_block_items(Vec *items)
{
	Vec *lits = xalloc(sizeof(Vec) * (size_t)(items->len + 1));
	Vec *saved_lits = block_literals;
	for (int i = 0; i < items->len; i++) {
		Node *n = items->items[i];
		if (n->kind == N_DEFER) {
			Entry *e = xalloc(sizeof *e);
			e->up = chain;
			e->loc = n->loc;
			chain = e;
		}
		block_literals = &lits[i];
		check_stmt(n);
	}
	block_literals = saved_lits;
	/* `T x = yield ...;` alone needs no frame slot when nothing after it
	 * suspends: x is set once the coroutine has resumed. */
	bool later = false;
	for (int i = items->len - 1; i >= 0; i--) {
		Node *n = items->items[i];
		if (n->kind == N_DECL)
			n->decl->in_frame = !n->decl->no_frame &&
					    (later || (n->suspends && n->decl->items.len > 1));
		/* A compound literal lives to the end of its block (C11
		 * 6.5.2.5p5): across a suspension it needs frame storage. */
		if (later || n->suspends)
			literals_to_frame(&lits[i]);
		later |= n->suspends;
	}
}

static void check_stmt(Node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_BLOCK: {
		Entry *saved = chain;
		push_scope();
		bool counted = enter_nesting(n);
		check_block_items(&n->list);
		nesting -= counted;
		pop_scope();
		chain = saved;
		break;
	}
	case N_DECL: {
		bool td;
		check_decl(n->decl, &td);
		n->suspends = decl_suspends(n->decl);
		return;
	}
	case N_EXPR_STMT:
		if (strip_parens(n->lhs)->kind == N_BINARY && !strcmp(strip_parens(n->lhs)->op, "*")) {
			Node *m = strip_parens(n->lhs);
			if (m->lhs->kind == N_IDENT && m->rhs->kind == N_IDENT &&
			    !lookup(m->lhs->text) && !lookup(m->rhs->text))
				error_at(m->lhs->loc, "unknown type name '%s': if it comes from a header, declare it with '%%type %s;'",
					 m->lhs->text, m->lhs->text);
		}
		discard_value(n->lhs);
		check_expr(n->lhs, true);
		check_dropped_generator(n->lhs);
		break;
	case N_IF:
		check_expr(n->cond, false);
		check_stmt(n->then);
		check_stmt(n->els);
		break;
	case N_SWITCH: {
		check_expr(n->cond, false);
		Block sw;
		enter_block(&sw, BLOCK_SWITCH);
		check_stmt(n->body);
		leave_block(&sw);
		break;
	}
	case N_CASE: case N_DEFAULT:
		if (n->kind == N_CASE) {
			check_expr(n->lhs, false);
			if (n->lhs->suspends)
				error_at(n->lhs->loc, "'yield' in a case label");
		}
		Block *swb = innermost_switch();
		if (!swb) {
			error_at(n->loc, "'%s' label not within a switch statement",
				 n->kind == N_CASE ? "case" : "default");
		} else {
			Entry *sw = swb->chain;
			if (chain != sw) {
				Entry *e = chain;
				while (e->up && e->up != sw)
					e = e->up;
				if (e->name)
					error_at(n->loc, "jump to '%s' label skips the initialisation of '%s'",
						 n->kind == N_CASE ? "case" : "default", e->name);
				else
					error_at(n->loc, "jump to '%s' label enters the scope of a defer statement",
						 n->kind == N_CASE ? "case" : "default");
				note_at(e->loc, "%s here", e->name ? "declared" : "defer");
			}
		}
		check_stmt(n->body);
		break;
	case N_WHILE: case N_DO: {
		check_expr(n->cond, false);
		Block loop;
		enter_block(&loop, BLOCK_LOOP);
		check_stmt(n->body);
		leave_block(&loop);
		break;
	}
	case N_FOR: {
		Entry *saved = chain;
		push_scope();
		if (n->init && n->init->kind == N_DECL) {
			bool td;
			check_decl(n->init->decl, &td);
			n->init->suspends = decl_suspends(n->init->decl);
		} else {
			discard_value(n->init);
			check_expr(n->init, true);
		}
		check_expr(n->cond, false);
		discard_value(n->inc);
		check_expr(n->inc, true);
		Block loop;
		enter_block(&loop, BLOCK_LOOP);
		check_stmt(n->body);
		leave_block(&loop);
		pop_scope();
		chain = saved;
		note_suspends(n);
		if (n->init && n->init->kind == N_DECL)
			n->init->decl->in_frame = n->suspends;
		return;
	}
	case N_BREAK: case N_CONTINUE: {
		bool is_break = n->kind == N_BREAK, defer_between;
		if (jump_target(is_break, &defer_between))
			break;
		if (defer_between)
			error_at(n->loc, "'%s' cannot leave a defer statement", is_break ? "break" : "continue");
		else if (is_break)
			error_at(n->loc, "'break' not within a loop or switch");
		else
			error_at(n->loc, "'continue' not within a loop");
		break;
	}
	case N_RETURN:
		if (in_defer())
			error_at(n->loc, "'return' inside a defer statement");
		check_expr(n->lhs, false);
		warn_local_address(n->lhs, "returns");
		if (n->lhs && type_is_void(coro->ret))
			error_at(n->lhs->loc, "'return' with a value in coroutine '%s' returning void", coro->name);
		else if (!n->lhs && !type_is_void(coro->ret))
			error_at(n->loc, "'return' without a value in coroutine '%s' returning '%s'",
				 coro->name, type_display(coro->ret));
		break;
	case N_GOTO: {
		vec_push(&idents, (void *)n->text);
		if (in_defer())
			error_at(n->loc, "'goto' inside a defer statement");
		Jump *j = xalloc(sizeof *j);
		j->node = n;
		j->chain = chain;
		vec_push(&gotos, j);
		break;
	}
	case N_LABEL: {
		vec_push(&idents, (void *)n->text);
		for (int i = 0; i < labels.len; i++) {
			Label *l = labels.items[i];
			if (!strcmp(l->name, n->text)) {
				error_at(n->loc, "duplicate label '%s'", n->text);
				note_at(l->loc, "previous definition of '%s' here", n->text);
			}
		}
		Label *l = xalloc(sizeof *l);
		l->name = n->text;
		l->loc = n->loc;
		l->chain = chain;
		vec_push(&labels, l);
		check_stmt(n->body);
		break;
	}
	case N_DEFER: {
		if (n->body && n->body->kind == N_DEFER)
			error_at(n->body->loc, "a defer statement cannot defer another defer");
		Block defer;
		enter_block(&defer, BLOCK_DEFER);
		Entry *saved = chain;
		check_stmt(n->body);
		chain = saved;
		leave_block(&defer);
		n->suspends = false;
		return;
	}
	default:
		break;
	}
	note_suspends(n);
}

/* A defer must stand directly in a block: as the body of an if or a loop
 * it would run at once. */
static void check_defer_placement(Node *n, bool in_block)
{
	if (!n)
		return;
	if (n->kind == N_DEFER && !in_block)
		error_at(n->loc, "'defer' must stand directly inside a block '{ ... }'");
	switch (n->kind) {
	case N_BLOCK:
		for (int i = 0; i < n->list.len; i++)
			check_defer_placement(n->list.items[i], true);
		break;
	case N_IF:
		check_defer_placement(n->then, false);
		check_defer_placement(n->els, false);
		break;
	case N_WHILE: case N_DO: case N_SWITCH: case N_FOR:
	case N_LABEL: case N_CASE: case N_DEFAULT:
		check_defer_placement(n->body, false);
		break;
	case N_DEFER:
		check_defer_placement(n->body, true);
		break;
	default:
		break;
	}
}

static void check_gotos(void)
{
	for (int i = 0; i < gotos.len; i++) {
		Jump *j = gotos.items[i];
		Label *target = NULL;
		for (int k = 0; k < labels.len && !target; k++) {
			Label *l = labels.items[k];
			if (!strcmp(l->name, j->node->text))
				target = l;
		}
		if (!target) {
			error_at(j->node->loc, "label '%s' used but not defined", j->node->text);
			continue;
		}
		/* Every entry on the label's chain must be on the goto's. */
		for (Entry *e = target->chain; e; e = e->up) {
			bool on = false;
			for (Entry *g = j->chain; g && !on; g = g->up)
				on = g == e;
			if (!on) {
				if (e->name)
					error_at(j->node->loc, "jump to label '%s' skips the initialisation of '%s'",
						 target->name, e->name);
				else
					error_at(j->node->loc, "jump to label '%s' enters the scope of a defer statement",
						 target->name);
				note_at(e->loc, "%s here", e->name ? "declared" : "defer");
				break;
			}
		}
	}
}

static bool name_taken(Vec *names, const char *name)
{
	for (int i = 0; i < names->len; i++)
		if (!strcmp(names->items[i], name))
			return true;
	return false;
}

/* A prefix for generated labels `PREFIX_N`: no identifier of the
 * coroutine may be the prefix or the prefix followed by `_` and digits
 * (a user label `resume_1:`, item 18). */
static const char *fresh_prefix(const char *want)
{
	for (int k = 1;; k++) {
		const char *p = k == 1 ? want : xprintf("%s%d", want, k);
		size_t n = strlen(p);
		bool taken = false;
		for (int i = 0; i < idents.len && !taken; i++) {
			const char *id = idents.items[i];
			if (strncmp(id, p, n) != 0)
				continue;
			if (id[n] == '\0')
				taken = true;
			else if (id[n] == '_' && id[n + 1]) {
				taken = true;
				for (const char *d = id + n + 1; *d; d++)
					taken &= *d >= '0' && *d <= '9';
			}
		}
		if (!taken)
			return p;
	}
}

/* A name not spelled anywhere in the coroutine, for generated identifiers. */
static const char *fresh(const char *want)
{
	if (!name_taken(&idents, want))
		return want;
	for (int i = 2;; i++) {
		const char *n = xprintf("%s_%d", want, i);
		if (!name_taken(&idents, n))
			return n;
	}
}

/* The array declarator nearest the name (or the abstract position), if
 * it is an array: `d[][2]` gives the `[]`. */
static Dcl *own_array(Dcl *d)
{
	Dcl *last = NULL;
	for (; d && d->kind != D_NAME && d->kind != D_ABSTRACT; d = d->inner)
		last = d;
	return last && last->kind == D_ARRAY ? last : NULL;
}

/* The element count of an unsized array from its initialiser, as C counts
 * it; NULL when corogen cannot tell (designators, elided braces). */
static Node *size_from_init(const Spec *spec, Dcl *dcl, Dcl *arr, Node *init, Loc loc)
{
	Node *size = new_node(N_RAW, loc);
	Node *str = init && init->kind == N_STR ? init : NULL;
	/* char s[] = {"abc"}: the braces around a string are optional */
	if (init && init->kind == N_INIT_LIST && init->list.len == 1) {
		Node *it = init->list.items[0];
		if (it->list.len == 0 && it->lhs && it->lhs->kind == N_STR && own_array(dcl) == dcl &&
		    spec_kind(spec) == TK_INT)
			str = it->lhs;
	}
	if (str) {
		/* counted in elements, so that L"abc" sizes a wchar_t array */
		size->text = xprintf("sizeof %s / sizeof *%s", str->text, str->text);
		return size;
	}
	if (!init || init->kind != N_INIT_LIST)
		return NULL;
	/* Elements that are arrays or structs: each must be braced, or C
	 * would spread the values over several elements. */
	Dcl *parent = NULL;
	for (Dcl *d = dcl; d && d != arr; d = d->inner)
		if (d->kind != D_PAREN)
			parent = d;
	bool elem_array = parent && parent->kind == D_ARRAY;
	bool elem_agg = !parent && (spec_kind(spec) == TK_AGG || spec_kind(spec) == TK_UNKNOWN);
	for (int k = 0; k < init->list.len; k++) {
		Node *it = init->list.items[k];
		if (it->list.len > 0)
			return NULL;
		if (elem_array && it->lhs && it->lhs->kind != N_INIT_LIST && it->lhs->kind != N_STR)
			return NULL;
		if (elem_agg && it->lhs && it->lhs->kind != N_INIT_LIST && it->lhs->kind != N_IDENT &&
		    it->lhs->kind != N_CALL && it->lhs->kind != N_COMPOUND)
			return NULL;
	}
	size->text = xprintf("%d", init->list.len);
	return size;
}

/* Give each compound literal of `lits` a frame field; the emitter copies
 * the literal there and uses the field. */
static void literals_to_frame(Vec *lits)
{
	for (int i = 0; i < lits->len; i++) {
		Node *n = lits->items[i];
		if (n->sym)
			continue;
		Dcl *arr = own_array(n->type->dcl);
		if (arr && !arr->size) {
			Node *init = new_node(N_INIT_LIST, n->loc);
			init->list = n->list;
			arr->size = size_from_init(n->type->spec, n->type->dcl, arr, init, n->loc);
			if (!arr->size) {
				error_at(n->loc, "compound literal lives in the coroutine frame: give its array type an explicit size");
				continue;
			}
		}
		Symbol *sym = xalloc(sizeof *sym);
		sym->name = "lit";
		sym->loc = n->loc;
		sym->spec = n->type->spec;
		sym->dcl = n->type->dcl;
		sym->in_frame = true;
		sym->is_literal = true;
		vec_push(&coro->symbols, sym);
		n->sym = sym;
	}
}

/* A frame field needs a complete type: size `T a[] = {...}` from its
 * initialiser, as C would. */
static void size_frame_arrays(Coro *c)
{
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (!s->in_frame || !s->decl)
			continue;
		Dcl *arr = own_array(s->dcl);
		if (!arr || arr->size)
			continue;
		Node *init = NULL;
		for (int k = 0; k < s->decl->items.len; k++) {
			InitDcl *id = s->decl->items.items[k];
			if (id->sym == s)
				init = id->init;
		}
		Node *size = size_from_init(s->spec, s->dcl, arr, init, s->loc);
		if (!size) {
			error_at(s->loc, "array '%s' lives in the coroutine frame: give it an explicit size", s->name);
			continue;
		}
		arr->size = size;
	}
}

/* "struct item { ... }" -> "struct item"; NULL for an anonymous struct or
 * union; "enum" for any enum with a body (its constants would leak). */
static const char *defined_tag(const SpecWord *w)
{
	if (w->kind != SW_TYPE)
		return NULL;
	const char *t = w->text;
	size_t kw = !strncmp(t, "struct", 6) ? 6 : !strncmp(t, "union", 5) ? 5 : !strncmp(t, "enum", 4) ? 4 : 0;
	if (!kw)
		return NULL;
	const char *p = t + kw;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	const char *e = p;
	while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') || *e == '_')
		e++;
	if (e == p)
		return kw == 4 && w->has_body ? "enum" : NULL;
	return xprintf("%.*s %.*s", (int)kw, t, (int)(e - p), p);
}

/* The frame struct is declared at file scope, so a local that lives in it
 * cannot have a type defined inside the coroutine: the definition would move
 * out of the coroutine and could clash with another. */
static void check_frame_types(Coro *c)
{
	Vec local_tags = {0};
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		for (int k = 0; s->spec && k < s->spec->words.len; k++) {
			SpecWord *w = s->spec->words.items[k];
			const char *tag = w->has_body ? defined_tag(w) : NULL;
			if (tag)
				vec_push(&local_tags, (void *)tag);
		}
	}
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (!s->in_frame || s->is_param || !s->spec)
			continue;
		for (int k = 0; k < s->spec->words.len; k++) {
			SpecWord *w = s->spec->words.items[k];
			const char *tag = defined_tag(w);
			bool local = tag && w->has_body;
			for (int t = 0; tag && !local && t < local_tags.len; t++)
				local = !strcmp(local_tags.items[t], tag);
			/* an enum is an int with names: the frame holds an int, and
			 * the enum stays in the body with its constants */
			if (local && !strncmp(tag, "enum", 4) && dcl_kind(s->spec, s->dcl) == TK_INT &&
			    !s->is_static) {
				s->enum_as_int = true;
				break;
			}
			if (local) {
				error_at(s->loc, "'%s' lives across a suspension, so in the coroutine's frame, but its type "
					 "'%s' is defined inside the coroutine: define the type outside the coroutine",
					 s->name, strcmp(tag, "enum") ? tag : "enum { ... }");
				break;
			}
		}
	}
}

static void name_fields(Coro *c)
{
	Vec used = {0};
	vec_push(&used, "base");
	vec_push(&used, "ret");
	vec_push(&used, "sub");
	vec_push(&used, "child");
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (s->is_static) {
			s->field = xprintf("%s__%s", c->name, s->name);
			for (int k = 2; name_taken(&used, s->field); k++)
				s->field = xprintf("%s__%s_%d", c->name, s->name, k);
			vec_push(&used, (void *)s->field);
			continue;
		}
		if (!s->in_frame)
			continue;
		const char *f = s->name;
		for (int k = 2; name_taken(&used, f); k++)
			f = xprintf("%s_%d", s->name, k);
		s->field = f;
		vec_push(&used, (void *)f);
	}
}

/* A parameter declared as an array or a function is a pointer (C11
 * 6.7.6.3p7-8): `int a[]` is `int *a`, `int fn(int)` is `int (*fn)(int)`.
 * The frame holds the pointer (issue 9, item 4). */
static Dcl *adjust_param(Dcl *d)
{
	Dcl *parent = NULL, *x = d;
	while (x && x->kind != D_NAME) {
		if (x->inner && x->inner->kind == D_NAME)
			break;
		parent = x;
		x = x->inner;
	}
	if (!x || (x->kind != D_ARRAY && x->kind != D_FUNC))
		return d;
	Dcl *ptr = new_dcl(D_PTR, NULL, x->loc);
	Dcl *repl;
	if (x->kind == D_ARRAY) {
		ptr->inner = x->inner;
		repl = ptr;
	} else {
		ptr->inner = x->inner;
		Dcl *paren = new_dcl(D_PAREN, ptr, x->loc);
		Dcl *fn = new_dcl(D_FUNC, paren, x->loc);
		fn->params = x->params;
		return parent ? (parent->inner = fn, d) : fn;
	}
	if (parent && (parent->kind == D_ARRAY || parent->kind == D_FUNC))
		repl = new_dcl(D_PAREN, ptr, x->loc);
	if (!parent)
		return repl;
	parent->inner = repl;
	return d;
}

static void check_coro(Coro *c)
{
	coro = c;
	scope = NULL;
	chain = NULL;
	labels = gotos = (Vec){0};
	blocks = NULL;
	idents = (Vec){0};
	discarded = (Vec){0};
	lifted_names = (Vec){0};
	macro_uses = (Vec){0};
	nesting = 0;
	nesting_reported = false;
	TypeKind yk = type_kind(c->yields);
	if (yk != TK_INT && yk != TK_PTR && yk != TK_UNKNOWN)
		error_at(c->yields->loc, "yield type '%s' of coroutine '%s' must be a pointer, integer or enum type",
			 type_display(c->yields), c->name);
	TypeKind rk = type_kind(c->ret);
	if (rk == TK_ARRAY || rk == TK_FUNC)
		error_at(c->loc, "coroutine '%s' cannot return an array or a function", c->name);
	push_scope();
	param_scope = scope;
	body_scope = NULL;
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		const char *name = p->dcl ? dcl_name(p->dcl) : NULL;
		if (!name) {
			error_at(p->spec->loc, "parameter %d of coroutine '%s' needs a name", i + 1, c->name);
			continue;
		}
		vec_push(&idents, (void *)name);
		Symbol *s = declare(name, dcl_loc(p->dcl), p->spec, adjust_param(p->dcl));
		s->is_param = true;
		s->in_frame = true;
		p->sym = s;
	}
	check_defer_placement(c->body, true);
	push_scope();
	body_scope = scope;
	check_block_items(&c->body->list);
	note_suspends(c->body);
	pop_scope();
	pop_scope();
	check_gotos();
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (s->decl && s->decl->in_frame && !s->is_static && !s->is_extern)
			s->in_frame = true;
	}
	check_macro_uses();
	size_frame_arrays(c);
	check_frame_types(c);
	name_fields(c);
	c->fvar = fresh("f");
	c->gvar = fresh("co");
	c->svar = fresh("sent");
	c->rvar = fresh("ret");
	c->label_prefix = fresh_prefix("resume");
	c->done_label = fresh("done");
	c->next_label = fresh_prefix("next");
	c->cleanup_label = fresh_prefix("cleanup");
	c->idents = idents;
}

/* ---------------------------------------------------------- declarations */

static const char *param_type(const Param *pm, bool display)
{
	Type *t = xalloc(sizeof *t);
	*t = (Type){pm->spec, pm->dcl, pm->spec->loc};
	if (!display)
		return type_str(t);
	char *d = type_display(t);
	for (size_t n = strlen(d); n > 0 && d[n - 1] == ' ';)
		d[--n] = '\0';
	return d;
}

/* How two declarations of one coroutine differ, or NULL. `here` and
 * `there` name the two places in the message. */
static const char *signature_difference(const Coro *a, const Coro *b)
{
	if (strcmp(type_str(a->ret), type_str(b->ret)))
		return xprintf("it returns '%s' here but '%s' there", type_display(a->ret), type_display(b->ret));
	if (strcmp(type_str(a->yields), type_str(b->yields)))
		return xprintf("it yields '%s' here but '%s' there", type_display(a->yields), type_display(b->yields));
	if (a->params.len != b->params.len)
		return xprintf("%d parameter%s here but %d there", a->params.len, a->params.len == 1 ? "" : "s",
			       b->params.len);
	for (int i = 0; i < a->params.len; i++) {
		if (strcmp(param_type(a->params.items[i], false), param_type(b->params.items[i], false)))
			return xprintf("parameter %d is '%s' here but '%s' there", i + 1,
				       param_type(a->params.items[i], true), param_type(b->params.items[i], true));
	}
	return NULL;
}

/* A declaration must say what the definition says (or the other
 * declaration, for two declarations): the error goes to the definition, or
 * to the later of two declarations; the note to the other one. */
static void check_same_signature(Coro *earlier, Coro *later)
{
	Coro *at = earlier->is_definition ? earlier : later;
	Coro *other = at == earlier ? later : earlier;
	const char *diff = signature_difference(at, other);
	if (!diff)
		return;
	error_at(at->loc, "conflicting types for coroutine '%s': %s", at->name, diff);
	note_at(other->loc, "%s of '%s' is here", other->is_definition ? "the definition" : "the declaration",
		at->name);
}

void check_program(Program *p)
{
	memset(coro_table, 0, sizeof coro_table);
	coro_next = xalloc(sizeof(Coro *) * (size_t)(p->coros.len + 1));
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		c->index = i;
		Coro *o = find_coro(c->name);
		if (!o) {
			unsigned h = name_hash(c->name);
			coro_next[i] = coro_table[h];
			coro_table[h] = c;
			continue;
		}
		if (o->is_definition && c->is_definition) {
			error_at(c->loc, "redefinition of coroutine '%s'", c->name);
			note_at(o->loc, "previous definition of '%s' here", c->name);
			continue;
		}
		if (!o->broken && !c->broken)
			check_same_signature(o, c);
		if (c->is_definition) {
			/* The table holds the definition; a declaration points to it. */
			unsigned h = name_hash(c->name);
			for (Coro **pp = &coro_table[h]; *pp; pp = &coro_next[(*pp)->index]) {
				if (*pp == o) {
					*pp = c;
					coro_next[i] = coro_next[o->index];
					break;
				}
			}
		}
	}
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_definition && !c->broken)
			check_coro(c);
	}
}
