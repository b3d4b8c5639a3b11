/*
 * debuginfo.c — the table of a coroutine's parameters and frame locals that
 * the gdb extension (runtime/coro-gdb.py) reads, so that a debugger shows
 * `total` where the C code says `f->total`.
 *
 * The table is a string, one record a line:
 *
 *   corogen-debug 1 FVAR GVAR HIDDEN...  version, frame pointer and co_gen *
 *                                    names, then the resume function's other
 *                                    generated C locals (the value sent in,
 *                                    the return value) that gdb hides
 *   p NAME FIELD FIRST LAST          a parameter: source name, frame field,
 *   l NAME FIELD FIRST LAST          a frame local: .co lines of its scope
 *
 * A local is in scope from its declaration's line to the line of the brace
 * that closes its block (a `for` declaration: to the end of the loop's
 * body). Locals that stay C locals are in the DWARF already and are not
 * listed; neither are the lowering's temporaries.
 */
#include "corogen.h"

#include <string.h>

/* Line of the `}` matching each `{` of the coroutine's text, indexed by
 * offset from `base`: one pass, so deep nesting costs nothing extra. */
typedef struct BraceMap {
	int base, len;
	int *close_line;
} BraceMap;

static BraceMap map_braces(const Coro *c)
{
	const char *t = cur_source->text;
	int from = c->loc.off < c->src_start ? c->loc.off : c->src_start;
	int line = c->loc.line;
	for (int i = from; i < c->loc.off; i++)   /* src_start may come first */
		line -= t[i] == '\n';
	BraceMap m = {from, c->src_end - from, NULL};
	if (m.len <= 0)
		return m;
	m.close_line = xalloc(sizeof(int) * (size_t)m.len);
	int *stack = xalloc(sizeof(int) * (size_t)m.len);
	int depth = 0;
	for (int i = from; i < c->src_end; i++) {
		char ch = t[i];
		if (ch == '\n') {
			line++;
		} else if (ch == '/' && t[i + 1] == '*') {
			for (i += 2; i < c->src_end && !(t[i] == '*' && t[i + 1] == '/'); i++)
				line += t[i] == '\n';
			i++;
		} else if (ch == '/' && t[i + 1] == '/') {
			while (i + 1 < c->src_end && t[i + 1] != '\n')
				i++;
		} else if (ch == '"' || ch == '\'') {
			for (i++; i < c->src_end && t[i] != ch && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
		} else if (ch == '{') {
			stack[depth++] = i - from;
		} else if (ch == '}' && depth > 0) {
			m.close_line[stack[--depth]] = line;
		}
	}
	return m;
}

static int block_end(const BraceMap *m, const Node *block, int fallback)
{
	int i = block->loc.off - m->base;
	if (i < 0 || i >= m->len || !m->close_line[i])
		return fallback;
	return m->close_line[i];
}

static void add_record(Buf *b, char kind, const Symbol *s, int first, int last)
{
	buf_printf(b, "%c %s %s %d %d\\n", kind, s->name, s->field, first, last);
}

static void visit(Buf *b, const BraceMap *m, Node *n, int end)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_BLOCK:
		end = block_end(m, n, end);
		break;
	case N_FOR:
		if (n->init && n->init->kind == N_DECL) {
			int loop_end = n->body && n->body->kind == N_BLOCK ? block_end(m, n->body, end) : n->loc.line;
			visit(b, m, n->init, loop_end > n->loc.line ? loop_end : end);
			visit(b, m, n->cond, end);
			visit(b, m, n->inc, end);
			visit(b, m, n->body, end);
			return;
		}
		break;
	case N_DECL:
		for (int i = 0; n->decl && i < n->decl->items.len; i++) {
			InitDcl *id = n->decl->items.items[i];
			Symbol *s = id->sym;
			if (s && s->in_frame && !s->is_static && !s->is_extern && !s->is_temp && s->field)
				add_record(b, 'l', s, s->loc.line, end);
		}
		return;
	default:
		break;
	}
	Node *kids[NODE_MAX_KIDS];
	for (int i = 0, k = node_kids(n, kids); i < k; i++)
		visit(b, m, kids[i], end);
	for (int i = 0; i < n->list.len; i++)
		visit(b, m, n->list.items[i], end);
}

const char *debug_table(const Coro *c, int last_line)
{
	Buf b = {0};
	buf_printf(&b, "corogen-debug 1 %s %s %s", c->fvar, c->gvar, c->svar);
	if (type_returns_in_value(c->ret))
		buf_printf(&b, " %s", c->rvar);
	if (c->exit_var)
		buf_printf(&b, " %s", c->exit_var);
	buf_puts(&b, "\\n");
	for (int i = 0; i < c->params.len; i++) {
		Param *p = c->params.items[i];
		if (p->sym && p->sym->field)
			add_record(&b, 'p', p->sym, c->loc.line, last_line);
	}
	BraceMap m = map_braces(c);
	visit(&b, &m, c->body, last_line);
	const char *s = xstrdup(b.data);
	buf_free(&b);
	return s;
}
