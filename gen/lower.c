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

/* An exit that runs defers on its way: a break, continue or return that
 * leaves blocks with defers. It jumps into the cleanup chain of the
 * innermost of them with its code in the exit variable; the outermost
 * one (`stop`) does `action` (see close_block). Exits with the same action
 * and stop share a code. */
typedef struct Exit {
	int code;                 /* > 0 */
	Ir *action;               /* IR_BREAK, IR_CONTINUE, IR_JUMP or IR_RETURN */
	Vec setters;              /* Setter * of the jumps that take this exit */
	bool stored;              /* some of them store the code */
} Exit;

/* A jump into a cleanup chain and the blocks it goes through: it needs to
 * store its code only when one of them compares the exit variable. */
typedef struct Setter {
	Ir *jump;                 /* IR_JUMP, or the IR_SET_EXIT it became */
	Vec path;                 /* Block *, innermost first */
} Setter;

/* One record per open block, loop or switch, innermost first (Lua's
 * BlockCnt): the break and continue targets and the defers per block are
 * one chain. */
typedef enum BlockKind { BK_BLOCK, BK_LOOP, BK_SWITCH } BlockKind;
typedef struct Block {
	struct Block *prev;
	BlockKind kind;
	int cont_label;           /* BK_LOOP: continue jumps here; 0 = C's continue */
	/* BK_BLOCK */
	Vec defers;               /* IR_DEFER records registered so far */
	Vec entries;              /* (intptr_t) label of the chain entered after N defers, at N */
	Vec exits;                /* Exit * that stop here */
	Vec passing;              /* Exit * that go on outwards */
	int outward;              /* label of the next chain outwards */
	bool tests;               /* its chain compares the exit variable */
} Block;

/* The defer state at a point: the blocks open and how many defers each had. */
typedef struct Snapshot {
	int n;
	Block **blocks;           /* outermost first */
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
static Block *chain;          /* the innermost open block, loop or switch */
static Vec exits;             /* Exit * of the coroutine, by code - 1 */
static Vec setters;           /* Setter *, checked once the coroutine is lowered */
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

/* A name for a generated C local: spelled nowhere in the coroutine. */
static const char *fresh_name(const char *want)
{
	if (!ident_used(want))
		return want;
	for (int i = 2;; i++) {
		const char *n = xprintf("%s_%d", want, i);
		if (!ident_used(n))
			return n;
	}
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
	p->lhs = e;
	not1->lhs = p;
	Node *not2 = new_node(N_UNARY, e->loc);
	not2->op = "!";
	not2->lhs = not1;
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
		return stable(n->lhs);
	case N_UNARY:
		if (!strcmp(n->op, "&"))
			return n->lhs->kind == N_IDENT || (n->lhs->kind == N_PAREN && stable(n->lhs));
		if (!strcmp(n->op, "*") || !strcmp(n->op, "++") || !strcmp(n->op, "--"))
			return false;
		return stable(n->lhs);
	case N_BINARY: case N_COMMA:
		return stable(n->lhs) && stable(n->rhs);
	case N_RAW:
		return !strcmp(n->text, "(void)0");   /* a comma's left, lowered away */
	case N_MEMBER:
		return !strcmp(n->op, ".") && stable(n->lhs);
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
		return stable_place(n->lhs);
	case N_UNARY:
		return !strcmp(n->op, "*") && stable(n->lhs);
	case N_INDEX:
		return stable(n->lhs) && stable(n->rhs);
	case N_MEMBER:
		return !strcmp(n->op, ".") ? stable_place(n->lhs) : stable(n->lhs);
	default:
		return false;
	}
}

/* ------------------------------------------------------------ expressions */

static Node *lower_expr(Node *e, bool want);
static void lower_stmt(Node *n);
static Ir *lower_defer(Node *defer);

