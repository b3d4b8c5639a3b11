/*
 * emit.c — prints the program as C: the text outside coroutines verbatim,
 * and for each coroutine its frame struct, destroy and resume functions,
 * initialiser and constructor. `#line` directives map every statement back
 * to the .co file.
 */
#include "corogen.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

static Buf *ob;               /* the output */
static int virt_line;         /* the line the C compiler thinks it is on */
static int indent;
static bool bol = true;       /* at the beginning of an output line */
static const EmitOptions *opts;
static Coro *cc;              /* the coroutine being printed */
static bool typeof_mode;      /* printing an expression for __typeof__ */
static int placeholders;      /* placeholders printed: each gets its own address */
static int last_mark;         /* .co line of the last #line */
static int pin_line;          /* > 0: every output line is attributed to it */

static void put_pin_directive(void);

/* ---------------------------------------------------------------- writer */

static void put_n(const char *s, size_t n)
{
	for (const char *p = s; p < s + n; p++) {
		if (bol && pin_line > 0 && *p != '\n' && *p != '#' && virt_line != pin_line)
			put_pin_directive();
		if (bol && *p != '\n' && *p != '#') {
			/* capped, so that absurd nesting cannot make output quadratic */
			for (int i = 0; i < indent && i < 24; i++)
				buf_putn(ob, "\t", 1);
		}
		buf_putn(ob, p, 1);
		bol = *p == '\n';
		if (*p == '\n')
			virt_line++;
	}
}

static void put(const char *s)
{
	put_n(s, strlen(s));
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
	Buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	put_n(b.data, b.len);
	buf_free(&b);
}

static void newline(void)
{
	if (!bol)
		put("\n");
}

static void quoted_name(Buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putn(b, "\\", 1);
		buf_putn(b, s, 1);
	}
	buf_puts(b, "\"");
}

/* Point the C compiler at `line` of the .co file for what follows. */

static void mark_line(int line)
{
	if (!opts->line_directives || line <= 0)
		return;
	if (virt_line == line && bol)
		return;
	last_mark = line;
	newline();
	Buf q = {0};
	quoted_name(&q, cur_source->name);
	buf_printf(ob, "#line %d %s\n", line, q.data);
	buf_free(&q);
	virt_line = line;
	bol = true;
}

/* ------------------------------------------------- debugger line mapping */

/*
 * Code corogen adds around the user's statements (frame set-up, the state
 * dispatch, resume labels, destroy, initialiser, constructor) must not carry
 * a user line: a breakpoint on that line would fire when the coroutine is
 * created or resumed. While pinned, every output line is attributed to one
 * .co line: the coroutine's header line for its set-up, the suspension's own
 * line for a resume label. See docs/DEBUGGING.md.
 */
static void pin_to(int line)
{
	pin_line = opts->line_directives ? line : 0;
}

static void unpin(void)
{
	pin_line = 0;
}

/* Short form: pins only happen inside a coroutine's output, after a full
 * #line has named the .co file. */
static void put_pin_directive(void)
{
	buf_printf(ob, "#line %d\n", pin_line);
	virt_line = pin_line;
}

/* ----------------------------------------------------------- expressions */

static const char *frame_ref(const Coro *c, const char *field)
{
	return xprintf("%s->%s", c->fvar, field);
}

/* The address of the next placeholder: never 0, or an array placeholder
 * decays to a pointer that gcc's -Wnonnull sees as null in strlen(buf)
 * (issue 9, item 12); never the same twice, or `P == P` in a __typeof__
 * draws -Wtautological-compare where the source compared two values. */
static int placeholder_address(void)
{
	return 64 * ++placeholders;
}

/* A value of a type for __typeof__, never evaluated. */
static void placeholder(Buf *b, const Spec *s, const Dcl *d)
{
	buf_puts(b, "(*(");
	print_decl_as(b, s, d, "(*)", true, false);
	buf_printf(b, ")%d)", placeholder_address());
}

static void type_placeholder(Buf *b, const Type *t)
{
	placeholder(b, t->spec, t->dcl);
}

static Type *child_ret(const Coro *child)
{
	return child ? child->ret : make_type("void *");
}

static void print_list(Buf *b, Coro *c, Vec *v)
{
	for (int i = 0; i < v->len; i++) {
		if (i)
			buf_puts(b, ", ");
		emit_expr(b, c, v->items[i]);
	}
}

/* The value sent into the coroutine, as its yield type. */
static void sent_value(Buf *b, Coro *c)
{
	TypeKind k = type_kind(c->yields);
	const char *ts = type_str(c->yields);
	if (!strcmp(ts, "void*")) {
		buf_printf(b, "%s->base.value", c->fvar);
		return;
	}
	buf_puts(b, "(");
	print_type(b, c->yields, NULL);
	buf_printf(b, ")%s%s->base.value", k == TK_PTR ? "" : "(intptr_t)", c->fvar);
}

/* The operand of a postfix operator: the value sent in is printed as a
 * cast, which must be parenthesised before `->`, `[`, `(`, `++`
 * ((yield p)->len, item 3). */
static void emit_postfix_operand(Buf *b, Coro *c, Node *n)
{
	bool paren = n && n->kind == N_SENT && !typeof_mode;
	buf_puts(b, paren ? "(" : "");
	emit_expr(b, c, n);
	buf_puts(b, paren ? ")" : "");
}

/* Could `e` designate a bit-field (a member, possibly through parentheses,
 * a comma or a conditional)? */
