/*
 * lower.c — from the checked AST of a coroutine to the IR of corogen.h.
 *
 * The IR keeps C's structure (if, loops, switch, labels) so the output reads
 * like the input; what changes:
 *   - every yield / yield from becomes a statement (IR_YIELD, IR_DELEGATE)
 *     with its own state number; the emitter places a resume label there;
 *   - an expression that suspends is split into statements evaluated left to
 *     right, saving earlier operands in frame temporaries (spills), with
 *     && || ?: turned into ifs so a yield in the branch not taken never runs;
 *   - a loop whose header suspends becomes for (;;) with the header inside;
 *   - defers are copied to every exit of their block (end, break, continue,
 *     return, goto) and recorded per state for destruction.
 */
#include "corogen.h"

#include <stdint.h>
#include <string.h>

typedef struct BlockScope {
	Vec defers;               /* N_DEFER nodes registered so far */
} BlockScope;

typedef struct LoopInfo {
	bool is_switch;
	int cont_label;           /* continue jumps here; 0 = C's continue */
	int depth;                /* number of block scopes outside the loop */
} LoopInfo;

/* The defer state at a point: the blocks open and how many defers each had. */
typedef struct Snapshot {
	int n;
	BlockScope **blocks;
	int *counts;
} Snapshot;

typedef struct PendingGoto {
	Ir *ir;
	Snapshot at;
} PendingGoto;

typedef struct PendingLabel {
	const char *name;
	Snapshot at;
} PendingLabel;

static Coro *coro;
static Vec *out;              /* the IR list being filled */
static Vec blocks;            /* BlockScope * */
static Vec loops;             /* LoopInfo * */
static Vec pending_gotos, pending_labels;
static int next_label;
static Vec jump_counts;        /* (intptr_t) jumps to each lowering label */
static Vec assigned;          /* symbols assigned in the current full expression */

static Ir *new_ir(IrKind kind, Loc loc)
{
	Ir *ir = xalloc(sizeof *ir);
	ir->kind = kind;
	ir->loc = loc;
	return ir;
}

static Ir *add(IrKind kind, Loc loc)
{
	Ir *ir = new_ir(kind, loc);
	vec_push(out, ir);
	return ir;
}

static Ir *block_ir(Loc loc, Vec **saved)
{
	Ir *b = new_ir(IR_BLOCK, loc);
	*saved = out;
	out = &b->list;
	return b;
}

/* ------------------------------------------------------------ temporaries */

static bool ident_used(const char *name)
{
	for (int i = 0; i < coro->idents.len; i++)
		if (!strcmp(coro->idents.items[i], name))
			return true;
	for (int i = 0; i < coro->symbols.len; i++) {
		Symbol *s = coro->symbols.items[i];
		if (s->field && !strcmp(s->field, name))
			return true;
	}
	return false;
}

static Symbol *new_temp(Loc loc)
{
	Symbol *s = xalloc(sizeof *s);
	s->is_temp = true;
	s->in_frame = true;
	s->loc = loc;
	for (int i = coro->temps.len + 1;; i++) {
		const char *name = xprintf("tmp%d", i);
		if (!ident_used(name)) {
			s->name = s->field = name;
			break;
		}
	}
	vec_push(&coro->temps, s);
	vec_push(&coro->symbols, s);
	return s;
}

static Node *temp_ref(Symbol *s, Loc loc)
{
	Node *n = new_node(N_TEMP, loc);
	n->sym = s;
	return n;
}

static Node *assign(Node *lhs, Node *rhs)
{
	return new_binary(N_ASSIGN, "=", lhs, rhs, lhs->loc);
}

static void emit_expr_stmt(Node *e)
{
	Ir *ir = add(IR_EXPR, e->loc);
	ir->expr = e;
}

static bool spec_has_body(const Spec *s)
{
	for (int i = 0; i < s->words.len; i++)
		if (((SpecWord *)s->words.items[i])->has_body)
			return true;
	return false;
}

/* Save `e` in a new frame temporary typed like `e`; returns the temp. */
static Node *spill(Node *e, Node *type_of)
{
	Symbol *t = new_temp(e->loc);
	/* Typed by the declaration, except arrays and functions: their value
	 * is a pointer (the __typeof__ form decays them through a comma). */
	TypeKind k = type_of && type_of->kind == N_IDENT && type_of->sym ?
		     dcl_kind(type_of->sym->spec, type_of->sym->dcl) : TK_UNKNOWN;
	if (type_of && type_of->kind == N_IDENT && type_of->sym && !type_of->sym->is_temp &&
	    !spec_has_body(type_of->sym->spec) && k != TK_ARRAY && k != TK_FUNC) {
		t->spec = type_of->sym->spec;
		t->dcl = type_of->sym->dcl;
	} else {
		t->typeof_expr = type_of ? type_of : e;
	}
	emit_expr_stmt(assign(temp_ref(t, e->loc), e));
	return temp_ref(t, e->loc);
}