static Node *negate(Node *cond)
{
	Node *p = new_node(N_PAREN, cond->loc);
	p->lhs = cond;
	Node *n = new_node(N_UNARY, cond->loc);
	n->op = "!";
	n->lhs = p;
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
	Node *v = e->lhs ? lower_expr(e->lhs, true) : NULL;
	Ir *ir = add(IR_YIELD, e->loc);
	ir->expr = v;
	ir->state = new_state(e->loc);
	Node *sent = new_node(N_SENT, e->loc);
	sent->state = ir->state;
	return sent;
}

static Node *lower_yield_from(Node *e)
{
	Node *g = e->lhs;
	while (g->kind == N_PAREN)
		g = g->lhs;
	Ir *ir;
	if (e->target) {
		int n = g->list.len;
		Node **args = xalloc(sizeof(Node *) * (size_t)(n + 1));
		Node ***ops = xalloc(sizeof(Node **) * (size_t)(n + 1));
		for (int i = 0; i < n; i++) {
			args[i] = g->list.items[i];
			ops[i] = &args[i];
		}
		lower_operands(ops, n, false);
		ir = add(IR_DELEGATE, e->loc);
		ir->child = e->target;
		for (int i = 0; i < n; i++)
			vec_push(&ir->args, args[i]);
		Coro *def = e->target;
		bool heap = !def->is_definition || def->index >= coro->index;
		ir->delegate = heap ? DG_HEAP : DG_EMBEDDED;
		if (heap) {
			coro->has_heap_child = true;
			def->heap_child |= def->is_definition;   /* emit.c gives it NAME__child */
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
		ir->gen = v;
		/* nobody else holds a call's result */
		ir->delegate = g->kind == N_CALL ? DG_OWNED : DG_DYNAMIC;
		coro->has_dyn_child = true;
	}
	ir->state = new_state(e->loc);
	Node *r = new_node(N_CHILD_RESULT, e->loc);
	r->state = ir->state;
	r->target = ir->child;
	/* Heap and dynamic children are freed or released right away, so
	 * their result is copied to a temp at the resume point. */
	if (ir->delegate != DG_EMBEDDED && !(ir->child && type_is_void(ir->child->ret))) {
		Symbol *t = new_temp(e->loc);
		t->typeof_expr = r;
		ir->result = temp_ref(t, e->loc);
		return temp_ref(t, e->loc);
	}
	return r;
}

static Node *lower_logical(Node *e, bool want)
{
	bool is_and = !strcmp(e->op, "&&");
	Node *a = lower_expr(e->lhs, true);
	if (!e->rhs->suspends) {
		Node *r = copy_node(e);
		r->lhs = a;
		return r;
	}
	Vec *saved;
	if (!want) {
		/* a && b; as a statement: if (a) b; */
		Ir *ifir = add(IR_IF, e->loc);
		ifir->expr = is_and ? a : negate(a);
		ifir->a = block_ir(e->loc, &saved);
		Node *b = lower_expr(e->rhs, false);
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
		neg->lhs = temp_ref(t, e->loc);
		ifir->expr = neg;
	}
	ifir->a = block_ir(e->loc, &saved);
	Node *b = lower_expr(e->rhs, true);
	emit_expr_stmt(int_temp_assign(t, b));
	out = saved;
	return temp_ref(t, e->loc);
}

static Node *lower_cond(Node *e, bool want)
{
	Node *a = lower_expr(e->cond, true);
	if (!e->then->suspends && !e->els->suspends) {
		Node *r = copy_node(e);
		r->cond = a;
		return r;
	}
	Symbol *t = want ? new_temp(e->loc) : NULL;
	if (t)
		t->typeof_expr = e;
	Ir *ifir = add(IR_IF, e->loc);
	ifir->expr = a;
	Vec *saved;
	ifir->a = block_ir(e->loc, &saved);
	Node *b = lower_expr(e->then, want);
	if (t)
		emit_expr_stmt(assign(temp_ref(t, e->loc), b));
	else if (b && b->kind != N_SENT && b->kind != N_CHILD_RESULT && b->kind != N_TEMP)
		emit_expr_stmt(b);
	out = saved;
	ifir->b = block_ir(e->loc, &saved);
	Node *c = lower_expr(e->els, want);
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
		lhs = lhs->lhs;
	if (lhs->kind == N_IDENT || (!lhs->suspends && stable_place(lhs)))
		return lhs;
	Node *r;
	if (lhs->kind == N_MEMBER && !strcmp(lhs->op, ".")) {
		r = copy_node(lhs);
		r->lhs = fixed_place(lhs->lhs);
		if (r->lhs->kind == N_UNARY) {      /* (*p).m */
			Node *p = new_node(N_PAREN, lhs->loc);
			p->lhs = r->lhs;
			r->lhs = p;
		}
		return r;
	}
	if (lhs->kind == N_MEMBER) {            /* p->m: save p */
		r = copy_node(lhs);
		r->lhs = lower_expr(lhs->lhs, true);
		if (!stable(r->lhs))
			r->lhs = spill(r->lhs, NULL);
		return r;
	}
	Node *addr = new_node(N_UNARY, lhs->loc);
	addr->op = "&";
	Node *p = new_node(N_PAREN, lhs->loc);
	p->lhs = lower_expr(lhs, true);
	addr->lhs = p;
	Node *ptr = spill(addr, NULL);
	r = new_node(N_UNARY, lhs->loc);
	r->op = "*";
	r->lhs = ptr;
	return r;
}

/* x op= (yield y): x is read before the yield (SPEC: left to right). */
static Node *lower_compound_assign(Node *e, bool want)
{
	Node *lhs = e->lhs;
	while (lhs->kind == N_PAREN)
		lhs = lhs->lhs;
	if (lhs->kind == N_IDENT && lhs->sym && !lhs->sym->addr_taken &&
	    !lhs->sym->is_static && !lhs->sym->is_extern) {
		Node *r = copy_node(e);
		r->rhs = lower_expr(e->rhs, true);
		return r;
	}
	const char *op = xstrndup(e->op, strlen(e->op) - 1);
	Node *target = fixed_place(lhs);
	/* Typed as `old + 0`: a bit-field has no __typeof__, and the
	 * compound assignment promotes the old value anyway. */
	Node *pv = new_node(N_PAREN, e->loc);
	pv->lhs = target;
	Node *zero = new_node(N_NUM, e->loc);
	zero->text = "0";
	Node *old = spill(target, new_binary(N_BINARY, "+", pv, zero, e->loc));
	Node *rhs = lower_expr(e->rhs, true);
	Node *p = new_node(N_PAREN, e->loc);
	p->lhs = rhs;
	Node *set = assign(target, new_binary(N_BINARY, op, old, p, e->loc));
	if (!want)
		return set;
	/* A used value is `(x = old op y) + 0`: gcc does not warn about
	 * `+(x &= y) && c`, but does about the plain assignment it becomes
	 * (-Wparentheses, even parenthesised). The value is the same; its type
	 * is the promoted one, which any arithmetic on it would use anyway. */
	Node *paren = new_node(N_PAREN, e->loc);
	paren->lhs = set;
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
		r->lhs = lower_expr(e->lhs, want);
		if (!r->lhs)
			return NULL;
		if (r->lhs->kind == N_SENT || r->lhs->kind == N_TEMP || r->lhs->kind == N_CHILD_RESULT)
			return r->lhs;
		return r;
	case N_ASSIGN:
		if (strcmp(e->op, "=") != 0)
			return lower_compound_assign(e, want);
		r = copy_node(e);
		r->rhs = lower_expr(e->rhs, true);
		if (e->lhs->suspends) {
			if (!stable(r->rhs))
				r->rhs = spill(r->rhs, NULL);
			r->lhs = lower_expr(e->lhs, true);
		}
		return r;
	case N_BINARY:
		if (!strcmp(e->op, "&&") || !strcmp(e->op, "||"))
			return lower_logical(e, want);
		r = copy_node(e);
		lower_operands((Node **[]){&r->lhs, &r->rhs}, 2, false);
		return r;
	case N_COND:
		return lower_cond(e, want);
	case N_COMMA: {
		Node *a = lower_expr(e->lhs, false);
		bool kept = a && a->kind != N_SENT && a->kind != N_CHILD_RESULT && a->kind != N_TEMP;
		const Node *rv = e->rhs;
		while (rv->kind == N_PAREN)
			rv = rv->lhs;
		/* a literal stays bare: clang's -Wconstant-conversion spares a
		 * hex literal (`int8_t` given 0xBB), not a comma ending in one */
		bool literal = rv->kind == N_NUM || rv->kind == N_CHAR;
		if (want && !e->rhs->suspends && (kept || !literal)) {
			/* The value stays a comma expression, `(a, b)` or
			 * `((void)0, b)`: alone, `b` would draw warnings the
			 * source does not (`g = (..., g)` becoming `g = g`,
			 * clang's -Wself-assign; a constant operand). */
			if (!kept) {
				a = new_node(N_RAW, e->loc);
				a->text = "(void)0";
			}
			r = copy_node(e);
			r->lhs = a;
			Node *p = new_node(N_PAREN, e->loc);
			p->lhs = r;
			return p;
		}
		if (kept)
			emit_expr_stmt(a);
		return lower_expr(e->rhs, want);
	}
	case N_INDEX:
		r = copy_node(e);
		lower_operands((Node **[]){&r->lhs, &r->rhs}, 2, false);
		return r;
	case N_UNARY: case N_POSTFIX: case N_MEMBER: case N_CAST: case N_INIT_ITEM:
		r = copy_node(e);
		r->lhs = lower_expr(e->lhs, true);
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
	vals[0] = r->lhs;
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
			ops[i] = &c->lhs;
		}
	}
	/* A function called by name is not a value that can change. */
	Node *none = NULL;
	if (e->kind == N_CALL && e->lhs->kind == N_IDENT && !e->lhs->sym)
		ops[0] = &none;
	lower_operands(ops, n, later_outside);
	r->lhs = vals[0];
	r->list = (Vec){0};
	for (int i = 1; i < n; i++)
		vec_push(&r->list, vals[i]);
	return r;
}

