/*
 * cprint.c — the one printer of expressions, for every phase that prints
 * one: the emitter (C), type printing (array sizes, through type.c) and
 * --dump-ir (IR names). What to print a name as is decided by the context
 * the caller passes (CPrint in corogen.h), never by another phase's state.
 */
#include "corogen.h"

#include <stdint.h>
#include <string.h>

const char *frame_ref(const Coro *c, const char *field)
{
	return xprintf("%s->%s", c->fvar, field);
}

/* Outside any coroutine: names as written. */
static CPrint as_written;

/* The address of the next placeholder: never 0, or an array placeholder
 * decays to a pointer that gcc's -Wnonnull sees as null in strlen(buf)
 * (issue 9, item 12); never the same twice, or `P == P` in a __typeof__
 * draws -Wtautological-compare where the source compared two values. */
static int placeholder_address(CPrint *p)
{
	return 64 * ++p->placeholders;
}

/* A value of a type for __typeof__, never evaluated. */
static void placeholder(Buf *b, CPrint *p, const Spec *s, const Dcl *d)
{
	buf_puts(b, "(*(");
	print_decl_in(b, p, s, d, "(*)", true, false);
	buf_printf(b, ")%d)", placeholder_address(p));
}

static void type_placeholder(Buf *b, CPrint *p, const Type *t)
{
	placeholder(b, p, t->spec, t->dcl);
}

Type *child_ret(const Coro *child)
{
	return child ? child->ret : make_type("void *");
}

void cprint_list(Buf *b, CPrint *p, const Vec *v)
{
	for (int i = 0; i < v->len; i++) {
		if (i)
			buf_puts(b, ", ");
		cprint_expr(b, p, v->items[i]);
	}
}

/* `text`, a void * carrying a value of type `t` (the value of co_step),
 * as that type: integers come through intptr_t. */
void cprint_from_value(Buf *b, CPrint *p, const Type *t, const char *text)
{
	buf_puts(b, "(");
	print_type_in(b, p, t, NULL);
	buf_printf(b, ")%s%s", type_kind(t) == TK_PTR ? "" : "(intptr_t)", text);
}

/* The value sent into the coroutine, as its yield type. */
static void sent_value(Buf *b, CPrint *p, const Coro *c)
{
	if (!strcmp(type_str(c->yields), "void*"))
		buf_puts(b, c->svar);
	else
		cprint_from_value(b, p, c->yields, c->svar);
}

/* The operand of a postfix operator: the value sent in is printed as a
 * cast, which must be parenthesised before `->`, `[`, `(`, `++`
 * ((yield p)->len, item 3). */
static void postfix_operand(Buf *b, CPrint *p, const Node *n)
{
	bool paren = n && n->kind == N_SENT && p->mode == CP_C;
	buf_puts(b, paren ? "(" : "");
	cprint_expr(b, p, n);
	buf_puts(b, paren ? ")" : "");
}

/* Could `e` designate a bit-field (a member, possibly through parentheses,
 * a comma or a conditional)? */
static bool may_be_bitfield(const Node *e)
{
	while (e && e->kind == N_PAREN)
		e = e->lhs;
	if (!e)
		return false;
	switch (e->kind) {
	case N_MEMBER:
		return true;
	case N_COMMA:
		return may_be_bitfield(e->rhs);
	case N_COND:
		return may_be_bitfield(e->then) || may_be_bitfield(e->els);
	case N_ASSIGN: case N_POSTFIX:
		return may_be_bitfield(e->lhs);
	case N_UNARY:
		return (!strcmp(e->op, "++") || !strcmp(e->op, "--")) && may_be_bitfield(e->lhs);
	default:
		return false;
	}
}

/* A frame local declared `const` (`const int x`, `T *const p`), read as
 * itself: gcc folds such a plain local to its constant initialiser and so
 * says nothing about `x == x`, but does about `f->x == f->x`. */