static Node *int_temp_assign(Symbol *t, Node *e)
{
	Node *not1 = new_node(N_UNARY, e->loc);
	not1->op = "!";
	Node *p = new_node(N_PAREN, e->loc);
	p->a = e;
	not1->a = p;
	Node *not2 = new_node(N_UNARY, e->loc);
	not2->op = "!";
	not2->a = not1;
	return assign(temp_ref(t, e->loc), not2);
}

static Symbol *int_temp(Loc loc)
{
	Symbol *t = new_temp(loc);
	t->spec = new_spec(loc);
	spec_add(t->spec, SW_TYPE, "int");
	t->dcl = new_dcl(D_NAME, NULL, loc);
	t->dcl->name = t->name;
	return t;
}

/* ------------------------------------------------------------ stability */

static bool is_upper_ident(const char *s)
{
	bool letter = false;
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			return false;
		if (*s >= 'A' && *s <= 'Z')
			letter = true;
	}
	return letter;
}

static bool was_assigned(Symbol *s)
{
	for (int i = 0; i < assigned.len; i++)
		if (assigned.items[i] == s)
			return true;
	return false;
}

/* Can a value computed before a suspension be used after it unchanged?
 * Literals, unaliased locals not assigned in this expression, ALL_CAPS
 * names (constants by convention) and pure operators over those. */
static bool stable(Node *n)
{
	if (!n)
		return true;
	switch (n->kind) {
	case N_NUM: case N_CHAR: case N_STR: case N_SIZEOF_TYPE: case N_ALIGNOF:
	case N_SIZEOF_EXPR: case N_TEMP:
		return true;
	case N_IDENT:
		if (n->sym && dcl_kind(n->sym->spec, n->sym->dcl) == TK_FUNC)
			return true;          /* a function's address never changes */
		if (n->sym)               /* static and extern locals are shared storage */
			return !n->sym->addr_taken && !was_assigned(n->sym) &&
			       !n->sym->is_static && !n->sym->is_extern;
		return is_upper_ident(n->text) || !strcmp(n->text, "stdout") ||
		       !strcmp(n->text, "stderr") || !strcmp(n->text, "stdin");
	case N_PAREN: case N_CAST:
		return stable(n->a);
	case N_UNARY:
		if (!strcmp(n->op, "&"))
			return n->a->kind == N_IDENT || (n->a->kind == N_PAREN && stable(n->a));
		if (!strcmp(n->op, "*") || !strcmp(n->op, "++") || !strcmp(n->op, "--"))
			return false;
		return stable(n->a);
	case N_BINARY: case N_COMMA:
		return stable(n->a) && stable(n->b);
	case N_RAW:
		return !strcmp(n->text, "(void)0");   /* a comma's left, lowered away */
	case N_MEMBER:
		return !strcmp(n->op, ".") && stable(n->a);
	default:
		return false;
	}
}

/* An lvalue whose address cannot change while the coroutine is suspended:
 * *p, a[i], s.f, p->f over stable operands. */
static bool stable_place(Node *n)
{
	switch (n->kind) {
	case N_IDENT:
		return true;
	case N_PAREN:
		return stable_place(n->a);
	case N_UNARY:
		return !strcmp(n->op, "*") && stable(n->a);
	case N_INDEX:
		return stable(n->a) && stable(n->b);
	case N_MEMBER:
		return !strcmp(n->op, ".") ? stable_place(n->a) : stable(n->a);
	default:
		return false;
	}
}

static void collect_assigned(Node *n)
{
	if (!n)
		return;
	if (n->kind == N_ASSIGN || n->kind == N_POSTFIX ||
	    (n->kind == N_UNARY && (!strcmp(n->op, "++") || !strcmp(n->op, "--")))) {
		Node *t = n->a;
		while (t && t->kind == N_PAREN)
			t = t->a;
		if (t && t->kind == N_IDENT && t->sym)
			vec_push(&assigned, t->sym);
	}
	collect_assigned(n->a);
	collect_assigned(n->b);
	collect_assigned(n->c);
	for (int i = 0; i < n->list.len; i++)
		collect_assigned(n->list.items[i]);
}

/* ------------------------------------------------------------ expressions */

static Node *lower_expr(Node *e, bool want);
static void lower_stmt(Node *n);