/* A full expression: reset the set of locals it assigns. */
static Node *lower_full(Node *e, bool want)
{
	assigned.len = 0;
	written_locals(e, &assigned);
	return lower_expr(e, want);
}

static void lower_expr_stmt(Node *e)
{
	Node *v = lower_full(e, false);
	if (v && v->kind != N_SENT && v->kind != N_CHILD_RESULT && v->kind != N_TEMP)
		emit_expr_stmt(v);
}

/* ------------------------------------------------------------ defers */

/* After break, continue, return or goto the block's end is not reached:
 * its defers already ran on the way out, or the way out leads through them. */
static bool ends_in_jump(Vec *list)
{
	if (list->len == 0)
		return false;
	IrKind k = ((Ir *)list->items[list->len - 1])->kind;
	return k == IR_BREAK || k == IR_CONTINUE || k == IR_RETURN || k == IR_GOTO || k == IR_JUMP;
}


static Block *push(BlockKind kind)
{
	Block *b = xalloc(sizeof *b);
	b->kind = kind;
	b->prev = chain;
	chain = b;
	return b;
}

static void pop(void)
{
	chain = chain->prev;
}

/* The records are shared: each exit lists the same IR_DEFER. */
static void run_defers_of(Block *b, int from, int to)
{
	for (int i = from - 1; i >= to; i--)
		vec_push(out, b->defers.items[i]);
}