static bool may_be_bitfield(const Node *e)
{
	while (e && e->kind == N_PAREN)
		e = e->a;
	if (!e)
		return false;
	switch (e->kind) {
	case N_MEMBER:
		return true;
	case N_COMMA:
		return may_be_bitfield(e->b);
	case N_COND:
		return may_be_bitfield(e->b) || may_be_bitfield(e->c);
	case N_ASSIGN: case N_POSTFIX:
		return may_be_bitfield(e->a);
	case N_UNARY:
		return (!strcmp(e->op, "++") || !strcmp(e->op, "--")) && may_be_bitfield(e->a);
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
		n = n->a;
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
static void typeof_value(Buf *b, Coro *c, Node *e)
{
	if (may_be_bitfield(e)) {
		buf_puts(b, "__typeof__(1 ? (");
		emit_expr(b, c, e);
		buf_puts(b, ") : (");
		emit_expr(b, c, e);
		buf_puts(b, "))");
		return;
	}
	buf_puts(b, "__typeof__(((void)0, ");
	emit_expr(b, c, e);
	buf_puts(b, "))");
}

void emit_expr(Buf *b, Coro *c, Node *n)
{
	if (!c)
		c = cc;
	if (!n)
		return;
	switch (n->kind) {
	case N_IDENT:
		if (n->sym && n->sym->is_static)
			buf_puts(b, n->sym->field);
		else if (n->sym && typeof_mode)
			/* an extern or a prototype of the body is not visible
			 * at file scope, where the frame's types are printed */
			placeholder(b, n->sym->spec, n->sym->dcl);
		else if (n->sym && n->sym->in_frame)
			buf_puts(b, frame_ref(c, n->sym->field));
		else
			buf_puts(b, n->text);
		break;
	case N_NUM: case N_CHAR: case N_STR: case N_RAW:
		buf_puts(b, n->text);
		break;
	case N_PAREN:
		buf_puts(b, "(");
		emit_expr(b, c, n->a);
		buf_puts(b, ")");
		break;
	case N_UNARY: {
		buf_puts(b, n->op);
		Buf t = {0};
		emit_expr(&t, c, n->a);
		/* - -x, & &x, + +x must not fuse into one token */
		if (t.data && strchr("-+&", n->op[0]) && t.data[0] == n->op[0])
			buf_puts(b, " ");
		buf_puts(b, t.data ? t.data : "");
		buf_free(&t);
		break;
	}
	case N_POSTFIX:
		emit_postfix_operand(b, c, n->a);
		buf_puts(b, n->op);
		break;
	case N_BINARY: case N_ASSIGN:
		emit_expr(b, c, n->a);
		buf_printf(b, " %s ", n->op);
		if (n->kind == N_BINARY && !typeof_mode && is_comparison(n->op) &&
		    const_frame_read(n->a) && const_frame_read(n->b)) {
			/* `x == x` of a const local: a cast (of the same type)
			 * keeps gcc's -Wtautological-compare as quiet as for
			 * the plain local */
			Buf t = {0};
			emit_expr(&t, c, n->b);
			buf_printf(b, "(__typeof__(%s))%s", t.data, t.data);
			buf_free(&t);
			break;
		}
		emit_expr(b, c, n->b);
		break;
	case N_COND:
		emit_expr(b, c, n->a);
		buf_puts(b, " ? ");
		emit_expr(b, c, n->b);
		buf_puts(b, " : ");
		emit_expr(b, c, n->c);
		break;
	case N_COMMA:
		emit_expr(b, c, n->a);
		buf_puts(b, ", ");
		emit_expr(b, c, n->b);
		break;
	case N_CALL:
		emit_postfix_operand(b, c, n->a);
		buf_puts(b, "(");
		print_list(b, c, &n->list);
		buf_puts(b, ")");
		break;
	case N_INDEX:
		emit_postfix_operand(b, c, n->a);
		buf_puts(b, "[");
		emit_expr(b, c, n->b);
		buf_puts(b, "]");
		break;
	case N_MEMBER:
		emit_postfix_operand(b, c, n->a);
		buf_printf(b, "%s%s", n->op, n->text);
		break;
	case N_CAST:
		buf_puts(b, "(");
		print_type(b, n->type, NULL);
		buf_puts(b, ")");
		emit_expr(b, c, n->a);
		break;
	case N_SIZEOF_EXPR:
		buf_puts(b, "sizeof ");
		emit_expr(b, c, n->a);
		break;
	case N_SIZEOF_TYPE:
		buf_puts(b, "sizeof(");
		print_type(b, n->type, NULL);
		buf_puts(b, ")");
		break;
	case N_ALIGNOF:
		buf_puts(b, "_Alignof(");
		print_type(b, n->type, NULL);
		buf_puts(b, ")");
		break;
	case N_TYPE_ARG:
		print_type(b, n->type, NULL);
		break;
	case N_COMPOUND:
		if (n->sym && typeof_mode) {
			placeholder(b, n->sym->spec, n->sym->dcl);
			break;
		}
		if (n->sym) {
			/* the literal lives across a suspension: copied into the
			 * frame, the copy is the (lvalue) value */
			const char *fld = frame_ref(c, n->sym->field);
			buf_printf(b, "(*(__typeof__(%s) *)memcpy((void *)&%s, (const void *)&", fld, fld);
		}
		buf_puts(b, "(");
		print_type(b, n->type, NULL);
		buf_puts(b, "){");
		print_list(b, c, &n->list);
		buf_puts(b, "}");
		if (n->sym)
			buf_printf(b, ", sizeof %s))", frame_ref(c, n->sym->field));
		break;
	case N_INIT_LIST:
		buf_puts(b, "{");
		print_list(b, c, &n->list);
		buf_puts(b, "}");
		break;
	case N_INIT_ITEM:
		for (int i = 0; i < n->list.len; i++) {
			Node *d = n->list.items[i];
			if (d->kind == N_DESIG_FIELD) {
				buf_printf(b, ".%s", d->text);
			} else {
				buf_puts(b, "[");
				emit_expr(b, c, d->a);
				buf_puts(b, "]");
			}
		}
		if (n->list.len)
			buf_puts(b, " = ");
		emit_expr(b, c, n->a);
		break;
	case N_GENERIC:
		buf_puts(b, "_Generic(");
		emit_expr(b, c, n->a);
		for (int i = 0; i < n->list.len; i++) {
			Node *a = n->list.items[i];
			buf_puts(b, ", ");
			if (a->type)
				print_type(b, a->type, NULL);
			else
				buf_puts(b, "default");
			buf_puts(b, ": ");
			emit_expr(b, c, a->a);
		}
		buf_puts(b, ")");
		break;
	case N_YIELD:
		type_placeholder(b, c->yields);
		break;
	case N_YIELD_FROM:
		type_placeholder(b, child_ret(n->target));
		break;
	case N_TEMP:
		if (!typeof_mode) {
			buf_puts(b, frame_ref(c, n->sym->field));
		} else if (n->sym->typeof_expr) {
			buf_puts(b, "(*(");
			typeof_value(b, c, n->sym->typeof_expr);
			buf_printf(b, " *)%d)", placeholder_address());
		} else {
			placeholder(b, n->sym->spec, n->sym->dcl);
		}
		break;
	case N_SENT:
		if (typeof_mode)
			type_placeholder(b, c->yields);
		else
			sent_value(b, c);
		break;
	case N_CHILD_RESULT:
		if (n->target && type_is_void(n->target->ret))
			buf_puts(b, "((void)0)");   /* a void child's value, thrown away */
		else if (typeof_mode)
			type_placeholder(b, child_ret(n->target));
		else
			buf_printf(b, "%s->sub.%s.ret", c->fvar, n->target->name);
		break;
	default:
		buf_puts(b, "/* ? */");
		break;
	}
}

static void put_expr(Node *n)
{
	Buf b = {0};
	emit_expr(&b, cc, n);
	put(b.data ? b.data : "");
	buf_free(&b);
}

/* ------------------------------------------------------------ statements */

static void emit_ir(Ir *ir);
static int line_of(int off);

static bool is_frame_decl(const Decl *d)
{
	return d->in_frame;
}

/* A declaration that stays a C local, printed whole as written; `init`
 * replaces the initialiser of a lone declarator whose value was lowered. */
static void put_c_decl_init(const Decl *d, Node *lowered)
{
	Buf b = {0};
	for (int i = 0; i < d->spec->words.len; i++) {
		SpecWord *w = d->spec->words.items[i];
		buf_printf(&b, "%s%s", i ? " " : "", w->text);
	}
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		buf_puts(&b, i ? ", " : " ");
		Buf t = {0};
		print_decl_as(&t, new_spec(d->loc), id->dcl, id->sym ? id->sym->name : NULL, true, false);
		buf_puts(&b, t.data + (t.data[0] == ' ' ? 1 : 0));
		buf_free(&t);
		Node *init = lowered && d->items.len == 1 ? lowered : id->init;
		if (init) {
			buf_puts(&b, " = ");
			emit_expr(&b, cc, init);
		}
	}
	put(b.data);
	buf_free(&b);
}

static void put_c_decl(const Decl *d)
{
	put_c_decl_init(d, NULL);
}

/* Initialise a frame local: plain assignment, or a copy from a compound
 * literal for initialiser lists and arrays. */
/* PAIR_INIT, BUF_INIT(64): by convention a macro, possibly a brace list. */
static bool macro_like(const Node *n)
{
	if (n->kind == N_CALL)
		n = n->a;
	if (n->kind != N_IDENT || n->sym)
		return false;
	bool upper = false;
	for (const char *p = n->text; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			return false;
		upper |= *p >= 'A' && *p <= 'Z';
	}
	return upper;
}

/* A struct may have a const member, and then C refuses to assign it as a
 * whole; the frame stores such values (and values of unknown type) by
 * initialising a block-scope copy and copying its bytes (issue 9, item 7). */
static bool store_by_copy(TypeKind k)
{
	return k == TK_AGG || k == TK_UNKNOWN;
}

/* The kind a store into a slot of this type goes by: a typedef whose type
 * is const (`typedef int *const IP;`) is stored by copy, as a struct with
 * a const member is (corogen cannot spell its unqualified type). */
static TypeKind store_kind(const Spec *s, const Dcl *d)
{
	TypeKind k = dcl_kind(s, d);
	if (k != TK_ARRAY && k != TK_FUNC && dcl_is_const_typedef(s, d))
		return TK_AGG;
	return k;
}

/* dst = value; where dst is a frame lvalue such as "f->x". */
static void put_store(const char *dst, TypeKind k, Node *value, const char *value_text)
{
	if (!store_by_copy(k)) {
		putf("%s = ", dst);
		if (value)
			put_expr(value);
		else
			put(value_text);
		put(";");
		return;
	}
	putf("{ __typeof__(%s) co__v = ", dst);
	if (value)
		put_expr(value);
	else
		put(value_text);
	/* (void *): the type may be const (a const typedef) or volatile */
	putf("; memcpy((void *)&%s, (const void *)&co__v, sizeof %s); }", dst, dst);
}

/* Could the value of `x` be a struct (with a const member, say)? */
static bool maybe_aggregate(const Node *x)
{
	if (!x)
		return false;
	switch (x->kind) {
	case N_CALL: case N_MEMBER: case N_INDEX: case N_COMPOUND:
		return true;
	case N_PAREN:
		return maybe_aggregate(x->a);
	case N_COND:
		return maybe_aggregate(x->b) || maybe_aggregate(x->c);
	case N_COMMA:
		return maybe_aggregate(x->b);
	case N_ASSIGN:
		return !strcmp(x->op, "=") && maybe_aggregate(x->a);
	case N_IDENT:
		return !x->sym || store_by_copy(store_kind(x->sym->spec, x->sym->dcl));
	case N_UNARY:
		return !strcmp(x->op, "*");
	case N_TEMP:
		if (x->sym->typeof_expr)
			return maybe_aggregate(x->sym->typeof_expr);
		return x->sym->spec && store_by_copy(store_kind(x->sym->spec, x->sym->dcl));
	case N_CHILD_RESULT: case N_YIELD_FROM:
		return store_by_copy(store_kind(child_ret(x->target)->spec, child_ret(x->target)->dcl));
	default:
		return false;
	}
}

/* `tmp = e` saving a value that may be a struct: the struct may have a
 * const member, so it is stored by copy. */
static bool saves_aggregate(const Node *e)
{
	return e->kind == N_ASSIGN && !strcmp(e->op, "=") && e->a->kind == N_TEMP &&
	       maybe_aggregate(e->a);
}

static void put_frame_init(Symbol *s, Node *init)
{
	const char *field = frame_ref(cc, s->field);
	TypeKind k = store_kind(s->spec, s->dcl);
	if ((k == TK_AGG || k == TK_UNKNOWN) && macro_like(init)) {
		/* T x = T_INIT; where T_INIT may be { ... } or a constant:
		 * an initialiser of a copy, whichever it is */
		put_store(field, TK_AGG, init, NULL);
	} else if (k == TK_ARRAY) {
		/* (void *): a volatile array is still initialised by copy */
		putf("memcpy((void *)%s, (const void *)(__typeof__(%s)){", field, field);
		if (init->kind == N_INIT_LIST) {
			Buf b = {0};
			print_list(&b, cc, &init->list);
			put(b.data ? b.data : "");
			buf_free(&b);
		} else {
			put_expr(init);
		}
		putf("}, sizeof %s);", field);
	} else if (init->kind == N_INIT_LIST) {
		bool copy = store_by_copy(k);
		putf(copy ? "memcpy((void *)&%s, (const void *)&(__typeof__(%s)){" : "%s = (__typeof__(%s)){",
		     field, field);
		Buf b = {0};
		print_list(&b, cc, &init->list);
		put(b.data ? b.data : "");
		buf_free(&b);
		if (copy)
			putf("}, sizeof %s);", field);
		else
			put("};");
	} else {
		put_store(field, k, init, NULL);
	}
}

static void put_block(Ir *ir)
{
	put("{\n");
	indent++;
	for (int i = 0; i < ir->list.len; i++)
		emit_ir(ir->list.items[i]);
	indent--;
	newline();
	put("}");
}

/* The body of an if/loop: always braced. */
static void put_body(Ir *ir)
{
	if (ir->kind == IR_BLOCK) {
		put_block(ir);
	} else {
		put("{\n");
		indent++;
		emit_ir(ir);
		indent--;
		newline();
		put("}");
	}
}

static void put_value_to_slot(Node *v)
{
	TypeKind k = type_kind(cc->yields);
	if (!v) {
		putf("%s->base.value = NULL; ", cc->fvar);
		return;
	}
	putf("%s->base.value = (void *)", cc->fvar);
	if (k != TK_PTR)
		put("(intptr_t)");
	/* a cast binds tighter than any binary operator: parenthesise those */
	bool parens = v->kind == N_BINARY || v->kind == N_ASSIGN || v->kind == N_COND ||
		      v->kind == N_COMMA;
	put(parens ? "(" : "");
	put_expr(v);
	put(parens ? "); " : "; ");
}

static void put_resume_label(int state, Loc loc)
{
	indent--;
	newline();
	pin_to(loc.line);
	putf("%s_%d: ; /* resumes at %s:%d */\n", cc->label_prefix, state, cur_source->name, loc.line);
	unpin();
	indent++;
}

/* The suspension stays on the statement's output line, so #line maps it
 * (and everything after it) to the right .co line. */
static void put_suspend(int state, const char *status)
{
	putf("%s->base.state = %d; return (co_step){%s};\n", cc->fvar, state, status);
}

static void emit_delegate(Ir *ir)
{
	const char *f = cc->fvar;
	if (!ir->child && ir->owned) {
		putf("%s->child = ", f);
		put_expr(ir->args_call);
		putf("; %s->base.value = %s->child; ", f, f);
	} else if (!ir->child) {
		put(xprintf("%s->child = ", f));
		put_expr(ir->args_call);
		putf("; %s->child->flags |= CO_BORROWED; %s->base.value = %s->child; ", f, f, f);
	} else if (ir->child_heap) {
		putf("%s->child = ", f);
		put_expr(ir->args_call);
		putf("; %s->base.value = %s->child; ", f, f);
	} else {
		putf("%s__init(&%s->sub.%s", ir->child->name, f, ir->child->name);
		for (int i = 0; i < ir->args_call->list.len; i++) {
			put(", ");
			put_expr(ir->args_call->list.items[i]);
		}
		putf("); %s->base.value = &%s->sub.%s.base; ", f, f, ir->child->name);
	}
	put_suspend(ir->id, "CO_DELEGATE");
	put_resume_label(ir->id, ir->loc);
	mark_line(ir->loc.line);
	if (!ir->child && ir->owned) {
		/* a generator made by a call for this delegation: ours to free */
		if (ir->expr) {
			put_expr(ir->expr);
			putf(" = %s->child->value; ", f);
		}
		putf("co_free(%s->child);\n", f);
	} else if (!ir->child) {
		putf("%s->child->flags &= ~CO_BORROWED;", f);
		if (ir->expr) {
			put(" ");
			put_expr(ir->expr);
			putf(" = %s->child->value;", f);
		}
		put("\n");
	} else if (ir->child_heap) {
		if (ir->expr) {
			Buf dst = {0};
			emit_expr(&dst, cc, ir->expr);
			/* a temp has the child's return type */
			const Spec *ts = ir->child->ret->spec;
			const Dcl *td = ir->child->ret->dcl;
			if (ir->expr->kind == N_IDENT && ir->expr->sym) {
				ts = ir->expr->sym->spec;
				td = ir->expr->sym->dcl;
			}
			bool dst_const = ts && dcl_is_const_typedef(ts, td);
			TypeKind k = store_kind(ir->child->ret->spec, ir->child->ret->dcl);
			put_store(dst.data, dst_const ? TK_AGG : k, NULL,
				  xprintf("%s__result(%s->child)", ir->child->name, f));
			put(" ");
			buf_free(&dst);
		}
		putf("co_free(%s->child);\n", f);
	}
}

static void emit_loop(Ir *ir)
{
	Node *n = ir->node;
	switch (n->kind) {
	case N_WHILE:
		put("while (");
		put_expr(n->a);
		put(") ");
		put_body(ir->a);
		break;
	case N_DO:
		put("do ");
		put_body(ir->a);
		put(" while (");
		put_expr(n->a);
		put(");");
		break;
	default:
		put("for (");
		if (ir->id == 2) {
			/* frame locals of the for's declaration, set in the header */
			Decl *d = n->a->decl;
			bool first = true;
			for (int i = 0; i < d->items.len; i++) {
				InitDcl *id = d->items.items[i];
				if (!id->init)
					continue;
				put(first ? "" : ", ");
				first = false;
				putf("%s = ", frame_ref(cc, id->sym->field));
				put_expr(id->init);
			}
			put(";");
		} else if (ir->id == 1 || !n->a) {
			put(";");
		} else if (n->a->kind == N_DECL) {
			put_c_decl(n->a->decl);
			put(";");
		} else {
			put_expr(n->a);
			put(";");
		}
		if (n->b) {
			put(" ");
			put_expr(n->b);
		}
		put(";");
		if (n->c) {
			put(" ");
			put_expr(n->c);
		}
		put(") ");
		put_body(ir->a);
		break;
	}
	put("\n");
}

static void emit_ir(Ir *ir)
{
	if (!ir)
		return;
	if (ir->kind != IR_BLOCK && ir->kind != IR_CASE && ir->kind != IR_LABEL && ir->kind != IR_MARK)
		mark_line(ir->loc.line);
	switch (ir->kind) {
	case IR_BLOCK:
		if (ir->list.len == 0)
			break;
		mark_line(ir->loc.line);
		put_block(ir);
		put("\n");
		break;
	case IR_STMT:
		if (ir->node->kind == N_RAW)
			put(ir->node->text);
		else
			put(";");
		put("\n");
		break;
	case IR_EXPR:
		if (saves_aggregate(ir->expr)) {
			put_store(frame_ref(cc, ir->expr->a->sym->field), TK_AGG, ir->expr->b, NULL);
			put("\n");
			break;
		}
		put_expr(ir->expr);
		put(";\n");
		break;
	case IR_DECL: {
		Decl *d = ir->decl;
		InitDcl *id = d->items.len ? d->items.items[ir->id] : NULL;
		if (!is_frame_decl(d)) {
			if (ir->id == 0) {
				put_c_decl_init(d, ir->expr);
				put(";\n");
			}
		} else {
			/* an enum defined here stays here: its constants are the block's */
			for (int k = 0; ir->id == 0 && k < d->spec->words.len; k++) {
				SpecWord *w = d->spec->words.items[k];
				if (w->has_body && !strncmp(w->text, "enum", 4))
					putf("%s;\n", w->text);
			}
			if (ir->expr && id && id->sym) {
				put_frame_init(id->sym, ir->expr);
				put("\n");
			}
		}
		break;
	}
	case IR_IF: {
		/* `if ((a == b))` draws clang's -Wparentheses-equality: a
		 * condition that is a parenthesised comparison (a `?:` or `&&`
		 * the lowering turned into an `if`) loses one pair. An assignment
		 * keeps its pair, which is what silences -Wparentheses. */
		Node *cond = ir->expr;
		if (cond->kind == N_PAREN && cond->a->kind == N_BINARY && cond->a->op &&
		    (!strcmp(cond->a->op, "==") || !strcmp(cond->a->op, "!=")))
			cond = cond->a;
		put("if (");
		put_expr(cond);
		put(") ");
		put_body(ir->a);
		if (ir->b) {
			put(" else ");
			put_body(ir->b);
		}
		put("\n");
		break;
	}
	case IR_LOOP:
		emit_loop(ir);
		break;
	case IR_FOREVER:
		put("for (;;) ");
		put_body(ir->a);
		put("\n");
		break;
	case IR_SWITCH:
		put("switch (");
		put_expr(ir->expr);
		put(") ");
		put_body(ir->a);
		put("\n");
		break;
	case IR_CASE:
		if (ir->node->fallthrough) {
			mark_line(ir->loc.line);
			put("CO_FALLTHROUGH; /* fallthrough */\n");
		}
		indent--;
		mark_line(ir->loc.line);
		if (ir->node->kind == N_CASE) {
			put("case ");
			put_expr(ir->node->a);
			put(":\n");
		} else {
			put("default:\n");
		}
		indent++;
		break;
	case IR_LABEL:
		indent--;
		mark_line(ir->loc.line);
		putf("%s: ;\n", ir->node->text);
		indent++;
		break;
	case IR_GOTO:
		for (int i = 0; i < ir->list.len; i++)
			emit_ir(ir->list.items[i]);
		mark_line(ir->loc.line);
		putf("goto %s;\n", ir->node->text);
		break;
	case IR_JUMP:
		putf("goto %s_%d;\n", cc->next_label, ir->id);
		break;
	case IR_MARK:
		indent--;
		mark_line(ir->loc.line);
		putf("%s_%d: ;\n", cc->next_label, ir->id);
		indent++;
		break;
	case IR_BREAK:
		put("break;\n");
		break;
	case IR_CONTINUE:
		put("continue;\n");
		break;
	case IR_YIELD:
		put_value_to_slot(ir->expr);
		put_suspend(ir->id, "CO_YIELDED");
		put_resume_label(ir->id, ir->loc);
		break;
	case IR_DELEGATE:
		emit_delegate(ir);
		break;
	case IR_SET_RET:
		put_store(frame_ref(cc, "ret"), store_kind(cc->ret->spec, cc->ret->dcl), ir->expr, NULL);
		put("\n");
		break;
	case IR_RETURN:
		putf("goto %s;\n", cc->done_label);
		break;
	case IR_DEFER: {
		Ir *body = lower_defer(cc, ir->node);
		if (body->kind == IR_BLOCK && body->list.len == 1)
			body = body->list.items[0];
		emit_ir(body);
		break;
	}
	}
}

/* ------------------------------------------------------------- functions */

static const char *frame_type(const Coro *c)
{
	return xprintf("struct %s__frame", c->name);
}

/* "(int n, char *s)" -> ", int n, char *s" ("" for no parameters) */
static const char *params_tail(const Coro *c)
{
	if (c->params.len == 0)
		return "";
	const char *t = c->params_text;
	return xprintf(", %s", xstrndup(t + 1, strlen(t) - 2));
}

static const char *params_list(const Coro *c)
{
	return c->params.len == 0 ? "(void)" : c->params_text;
}

/* "(int, char *)": the parameter types without their names */
static const char *param_types(const Coro *c)
{
	if (c->params.len == 0)
		return "(void)";
	Buf b = {0};
	buf_puts(&b, "(");
	for (int i = 0; i < c->params.len; i++) {
		Param *pm = c->params.items[i];
		Buf t = {0};
		print_decl_as(&t, pm->spec, pm->dcl, NULL, true, false);
		size_t n = t.len;
		while (n > 0 && t.data[n - 1] == ' ')
			n--;
		buf_printf(&b, "%s%.*s", i ? ", " : "", (int)n, t.data);
		buf_free(&t);
	}
	buf_puts(&b, ")");
	char *r = xstrdup(b.data);
	buf_free(&b);
	return r;
}

static void put_ret_decl(const Coro *c, const char *name)
{
	Buf b = {0};
	print_decl_as(&b, c->ret->spec, c->ret->dcl, name, true, true);
	put(b.data);
	buf_free(&b);
}

/* Around NAME__result when the return type is a const typedef: gcc's
 * -Wextra warns that a function's return type is qualified, and the
 * qualifier cannot be dropped from a typedef. (A written `const` is.) */
static void put_result_quiet(const Coro *c, bool begin)
{
	if (!dcl_is_const_typedef(c->ret->spec, c->ret->dcl))
		return;
	if (begin)
		put("#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wignored-qualifiers\"\n");
	else
		put("#pragma GCC diagnostic pop\n");
}

static void put_prototypes(const Coro *c)
{
	const char *st = c->is_static ? "static " : "";
	putf("CO_NODISCARD %sco_gen *%s%s;\n", st, c->name, params_list(c));
	if (!type_is_void(c->ret)) {
		put_result_quiet(c, true);
		put(st);
		put_ret_decl(c, xprintf("%s__result(co_gen *co)", c->name));
		put(";\n");
		put_result_quiet(c, false);
	}
}

/* A coroutine declared in a header: the header's C part declares its
 * constructor; the accessor of its return value is declared here. */
static void put_result_prototype(const Coro *c)
{
	if (type_is_void(c->ret))
		return;
	put_result_quiet(c, true);
	put_ret_decl(c, xprintf("%s__result(co_gen *)", c->name));
	put(";\n");
	put_result_quiet(c, false);
}

static void put_field(const Spec *s, const Dcl *d, const char *name, Loc loc)
{
	mark_line(loc.line);
	Buf b = {0};
	print_decl_as(&b, s, d, name, true, true);
	put(b.data);
	put(";\n");
	buf_free(&b);
}

/* The type of a temporary that holds a yield's or a delegate's value is
 * known without __typeof__. */
static Type *known_type(Coro *c, Node *e)
{
	switch (e->kind) {
	case N_SENT: case N_YIELD:
		return c->yields;
	case N_CHILD_RESULT: case N_YIELD_FROM:
		return child_ret(e->target);
	default:
		return NULL;
	}
}

static void emit_frame(Coro *c)
{
	mark_line(c->loc.line);
	putf("%s {\n", frame_type(c));
	indent++;
	put("co_gen base;\n");
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (!s->in_frame || s->is_static)
			continue;
		Type *known = s->is_temp && s->typeof_expr ? known_type(c, s->typeof_expr) : NULL;
		if (known) {
			mark_line(s->loc.line);
			Buf b = {0};
			/* assignable: `T *const f(void)` returns a plain T * */
			print_decl_as(&b, known->spec, known->dcl, s->field, true, true);
			putf("%s;\n", b.data);
			buf_free(&b);
		} else if (s->is_temp && s->typeof_expr) {
			mark_line(s->loc.line);
			typeof_mode = true;
			Buf b = {0};
			typeof_value(&b, c, s->typeof_expr);
			typeof_mode = false;
			putf("%s %s;\n", b.data, s->field);
			buf_free(&b);
		} else if (s->enum_as_int) {
			Spec *as_int = new_spec(s->loc);
			spec_add(as_int, SW_TYPE, "int");
			for (int k = 0; k < s->spec->words.len; k++) {
				SpecWord *w = s->spec->words.items[k];
				if (w->kind == SW_QUAL)
					spec_add(as_int, SW_QUAL, w->text);
			}
			put_field(as_int, s->dcl, s->field, s->loc);
		} else {
			put_field(s->spec, s->dcl, s->field, s->loc);
		}
	}
	if (!type_is_void(c->ret)) {
		mark_line(c->loc.line);
		Buf b = {0};
		print_decl_as(&b, c->ret->spec, c->ret->dcl, "ret", true, true);   /* assignable */
		putf("%s;\n", b.data);
		buf_free(&b);
	}
	if (c->embedded.len) {
		put("union {\n");
		indent++;
		for (int i = 0; i < c->embedded.len; i++) {
			Coro *e = c->embedded.items[i];
			putf("%s %s;\n", frame_type(e), e->name);
		}
		indent--;
		put("} sub;\n");
	}
	if (c->has_heap_child || c->has_dyn_child)
		put("co_gen *child;\n");
	indent--;
	put("};\n");
}