static Node *negate(Node *cond)
{
	Node *p = new_node(N_PAREN, cond->loc);
	p->a = cond;
	Node *n = new_node(N_UNARY, cond->loc);
	n->op = "!";
	n->a = p;
	return n;
}

static void record_state_defers(int state);

static Node *copy_node(Node *n)
{
	Node *c = xalloc(sizeof *c);
	*c = *n;
	return c;
}

static Node *lower_list_like(Node *e, bool later_outside);

/* Lower operands left to right; an operand whose value must survive a later
 * suspension (of a later operand, or after the list when `later_outside`)
 * is spilled. A nested initialiser list is lowered element by element. */
static void lower_operands(Node **ops[], int n, bool later_outside)
{
	for (int i = 0; i < n; i++) {
		if (!*ops[i])
			continue;
		bool later = later_outside, effects = false;
		for (int j = i + 1; j < n; j++) {
			later |= *ops[j] && (*ops[j])->suspends;
			effects |= *ops[j] && !stable(*ops[j]);
		}
		Node *orig = *ops[i];
		if (orig->kind == N_INIT_LIST) {
			*ops[i] = lower_list_like(orig, later);
			continue;
		}
		Node *v = lower_expr(orig, true);
		/* SPEC §1: left to right. A later operand that suspends forces
		 * the save; so does one that may have side effects, since C
		 * would be free to evaluate it before this one. */
		bool resumed_value = v->kind == N_SENT || v->kind == N_CHILD_RESULT;
		if ((later && !stable(v)) || (effects && !stable(v) && !resumed_value))
			v = spill(v, orig->kind == N_IDENT ? orig : NULL);
		*ops[i] = v;
	}
}

static int new_state(Loc loc)
{
	int s = coro->nstates++;
	vec_push(&coro->state_lines, (void *)(intptr_t)loc.line);
	record_state_defers(s);
	return s;
}

static Node *lower_yield(Node *e)
{
	Node *v = e->a ? lower_expr(e->a, true) : NULL;
	Ir *ir = add(IR_YIELD, e->loc);
	ir->expr = v;
	ir->id = new_state(e->loc);
	Node *sent = new_node(N_SENT, e->loc);
	sent->state = ir->id;
	return sent;
}

static Node *lower_yield_from(Node *e)
{
	Node *g = e->a;
	while (g->kind == N_PAREN)
		g = g->a;
	Ir *ir;
	if (e->target) {
		Node *call = copy_node(g);
		Node **ops[64];
		int n = 0;
		call->list = (Vec){0};
		Node *args[64];
		for (int i = 0; i < g->list.len && i < 64; i++) {
			args[i] = g->list.items[i];
			ops[n++] = &args[i];
		}
		lower_operands(ops, n, false);
		for (int i = 0; i < n; i++)
			vec_push(&call->list, args[i]);
		ir = add(IR_DELEGATE, e->loc);
		ir->child = e->target;
		ir->args_call = call;
		Coro *def = e->target;
		ir->child_heap = !def->is_definition || def->index >= coro->index;
		if (ir->child_heap) {
			coro->has_heap_child = true;
			bool have = false;
			for (int i = 0; i < coro->heap_targets.len; i++)
				have |= coro->heap_targets.items[i] == def;
			if (!have)
				vec_push(&coro->heap_targets, def);
		} else {
			bool have = false;
			for (int i = 0; i < coro->embedded.len; i++)
				have |= coro->embedded.items[i] == def;
			if (!have)
				vec_push(&coro->embedded, def);
			ir->child = def;
		}
	} else {
		Node *v = lower_expr(g, true);
		ir = add(IR_DELEGATE, e->loc);
		ir->args_call = v;
		ir->owned = g->kind == N_CALL;   /* nobody else holds a call's result */
		coro->has_dyn_child = true;
	}
	ir->id = new_state(e->loc);
	Node *r = new_node(N_CHILD_RESULT, e->loc);
	r->state = ir->id;
	r->target = ir->child;
	/* Heap and dynamic children are freed or released right away, so
	 * their result is copied to a temp at the resume point. */
	if ((ir->child_heap || !ir->child) && !(ir->child && type_is_void(ir->child->ret))) {
		Symbol *t = new_temp(e->loc);
		t->typeof_expr = r;
		ir->expr = temp_ref(t, e->loc);
		return temp_ref(t, e->loc);
	}
	return r;
}