static int new_label(void)
{
	return ++next_label;
}

static void count_jump(int label, int by)
{
	while (jump_counts.len <= label)
		vec_push(&jump_counts, NULL);
	jump_counts.items[label] = (void *)((intptr_t)jump_counts.items[label] + by);
}

static bool jumped_to(int label)
{
	return label < jump_counts.len && jump_counts.items[label];
}

/* The label of `b`'s cleanup chain entered with `n` defers registered. */
static int chain_entry(Block *b, int n)
{
	while (b->entries.len <= n)
		vec_push(&b->entries, NULL);
	if (!b->entries.items[n])
		b->entries.items[n] = (void *)(intptr_t)new_label();
	return (int)(intptr_t)b->entries.items[n];
}

/* Leave the blocks inside `stop` (a loop or switch record, or NULL: all
 * of them), running their defers, then do `action`. With no defer on the
 * way the action is all; else one jump into the first cleanup chain. */
static void leave_to(Block *stop, Ir *action)
{
	Vec path = {0};               /* blocks with defers, innermost first */
	for (Block *b = chain; b && b != stop; b = b->prev)
		if (b->kind == BK_BLOCK && b->defers.len)
			vec_push(&path, b);
	if (path.len == 0) {
		vec_push(out, action);
		return;
	}
	Block *last = path.items[path.len - 1];
	Exit *x = NULL;
	for (int i = 0; i < last->exits.len && !x; i++) {
		Exit *e = last->exits.items[i];
		if (e->action->kind == action->kind && e->action->label == action->label)
			x = e;
	}
	if (!x) {
		x = xalloc(sizeof *x);
		x->code = exits.len + 1;
		x->action = action;
		vec_push(&exits, x);
		vec_push(&last->exits, x);
	}
	for (int i = 0; i + 1 < path.len; i++) {
		Block *b = path.items[i], *next = path.items[i + 1];
		b->outward = chain_entry(next, next->defers.len);
		bool have = false;
		for (int k = 0; k < b->passing.len; k++)
			have |= b->passing.items[k] == x;
		if (!have)
			vec_push(&b->passing, x);
	}
	Block *first = path.items[0];
	Ir *j = add(IR_JUMP, action->loc);
	j->label = chain_entry(first, first->defers.len);
	j->cleanup = true;
	j->exit = x->code;
	count_jump(j->label, 1);
	Setter *st = xalloc(sizeof *st);
	st->jump = j;
	st->path = path;
	vec_push(&setters, st);
	vec_push(&x->setters, st);
}

