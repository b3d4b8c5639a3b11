/*
 * ir.c — the IR's one table: each operation's name in `--dump-ir` and the C
 * the emitter prints for it (emit_ir in emit.c follows this column, one
 * case per row; docs/INTERNALS.md "The IR" lists the operands).
 *
 * In the C column: F is the frame pointer, X the exit variable, `done` the
 * label after the body, resume_S / next_L / cleanup_L the generated labels.
 */
#include "corogen.h"

const IrOpInfo ir_ops[IR_NKINDS] = {
	[IR_BLOCK]    = {"block",      "{ list }"},
	[IR_STMT]     = {"stmt",       "text  (or ;)"},
	[IR_EXPR]     = {"expr",       "expr;  (a saved struct: memcpy from a block-scope copy)"},
	[IR_DECL]     = {"decl",       "T name = expr;  (a frame local: F->name = expr;)"},
	[IR_IF]       = {"if",         "if (expr) a else b"},
	[IR_LOOP]     = {"loop",       "while (expr) a | do a while (expr); | for (init; expr; step) a"},
	[IR_FOREVER]  = {"forever",    "for (;;) a"},
	[IR_SWITCH]   = {"switch",     "switch (expr) a"},
	[IR_CASE]     = {"case",       "case expr:  (default:)"},
	[IR_LABEL]    = {"label",      "name: ;"},
	[IR_GOTO]     = {"goto",       "list  goto name;"},
	[IR_JUMP]     = {"jump",       "X = exit; goto next_L;  (or cleanup_L)"},
	[IR_MARK]     = {"mark",       "next_L: ;  (or cleanup_L)"},
	[IR_BREAK]    = {"break",      "break;"},
	[IR_CONTINUE] = {"continue",   "continue;"},
	[IR_YIELD]    = {"yield",      "F->base.value = expr; F->base.state = S; return CO_YIELDED; resume_S: ;"},
	[IR_DELEGATE] = {"delegate",   "start child; F->base.state = S; return CO_DELEGATE; resume_S: result = its value;"},
	[IR_RETURN]   = {"return",     "goto done;"},
	[IR_SET_RET]  = {"set-return", "F->ret = expr;"},
	[IR_DEFER]    = {"run-defer",  "a"},
	[IR_SET_EXIT] = {"set-exit",   "X = exit;"},
	[IR_ON_EXIT]  = {"on-exit",    "if (X == exit) a  (EXIT_ANY: if (X) a; reset: X = 0 first)"},
};