static bool same_defers(Vec *a, Vec *b)
{
	if (a->len != b->len)
		return false;
	for (int i = 0; i < a->len; i++)
		if (a->items[i] != b->items[i])
			return false;
	return true;
}

/* Block-scope extern declarations and prototypes of the body, repeated in
 * the destroy function so that the deferred code it runs sees them
 * (item 15). */
static void put_body_externs(Coro *c)
{
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (!s->is_extern || s->is_static || !s->spec)
			continue;
		Buf b = {0};
		print_decl_as(&b, s->spec, s->dcl, s->name, false, false);
		putf("%s;\n", b.data);
		buf_free(&b);
	}
}

static bool emit_destroy(Coro *c)
{
	bool any = false;
	for (int s = 1; s < c->nstates; s++)
		any |= ((Vec *)c->state_defers.items[s])->len > 0;
	if (!any)
		return false;
	pin_to(c->loc.line);
	putf("\n/* Runs the defers active where %s is suspended. */\n", c->name);
	putf("static void %s__destroy(co_gen *%s)\n{\n", c->name, c->gvar);
	indent++;
	putf("%s *%s = (%s *)%s;\n", frame_type(c), c->fvar, frame_type(c), c->gvar);
	put_body_externs(c);
	put("\n");
	putf("switch (%s->base.state) {\n", c->fvar);
	bool *done = xalloc(sizeof(bool) * (size_t)c->nstates);
	for (int s = 1; s < c->nstates; s++) {
		Vec *d = c->state_defers.items[s];
		if (done[s] || d->len == 0)
			continue;
		for (int t = s; t < c->nstates; t++) {
			if (!done[t] && same_defers(d, c->state_defers.items[t])) {
				putf("case %d:\n", t);
				done[t] = true;
			}
		}
		indent++;
		unpin();
		for (int i = 0; i < d->len; i++) {
			Ir ir = {.kind = IR_DEFER, .loc = ((Node *)d->items[i])->loc, .node = d->items[i]};
			emit_ir(&ir);
		}
		newline();
		pin_to(c->loc.line);
		put("break;\n");
		indent--;
	}
	put("default:\n");
	put("\tbreak;\n");
	put("}\n");
	indent--;
	put("}\n");
	unpin();
	return true;
}