static bool setter_needed(const Setter *st)
{
	for (int i = 0; i < st->path.len; i++)
		if (((Block *)st->path.items[i])->tests)
			return true;
	return false;
}

/* `if (exit == code) action`, or the action alone when nothing else can
 * reach this point. An exit that goes on running the coroutine clears the
 * variable, so that a block's own end (which sets nothing) finds 0. */
static void dispatch(Exit *x, Ir *action, bool alone)
{
	for (int i = 0; i < x->setters.len && !x->stored; i++)
		x->stored = setter_needed(x->setters.items[i]);
	bool reset = x->stored && action->kind != IR_RETURN;
	if (alone && !reset) {
		vec_push(out, action);
		return;
	}
	Ir *on = add(IR_ON_EXIT, action->loc);
	on->exit = alone ? 0 : x->code;
	on->reset = reset;
	on->a = action;
}

static Ir *copy_ir(Ir *ir)
{
	Ir *c = new_ir(ir->kind, ir->loc);
	*c = *ir;
	return c;
}

/* The end of block `b`: its defers, last registered first, once. Exits
 * jump to the label before the first defer they must run; after the last
 * defer each exit that stops here does its action, the others go on to
 * the next chain outwards. The block's own end falls into the chain with
 * the exit variable at 0. */
static void close_block(Block *b, Loc loc)
{
	bool falls = !ends_in_jump(out);
	int arriving = b->exits.len + b->passing.len;
	if (b->defers.len == 0 || (arriving == 0 && !falls))
		return;
	bool alone = !falls && arriving == 1;
	b->tests = !alone && (b->exits.len > 0 || falls);
	(void)loc;
	/* A jump to the chain right below it only stores its exit code. */
	Ir *last = out->len ? out->items[out->len - 1] : NULL;
	if (last && last->kind == IR_JUMP && last->cleanup &&
	    last->label == chain_entry(b, b->defers.len)) {
		last->kind = IR_SET_EXIT;
		count_jump(last->label, -1);
	}
	for (int n = b->defers.len; n > 0; n--) {
		if (n < b->entries.len && b->entries.items[n] &&
		    jumped_to((int)(intptr_t)b->entries.items[n])) {
			Ir *m = add(IR_MARK, loc);
			m->label = (int)(intptr_t)b->entries.items[n];
			m->cleanup = true;
		}
		vec_push(out, b->defers.items[n - 1]);
	}
	for (int i = 0; i < b->exits.len; i++) {
		Exit *x = b->exits.items[i];
		dispatch(x, copy_ir(x->action), alone);
	}
	if (b->passing.len) {
		Ir *d = b->defers.items[0];
		Ir *j = new_ir(IR_JUMP, d->loc);
		j->label = b->outward;
		j->cleanup = true;
		count_jump(j->label, 1);
		if (alone || (b->exits.len == 0 && !falls)) {
			vec_push(out, j);
		} else {
			Ir *on = add(IR_ON_EXIT, d->loc);
			on->exit = EXIT_ANY;
			on->a = j;
		}
	}
}