static Node *lower_logical(Node *e, bool want)
{
	bool is_and = !strcmp(e->op, "&&");
	Node *a = lower_expr(e->a, true);
	if (!e->b->suspends) {
		Node *r = copy_node(e);
		r->a = a;
		return r;
	}
	Vec *saved;
	if (!want) {
		/* a && b; as a statement: if (a) b; */
		Ir *ifir = add(IR_IF, e->loc);
		ifir->expr = is_and ? a : negate(a);
		ifir->a = block_ir(e->loc, &saved);
		Node *b = lower_expr(e->b, false);
		if (b && b->kind != N_SENT && b->kind != N_CHILD_RESULT && b->kind != N_TEMP)
			emit_expr_stmt(b);
		out = saved;
		return NULL;
	}
	/* t = !!a; if (t) t = !!b;   (|| tests !t) */
	Symbol *t = int_temp(e->loc);
	emit_expr_stmt(int_temp_assign(t, a));
	Ir *ifir = add(IR_IF, e->loc);
	if (is_and) {
		ifir->expr = temp_ref(t, e->loc);
	} else {
		Node *neg = new_node(N_UNARY, e->loc);
		neg->op = "!";
		neg->a = temp_ref(t, e->loc);
		ifir->expr = neg;
	}
	ifir->a = block_ir(e->loc, &saved);
	Node *b = lower_expr(e->b, true);
	emit_expr_stmt(int_temp_assign(t, b));
	out = saved;
	return temp_ref(t, e->loc);
}

static Node *lower_cond(Node *e, bool want)
{
	Node *a = lower_expr(e->a, true);
	if (!e->b->suspends && !e->c->suspends) {
		Node *r = copy_node(e);
		r->a = a;
		return r;
	}
	Symbol *t = want ? new_temp(e->loc) : NULL;
	if (t)
		t->typeof_expr = e;
	Ir *ifir = add(IR_IF, e->loc);
	ifir->expr = a;
	Vec *saved;
	ifir->a = block_ir(e->loc, &saved);
	Node *b = lower_expr(e->b, want);
	if (t)
		emit_expr_stmt(assign(temp_ref(t, e->loc), b));
	else if (b && b->kind != N_SENT && b->kind != N_CHILD_RESULT && b->kind != N_TEMP)
		emit_expr_stmt(b);
	out = saved;
	ifir->b = block_ir(e->loc, &saved);
	Node *c = lower_expr(e->c, want);
	if (t)
		emit_expr_stmt(assign(temp_ref(t, e->loc), c));
	else if (c && c->kind != N_SENT && c->kind != N_CHILD_RESULT && c->kind != N_TEMP)
		emit_expr_stmt(c);
	out = saved;
	return t ? temp_ref(t, e->loc) : NULL;
}

/* The place `lhs` designates, as an lvalue that stays the same while the
 * coroutine is suspended: what could move (a pointer, an index) is
 * evaluated now and saved. Members are reached through their container,
 * never by their own address, since they may be bit-fields (item 13). */
static Node *fixed_place(Node *lhs)
{
	while (lhs->kind == N_PAREN)
		lhs = lhs->a;
	if (lhs->kind == N_IDENT || (!lhs->suspends && stable_place(lhs)))
		return lhs;
	Node *r;
	if (lhs->kind == N_MEMBER && !strcmp(lhs->op, ".")) {
		r = copy_node(lhs);
		r->a = fixed_place(lhs->a);
		if (r->a->kind == N_UNARY) {      /* (*p).m */
			Node *p = new_node(N_PAREN, lhs->loc);
			p->a = r->a;
			r->a = p;
		}
		return r;
	}
	if (lhs->kind == N_MEMBER) {            /* p->m: save p */
		r = copy_node(lhs);
		r->a = lower_expr(lhs->a, true);
		if (!stable(r->a))
			r->a = spill(r->a, NULL);
		return r;
	}
	Node *addr = new_node(N_UNARY, lhs->loc);
	addr->op = "&";
	Node *p = new_node(N_PAREN, lhs->loc);
	p->a = lower_expr(lhs, true);
	addr->a = p;
	Node *ptr = spill(addr, NULL);
	r = new_node(N_UNARY, lhs->loc);
	r->op = "*";
	r->a = ptr;
	return r;
}

