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
static bool done_used;        /* a return of cc jumps to its done label */
static CPrint cp;             /* how expressions are printed: C, in cc */
static int want_line;         /* > 0: the .co line of the next output line (mark_line) */
static bool name_unsaid;      /* the next #line must name the .co file again */
static int pin_line;          /* > 0: every output line with code is attributed to it */

static void line_directive(const char *p, const char *end);

/* ---------------------------------------------------------------- writer */

static Buf *group;            /* != NULL: put_n collects one suspension's text here */

static void put_n(const char *s, size_t n)
{
	if (group) {
		buf_putn(group, s, n);
		return;
	}
	for (const char *p = s; p < s + n; p++) {
		if (bol)
			line_directive(p, s + n);
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

/* Point the C compiler at `line` of the .co file for what follows: the
 * next output line is that line. The #line itself waits for that line
 * (line_directive), so that a mark overridden before any output costs
 * nothing. */
static void mark_line(int line)
{
	if (!opts->line_directives || line <= 0)
		return;
	newline();
	want_line = line;
}

/* A line with only a comment carries no code: it needs no #line of its
 * own. Only a line complete in [p, end) is recognised. */
static bool comment_only(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 2 || p[0] != '/' || p[1] != '*')
		return false;
	for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
		if (*p == '\n')
			return false;
	if (p + 1 >= end)
		return false;
	for (p += 2; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p < end && *p == '\n';
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

/*
 * Before the first character of an output line: the #line it needs, if
 * any. A pin sets the line of every line with code (blank, comment-only and
 * preprocessor lines carry none); otherwise a pending mark sets the line of
 * the next line, whatever it holds. Nothing is said that the compiler
 * assumes anyway. A mark names the file; a pin only when the text passed
 * through may have changed it (--cpp: its line markers).
 */
static void line_directive(const char *p, const char *end)
{
	bool code = *p != '\n' && *p != '#' && !comment_only(p, end);
	bool pinned = pin_line > 0 && code;
	int line = pinned ? pin_line : want_line;
	if (line <= 0)
		return;
	want_line = 0;
	if (virt_line == line && !name_unsaid)
		return;
	if (pinned && !name_unsaid) {
		buf_printf(ob, "#line %d\n", line);
	} else {
		Buf q = {0};
		quoted_name(&q, cur_source->name);
		buf_printf(ob, "#line %d %s\n", line, q.data);
		buf_free(&q);
		name_unsaid = false;
	}
	virt_line = line;
}

/* ----------------------------------------------------------- expressions */

static void put_expr(Node *n)
{
	Buf b = {0};
	cprint_expr(&b, &cp, n);
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
		print_decl_in(&t, &cp, new_spec(d->loc), id->dcl, id->sym ? id->sym->name : NULL, true, false);
		buf_puts(&b, t.data + (t.data[0] == ' ' ? 1 : 0));
		buf_free(&t);
		Node *init = lowered && d->items.len == 1 ? lowered : id->init;
		if (init) {
			buf_puts(&b, " = ");
			cprint_expr(&b, &cp, init);
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
		n = n->lhs;
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
		return maybe_aggregate(x->lhs);
	case N_COND:
		return maybe_aggregate(x->then) || maybe_aggregate(x->els);
	case N_COMMA:
		return maybe_aggregate(x->rhs);
	case N_ASSIGN:
		return !strcmp(x->op, "=") && maybe_aggregate(x->lhs);
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
	return e->kind == N_ASSIGN && !strcmp(e->op, "=") && e->lhs->kind == N_TEMP &&
	       maybe_aggregate(e->lhs);
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
			cprint_list(&b, &cp, &init->list);
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
		cprint_list(&b, &cp, &init->list);
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

/* What a yield hands out, as the void * of co_step: NULL, or the value
 * (integers through intptr_t). */
static char *yield_value(Node *v)
{
	if (!v)
		return xstrdup("NULL");
	Buf b = {0};
	buf_puts(&b, "(void *)");
	if (type_kind(cc->yields) != TK_PTR)
		buf_puts(&b, "(intptr_t)");
	/* a cast binds tighter than any binary operator: parenthesise those */
	bool parens = v->kind == N_BINARY || v->kind == N_ASSIGN || v->kind == N_COND ||
		      v->kind == N_COMMA;
	buf_puts(&b, parens ? "(" : "");
	cprint_expr(&b, &cp, v);
	buf_puts(&b, parens ? ")" : "");
	char *r = xstrdup(b.data);
	buf_free(&b);
	return r;
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

/* ---------------------------------------------- suspension lines, wrapped */

#define MAX_COLUMNS 100

/* One step through C text: keeps `depth` (brackets) and `quote` (inside a
 * string or character literal) up to date for the character at *p (an
 * escape inside a literal moves *p one further). True when *p is plain
 * code that is not a bracket: where a caller may look for a separator. */
static bool outside_literal(const char **p, int *depth, char *quote)
{
	const char *c = *p;
	if (*quote) {
		if (*c == '\\' && c[1])
			(*p)++;
		else if (*c == *quote)
			*quote = 0;
		return false;
	}
	if (*c == '"' || *c == '\'') {
		*quote = *c;
		return false;
	}
	if (strchr("([{", *c)) {
		(*depth)++;
		return false;
	}
	if (strchr(")]}", *c)) {
		(*depth)--;
		return false;
	}
	return true;
}

/* Where `text` has its first top-level `sep` (outside brackets, strings
 * and character constants), or NULL. */
static const char *top_level(const char *text, const char *sep)
{
	int depth = 0;
	char quote = 0;
	size_t n = strlen(sep);
	for (const char *p = text; *p; p++)
		if (outside_literal(&p, &depth, &quote) && depth == 0 && !strncmp(p, sep, n))
			return p;
	return NULL;
}

/* Columns of `n` bytes printed at the current indentation (tabs of 8). */
static int columns(const char *s, size_t n)
{
	(void)s;
	return indent * 8 + (int)n;
}

/* Collect what a suspension prints (set the value, start the child, set
 * the state, return), then print it on one line when that fits in
 * MAX_COLUMNS, else as several lines all attributed to the suspension's
 * .co line (pinned): statements packed greedily, and a statement still
 * too long broken after the commas of its argument list. */
static void group_begin(Buf *b)
{
	*b = (Buf){0};
	group = b;
}

/* A statement too long for one line, broken after the commas of its
 * outermost argument list; continuation lines are indented twice. */
static void put_wrapped(const char *stmt)
{
	Vec cuts = {0};              /* after each ", " at depth 1 */
	int depth = 0;
	char quote = 0;
	for (const char *q = stmt; *q; q++)
		if (outside_literal(&q, &depth, &quote) && depth == 1 && q[0] == ',' && q[1] == ' ')
			vec_push(&cuts, (void *)(q + 2));
	const char *p = stmt;
	int extra = 0;
	for (int i = 0; i < cuts.len;) {
		if (columns(p, strlen(p)) <= MAX_COLUMNS)
			break;
		/* the last cut that keeps this line within the limit, or the first */
		int k = i;
		while (k + 1 < cuts.len &&
		       columns(p, (size_t)((const char *)cuts.items[k + 1] - p - 1)) <= MAX_COLUMNS)
			k++;
		const char *cut = cuts.items[k];
		put_n(p, (size_t)(cut - p - 1));
		put("\n");
		if (!extra)
			indent += extra = 2;
		p = cut;
		i = k + 1;
	}
	put(p);
	indent -= extra;
}

static void group_end(Buf *b)
{
	group = NULL;
	if (!b->data)
		return;
	size_t len = b->len;
	bool nl = len && b->data[len - 1] == '\n';
	if (nl)
		b->data[--len] = '\0';
	if (columns(b->data, len) <= MAX_COLUMNS) {
		put(b->data);
		put(nl ? "\n" : "");
		buf_free(b);
		return;
	}
	/* the line marked for it first (with the file's name), then the
	 * same line, short, before each continuation line */
	if (bol)
		line_directive(b->data, b->data + len);
	pin_to(virt_line);
	const char *p = b->data;
	while (*p) {
		/* pack whole statements while they fit */
		const char *end = NULL;
		for (const char *q = p;;) {
			const char *semi = top_level(q, "; ");
			/* setting the state and returning stay together */
			while (semi && (!strncmp(semi + 2, "return ", 7) ||
					!strncmp(semi + 2, "co_free(", 8)))
				semi = top_level(semi + 2, "; ");
			const char *stop = semi ? semi + 1 : p + strlen(p);
			if (end && columns(p, (size_t)(stop - p)) > MAX_COLUMNS)
				break;
			end = stop;
			if (!semi)
				break;
			q = semi + 2;
		}
		char *stmt = xstrndup(p, (size_t)(end - p));
		put_wrapped(stmt);
		put("\n");
		p = *end ? end + 1 : end;
	}
	unpin();
	buf_free(b);
}

/* The suspension stays on the statement's output line (or lines pinned to
 * it), so #line maps it (and everything after it) to the right .co line. */
static void put_suspend(int state, const char *status, const char *value)
{
	putf("%s->base.state = %d; return (co_step){%s, %s};\n", cc->fvar, state, status, value);
}

/* A delegation's arguments, printed as one full expression: the printer
 * looks across all of them (&x in one, x = v in another). */
static void put_args(Ir *ir, bool leading_comma)
{
	Node call = {.kind = N_CALL, .list = ir->args};
	const Node *outer = cp.full;
	cp.full = &call;
	for (int i = 0; i < ir->args.len; i++) {
		put(i || leading_comma ? ", " : "");
		put_expr(ir->args.items[i]);
	}
	cp.full = outer;
}

/* Start the child (by kind, see DelegateKind), suspend with CO_DELEGATE,
 * and at the resume label take its value and release it. */
static void emit_delegate(Ir *ir)
{
	const char *f = cc->fvar;
	const char *child = NULL;   /* the frame handed to co__drive */
	Buf g;
	group_begin(&g);
	switch (ir->delegate) {
	case DG_OWNED:
	case DG_DYNAMIC:
		putf("%s->child = ", f);
		put_expr(ir->gen);
		if (ir->delegate == DG_DYNAMIC)
			putf("; %s->child->up |= CO_BORROWED", f);
		put("; ");
		child = xprintf("%s->child", f);
		break;
	case DG_HEAP:   /* a child of this file: its frame needs no room for a task */
		putf("%s->child = %s%s(", f, ir->child->name, ir->child->is_definition ? "__child" : "");
		put_args(ir, false);
		put("); ");
		child = xprintf("%s->child", f);
		break;
	case DG_EMBEDDED:
		putf("%s__init(&%s->sub.%s", ir->child->name, f, ir->child->name);
		put_args(ir, true);
		put("); ");
		child = xprintf("&%s->sub.%s.base", f, ir->child->name);
		break;
	}
	put_suspend(ir->state, "CO_DELEGATE", child);
	group_end(&g);
	put_resume_label(ir->state, ir->loc);
	mark_line(ir->loc.line);
	group_begin(&g);
	switch (ir->delegate) {
	case DG_OWNED:
		/* a generator made by a call for this delegation: ours to free */
		if (ir->result) {   /* its return value came back as the value sent in */
			put_expr(ir->result);
			putf(" = %s; ", cc->svar);
		}
		putf("co_free(%s->child);\n", f);
		break;
	case DG_DYNAMIC:
		putf("%s->child->up &= ~CO_BORROWED;", f);
		if (ir->result) {
			put(" ");
			put_expr(ir->result);
			putf(" = %s;", cc->svar);
		}
		put("\n");
		break;
	case DG_HEAP:
		if (ir->result) {
			Buf dst = {0};
			cprint_expr(&dst, &cp, ir->result);
			/* a temp has the child's return type */
			const Spec *ts = ir->child->ret->spec;
			const Dcl *td = ir->child->ret->dcl;
			if (ir->result->kind == N_IDENT && ir->result->sym) {
				ts = ir->result->sym->spec;
				td = ir->result->sym->dcl;
			}
			bool dst_const = ts && dcl_is_const_typedef(ts, td);
			TypeKind k = store_kind(ir->child->ret->spec, ir->child->ret->dcl);
			put_store(dst.data, dst_const ? TK_AGG : k, NULL,
				  xprintf("%s__result(%s->child)", ir->child->name, f));
			put(" ");
			buf_free(&dst);
		}
		putf("co_free(%s->child);\n", f);
		break;
	case DG_EMBEDDED:
		break;
	}
	group_end(&g);
}

static void emit_loop(Ir *ir)
{
	switch (ir->loop) {
	case LOOP_WHILE:
		put("while (");
		put_expr(ir->expr);
		put(") ");
		put_body(ir->a);
		break;
	case LOOP_DO:
		put("do ");
		put_body(ir->a);
		put(" while (");
		put_expr(ir->expr);
		put(");");
		break;
	case LOOP_FOR:
		put("for (");
		if (ir->init_decl)
			put_c_decl(ir->init_decl);
		else
			put_expr(ir->init);
		put(";");
		if (ir->expr) {
			put(" ");
			put_expr(ir->expr);
		}
		put(";");
		if (ir->step) {
			put(" ");
			put_expr(ir->step);
		}
		put(") ");
		put_body(ir->a);
		break;
	}
	put("\n");
}

/* A jump on one line: break, continue, return's goto, a lowering label's. */
static void put_jump(Ir *ir)
{
	switch (ir->kind) {
	case IR_BREAK:
		put("break;");
		break;
	case IR_CONTINUE:
		put("continue;");
		break;
	case IR_RETURN:
		putf("goto %s;", cc->done_label);
		done_used = true;
		break;
	default:
		putf("goto %s_%d;", ir->cleanup ? cc->cleanup_label : cc->next_label, ir->label);
		break;
	}
}

/* One case per row of ir_ops (gen/ir.c), printing the C of its column. */
static void emit_ir(Ir *ir)
{
	Buf g;
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
		put(ir->text ? ir->text : ";");
		put("\n");
		break;
	case IR_EXPR:
		if (saves_aggregate(ir->expr)) {
			put_store(frame_ref(cc, ir->expr->lhs->sym->field), TK_AGG, ir->expr->rhs, NULL);
			put("\n");
			break;
		}
		put_expr(ir->expr);
		put(";\n");
		break;
	case IR_DECL: {
		Decl *d = ir->decl;
		InitDcl *id = d->items.len ? d->items.items[ir->declarator] : NULL;
		if (!is_frame_decl(d)) {
			if (ir->declarator == 0) {
				put_c_decl_init(d, ir->expr);
				put(";\n");
			}
		} else {
			/* an enum defined here stays here: its constants are the block's */
			for (int k = 0; ir->declarator == 0 && k < d->spec->words.len; k++) {
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
		if (cond->kind == N_PAREN && cond->lhs->kind == N_BINARY && cond->lhs->op &&
		    (!strcmp(cond->lhs->op, "==") || !strcmp(cond->lhs->op, "!=")))
			cond = cond->lhs;
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
		if (ir->fallthrough) {
			mark_line(ir->loc.line);
			put("CO_FALLTHROUGH; /* fallthrough */\n");
		}
		indent--;
		mark_line(ir->loc.line);
		if (ir->expr) {
			put("case ");
			put_expr(ir->expr);
			put(":\n");
		} else {
			put("default:\n");
		}
		indent++;
		break;
	case IR_LABEL:
		indent--;
		mark_line(ir->loc.line);
		putf("%s: ;\n", ir->name);
		indent++;
		break;
	case IR_GOTO:
		for (int i = 0; i < ir->list.len; i++)
			emit_ir(ir->list.items[i]);
		mark_line(ir->loc.line);
		putf("goto %s;\n", ir->name);
		break;
	case IR_JUMP: case IR_BREAK: case IR_CONTINUE: case IR_RETURN:
		if (ir->kind == IR_JUMP && ir->exit)
			putf("%s = %d; ", cc->exit_var, ir->exit);
		put_jump(ir);
		put("\n");
		break;
	case IR_MARK:
		indent--;
		if (!ir->cleanup)     /* a cleanup label: the defers after it carry the lines */
			mark_line(ir->loc.line);
		putf("%s_%d: ;\n", ir->cleanup ? cc->cleanup_label : cc->next_label, ir->label);
		indent++;
		break;
	case IR_SET_EXIT:
		putf("%s = %d;\n", cc->exit_var, ir->exit);
		break;
	case IR_ON_EXIT:
		if (ir->exit == EXIT_ANY)
			putf("if (%s) ", cc->exit_var);
		else if (ir->exit)
			putf("if (%s == %d) ", cc->exit_var, ir->exit);
		if (ir->reset && ir->exit) {
			putf("{ %s = 0; ", cc->exit_var);
			put_jump(ir->a);
			put(" }");
		} else {
			if (ir->reset)
				putf("%s = 0; ", cc->exit_var);
			put_jump(ir->a);
		}
		put("\n");
		break;
	case IR_YIELD:
		group_begin(&g);
		put_suspend(ir->state, "CO_YIELDED", yield_value(ir->expr));
		group_end(&g);
		put_resume_label(ir->state, ir->loc);
		break;
	case IR_DELEGATE:
		emit_delegate(ir);
		break;
	case IR_SET_RET:
		put_store(type_returns_in_value(cc->ret) ? cc->rvar : frame_ref(cc, "ret"),
			  store_kind(cc->ret->spec, cc->ret->dcl), ir->expr, NULL);
		put("\n");
		break;
	case IR_DEFER:
		emit_ir(ir->a);
		break;
	case IR_NKINDS:
		break;
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
		print_decl_in(&t, &cp, pm->spec, pm->dcl, NULL, true, false);
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
	print_decl_in(&b, &cp, c->ret->spec, c->ret->dcl, name, true, true);
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
	if (c->heap_child)
		putf("static co_gen *%s__child%s;\n", c->name, params_list(c));
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
	print_decl_in(&b, &cp, s, d, name, true, true);
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
			print_decl_in(&b, &cp, known->spec, known->dcl, s->field, true, true);
			putf("%s;\n", b.data);
			buf_free(&b);
		} else if (s->is_temp && s->typeof_expr) {
			mark_line(s->loc.line);
			cp.mode = CP_TYPEOF;
			Buf b = {0};
			cprint_typeof_value(&b, &cp, s->typeof_expr);
			cp.mode = CP_C;
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
	if (!type_is_void(c->ret) && !type_returns_in_value(c->ret)) {
		mark_line(c->loc.line);
		Buf b = {0};
		print_decl_in(&b, &cp, c->ret->spec, c->ret->dcl, "ret", true, true);   /* assignable */
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
		print_decl_in(&b, &cp, s->spec, s->dcl, s->name, false, false);
		putf("%s;\n", b.data);
		buf_free(&b);
	}
}

/* The first state, from `after` on, not printed yet whose defers are
 * d[from..]; 0 when there is none. */
static int destroy_group_state(Coro *c, Vec *d, int from, const bool *done, int after)
{
	Vec tail = {d->items + from, d->len - from, 0};
	for (int t = after; t < c->nstates; t++)
		if (!done[t] && same_defers(&tail, c->state_defers.items[t]))
			return t;
	return 0;
}

/* The case labels of every state whose defers are d[from..]. */
static void put_destroy_cases(Coro *c, Vec *d, int from, bool *done)
{
	for (int t = destroy_group_state(c, d, from, done, 1); t;
	     t = destroy_group_state(c, d, from, done, t + 1)) {
		putf("case %d:\n", t);
		done[t] = true;
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
	/* One group of case labels per distinct list of defers. Defers nest,
	 * so a shorter list is often the tail of a longer one: the longer
	 * group's code falls through into the shorter group's labels and the
	 * shared defers are printed once. */
	bool *done = xalloc(sizeof(bool) * (size_t)c->nstates);
	for (;;) {
		int s = 0;
		for (int t = 1; t < c->nstates; t++) {
			Vec *dt = c->state_defers.items[t];
			if (!done[t] && dt->len > 0 &&
			    (!s || dt->len > ((Vec *)c->state_defers.items[s])->len))
				s = t;
		}
		if (!s)
			break;
		Vec *d = c->state_defers.items[s];
		put_destroy_cases(c, d, 0, done);
		indent++;
		unpin();
		for (int i = 0; i < d->len; i++) {
			if (i > 0 && destroy_group_state(c, d, i, done, 1)) {
				newline();
				pin_to(c->loc.line);
				put("CO_FALLTHROUGH;\n");
				indent--;
				put_destroy_cases(c, d, i, done);
				indent++;
				unpin();
			}
			emit_ir(d->items[i]);
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

/* The end of every path: the frame is done, and its return value goes
 * out as the value of co_step (integers and pointers from the local
 * `ret`, a %type name's bytes from the frame; other types stay in the
 * frame for NAME__result). */
static void emit_return(Coro *c)
{
	const char *f = c->fvar;
	putf("%s->base.state = CO_DONE; ", f);
	TypeKind k = type_kind(c->ret);
	if (k == TK_INT || k == TK_PTR)   /* a const typedef's value is in the frame */
		putf("return (co_step){CO_RETURNED, (void *)%s%s};\n", k == TK_INT ? "(intptr_t)" : "",
		     type_returns_in_value(c->ret) ? c->rvar : xprintf("%s->ret", f));
	else if (k == TK_UNKNOWN)
		putf("{ void *value; CO_RET_BYTES(value, %s->ret); return (co_step){CO_RETURNED, value}; }\n", f);
	else
		put("return (co_step){CO_RETURNED, NULL};\n");
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
	putf("static co_step %s__resume(co_gen *%s, void *%s)\n{\n", c->name, c->gvar, c->svar);
	indent++;
	/* not every state reads the value sent in */
	putf("%s *%s = (%s *)%s; (void)%s;", frame_type(c), f, frame_type(c), c->gvar, c->svar);
	if (c->exit_var)   /* where to go after a cleanup chain (lower.c) */
		putf(" int %s = 0;", c->exit_var);
	if (type_returns_in_value(c->ret)) {   /* falling off the end returns zero */
		put(" ");
		put_ret_decl(c, c->rvar);
		put(" = 0;");
	}
	put("\n\n");
	/* one line: all of it is attributed to the header line */
	putf("switch (%s->base.state) { case 0: break;", f);
	for (int s = 1; s < c->nstates; s++)
		putf(" case %d: goto %s_%d;", s, c->label_prefix, s);
	putf(" default: CO_TAIL return co__finished(%s, %s); }\n", c->gvar, c->svar);
	unpin();
	done_used = false;
	/* The body's own block: print its items without extra braces. */
	for (int i = 0; i < c->ir->list.len; i++)
		emit_ir(c->ir->list.items[i]);
	indent--;
	newline();
	if (done_used) {   /* else the body only falls off its end, or never ends */
		mark_line(line_of(c->src_end - 1));
		putf("%s: ;\n", c->done_label);
	}
	indent++;
	mark_line(line_of(c->src_end - 1));
	emit_return(c);
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

/* Allocate a heap frame (with room for a task before it, or not),
 * initialise it and return it; closes the function. */
static void put_constructor_body(Coro *c, bool task_room)
{
	putf("%s *%s = co__new_frame(sizeof *%s, &%s__class, %s);\n", frame_type(c), c->fvar,
	     c->fvar, c->name, task_room ? "CO_TASK_ROOM" : "0");
	putf("%s__init(%s", c->name, c->fvar);
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		if (p->sym)
			putf(", %s", p->sym->name);
	}
	put(");\n");
	putf("%s->base.up = CO_HEAP%s;\n", c->fvar, task_room ? " | CO_TASK_ROOM" : "");
	putf("return &%s->base;\n", c->fvar);
	indent--;
	put("}\n");
}

static void emit_coro(Coro *c)
{
	cp.coro = cc = c;
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
		print_decl_in(&b, &cp, s->spec, s->dcl, s->field, false, false);
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
	putf("static co_step %s__resume(co_gen *%s, void *%s);\n", c->name, c->gvar, c->svar);
	bool has_destroy = emit_destroy(c);
	putf("\nstatic const int %s__lines[] = {", c->name);
	for (int s = 0; s < c->nstates; s++)
		putf("%s%d", s ? ", " : "", (int)(intptr_t)c->state_lines.items[s]);
	put("};\n");
	Buf q = {0};
	quoted_name(&q, cur_source->name);
	putf("static const co_class %s__class = {%s__resume, \"%s\", %s, %s, %s__lines, %d, _Alignof(%s)};\n",
	     c->name, c->name, c->name, q.data, has_destroy ? xprintf("%s__destroy", c->name) : "NULL",
	     c->name, c->nstates, frame_type(c));
	buf_free(&q);
	put_debug_table(c);
	/* initialiser: sets up a frame in place (heap or inside a parent) */
	put("\n");
	pin_to(c->loc.line);
	putf("static void %s__init(%s *%s%s)\n{\n", c->name, frame_type(c), c->fvar, params_tail(c));
	indent++;
	putf("co__init(&%s->base, &%s__class);\n", c->fvar, c->name);
	if (!type_is_void(c->ret) && !type_returns_in_value(c->ret))   /* falling off the end returns zero */
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
	/* room for a task before it; the class knows the frame's alignment */
	put_constructor_body(c, true);
	if (c->heap_child) {   /* a delegate's frame: never a task's */
		put("\n");
		mark_line(c->loc.line);
		putf("static co_gen *%s__child%s\n{\n", c->name, params_list(c));
		indent++;
		put_constructor_body(c, false);
	}
	if (!type_is_void(c->ret)) {
		put("\n");
		mark_line(c->loc.line);
		put_result_quiet(c, true);
		putf("%s%s", unused, st);
		put_ret_decl(c, xprintf("%s__result(co_gen *%s)", c->name, c->gvar));
		if (type_returns_in_value(c->ret)) {   /* it went out as the value */
			Buf t = {0};
			cprint_from_value(&t, &cp, c->ret, xprintf("co_value(%s)", c->gvar));
			putf("\n{\n\treturn %s;\n}\n", t.data);
			buf_free(&t);
		} else {
			putf("\n{\n\treturn ((%s *)%s)->ret;\n}\n", frame_type(c), c->gvar);
		}
		put_result_quiet(c, false);
	}
	unpin();
	emit_resume(c);
	cp.coro = cc = NULL;
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
		mark_line(line);
	}
	int saved = indent;
	indent = 0;
	put_n(cur_source->text + from, (size_t)(to - from));   /* NUL bytes too */
	indent = saved;
	if (cpp_mode)
		name_unsaid = true;   /* its line markers moved the compiler's line and file */
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
	cp = (CPrint){.coro = NULL, .mode = CP_C, .placeholders = 0};
	want_line = 0;
	name_unsaid = false;
	pin_line = 0;
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
	want_line = pin_line = 0;     /* no #line in a header */
	name_unsaid = false;
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
			print_type_in(&y, &cp, c->yields, NULL);
			putf(" yields %s", y.data);
			buf_free(&y);
		}
		put(";\n");
	}
	put("#endif\n");
	putf("\n#endif\n");
}