/* Exit codes nobody compares on the way need not be stored. Returns
 * whether any is. */
static bool drop_unused_setters(void)
{
	bool any = false;
	for (int i = 0; i < setters.len; i++) {
		Setter *st = setters.items[i];
		if (setter_needed(st))
			any = true;
		else
			st->jump->exit = 0;
	}
	return any;
}

/* An IR_SET_EXIT left with nothing to store goes. */
static void drop_empty_sets(Ir *ir)
{
	if (!ir)
		return;
	int k = 0;
	for (int i = 0; i < ir->list.len; i++) {
		Ir *x = ir->list.items[i];
		if (x->kind == IR_SET_EXIT && !x->exit)
			continue;
		ir->list.items[k++] = x;
		drop_empty_sets(x);
	}
	ir->list.len = k;
	drop_empty_sets(ir->a);
	drop_empty_sets(ir->b);
}

static Snapshot snapshot(void)
{
	Snapshot s = {0};
	for (Block *b = chain; b; b = b->prev)
		s.n += b->kind == BK_BLOCK;
	s.blocks = xalloc(sizeof(Block *) * (size_t)(s.n + 1));
	s.counts = xalloc(sizeof(int) * (size_t)(s.n + 1));
	int i = s.n;
	for (Block *b = chain; b; b = b->prev) {
		if (b->kind != BK_BLOCK)
			continue;
		i--;
		s.blocks[i] = b;
		s.counts[i] = b->defers.len;
	}
	return s;
}