/* x op= (yield y): x is read before the yield (SPEC: left to right). */
static Node *lower_compound_assign(Node *e, bool want)
{
	Node *lhs = e->a;
	while (lhs->kind == N_PAREN)
		lhs = lhs->a;
	if (lhs->kind == N_IDENT && lhs->sym && !lhs->sym->addr_taken &&
	    !lhs->sym->is_static && !lhs->sym->is_extern) {
		Node *r = copy_node(e);
		r->b = lower_expr(e->b, true);
		return r;
	}
	const char *op = xstrndup(e->op, strlen(e->op) - 1);
	Node *target = fixed_place(lhs);
	/* Typed as `old + 0`: a bit-field has no __typeof__, and the
	 * compound assignment promotes the old value anyway. */
	Node *pv = new_node(N_PAREN, e->loc);
	pv->a = target;
	Node *zero = new_node(N_NUM, e->loc);
	zero->text = "0";
	Node *old = spill(target, new_binary(N_BINARY, "+", pv, zero, e->loc));
	Node *rhs = lower_expr(e->b, true);
	Node *p = new_node(N_PAREN, e->loc);
	p->a = rhs;
	Node *set = assign(target, new_binary(N_BINARY, op, old, p, e->loc));
	if (!want)
		return set;
	/* A used value is `(x = old op y) + 0`: gcc does not warn about
	 * `+(x &= y) && c`, but does about the plain assignment it becomes
	 * (-Wparentheses, even parenthesised). The value is the same; its type
	 * is the promoted one, which any arithmetic on it would use anyway. */
	Node *paren = new_node(N_PAREN, e->loc);
	paren->a = set;
	Node *zero2 = new_node(N_NUM, e->loc);
	zero2->text = "0";
	return new_binary(N_BINARY, "+", paren, zero2, e->loc);
}

/* Returns an expression free of suspensions, after emitting the statements
 * that must run first. With !want the value is not needed (may be NULL). */
static Node *lower_expr(Node *e, bool want)
{
	if (!e || !e->suspends)
		return e;
	Node *r;
	switch (e->kind) {
	case N_YIELD:
		return lower_yield(e);
	case N_YIELD_FROM:
		return lower_yield_from(e);
	case N_PAREN:
		r = copy_node(e);
		r->a = lower_expr(e->a, want);
		if (!r->a)
			return NULL;
		if (r->a->kind == N_SENT || r->a->kind == N_TEMP || r->a->kind == N_CHILD_RESULT)
			return r->a;
		return r;
	case N_ASSIGN:
		if (strcmp(e->op, "=") != 0)
			return lower_compound_assign(e, want);
		r = copy_node(e);
		r->b = lower_expr(e->b, true);
		if (e->a->suspends) {
			if (!stable(r->b))
				r->b = spill(r->b, NULL);
			r->a = lower_expr(e->a, true);
		}
		return r;
	case N_BINARY:
		if (!strcmp(e->op, "&&") || !strcmp(e->op, "||"))
			return lower_logical(e, want);
		r = copy_node(e);
		lower_operands((Node **[]){&r->a, &r->b}, 2, false);
		return r;
	case N_COND:
		return lower_cond(e, want);
	case N_COMMA: {
		Node *a = lower_expr(e->a, false);
		bool kept = a && a->kind != N_SENT && a->kind != N_CHILD_RESULT && a->kind != N_TEMP;
		if (want && !e->b->suspends) {
			/* The value stays a comma expression, `(a, b)` or
			 * `((void)0, b)`: alone, `b` would draw warnings the
			 * source does not (`g = (..., g)` becoming `g = g`,
			 * clang's -Wself-assign; a constant operand). */
			if (!kept) {
				a = new_node(N_RAW, e->loc);
				a->text = "(void)0";
			}
			r = copy_node(e);
			r->a = a;
			Node *p = new_node(N_PAREN, e->loc);
			p->a = r;
			return p;
		}
		if (kept)
			emit_expr_stmt(a);
		return lower_expr(e->b, want);
	}
	case N_INDEX:
		r = copy_node(e);
		lower_operands((Node **[]){&r->a, &r->b}, 2, false);
		return r;
	case N_UNARY: case N_POSTFIX: case N_MEMBER: case N_CAST: case N_INIT_ITEM:
		r = copy_node(e);
		r->a = lower_expr(e->a, true);
		return r;
	case N_CALL: case N_COMPOUND: case N_INIT_LIST: case N_GENERIC:
		return lower_list_like(e, false);
	default:
		return e;
	}
}

/* Calls, compound literals, initialiser lists, _Generic: the head (callee)
 * then the elements, left to right. */
static Node *lower_list_like(Node *e, bool later_outside)
{
	Node *r = copy_node(e);
	int n = e->list.len + 1;
	Node ***ops = xalloc(sizeof(Node **) * (size_t)n);
	Node **vals = xalloc(sizeof(Node *) * (size_t)n);
	vals[0] = r->a;
	ops[0] = &vals[0];
	for (int i = 0; i < e->list.len; i++) {
		vals[i + 1] = e->list.items[i];
		ops[i + 1] = &vals[i + 1];
	}
	/* An initialiser item is lowered through its value. */
	for (int i = 1; i < n; i++) {
		Node *it = vals[i];
		if (it && it->kind == N_INIT_ITEM) {
			Node *c = copy_node(it);
			vals[i] = c;
			ops[i] = &c->a;
		}
	}
	/* A function called by name is not a value that can change. */
	Node *none = NULL;
	if (e->kind == N_CALL && e->a->kind == N_IDENT && !e->a->sym)
		ops[0] = &none;
	lower_operands(ops, n, later_outside);
	r->a = vals[0];
	r->list = (Vec){0};
	for (int i = 1; i < n; i++)
		vec_push(&r->list, vals[i]);
	return r;
}