static void emit_return_value(Coro *c)
{
	const char *f = c->fvar;
	switch (type_kind(c->ret)) {
	case TK_INT:
		putf("%s->base.value = (void *)(intptr_t)%s->ret;", f, f);
		break;
	case TK_PTR:
		putf("%s->base.value = (void *)%s->ret;", f, f);
		break;
	case TK_UNKNOWN:
		putf("CO_RET_BYTES(&%s->base, %s->ret);", f, f);
		break;
	default:
		putf("%s->base.value = NULL;", f);
		break;
	}
}

static void emit_resume(Coro *c)
{
	const char *f = c->fvar;
	put("\n");
	pin_to(c->loc.line);
	/* A `return` corogen cannot see, hidden in a macro of the body, must
	 * not compile: it would end the coroutine with an arbitrary status
	 * and skip its defers. So resume functions return co_step, a struct
	 * no int converts to. */
	putf("/* returns co_step, a struct: a 'return' hidden in a macro does not compile */\n");
	putf("static co_step %s__resume(co_gen *%s)\n{\n", c->name, c->gvar);
	indent++;
	putf("%s *%s = (%s *)%s;\n\n", frame_type(c), f, frame_type(c), c->gvar);
	/* one line: all of it is attributed to the header line */
	putf("switch (%s->base.state) { case 0: break;", f);
	for (int s = 1; s < c->nstates; s++)
		putf(" case %d: goto %s_%d;", s, c->label_prefix, s);
	putf(" default: goto %s; }\n", c->done_label);
	unpin();
	/* The body's own block: print its items without extra braces. */
	for (int i = 0; i < c->ir->list.len; i++)
		emit_ir(c->ir->list.items[i]);
	indent--;
	newline();
	mark_line(line_of(c->src_end - 1));
	putf("%s: ;\n", c->done_label);
	indent++;
	mark_line(line_of(c->src_end - 1));
	putf("%s->base.state = CO_DONE; ", f);
	emit_return_value(c);
	put(" return (co_step){CO_RETURNED};\n");
	indent--;
	mark_line(line_of(c->src_end - 1));
	put("}\n");
}