static bool const_frame_read(const Node *n)
{
	while (n && n->kind == N_PAREN)
		n = n->lhs;
	if (!n || n->kind != N_IDENT || !n->sym || !n->sym->in_frame || n->sym->is_static)
		return false;
	const Symbol *s = n->sym;
	const Dcl *nearest = NULL;
	for (const Dcl *x = s->dcl; x && x->kind != D_NAME; x = x->inner)
		if (x->kind == D_PTR || x->kind == D_ARRAY || x->kind == D_FUNC)
			nearest = x;
	if (nearest)
		return nearest->kind == D_PTR && nearest->quals && strstr(nearest->quals, "const");
	TypeKind k = dcl_kind(s->spec, s->dcl);
	if (k != TK_INT && k != TK_PTR)
		return false;
	for (int i = 0; s->spec && i < s->spec->words.len; i++) {
		SpecWord *w = s->spec->words.items[i];
		if (w->kind == SW_QUAL && !strcmp(w->text, "const"))
			return true;
	}
	return false;
}

static bool is_comparison(const char *op)
{
	return !strcmp(op, "==") || !strcmp(op, "!=") || !strcmp(op, "<") ||
	       !strcmp(op, ">") || !strcmp(op, "<=") || !strcmp(op, ">=");
}

/* The type of the value of `e`, as a type name: arrays and functions
 * decay (through a comma). gcc has no __typeof__ of a bit-field, so a
 * member goes through `?:`, whose result is the promoted value (the same
 * value; a struct stays a struct). */
void cprint_typeof_value(Buf *b, CPrint *p, const Node *e)
{
	if (may_be_bitfield(e)) {
		buf_puts(b, "__typeof__(1 ? (");
		cprint_expr(b, p, e);
		buf_puts(b, ") : (");
		cprint_expr(b, p, e);
		buf_puts(b, "))");
		return;
	}
	buf_puts(b, "__typeof__(((void)0, ");
	cprint_expr(b, p, e);
	buf_puts(b, "))");
}

/* The number of a lowering temporary, counted from 1 in order of creation. */
static int temp_number(const Coro *c, const Symbol *s)
{
	for (int i = 0; c && i < c->temps.len; i++)
		if (c->temps.items[i] == s)
			return i + 1;
	return 0;
}

/* A local, a temporary or a value the lowering made: how the context
 * names it. Returns false for anything else. */
static bool print_name(Buf *b, CPrint *p, const Node *n)
{
	const Coro *c = p->coro;
	switch (n->kind) {
	case N_IDENT:
		if (p->mode == CP_IR || !n->sym)
			buf_puts(b, n->text);
		else if (n->sym->is_static)   /* hoisted to file scope */
			buf_puts(b, n->sym->field ? n->sym->field : n->text);
		else if (p->mode == CP_TYPEOF)
			/* an extern or a prototype of the body is not visible
			 * at file scope, where the frame's types are printed */
			placeholder(b, p, n->sym->spec, n->sym->dcl);
		else if (n->sym->in_frame && c)
			buf_puts(b, frame_ref(c, n->sym->field));
		else
			buf_puts(b, n->text);
		return true;
	case N_TEMP:
		if (p->mode == CP_IR || !c) {
			buf_printf(b, "%%t%d", temp_number(c, n->sym));
		} else if (p->mode == CP_C) {
			buf_puts(b, frame_ref(c, n->sym->field));
		} else if (n->sym->typeof_expr) {
			buf_puts(b, "(*(");
			cprint_typeof_value(b, p, n->sym->typeof_expr);
			buf_printf(b, " *)%d)", placeholder_address(p));
		} else {
			placeholder(b, p, n->sym->spec, n->sym->dcl);
		}
		return true;
	case N_SENT:
		if (p->mode == CP_IR || !c)
			buf_printf(b, "%%sent%d", n->state);
		else if (p->mode == CP_TYPEOF)
			type_placeholder(b, p, c->yields);
		else
			sent_value(b, p, c);
		return true;
	case N_CHILD_RESULT:
		if (p->mode == CP_IR || !c)
			buf_printf(b, "%%result%d", n->state);
		else if (n->target && type_is_void(n->target->ret))
			buf_puts(b, "((void)0)");   /* a void child's value, thrown away */
		else if (p->mode == CP_TYPEOF)
			type_placeholder(b, p, child_ret(n->target));
		else if (!type_returns_in_value(n->target->ret))
			buf_printf(b, "%s->sub.%s.ret", c->fvar, n->target->name);
		else {   /* it came back as the value sent in: a cast, parenthesised */
			buf_puts(b, "(");
			cprint_from_value(b, p, n->target->ret, c->svar);
			buf_puts(b, ")");
		}
		return true;
	case N_YIELD:
		if (p->mode == CP_IR || !c) {
			buf_puts(b, n->lhs ? "yield " : "yield");
			cprint_expr(b, p, n->lhs);
		} else {
			type_placeholder(b, p, c->yields);
		}
		return true;
	case N_YIELD_FROM:
		if (p->mode == CP_IR || !c) {
			buf_puts(b, "yield from ");
			cprint_expr(b, p, n->lhs);
		} else {
			type_placeholder(b, p, child_ret(n->target));
		}
		return true;
	default:
		return false;
	}
}