static void record_state_defers(int state)
{
	(void)state;
	Vec *v = xalloc(sizeof *v);
	for (Block *b = chain; b; b = b->prev)
		for (int k = b->defers.len - 1; k >= 0; k--)
			vec_push(v, b->defers.items[k]);
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
			if (!strcmp(x->name, g->ir->name))
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
		ir->declarator = i;
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

static LoopKind loop_kind(const Node *n)
{
	return n->kind == N_WHILE ? LOOP_WHILE : n->kind == N_DO ? LOOP_DO : LOOP_FOR;
}

/* for (int i = 0, j = n; ...) over frame locals: `f->i = 0, f->j = n` */
static Node *frame_inits(Decl *d)
{
	Node *list = NULL;
	for (int i = 0; i < d->items.len; i++) {
		InitDcl *id = d->items.items[i];
		if (!id->init)
			continue;
		Node *name = new_node(N_IDENT, id->dcl->loc);
		name->text = id->sym->name;
		name->sym = id->sym;
		Node *set = assign(name, id->init);
		list = list ? new_binary(N_COMMA, ",", list, set, set->loc) : set;
	}
	return list;
}

/* A loop whose header does not suspend stays a C loop, its header parts
 * the IR_LOOP's operands; `init` false: the for's initialisation was
 * lowered before the loop. */
static void add_loop(Node *n, bool init)
{
	Ir *ir = add(IR_LOOP, n->loc);
	ir->loop = loop_kind(n);
	if (n->kind == N_FOR) {
		Node *first = n->init;
		if (init && first && first->kind == N_DECL && first->decl->in_frame)
			ir->init = frame_inits(first->decl);
		else if (init && first && first->kind == N_DECL)
			ir->init_decl = first->decl;
		else if (init)
			ir->init = first;
		ir->expr = n->cond;
		ir->step = n->inc;
	} else {
		ir->expr = n->cond;
	}
	push(BK_LOOP);
	ir->a = lower_body(n->body);
	pop();
}

static void lower_loop(Node *n)
{
	bool header = (n->kind == N_FOR && ((n->init && n->init->suspends) || (n->cond && n->cond->suspends) ||
					    (n->inc && n->inc->suspends))) ||
		      (n->kind != N_FOR && n->cond->suspends);
	bool frame_decl = n->kind == N_FOR && n->init && n->init->kind == N_DECL && n->init->decl->in_frame;
	if (!header && (!frame_decl || simple_frame_decl(n->init->decl))) {
		add_loop(n, true);
		return;
	}
	Vec *saved = out;
	Ir *outer = NULL;
	if (n->kind == N_FOR) {
		outer = add(IR_BLOCK, n->loc);
		out = &outer->list;
		push(BK_BLOCK);
		if (n->init && n->init->kind == N_DECL)
			lower_decl(n->init->decl, n->init->loc);
		else if (n->init)
			lower_expr_stmt(n->init);
	}
	if (!header) {
		/* for (frame decl; cond; step): keep the loop, init before it. */
		add_loop(n, false);
	} else {
		Ir *ir = add(IR_FOREVER, n->loc);
		Vec *s2 = out;
		ir->a = new_ir(IR_BLOCK, n->loc);
		out = &ir->a->list;
		int cont = n->kind == N_WHILE ? 0 : new_label();
		if (n->kind == N_WHILE)
			break_unless(n->cond);
		else if (n->kind == N_FOR && n->cond)
			break_unless(n->cond);
		push(BK_LOOP)->cont_label = cont;
		Node *body = n->body;
		Ir *b = lower_body(body);
		vec_push(out, b);
		pop();
		if (cont) {
			if (jumped_to(cont)) {
				Ir *m = add(IR_MARK, n->loc);
				m->label = cont;
			}
			if (n->kind == N_DO)
				break_unless(n->cond);
			else if (n->inc)
				lower_expr_stmt(n->inc);
		}
		out = s2;
	}
	if (outer) {
		close_block(chain, n->loc);
		pop();
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
		push(BK_BLOCK);
		for (int i = 0; i < n->list.len; i++)
			lower_stmt(n->list.items[i]);
		close_block(chain, n->loc);
		pop();
		out = saved;
		break;
	}
	case N_DECL:
		lower_decl(n->decl, n->loc);
		break;
	case N_EXPR_STMT:
		lower_expr_stmt(n->lhs);
		break;
	case N_IF: {
		Node *c = lower_full(n->cond, true);
		Ir *ir = add(IR_IF, n->loc);
		ir->expr = c;
		ir->a = lower_body(n->then);
		if (n->els)
			ir->b = lower_body(n->els);
		break;
	}
	case N_WHILE: case N_DO: case N_FOR:
		lower_loop(n);
		break;
	case N_SWITCH: {
		Node *c = lower_full(n->cond, true);
		Ir *ir = add(IR_SWITCH, n->loc);
		ir->expr = c;
		push(BK_SWITCH);
		ir->a = lower_body(n->body);
		pop();
		break;
	}
	case N_CASE: case N_DEFAULT: {
		Ir *ir = add(IR_CASE, n->loc);
		ir->expr = n->kind == N_CASE ? n->lhs : NULL;
		ir->fallthrough = n->fallthrough;
		lower_stmt(n->body);
		break;
	}
	case N_LABEL: {
		Ir *ir = add(IR_LABEL, n->loc);
		ir->name = n->text;
		PendingLabel *l = xalloc(sizeof *l);
		l->name = n->text;
		l->at = snapshot();
		vec_push(&pending_labels, l);
		lower_stmt(n->body);
		break;
	}
	case N_GOTO: {
		Ir *ir = add(IR_GOTO, n->loc);
		ir->name = n->text;
		PendingGoto *g = xalloc(sizeof *g);
		g->ir = ir;
		g->at = snapshot();
		vec_push(&pending_gotos, g);
		break;
	}
	case N_BREAK: case N_CONTINUE: {
		Block *target = chain;
		while (target && !(target->kind == BK_LOOP ||
				   (target->kind == BK_SWITCH && n->kind == N_BREAK)))
			target = target->prev;
		Ir *action;
		if (n->kind == N_CONTINUE && target && target->cont_label) {
			action = new_ir(IR_JUMP, n->loc);
			action->label = target->cont_label;
			count_jump(action->label, 1);
		} else {
			action = new_ir(n->kind == N_BREAK ? IR_BREAK : IR_CONTINUE, n->loc);
		}
		leave_to(target, action);
		break;
	}
	case N_RETURN: {
		if (n->lhs) {
			Node *v = lower_full(n->lhs, true);
			Ir *ir = add(IR_SET_RET, n->loc);
			ir->expr = v;
		}
		leave_to(NULL, new_ir(IR_RETURN, n->loc));
		break;
	}
	case N_DEFER:
		vec_push(&chain->defers, lower_defer(n));
		break;
	case N_NULL: case N_RAW: {
		Ir *ir = add(IR_STMT, n->loc);
		ir->text = n->kind == N_RAW ? n->text : NULL;
		break;
	}
	default:
		break;
	}
}