/* The names gdb shows for the frame's fields (gen/debuginfo.c). */
static void put_debug_table(Coro *c)
{
	putf("static const char %s__debug[] CO_USED = \"%s\";\n", c->name,
	     debug_table(c, line_of(c->src_end - 1)));
}

static void emit_coro(Coro *c)
{
	cc = c;
	const char *st = c->is_static ? "static " : "";
	const char *unused = c->is_static ? "CO_UNUSED " : "";
	newline();
	mark_line(c->loc.line);
	putf("/* coroutine %s (%s:%d) */\n", c->name, cur_source->name, c->loc.line);
	/* Prototypes of coroutines delegated to through the heap. */
	for (int i = 0; i < c->heap_targets.len; i++) {
		Coro *o = c->heap_targets.items[i];
		if (o->is_definition && o->index > c->index)
			put_prototypes(o);
		else if (o->from_header)
			put_result_prototype(o);
	}
	/* types defined in the body, lifted out under names of their own so
	 * that the frame can hold their values */
	for (int i = 0; i < c->lifted.len; i++) {
		put(c->lifted.items[i]);
		put("\n");
	}
	for (int i = 0; i < c->symbols.len; i++) {
		Symbol *s = c->symbols.items[i];
		if (!s->is_static)
			continue;
		mark_line(s->loc.line);
		Buf b = {0};
		print_decl_as(&b, s->spec, s->dcl, s->field, false, false);
		put(b.data);
		buf_free(&b);
		for (int k = 0; k < s->decl->items.len; k++) {
			InitDcl *id = s->decl->items.items[k];
			if (id->sym == s && id->init) {
				put(" = ");
				put_expr(id->init);
			}
		}
		put(";\n");
	}
	emit_frame(c);
	/* The functions other files call have a prototype before their
	 * definition (-Wmissing-prototypes). */
	if (!c->is_static)
		put_prototypes(c);
	putf("static co_step %s__resume(co_gen *%s);\n", c->name, c->gvar);
	bool has_destroy = emit_destroy(c);
	putf("\nstatic const int %s__lines[] = {", c->name);
	for (int s = 0; s < c->nstates; s++)
		putf("%s%d", s ? ", " : "", (int)(intptr_t)c->state_lines.items[s]);
	put("};\n");
	Buf q = {0};
	quoted_name(&q, cur_source->name);
	putf("static const co_class %s__class = {\"%s\", %s, %s, %s__lines, %d};\n",
	     c->name, c->name, q.data, has_destroy ? xprintf("%s__destroy", c->name) : "NULL",
	     c->name, c->nstates);
	buf_free(&q);
	put_debug_table(c);
	/* initialiser: sets up a frame in place (heap or inside a parent) */
	put("\n");
	pin_to(c->loc.line);
	putf("static void %s__init(%s *%s%s)\n{\n", c->name, frame_type(c), c->fvar, params_tail(c));
	indent++;
	putf("co__init(&%s->base, %s__resume, &%s__class);\n", c->fvar, c->name, c->name);
	if (!type_is_void(c->ret))   /* falling off the end returns zero */
		putf("memset(%s&%s->ret, 0, sizeof %s->ret);\n",
		     dcl_is_const_typedef(c->ret->spec, c->ret->dcl) ? "(void *)" : "", c->fvar, c->fvar);
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		if (p->sym && store_by_copy(store_kind(p->sym->spec, p->sym->dcl)))
			putf("memcpy((void *)&%s->%s, (const void *)&%s, sizeof %s->%s);\n", c->fvar, p->sym->field,
			     p->sym->name, c->fvar, p->sym->field);
		else if (p->sym)
			putf("%s->%s = %s;\n", c->fvar, p->sym->field, p->sym->name);
	}
	indent--;
	put("}\n");
	/* constructor: what a call of the coroutine returns */
	put("\n");
	mark_line(c->loc.line);
	putf("%sCO_NODISCARD %sco_gen *%s%s\n{\n", unused, st, c->name, params_list(c));
	indent++;
	/* the frame's own alignment: a local may be _Alignas(64) (item 9) */
	putf("%s *%s = co__alloc_aligned(sizeof *%s, _Alignof(%s));\n", frame_type(c), c->fvar,
	     c->fvar, frame_type(c));
	putf("%s__init(%s", c->name, c->fvar);
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		if (p->sym)
			putf(", %s", p->sym->name);
	}
	put(");\n");
	putf("%s->base.flags = CO_HEAP;\n", c->fvar);
	putf("return &%s->base;\n", c->fvar);
	indent--;
	put("}\n");
	if (!type_is_void(c->ret)) {
		put("\n");
		mark_line(c->loc.line);
		put_result_quiet(c, true);
		putf("%s%s", unused, st);
		put_ret_decl(c, xprintf("%s__result(co_gen *%s)", c->name, c->gvar));
		putf("\n{\n\treturn ((%s *)%s)->ret;\n}\n", frame_type(c), c->gvar);
		put_result_quiet(c, false);
	}
	unpin();
	emit_resume(c);
	cc = NULL;
}