/* A full expression: reset the set of locals it assigns. */
static Node *lower_full(Node *e, bool want)
{
	assigned.len = 0;
	collect_assigned(e);
	return lower_expr(e, want);
}

static void lower_expr_stmt(Node *e)
{
	Node *v = lower_full(e, false);
	if (v && v->kind != N_SENT && v->kind != N_CHILD_RESULT && v->kind != N_TEMP)
		emit_expr_stmt(v);
}

/* ------------------------------------------------------------ defers */

static BlockScope *push_block(void)
{
	BlockScope *b = xalloc(sizeof *b);
	vec_push(&blocks, b);
	return b;
}

static void run_defers_of(BlockScope *b, int from, int to)
{
	for (int i = from - 1; i >= to; i--) {
		Node *d = b->defers.items[i];
		Ir *ir = add(IR_DEFER, d->loc);
		ir->node = d;
	}
}

/* Run the defers of every block deeper than `depth`, innermost first. */
static void run_defers_to(int depth)
{
	for (int i = blocks.len - 1; i >= depth; i--) {
		BlockScope *b = blocks.items[i];
		run_defers_of(b, b->defers.len, 0);
	}
}

static Snapshot snapshot(void)
{
	Snapshot s;
	s.n = blocks.len;
	s.blocks = xalloc(sizeof(BlockScope *) * (size_t)(s.n + 1));
	s.counts = xalloc(sizeof(int) * (size_t)(s.n + 1));
	for (int i = 0; i < s.n; i++) {
		s.blocks[i] = blocks.items[i];
		s.counts[i] = ((BlockScope *)blocks.items[i])->defers.len;
	}
	return s;
}

static void record_state_defers(int state)
{
	(void)state;
	Vec *v = xalloc(sizeof *v);
	for (int i = blocks.len - 1; i >= 0; i--) {
		BlockScope *b = blocks.items[i];
		for (int k = b->defers.len - 1; k >= 0; k--)
			vec_push(v, b->defers.items[k]);
	}
	vec_push(&coro->state_defers, v);
}

/* A goto runs the defers of the blocks it leaves: those open at the goto
 * and not at the label, plus, in the deepest shared block, those registered
 * after the label (a backward jump). */
static void patch_gotos(void)
{
	for (int i = 0; i < pending_gotos.len; i++) {
		PendingGoto *g = pending_gotos.items[i];
		PendingLabel *l = NULL;
		for (int k = 0; k < pending_labels.len && !l; k++) {
			PendingLabel *x = pending_labels.items[k];
			if (!strcmp(x->name, g->ir->node->text))
				l = x;
		}
		if (!l)
			continue;
		int common = 0;
		while (common < g->at.n && common < l->at.n && g->at.blocks[common] == l->at.blocks[common])
			common++;
		Vec *saved = out;
		Vec list = {0};
		out = &list;
		for (int b = g->at.n - 1; b >= common; b--)
			run_defers_of(g->at.blocks[b], g->at.counts[b], 0);
		if (common > 0 && common - 1 < l->at.n) {
			int b = common - 1;
			if (g->at.counts[b] > l->at.counts[b])
				run_defers_of(g->at.blocks[b], g->at.counts[b], l->at.counts[b]);
		}
		out = saved;
		g->ir->list = list;
	}
}

/* ------------------------------------------------------------ statements */

/* After break, continue, return or goto the block's end is not reached:
 * its defers already ran on the way out. */
static bool ends_in_jump(Vec *list)
{
	if (list->len == 0)
		return false;
	IrKind k = ((Ir *)list->items[list->len - 1])->kind;
	return k == IR_BREAK || k == IR_CONTINUE || k == IR_RETURN || k == IR_GOTO || k == IR_JUMP;
}

static LoopInfo *push_loop(bool is_switch, int cont_label)
{
	LoopInfo *l = xalloc(sizeof *l);
	l->is_switch = is_switch;
	l->cont_label = cont_label;
	l->depth = blocks.len;
	vec_push(&loops, l);
	return l;
}

