/* dump.c — `corogen --dump-ir`: the lowered IR as indented text, one
 * operation per line with its .co line, so each lowering rule can be tested
 * by its dump. */
#include "corogen.h"

#include <stdint.h>

static Buf *out;
static CPrint names;          /* IR names, in the coroutine being dumped */

static void pad(int depth)
{
	for (int i = 0; i < depth; i++)
		buf_puts(out, "  ");
}

static void expr(Node *n)
{
	if (n)
		cprint_expr(out, &names, n);
	else
		buf_puts(out, "-");
}

static void dump(Ir *ir, int depth);

static void dump_list(Vec *v, int depth)
{
	for (int i = 0; i < v->len; i++)
		dump(v->items[i], depth);
}

static void line(Ir *ir)
{
	buf_printf(out, "    @%d\n", ir->loc.line);
}

static void dump(Ir *ir, int depth)
{
	if (!ir)
		return;
	pad(depth);
	switch (ir->kind) {
	case IR_BLOCK:
		buf_puts(out, "block");
		line(ir);
		dump_list(&ir->list, depth + 1);
		return;
	case IR_STMT:
		buf_puts(out, "stmt ");
		buf_puts(out, ir->node->kind == N_RAW ? ir->node->text : ";");
		break;
	case IR_EXPR:
		buf_puts(out, "expr ");
		expr(ir->expr);
		break;
	case IR_DECL: {
		InitDcl *id = ir->decl->items.items[ir->id];
		buf_printf(out, "decl %s %s", ir->decl->in_frame ? "frame" : "local",
			   id->sym ? id->sym->field ? id->sym->field : id->sym->name : "?");
		if (ir->expr) {
			buf_puts(out, " = ");
			expr(ir->expr);
		}
		break;
	}
	case IR_IF:
		buf_puts(out, "if ");
		expr(ir->expr);
		line(ir);
		dump(ir->a, depth + 1);
		if (ir->b) {
			pad(depth);
			buf_puts(out, "else\n");
			dump(ir->b, depth + 1);
		}
		return;
	case IR_LOOP: {
		Node *n = ir->node;
		const char *k = n->kind == N_WHILE ? "while" : n->kind == N_DO ? "do-while" : "for";
		buf_printf(out, "loop %s", k);
		if (n->kind != N_FOR) {
			buf_puts(out, " ");
			expr(n->cond);
		} else {
			buf_puts(out, " (");
			if (ir->id != 1 && n->init && n->init->kind != N_DECL)
				expr(n->init);
			else if (ir->id != 1 && n->init)
				buf_puts(out, "decl");
			buf_puts(out, "; ");
			expr(n->cond);
			buf_puts(out, "; ");
			expr(n->inc);
			buf_puts(out, ")");
		}
		line(ir);
		dump(ir->a, depth + 1);
		return;
	}
	case IR_FOREVER:
		buf_puts(out, "forever");
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_SWITCH:
		buf_puts(out, "switch ");
		expr(ir->expr);
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_CASE:
		if (ir->node->kind == N_CASE) {
			buf_puts(out, "case ");
			expr(ir->node->lhs);
		} else {
			buf_puts(out, "default");
		}
		if (ir->node->fallthrough)
			buf_puts(out, " (fallthrough)");
		break;
	case IR_LABEL:
		buf_printf(out, "label %s", ir->node->text);
		break;
	case IR_GOTO:
		buf_printf(out, "goto %s", ir->node->text);
		if (ir->list.len)
			buf_printf(out, " after %d defer(s)", ir->list.len);
		break;
	case IR_JUMP:
		buf_printf(out, "jump L%d", ir->id);
		break;
	case IR_MARK:
		buf_printf(out, "mark L%d", ir->id);
		break;
	case IR_BREAK:
		buf_puts(out, "break");
		break;
	case IR_CONTINUE:
		buf_puts(out, "continue");
		break;
	case IR_YIELD:
		buf_printf(out, "yield state %d value ", ir->id);
		expr(ir->expr);
		break;
	case IR_DELEGATE:
		buf_printf(out, "delegate state %d %s ", ir->id,
			   !ir->child ? (ir->owned ? "dynamic owned" : "dynamic") : ir->child_heap ? "heap" : "embedded");
		expr(ir->args_call);
		if (ir->expr) {
			buf_puts(out, " -> ");
			expr(ir->expr);
		}
		break;
	case IR_SET_RET:
		buf_puts(out, "set-return ");
		expr(ir->expr);
		break;
	case IR_RETURN:
		buf_puts(out, "return");
		break;
	case IR_DEFER:
		buf_printf(out, "run-defer from line %d", ir->node->loc.line);
		break;
	}
	line(ir);
}

void dump_ir_program(Buf *b, Program *p)
{
	out = b;
	for (int i = 0; i < p->coros.len; i++) {
		Coro *c = p->coros.items[i];
		if (!c->is_definition)
			continue;
		names = (CPrint){.coro = c, .mode = CP_IR};
		buf_printf(out, "coroutine %s: %d state(s)\n", c->name, c->nstates);
		buf_puts(out, "  frame:");
		for (int k = 0; k < c->symbols.len; k++) {
			Symbol *s = c->symbols.items[k];
			if (s->in_frame && !s->is_static)
				buf_printf(out, " %s", s->field);
		}
		for (int k = 0; k < c->embedded.len; k++)
			buf_printf(out, " sub.%s", ((Coro *)c->embedded.items[k])->name);
		buf_puts(out, "\n  locals:");
		for (int k = 0; k < c->symbols.len; k++) {
			Symbol *s = c->symbols.items[k];
			if (!s->in_frame && !s->is_temp)
				buf_printf(out, " %s%s", s->name, s->is_static ? "(static)" : "");
		}
		buf_puts(out, "\n  states:");
		for (int s = 1; s < c->nstates; s++) {
			Vec *d = c->state_defers.items[s];
			buf_printf(out, " %d@%d", s, (int)(intptr_t)c->state_lines.items[s]);
			if (d->len)
				buf_printf(out, "(%d defer)", d->len);
		}
		buf_puts(out, "\n");
		dump(c->ir, 1);
		buf_puts(out, "\n");
	}
}