/* ---------------------------------------------------------------- program */

/* Line of a byte offset, by binary search in the line starts. */
static Vec line_starts;       /* (intptr_t) offset of each line's first byte */

static int line_of(int off)
{
	if (line_starts.len == 0) {
		vec_push(&line_starts, (void *)0);
		for (size_t i = 0; i < cur_source->len; i++)
			if (cur_source->text[i] == '\n')
				vec_push(&line_starts, (void *)(intptr_t)(i + 1));
	}
	int lo = 0, hi = line_starts.len - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if ((intptr_t)line_starts.items[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return cpp_mode ? cpp_map_line(lo + 1) : lo + 1;   /* --cpp: the .co line */
}

static void passthrough(int from, int to)
{
	if (to <= from)
		return;
	/* Start on a fresh line with the right line number. */
	if (opts->line_directives) {
		int line = line_of(from);
		newline();
		last_mark = 0;
		mark_line(line);
		virt_line = line;
	}
	int saved = indent;
	indent = 0;
	put_n(cur_source->text + from, (size_t)(to - from));   /* NUL bytes too */
	indent = saved;
	if (cpp_mode)
		virt_line = -1;   /* its line markers moved the compiler's line: say it again */
}

/* The file's leading lines that must come before any header: blank lines,
 * comments, and feature-test macros (`#define _GNU_SOURCE`, any
 * `#define _X...` or `#undef _X...`). coro.h is included right after them,
 * before the user's first other line, so that no macro of the program can
 * change what the runtime's header declares. Returns the offset after them. */
static int feature_prefix_end(void)
{
	const char *t = cur_source->text, *end = t + cur_source->len;
	const char *p = t, *last = t;
	while (p < end) {
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\f'))
			q++;
		if (q < end && *q == '\n') {
			p = last = q + 1;
			continue;
		}
		if (end - q >= 2 && q[0] == '/' && q[1] == '/') {
			while (q < end && *q != '\n')
				q++;
			p = last = q < end ? q + 1 : q;
			continue;
		}
		if (end - q >= 2 && q[0] == '/' && q[1] == '*') {
			const char *c = q + 2;
			while (c + 1 < end && !(c[0] == '*' && c[1] == '/'))
				c++;
			if (c + 1 >= end)
				break;
			p = c + 2;   /* the rest of the line is looked at next */
			continue;
		}
		if (q < end && *q == '#') {
			const char *d = q + 1;
			while (d < end && (*d == ' ' || *d == '\t'))
				d++;
			size_t kw = end - d >= 6 && !strncmp(d, "define", 6) ? 6 : end - d >= 5 && !strncmp(d, "undef", 5) ? 5 : 0;
			if (kw && d + kw < end && (d[kw] == ' ' || d[kw] == '\t')) {
				d += kw;
				while (d < end && (*d == ' ' || *d == '\t'))
					d++;
				if (d + 1 < end && d[0] == '_' && (isupper((unsigned char)d[1]) || d[1] == '_')) {
					while (d < end && *d != '\n')
						d++;
					p = last = d < end ? d + 1 : d;
					continue;
				}
			}
		}
		break;
	}
	return (int)(last - t);
}

void emit_program(Buf *out, Program *p, const EmitOptions *opt)
{
	ob = out;
	opts = opt;
	virt_line = 1;
	indent = 0;
	bol = true;
	cc = NULL;
	placeholders = 0;
	typeof_mode = false;
	last_mark = 0;
	line_starts = (Vec){0};
	put("/* Generated by corogen " COROGEN_VERSION "; edit the .co file instead. */\n");
	/* After the feature-test macros, before everything else the user wrote. */
	int pos = cpp_mode ? 0 : feature_prefix_end();
	passthrough(0, pos);
	newline();
	if (!cpp_mode)         /* --cpp: coro.h was included first by the preprocessor */
		put("#include \"coro.h\"\n");
	for (int i = 0; i < p->items.len; i++) {
		Item *it = p->items.items[i];
		passthrough(pos, it->start);
		pos = it->end;
		if (it->kind == IT_DIRECTIVE)
			continue;
		if (it->coro->is_definition) {
			emit_coro(it->coro);
		} else {
			newline();
			mark_line(it->coro->loc.line);
			put_prototypes(it->coro);
		}
	}
	passthrough(pos, (int)cur_source->len);
	newline();
}

void emit_header(Buf *out, Program *p, const char *guard)
{
	ob = out;
	opts = &(EmitOptions){0};
	indent = 0;
	bol = true;
	putf("/* Generated by corogen " COROGEN_VERSION " from %s. */\n", cur_source->name);
	putf("#ifndef %s\n#define %s\n\n#include \"coro.h\"\n\n", guard, guard);
	/* struct/union tags named in parameters, declared so the prototypes
	 * do not declare them in their own scope */
	Vec tags = {0};
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_static || !c->is_definition)
			continue;
		for (const char *t = c->params_text; *t; t++) {
			const char *kw = !strncmp(t, "struct", 6) ? "struct" : !strncmp(t, "union", 5) ? "union" : NULL;
			if (!kw || (t > c->params_text && (isalnum((unsigned char)t[-1]) || t[-1] == '_')))
				continue;
			const char *q = t + strlen(kw);
			if (!isspace((unsigned char)*q))
				continue;
			while (isspace((unsigned char)*q))
				q++;
			const char *e = q;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (e == q)
				continue;
			const char *decl = xprintf("%s %s;\n", kw, xstrndup(q, (size_t)(e - q)));
			bool seen = false;
			for (int k = 0; k < tags.len; k++)
				seen |= !strcmp(tags.items[k], decl);
			if (!seen) {
				vec_push(&tags, (void *)decl);
				put(decl);
			}
		}
	}
	if (tags.len)
		put("\n");
	/* for C: no parameter names, so that no macro of the includer can
	 * break the prototypes */
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_static || !c->is_definition)
			continue;
		putf("CO_NODISCARD co_gen *%s%s;\n", c->name, param_types(c));
		put_result_prototype(c);
	}
	/* for corogen: the same coroutines, read from the files that include
	 * this header (LANGUAGE.md §13) */
	put("\n#ifdef __COROGEN__\n");
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_static || !c->is_definition)
			continue;
		put("coro ");
		put_ret_decl(c, xprintf("%s%s", c->name, param_types(c)));
		if (c->yields_written) {
			Buf y = {0};
			print_type(&y, c->yields, NULL);
			putf(" yields %s", y.data);
			buf_free(&y);
		}
		put(";\n");
	}
	put("#endif\n");
	putf("\n#endif\n");
}