/* A compound literal; one that lives across a suspension is copied into
 * the frame and the copy is the (lvalue) value. */
static void compound(Buf *b, CPrint *p, const Node *n)
{
	bool in_frame = n->sym && p->coro && p->mode != CP_IR;
	if (in_frame && p->mode == CP_TYPEOF) {
		placeholder(b, p, n->sym->spec, n->sym->dcl);
		return;
	}
	const char *fld = in_frame ? frame_ref(p->coro, n->sym->field) : NULL;
	if (in_frame)
		buf_printf(b, "(*(__typeof__(%s) *)memcpy((void *)&%s, (const void *)&", fld, fld);
	buf_puts(b, "(");
	print_type_in(b, p, n->type, NULL);
	buf_puts(b, "){");
	cprint_list(b, p, &n->list);
	buf_puts(b, "}");
	if (in_frame)
		buf_printf(b, ", sizeof %s))", fld);
}

static const Node *strip_parens(const Node *n)
{
	while (n && n->kind == N_PAREN)
		n = n->lhs;
	return n;
}

/* `&x` of a frame local in an expression that also assigns x: gcc's
 * -Wsequence-point takes `&f->x` for a read of f->x (it does not for the
 * plain `&x`), so the address is computed from the frame's start. */
static bool address_by_offset(const CPrint *p, const Node *n)
{
	if (p->mode != CP_C || !p->coro || strcmp(n->op, "&") != 0)
		return false;
	const Node *x = strip_parens(n->lhs);
	if (!x || x->kind != N_IDENT || !x->sym || !x->sym->in_frame || x->sym->is_static)
		return false;
	Vec written = {0};
	written_locals(p->full, &written);
	for (int i = 0; i < written.len; i++)
		if (written.items[i] == x->sym)
			return true;
	return false;
}

static void print_expr(Buf *b, CPrint *p, const Node *n);

void cprint_expr(Buf *b, CPrint *p, const Node *n)
{
	if (!p)
		p = &as_written;
	const Node *outer = p->full;
	if (!outer)
		p->full = n;   /* the full expression, for address_by_offset */
	print_expr(b, p, n);
	p->full = outer;
}