static Ir *lower_body(Node *n)
{
	Vec *saved = out;
	Ir *b = new_ir(IR_BLOCK, n ? n->loc : (Loc){0, 0, 0});
	out = &b->list;
	lower_stmt(n);
	out = saved;
	/* A lone block needs no second pair of braces. */
	if (b->list.len == 1 && ((Ir *)b->list.items[0])->kind == IR_BLOCK)
		return b->list.items[0];
	return b;
}

/* if (!(cond)) break; with the condition's prelude before it. */
static void break_unless(Node *cond)
{
	Node *c = lower_full(cond, true);
	Ir *ifir = add(IR_IF, cond->loc);
	ifir->expr = negate(c);
	Vec *saved;
	ifir->a = block_ir(cond->loc, &saved);
	add(IR_BREAK, cond->loc);
	out = saved;
}

static void lower_decl(Decl *d, Loc loc)
{
	if (d->lifted)
		return;                   /* printed at file scope (check.c) */
	if (d->items.len == 0) {      /* enum { lo = 1 }; struct s { ... }; */
		Ir *ir = add(IR_DECL, loc);
		ir->decl = d;
		return;
	}
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		if (id->sym && id->sym->is_static)
			continue;             /* hoisted to file scope */
		Node *init = id->init;
		if (init && init->suspends)
			init = lower_full(init, true);   /* its prelude comes first */
		Ir *ir = add(IR_DECL, loc);
		ir->decl = d;
		ir->id = i;
		ir->expr = init;
	}
}

/* for (int i = 0, j = n; ...) with scalar initialisers can keep them in
 * the header as assignments to frame fields. */
static bool simple_frame_decl(Decl *d)
{
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		if (!id->sym || id->sym->is_static)
			return false;
		if (id->init && (id->init->kind == N_INIT_LIST || dcl_kind(d->spec, id->dcl) == TK_ARRAY))
			return false;
	}
	return true;
}

static void lower_loop(Node *n)
{
	bool header = (n->kind == N_FOR && ((n->a && n->a->suspends) || (n->b && n->b->suspends) ||
					    (n->c && n->c->suspends))) ||
		      (n->kind != N_FOR && n->a->suspends);
	bool frame_decl = n->kind == N_FOR && n->a && n->a->kind == N_DECL && n->a->decl->in_frame;
	if (!header && (!frame_decl || simple_frame_decl(n->a->decl))) {
		Ir *ir = add(IR_LOOP, n->loc);
		ir->node = n;
		ir->id = frame_decl ? 2 : 0;   /* 2: print the frame inits in the header */
		push_loop(false, 0);
		ir->a = lower_body(n->kind == N_FOR ? n->d : n->b);
		loops.len--;
		return;
	}
	Vec *saved = out;
	Ir *outer = NULL;
	if (n->kind == N_FOR) {
		outer = add(IR_BLOCK, n->loc);
		out = &outer->list;
		push_block();
		if (n->a && n->a->kind == N_DECL)
			lower_decl(n->a->decl, n->a->loc);
		else if (n->a)
			lower_expr_stmt(n->a);
	}
	if (!header) {
		/* for (frame decl; cond; step): keep the loop, init before it. */
		Ir *ir = add(IR_LOOP, n->loc);
		ir->node = n;
		ir->id = 1;               /* "init already done" */
		push_loop(false, 0);
		ir->a = lower_body(n->d);
		loops.len--;
	} else {
		Ir *ir = add(IR_FOREVER, n->loc);
		Vec *s2 = out;
		ir->a = new_ir(IR_BLOCK, n->loc);
		out = &ir->a->list;
		int cont = n->kind == N_WHILE ? 0 : ++next_label;
		if (n->kind == N_WHILE)
			break_unless(n->a);
		else if (n->kind == N_FOR && n->b)
			break_unless(n->b);
		push_loop(false, cont);
		Node *body = n->kind == N_FOR ? n->d : n->b;
		Ir *b = lower_body(body);
		vec_push(out, b);
		loops.len--;
		if (cont) {
			if (cont < jump_counts.len && jump_counts.items[cont]) {
				Ir *m = add(IR_MARK, n->loc);
				m->id = cont;
			}
			if (n->kind == N_DO)
				break_unless(n->a);
			else if (n->c)
				lower_expr_stmt(n->c);
		}
		out = s2;
	}
	if (outer) {
		BlockScope *b = blocks.items[blocks.len - 1];
		run_defers_of(b, b->defers.len, 0);
		blocks.len--;
	}
	out = saved;
}