/* A deferred statement, lowered once where it is registered: an IR_DEFER
 * record whose body (`a`) every exit of the block runs, and the destroy
 * function too. The body cannot suspend, jump out or defer (check.c), so
 * it is lowered as a statement of its own, outside the current nesting. */
static Ir *lower_defer(Node *defer)
{
	Vec *saved_out = out;
	Block *saved_chain = chain;
	chain = NULL;
	Ir *ir = new_ir(IR_DEFER, defer->loc);
	Ir *b = new_ir(IR_BLOCK, defer->loc);
	out = &b->list;
	push(BK_BLOCK);
	lower_stmt(defer->body);
	out = saved_out;
	chain = saved_chain;
	/* `defer { f(); }` runs `f();`: no braces of its own */
	while (b->list.len == 1 && ((Ir *)b->list.items[0])->kind == IR_BLOCK)
		b = b->list.items[0];
	ir->a = b->list.len == 1 ? b->list.items[0] : b;
	return ir;
}

static void lower_coro(Coro *c)
{
	coro = c;
	chain = NULL;
	exits = (Vec){0};
	setters = (Vec){0};
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
	if (drop_unused_setters())
		c->exit_var = fresh_name("exit_to");
	drop_empty_sets(c->ir);
}

void lower_program(Program *p)
{
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (c->is_definition)
			lower_coro(c);
	}
}