static void print_expr(Buf *b, CPrint *p, const Node *n)
{
	if (!n || print_name(b, p, n))
		return;
	switch (n->kind) {
	case N_NUM: case N_CHAR: case N_STR: case N_RAW:
		buf_puts(b, n->text);
		break;
	case N_PAREN:
		buf_puts(b, "(");
		cprint_expr(b, p, n->lhs);
		buf_puts(b, ")");
		break;
	case N_UNARY: {
		if (address_by_offset(p, n)) {
			const char *fv = p->coro->fvar, *fld = strip_parens(n->lhs)->sym->field;
			buf_printf(b, "((__typeof__(%s->%s) *)((char *)%s + offsetof(__typeof__(*%s), %s)))",
				   fv, fld, fv, fv, fld);
			break;
		}
		buf_puts(b, n->op);
		Buf t = {0};
		cprint_expr(&t, p, n->lhs);
		/* - -x, & &x, + +x must not fuse into one token */
		if (t.data && strchr("-+&", n->op[0]) && t.data[0] == n->op[0])
			buf_puts(b, " ");
		buf_puts(b, t.data ? t.data : "");
		buf_free(&t);
		break;
	}
	case N_POSTFIX:
		postfix_operand(b, p, n->lhs);
		buf_puts(b, n->op);
		break;
	case N_BINARY: case N_ASSIGN:
		cprint_expr(b, p, n->lhs);
		buf_printf(b, " %s ", n->op);
		if (n->kind == N_BINARY && p->mode == CP_C && is_comparison(n->op) &&
		    const_frame_read(n->lhs) && const_frame_read(n->rhs)) {
			/* `x == x` of a const local: a cast (of the same type)
			 * keeps gcc's -Wtautological-compare as quiet as for
			 * the plain local */
			Buf t = {0};
			cprint_expr(&t, p, n->rhs);
			buf_printf(b, "(__typeof__(%s))%s", t.data, t.data);
			buf_free(&t);
			break;
		}
		cprint_expr(b, p, n->rhs);
		break;
	case N_COND:
		cprint_expr(b, p, n->cond);
		buf_puts(b, " ? ");
		cprint_expr(b, p, n->then);
		buf_puts(b, " : ");
		cprint_expr(b, p, n->els);
		break;
	case N_COMMA:
		cprint_expr(b, p, n->lhs);
		buf_puts(b, ", ");
		cprint_expr(b, p, n->rhs);
		break;
	case N_CALL:
		postfix_operand(b, p, n->lhs);
		buf_puts(b, "(");
		cprint_list(b, p, &n->list);
		buf_puts(b, ")");
		break;
	case N_INDEX:
		postfix_operand(b, p, n->lhs);
		buf_puts(b, "[");
		cprint_expr(b, p, n->rhs);
		buf_puts(b, "]");
		break;
	case N_MEMBER:
		postfix_operand(b, p, n->lhs);
		buf_printf(b, "%s%s", n->op, n->text);
		break;
	case N_CAST:
		buf_puts(b, "(");
		print_type_in(b, p, n->type, NULL);
		buf_puts(b, ")");
		cprint_expr(b, p, n->lhs);
		break;
	case N_SIZEOF_EXPR:
		buf_puts(b, "sizeof ");
		cprint_expr(b, p, n->lhs);
		break;
	case N_SIZEOF_TYPE:
		buf_puts(b, "sizeof(");
		print_type_in(b, p, n->type, NULL);
		buf_puts(b, ")");
		break;
	case N_ALIGNOF:
		buf_puts(b, "_Alignof(");
		print_type_in(b, p, n->type, NULL);
		buf_puts(b, ")");
		break;
	case N_TYPE_ARG:
		print_type_in(b, p, n->type, NULL);
		break;
	case N_COMPOUND:
		compound(b, p, n);
		break;
	case N_INIT_LIST:
		buf_puts(b, "{");
		cprint_list(b, p, &n->list);
		buf_puts(b, "}");
		break;
	case N_INIT_ITEM:
		for (int i = 0; i < n->list.len; i++) {
			Node *d = n->list.items[i];
			if (d->kind == N_DESIG_FIELD) {
				buf_printf(b, ".%s", d->text);
			} else {
				buf_puts(b, "[");
				cprint_expr(b, p, d->lhs);
				buf_puts(b, "]");
			}
		}
		if (n->list.len)
			buf_puts(b, " = ");
		cprint_expr(b, p, n->lhs);
		break;
	case N_GENERIC:
		buf_puts(b, "_Generic(");
		cprint_expr(b, p, n->lhs);
		for (int i = 0; i < n->list.len; i++) {
			Node *a = n->list.items[i];
			buf_puts(b, ", ");
			if (a->type)
				print_type_in(b, p, a->type, NULL);
			else
				buf_puts(b, "default");
			buf_puts(b, ": ");
			cprint_expr(b, p, a->lhs);
		}
		buf_puts(b, ")");
		break;
	default:
		buf_puts(b, "/* ? */");
		break;
	}
}