static void lower_stmt(Node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_BLOCK: {
		Vec *saved;
		Ir *b = block_ir(n->loc, &saved);
		vec_push(saved, b);
		BlockScope *bs = push_block();
		for (int i = 0; i < n->list.len; i++)
			lower_stmt(n->list.items[i]);
		if (!ends_in_jump(out))
			run_defers_of(bs, bs->defers.len, 0);
		blocks.len--;
		out = saved;
		break;
	}
	case N_DECL:
		lower_decl(n->decl, n->loc);
		break;
	case N_EXPR_STMT:
		lower_expr_stmt(n->a);
		break;
	case N_IF: {
		Node *c = lower_full(n->a, true);
		Ir *ir = add(IR_IF, n->loc);
		ir->expr = c;
		ir->a = lower_body(n->b);
		if (n->c)
			ir->b = lower_body(n->c);
		break;
	}
	case N_WHILE: case N_DO: case N_FOR:
		lower_loop(n);
		break;
	case N_SWITCH: {
		Node *c = lower_full(n->a, true);
		Ir *ir = add(IR_SWITCH, n->loc);
		ir->expr = c;
		push_loop(true, 0);
		ir->a = lower_body(n->b);
		loops.len--;
		break;
	}
	case N_CASE: case N_DEFAULT: {
		Ir *ir = add(IR_CASE, n->loc);
		ir->node = n;
		lower_stmt(n->b);
		break;
	}
	case N_LABEL: {
		Ir *ir = add(IR_LABEL, n->loc);
		ir->node = n;
		PendingLabel *l = xalloc(sizeof *l);
		l->name = n->text;
		l->at = snapshot();
		vec_push(&pending_labels, l);
		lower_stmt(n->a);
		break;
	}
	case N_GOTO: {
		Ir *ir = add(IR_GOTO, n->loc);
		ir->node = n;
		PendingGoto *g = xalloc(sizeof *g);
		g->ir = ir;
		g->at = snapshot();
		vec_push(&pending_gotos, g);
		break;
	}
	case N_BREAK: case N_CONTINUE: {
		LoopInfo *target = NULL;
		for (int i = loops.len - 1; i >= 0 && !target; i--) {
			LoopInfo *l = loops.items[i];
			if (n->kind == N_BREAK || !l->is_switch)
				target = l;
		}
		if (target)
			run_defers_to(target->depth);
		if (n->kind == N_CONTINUE && target && target->cont_label) {
			Ir *j = add(IR_JUMP, n->loc);
			j->id = target->cont_label;
			while (jump_counts.len <= j->id)
				vec_push(&jump_counts, NULL);
			jump_counts.items[j->id] = (void *)1;
		} else {
			add(n->kind == N_BREAK ? IR_BREAK : IR_CONTINUE, n->loc);
		}
		break;
	}
	case N_RETURN: {
		if (n->a) {
			Node *v = lower_full(n->a, true);
			Ir *ir = add(IR_SET_RET, n->loc);
			ir->expr = v;
		}
		run_defers_to(0);
		add(IR_RETURN, n->loc);
		break;
	}
	case N_DEFER: {
		BlockScope *b = blocks.items[blocks.len - 1];
		vec_push(&b->defers, n);
		break;
	}
	case N_NULL: case N_RAW: {
		Ir *ir = add(IR_STMT, n->loc);
		ir->node = n;
		break;
	}
	default:
		break;
	}
}

/* A deferred statement, lowered on its own each time it is run. */
Ir *lower_defer(Coro *c, Node *defer)
{
	Coro *saved_coro = coro;
	Vec *saved_out = out;
	Vec saved_blocks = blocks, saved_loops = loops;
	coro = c;
	blocks = (Vec){0};
	loops = (Vec){0};
	Ir *b = new_ir(IR_BLOCK, defer->loc);
	out = &b->list;
	push_block();
	lower_stmt(defer->a);
	coro = saved_coro;
	out = saved_out;
	blocks = saved_blocks;
	loops = saved_loops;
	if (b->list.len == 1 && ((Ir *)b->list.items[0])->kind == IR_BLOCK)
		return b->list.items[0];
	return b;
}

static void lower_coro(Coro *c)
{
	coro = c;
	blocks = (Vec){0};
	loops = (Vec){0};
	pending_gotos = (Vec){0};
	pending_labels = (Vec){0};
	next_label = 0;
	jump_counts = (Vec){0};
	assigned = (Vec){0};
	c->nstates = 1;
	vec_push(&c->state_lines, (void *)(intptr_t)c->loc.line);
	vec_push(&c->state_defers, xalloc(sizeof(Vec)));
	Vec top = {0};
	out = &top;
	lower_stmt(c->body);
	patch_gotos();
	c->ir = top.items[0];
}

void lower_program(Program *p)
{
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_definition)
			lower_coro(c);
	}
	/* Link declarations to definitions for the emitter. */
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (!c->is_definition)
			c->def = find_coro(c->name);
	}
}
