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

static const char *const loop_names[] = {
	[LOOP_WHILE] = "while", [LOOP_DO] = "do-while", [LOOP_FOR] = "for",
};

static const char *const delegate_names[] = {
	[DG_EMBEDDED] = "embedded", [DG_HEAP] = "heap",
	[DG_DYNAMIC] = "dynamic", [DG_OWNED] = "dynamic owned",
};

static void args(Vec *v)
{
	buf_puts(out, "(");
	for (int i = 0; i < v->len; i++) {
		buf_puts(out, i ? ", " : "");
		expr(v->items[i]);
	}
	buf_puts(out, ")");
}

/* One line per operation: its name (ir_ops), its operands, its .co line;
 * bodies indented below. */
static void dump(Ir *ir, int depth)
{
	if (!ir)
		return;
	pad(depth);
	buf_puts(out, ir_ops[ir->kind].name);
	switch (ir->kind) {
	case IR_BLOCK:
		line(ir);
		dump_list(&ir->list, depth + 1);
		return;
	case IR_STMT:
		buf_printf(out, " %s", ir->text ? ir->text : ";");
		break;
	case IR_EXPR: case IR_SET_RET:
		buf_puts(out, " ");
		expr(ir->expr);
		break;
	case IR_DECL: {
		InitDcl *id = ir->decl->items.len ? ir->decl->items.items[ir->declarator] : NULL;
		buf_printf(out, " %s %s", ir->decl->in_frame ? "frame" : "local",
			   id && id->sym ? id->sym->field ? id->sym->field : id->sym->name : "-");
		if (ir->expr) {
			buf_puts(out, " = ");
			expr(ir->expr);
		}
		break;
	}
	case IR_IF:
		buf_puts(out, " ");
		expr(ir->expr);
		line(ir);
		dump(ir->a, depth + 1);
		if (ir->b) {
			pad(depth);
			buf_puts(out, "else\n");
			dump(ir->b, depth + 1);
		}
		return;
	case IR_LOOP:
		buf_printf(out, " %s", loop_names[ir->loop]);
		if (ir->loop != LOOP_FOR) {
			buf_puts(out, " ");
			expr(ir->expr);
		} else {
			buf_puts(out, " (");
			if (ir->init_decl) {
				/* C locals declared in the header */
				Decl *d = ir->init_decl;
				buf_puts(out, "local");
				for (int i = 0; i < d->items.len; i++) {
					InitDcl *id = d->items.items[i];
					buf_printf(out, "%s %s", i ? "," : "", dcl_name(id->dcl));
					if (id->init) {
						buf_puts(out, " = ");
						expr(id->init);
					}
				}
			} else if (ir->init)
				expr(ir->init);
			buf_puts(out, "; ");
			expr(ir->expr);
			buf_puts(out, "; ");
			expr(ir->step);
			buf_puts(out, ")");
		}
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_FOREVER: case IR_DEFER:
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_SWITCH:
		buf_puts(out, " ");
		expr(ir->expr);
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_CASE:
		if (ir->expr) {
			buf_puts(out, " ");
			expr(ir->expr);
		} else {
			buf_puts(out, " default");
		}
		if (ir->fallthrough)
			buf_puts(out, " (fallthrough)");
		break;
	case IR_LABEL:
		buf_printf(out, " %s", ir->name);
		break;
	case IR_GOTO:
		buf_printf(out, " %s", ir->name);
		line(ir);
		dump_list(&ir->list, depth + 1);
		return;
	case IR_JUMP: case IR_MARK:
		buf_printf(out, " %s%d", ir->cleanup ? "C" : "L", ir->label);
		if (ir->kind == IR_JUMP && ir->exit)
			buf_printf(out, " exit %d", ir->exit);
		break;
	case IR_BREAK: case IR_CONTINUE: case IR_RETURN:
		break;
	case IR_YIELD:
		buf_printf(out, " state %d value ", ir->state);
		expr(ir->expr);
		break;
	case IR_DELEGATE:
		buf_printf(out, " state %d %s ", ir->state, delegate_names[ir->delegate]);
		if (ir->child) {
			buf_puts(out, ir->child->name);
			args(&ir->args);
		} else {
			expr(ir->gen);
		}
		if (ir->result) {
			buf_puts(out, " -> ");
			expr(ir->result);
		}
		break;
	case IR_SET_EXIT:
		buf_printf(out, " %d", ir->exit);
		break;
	case IR_ON_EXIT:
		if (ir->exit == EXIT_ANY)
			buf_puts(out, " any");
		else if (ir->exit)
			buf_printf(out, " %d", ir->exit);
		else
			buf_puts(out, " always");
		if (ir->reset)
			buf_puts(out, " reset");
		line(ir);
		dump(ir->a, depth + 1);
		return;
	case IR_NKINDS:
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
			/* what the destroy function runs there: the run-defer
			 * records of these lines, innermost first */
			for (int k = 0; k < d->len; k++)
				buf_printf(out, "%s@%d", k ? " " : "(defers ",
					   ((Ir *)d->items[k])->loc.line);
			buf_puts(out, d->len ? ")" : "");
		}
		buf_puts(out, "\n");
		dump(c->ir, 1);
		buf_puts(out, "\n");
	}
}
