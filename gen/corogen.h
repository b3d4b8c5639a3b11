/*
 * corogen.h — the one header shared by every phase of the compiler,
 * sectioned per file (chibicc style).
 *
 * Pipeline (see main.c): scan+parse (grammar/) -> check.c -> lower.c -> emit.c
 * Memory policy: corogen is short-lived; everything is allocated from one
 * arena (util.c) and released at exit in one go.
 */
#ifndef COROGEN_H
#define COROGEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define COROGEN_VERSION "0.1.0"

typedef struct Node Node;
typedef struct Type Type;
typedef struct Spec Spec;
typedef struct Dcl Dcl;
typedef struct Decl Decl;
typedef struct Symbol Symbol;
typedef struct Coro Coro;
typedef struct Ir Ir;
typedef struct CPrint CPrint;

/* ---------------------------------------------------------------- util.c */

typedef struct Vec {
	void **items;
	int len, cap;
} Vec;

void *xalloc(size_t size);                 /* zeroed, from the arena */
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vec_push(Vec *v, void *item);
void arena_release(void);

/* A growable string buffer. */
typedef struct Buf {
	char *data;
	size_t len, cap;
} Buf;
void buf_putn(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);

/* ---------------------------------------------------------------- diag.c */

/* A position in the .co file; `off` is the byte offset. */
/* A position; `off` is the byte offset in the .co file, or, from
 * HEADER_BASE up, in one of the headers read (see source_base). */
typedef struct Loc {
	int line, col;
	int off;
} Loc;

typedef struct Source {
	const char *name;     /* as given on the command line ("<stdin>" for -) */
	const char *text;     /* NUL-terminated copy of the whole file */
	size_t len;
} Source;

#define HEADER_BASE (1 << 30)

extern Source *cur_source;
extern int loc_base;      /* added to the offset of every Loc the parser makes */
/* Give a header its range of offsets; returns its base. */
int source_register(const Source *src);
extern int error_count;
extern bool diag_quiet;
void error_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void note_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_flush(void);   /* print the collected diagnostics in source order */
void warn_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ----------------------------------------------------------- typenames.c */

/* What kind of value a type name stands for; decides how values travel
 * through the `void *` slot of co_gen. */
typedef enum TypeKind {
	TK_UNKNOWN,   /* a %type name: could be anything */
	TK_VOID,
	TK_INT,       /* integer, enum, _Bool */
	TK_FLOAT,
	TK_PTR,
	TK_AGG,       /* struct or union */
	TK_ARRAY,
	TK_FUNC,
} TypeKind;

void typenames_init(void);
bool is_type_name(const char *name);
TypeKind typename_kind(const char *name);
bool typename_is_const(const char *name);
void typename_add(const char *name, TypeKind kind);
/* Fed every token outside coroutines, in order, to learn typedefs. */
void typedef_watch(int tok, const char *text);
void typedef_watch_reset(void);
/* `int T;` in a coroutine hides the typedef T until the scope's '}'. */
void typename_shadow(const char *name, int depth);
void typename_unshadow(int depth);

/* ----------------------------------------------------------- functions.c */

void functions_reset(void);
void function_watch(int tok, const char *text);   /* tokens outside coroutines */
bool is_plain_function(const char *name);         /* defined in the .co file */
bool is_gen_factory(const char *name);            /* declared returning co_gen * */
void functions_watch_reset(void);                 /* between files, keeps what was learnt */

/* ------------------------------------------------------------------ cpp.c */

extern bool cpp_mode;         /* the input is the C preprocessor's output */
extern bool cpp_in_header;    /* the scanner is in a header's lines */
bool linemarker(const char *text, int *line, const char **file);
void cpp_marker(const char *file);
void cpp_begin(const Source *src);    /* build the line table */
int cpp_map_line(int pp_line);        /* a line of the output -> of its file */
/* Run the preprocessor (args[0] and its arguments, NULL-terminated);
 * 0, 1 if it reported errors, 2 if it could not run. */
int run_cpp(const char *const *args, Buf *out);
void cpp_drop_builtins(Buf *text);

/* --------------------------------------------------------------- macros.c */

typedef struct Macro {
	const char *name;
	Loc loc;
	Vec idents;           /* free identifiers of its body (char *) */
} Macro;

void macros_reset(void);
void macro_watch(const char *text, Loc loc);   /* a preprocessor line outside coroutines */
const Macro *find_macro(const char *name);

/* ------------------------------------------------------------------ ast.c */

/* A declaration specifier word, printed from its source text. */
typedef enum SpecWordKind { SW_STORAGE, SW_QUAL, SW_TYPE } SpecWordKind;
typedef struct SpecWord {
	SpecWordKind kind;
	const char *text;     /* exact source text (a struct body included) */
	bool has_body;        /* struct/union/enum with { ... } */
	bool is_static, is_typedef, is_extern;
} SpecWord;

struct Spec {
	Vec words;            /* of SpecWord */
	Loc loc;
};

/* A declarator, as a tree from the outside in (`*p[3]` is PTR(ARRAY(NAME))). */
typedef enum DclKind { D_NAME, D_ABSTRACT, D_PTR, D_ARRAY, D_FUNC, D_PAREN } DclKind;
struct Dcl {
	DclKind kind;
	const char *name;     /* D_NAME */
	Loc loc;
	const char *quals;    /* D_PTR: "const", ... or NULL */
	Node *size;           /* D_ARRAY: NULL for [] */
	const char *params;   /* D_FUNC: source text of "(...)" */
	Dcl *inner;
};

/* A type as written: specifiers plus a (possibly abstract) declarator. */
struct Type {
	Spec *spec;
	Dcl *dcl;
	Loc loc;
};

typedef struct InitDcl {
	Dcl *dcl;
	Node *init;
	Symbol *sym;
} InitDcl;

struct Decl {
	Spec *spec;
	Vec items;            /* of InitDcl */
	Loc loc;
	bool in_frame;        /* decided by check.c */
	bool no_frame;        /* only extern or function declarators */
	bool lifted;          /* a typedef or a bare struct definition moved to file scope */
};

typedef enum NodeKind {
	/* expressions */
	N_IDENT, N_NUM, N_CHAR, N_STR, N_PAREN,
	N_UNARY,        /* op lhs        (- + ! ~ * & ++ --) */
	N_POSTFIX,      /* lhs op        (++ --) */
	N_BINARY,       /* lhs op rhs */
	N_ASSIGN,       /* lhs op rhs    (= += ...) */
	N_COND,         /* cond ? then : els */
	N_COMMA,        /* lhs , rhs */
	N_CALL,         /* lhs(list) */
	N_INDEX,        /* lhs[rhs] */
	N_MEMBER,       /* lhs op text   (. ->) */
	N_CAST,         /* (type) lhs */
	N_SIZEOF_EXPR, N_SIZEOF_TYPE, N_ALIGNOF,
	N_COMPOUND,     /* (type){ list } */
	N_INIT_LIST,    /* { list } of N_INIT_ITEM */
	N_INIT_ITEM,    /* designators in list (N_DESIG_*), value in lhs */
	N_DESIG_INDEX, N_DESIG_FIELD,
	N_GENERIC,      /* _Generic(lhs, list of N_GENERIC_ASSOC) */
	N_GENERIC_ASSOC,/* type (NULL = default): lhs */
	N_TYPE_ARG,     /* a type used as a macro argument: va_arg(ap, int) */
	N_YIELD,        /* yield lhs (lhs may be NULL) */
	N_YIELD_FROM,   /* yield from lhs */
	/* pseudo-expressions made by the lowering */
	N_TEMP,         /* a frame temporary: sym */
	N_SENT,         /* the value sent into the last suspension, as type */
	N_CHILD_RESULT, /* the return value of the finished delegate */
	N_RAW,          /* C text printed as is */
	/* statements */
	N_BLOCK, N_DECL, N_EXPR_STMT, N_IF, N_WHILE, N_DO, N_FOR, N_SWITCH,
	N_CASE, N_DEFAULT, N_BREAK, N_CONTINUE, N_RETURN, N_GOTO, N_LABEL,
	N_NULL, N_DEFER,
} NodeKind;

/*
 * A node of the AST. The operand fields are named for their role (chibicc's
 * manner); each kind uses only these:
 *
 *   lhs        the one operand of N_PAREN, N_UNARY, N_POSTFIX, N_MEMBER,
 *              N_CAST, N_SIZEOF_EXPR, N_YIELD (may be NULL), N_YIELD_FROM,
 *              N_INIT_ITEM (value), N_DESIG_INDEX (index), N_GENERIC
 *              (controlling expression), N_GENERIC_ASSOC (value),
 *              N_EXPR_STMT, N_RETURN (may be NULL), N_CASE (the label value);
 *              the callee of N_CALL; the left side of N_BINARY, N_ASSIGN,
 *              N_COMMA, N_INDEX (the array)
 *   rhs        the right side of N_BINARY, N_ASSIGN, N_COMMA, N_INDEX
 *   cond       N_IF, N_COND, N_WHILE, N_DO, N_SWITCH; N_FOR (may be NULL)
 *   then, els  N_IF (els may be NULL), N_COND
 *   init, inc  N_FOR (an expression or an N_DECL; each may be NULL)
 *   body       N_WHILE, N_DO, N_FOR, N_SWITCH, N_CASE, N_DEFAULT, N_LABEL,
 *              N_DEFER
 */
struct Node {
	NodeKind kind;
	Loc loc;
	const char *op;       /* operator spelling */
	const char *text;     /* identifier, literal, member or label name */
	Node *lhs, *rhs;
	Node *cond, *then, *els;
	Node *init, *inc;
	Node *body;
	Vec list;             /* arguments, block items, initialiser items */
	Type *type;           /* cast, sizeof, compound literal, type arg */
	Decl *decl;           /* N_DECL, and a for's declaration */
	Symbol *sym;          /* N_IDENT naming a local; N_TEMP */
	Coro *target;         /* N_YIELD_FROM of a known coroutine */
	bool fallthrough;     /* case/default preceded by a fallthrough comment */
	bool suspends;        /* contains a yield or yield from (check.c) */
	int state;            /* N_SENT / N_CHILD_RESULT: which suspension */
};

/* The operand fields a kind uses, in source order (for walkers that visit
 * every child): stores the non-NULL ones in kids, returns how many. */
#define NODE_MAX_KIDS 4
int node_kids(const Node *n, Node *kids[NODE_MAX_KIDS]);
/* The locals (Symbol *) an expression assigns or steps, appended to out. */
void written_locals(const Node *n, Vec *out);

Node *new_node(NodeKind kind, Loc loc);
Node *new_binary(NodeKind kind, const char *op, Node *lhs, Node *rhs, Loc loc);
Spec *new_spec(Loc loc);
void spec_add(Spec *s, SpecWordKind kind, const char *text);
Dcl *new_dcl(DclKind kind, Dcl *inner, Loc loc);
Dcl *dcl_set_inner(Dcl *outer, Dcl *innermost);
const char *dcl_name(const Dcl *d);
Loc dcl_loc(const Dcl *d);
Type *make_type(const char *text);     /* e.g. make_type("void *") */

/* Coroutine definitions and declarations. */
typedef struct Param {
	Spec *spec;
	Dcl *dcl;
	Symbol *sym;
} Param;

struct Coro {
	const char *name;
	Loc loc;
	bool is_static;
	bool is_definition;
	Type *ret;            /* return type */
	Type *yields;         /* yield type (void * when not written) */
	bool yields_written;
	Vec params;           /* of Param */
	const char *params_text;  /* "(int n, ...)" as written */
	Node *body;
	int src_start, src_end;   /* byte range in the .co file */
	int index;            /* order of definition in the file */
	Vec symbols;          /* all locals and params, for the frame */
	Vec temps;            /* frame temporaries made by the lowering */
	Vec embedded;         /* coroutines whose frames this one embeds */
	Vec heap_targets;     /* coroutines it delegates to through the heap */
	Vec idents;           /* every identifier spelled in it (for fresh names) */
	const char *gvar;     /* the co_gen * parameter of generated functions */
	const char *svar;     /* the resume function's parameter: the value sent in */
	const char *rvar;     /* its local holding a return value that travels in the value */
	const char *done_label;
	const char *next_label;   /* prefix of continue labels of rewritten loops */
	const char *cleanup_label;  /* prefix of labels of cleanup chains */
	const char *exit_var;     /* the resume function's exit variable, or NULL */
	bool has_heap_child, has_dyn_child;
	bool heap_child;      /* a coroutine of this file delegates to it through the heap:
				 it gets a constructor without task room, NAME__child */
	Ir *ir;
	const char *fvar;     /* name of the frame pointer in generated code */
	const char *label_prefix;
	int nstates;
	Vec state_lines;      /* (intptr_t) .co line of each state */
	Vec state_defers;     /* per state: Vec * of IR_DEFER records, innermost first */
	bool broken;          /* had a syntax error: not checked further */
	bool from_header;     /* declared in a header's __COROGEN__ block */
	Vec lifted;           /* file-scope definitions of the body's types (char *) */
	int errors_before;
};

/* A top-level item of the .co file, in order. */
typedef enum ItemKind { IT_CORO, IT_DIRECTIVE } ItemKind;
typedef struct Item {
	ItemKind kind;
	int start, end;       /* byte range replaced in the output */
	Coro *coro;
} Item;

typedef struct Program {
	Vec items;            /* of Item, in source order */
	Vec coros;            /* of Coro (definitions and declarations) */
} Program;

extern Program *program;

/* ---------------------------------------------------------- parse glue */

int parse_source(Source *src);   /* 0 when the parse succeeded */
/* Learn the typedefs (and co_gen factories) of a header's C text. */
void scan_typedefs(Source *src);
extern bool parsing_header;      /* coro_finish records header declarations */
void outside_reset(void);        /* before a file's parse */
void outside_finish(void);       /* after it: unclosed braces */

/* --------------------------------------------------------------- headers.c */

typedef struct IncludePaths {
	const char *co_dir;          /* directory of the .co file */
	const char **dirs;           /* -I directories, in order */
	int ndirs;
	const char *runtime_dir;     /* where coro.h lives, or NULL */
} IncludePaths;

/* Follow the #include lines of the .co text through `paths`, reading the
 * `#ifdef __COROGEN__` blocks of the headers found. */
void headers_learn(const char *text, size_t len, const IncludePaths *paths);

/* A recent token, for error messages that look back. */
struct TokRec {
	int kind;
	const char *text;
	Loc loc;
};

/* The scanner's state, shared with the parser's actions. */
struct ScanState {
	struct TokRec recent[4];  /* recent[0] is the last token scanned */
	bool eof_reported;        /* an error at end of file was already given */
	Source *src;
	int line, col, off;
	bool fallthrough;     /* a fallthrough comment since the last token */
	bool after_yield;     /* `from` right after `yield` is a keyword */
	Loc comment_loc;
	Vec braces;           /* (intptr_t) line of each open '{' */
	int depth;
	int corodepth;        /* >0 while inside a coroutine body */
	bool in_broken;       /* skipping the rest of a coroutine after a syntax error */
};

/* ----------------------------------------------------------------- type.c */

TypeKind type_kind(const Type *t);
TypeKind spec_kind(const Spec *s);
TypeKind dcl_kind(const Spec *s, const Dcl *d);
bool dcl_is_const_typedef(const Spec *s, const Dcl *d);
/* Print a type; `name` goes where the declarator's identifier is (NULL for an
 * abstract type). Array sizes are printed by cprint.c in the context `p`;
 * the forms without one print them as written. */
void print_type(Buf *b, const Type *t, const char *name);
void print_type_in(Buf *b, CPrint *p, const Type *t, const char *name);
void print_decl_as(Buf *b, const Spec *s, const Dcl *d, const char *name,
		   bool drop_storage, bool drop_const);
void print_decl_in(Buf *b, CPrint *p, const Spec *s, const Dcl *d, const char *name,
		   bool drop_storage, bool drop_const);
char *type_str(const Type *t);
char *type_display(const Type *t);
bool type_is_void(const Type *t);
bool type_returns_in_value(const Type *t);

/* ---------------------------------------------------------------- check.c */

struct Symbol {
	const char *name;
	Loc loc;
	Spec *spec;
	Dcl *dcl;             /* declarator (name inside) */
	Decl *decl;           /* NULL for params and temps */
	bool is_param;
	bool is_static;       /* static local: hoisted to file scope */
	bool is_extern;
	bool addr_taken;
	bool in_frame;
	bool is_temp;
	bool is_literal;      /* frame storage of a compound literal */
	const char *field;    /* name in the frame / hoisted global */
	Node *typeof_expr;    /* temps: typed as __typeof__ of this expression */
	bool enum_as_int;     /* its enum type is defined in the body: an int in the frame */
};

void check_program(Program *p);
Coro *find_coro(const char *name);

/* ------------------------------------------------------------- the IR */

/* The operations; gen/ir.c's table `ir_ops` gives each its dump name and
 * its C, and docs/INTERNALS.md ("The IR") its operands. */
typedef enum IrKind {
	IR_BLOCK,       /* { list } */
	IR_STMT,        /* text;  (a null statement, or raw C) */
	IR_EXPR,        /* expr; */
	IR_DECL,        /* declarator `declarator` of decl, initialised by expr */
	IR_IF,          /* if (expr) a else b */
	IR_LOOP,        /* loop kind `loop`: while (expr) a / do a while (expr) /
			   for (init or init_decl; expr; step) a */
	IR_FOREVER,     /* for (;;) a */
	IR_SWITCH,      /* switch (expr) a */
	IR_CASE,        /* case expr: (default: when expr is NULL) */
	IR_LABEL,       /* name: */
	IR_GOTO,        /* the defers in list, then goto name; */
	IR_JUMP,        /* goto a lowering label (label), storing exit first if > 0 */
	IR_MARK,        /* a lowering label (label) */
	IR_BREAK, IR_CONTINUE,
	IR_YIELD,       /* suspend handing out expr; resume at state */
	IR_DELEGATE,    /* start a yield from child; resume at state */
	IR_RETURN,      /* finish (the value is already stored) */
	IR_SET_RET,     /* store the return value: expr */
	IR_DEFER,       /* a deferred statement run here: its lowered body a */
	IR_SET_EXIT,    /* exit variable = exit: falling into the cleanup chain below */
	IR_ON_EXIT,     /* if (exit variable == exit) a (a jump); EXIT_ANY: != 0; 0: always */
	IR_NKINDS
} IrKind;

typedef enum LoopKind { LOOP_WHILE, LOOP_DO, LOOP_FOR } LoopKind;

/* How a `yield from` reaches its child (SPEC: embedded when the child is
 * defined earlier in the file). */
typedef enum DelegateKind {
	DG_EMBEDDED,          /* the child's frame lives in the parent's `sub` union */
	DG_HEAP,              /* a coroutine created on the heap, freed when it returns */
	DG_DYNAMIC,           /* a co_gen * value, borrowed */
	DG_OWNED,             /* a co_gen * made by a call for this delegation: freed */
} DelegateKind;

struct Ir {
	IrKind kind;
	Loc loc;
	Node *expr;           /* the operand: value, condition, initialiser, case value */
	Ir *a, *b;            /* bodies: then/else, loop/switch body, defer body, on-exit jump */
	Vec list;             /* IR_BLOCK: items; IR_GOTO: the defers it runs first */
	const char *name;     /* IR_LABEL, IR_GOTO: the user's label */
	const char *text;     /* IR_STMT: raw C, or NULL for `;` */
	bool fallthrough;     /* IR_CASE: after a fallthrough comment */
	int state;            /* IR_YIELD, IR_DELEGATE: the state resumed */
	int label;            /* IR_JUMP, IR_MARK */
	bool cleanup;         /* IR_JUMP, IR_MARK: a label of a cleanup chain */
	int exit;             /* IR_JUMP: exit code stored first (0: none); IR_SET_EXIT,
			         IR_ON_EXIT: code stored or tested */
	bool reset;           /* IR_ON_EXIT: clear the exit variable before the jump */
	/* IR_DECL */
	Decl *decl;
	int declarator;       /* index in decl->items (0 when it has none) */
	/* IR_LOOP */
	LoopKind loop;
	Node *init;           /* for: an expression (frame locals' assignments too) */
	Decl *init_decl;      /* for: a declaration of C locals */
	Node *step;
	/* IR_DELEGATE */
	DelegateKind delegate;
	Coro *child;          /* DG_EMBEDDED, DG_HEAP; NULL for a dynamic delegate */
	Vec args;             /* DG_EMBEDDED, DG_HEAP: the lowered arguments (Node *) */
	Node *gen;            /* DG_DYNAMIC, DG_OWNED: the co_gen * expression */
	Node *result;         /* DG_HEAP, dynamic: the temporary that keeps the value */
};

/* ------------------------------------------------------------------ ir.c */

/* One row per operation: its name in --dump-ir and the C it becomes. */
typedef struct IrOpInfo {
	const char *name;
	const char *c;
} IrOpInfo;
extern const IrOpInfo ir_ops[IR_NKINDS];

#define EXIT_ANY (-1)

/* ---------------------------------------------------------------- lower.c */

void lower_program(Program *p);
void dump_ir_program(Buf *out, Program *p);   /* dump.c */

/* -------------------------------------------------------------- compile.c */

typedef struct CompileOptions {
	bool line_directives;
	bool dump_ir;
	Buf *header;              /* also write the --header declarations here */
	const char *header_guard;
	const IncludePaths *includes;  /* NULL: learn nothing from headers */
	bool cpp;                 /* the text is `cc -E` output (--cpp) */
} CompileOptions;

/* Compile one .co text; diagnostics go to stderr. Returns 0, or 1 when the
 * input has errors (then `out` holds nothing useful). Reentrant. */
int corogen_compile(const char *name, const char *text, size_t len,
		    const CompileOptions *opt, Buf *out);

/* --------------------------------------------------------------- cprint.c */

/* How the printer spells what the lowering made of the source. */
typedef enum CPrintMode {
	CP_C,         /* C: frame locals as f->x, temporaries f->tmp1, the sent
			 value read from the frame */
	CP_TYPEOF,    /* C inside __typeof__ at file scope (the frame's types):
			 locals and lowering values become typed placeholders */
	CP_IR,        /* --dump-ir: locals by their source names, temporaries
			 %t1, the value sent into state 2 %sent2, the result of
			 the delegate of state 3 %result3 */
} CPrintMode;

/* A printing context, passed explicitly: nothing is taken from the phase
 * that happens to run. NULL as a context prints as written. */
struct CPrint {
	const Coro *coro;     /* whose locals and temporaries; NULL: outside any */
	CPrintMode mode;
	int placeholders;     /* placeholders printed: each gets its own address */
	const Node *full;     /* the full expression being printed (cprint_expr sets it) */
};

void cprint_expr(Buf *b, CPrint *p, const Node *n);
void cprint_from_value(Buf *b, CPrint *p, const Type *t, const char *text);   /* (T)(intptr_t)text */
void cprint_list(Buf *b, CPrint *p, const Vec *v);        /* a, b, c */
/* __typeof__ of the value of e (arrays decay, bit-fields promote). */
void cprint_typeof_value(Buf *b, CPrint *p, const Node *e);
const char *frame_ref(const Coro *c, const char *field); /* "f_2->x" */
Type *child_ret(const Coro *child);   /* a delegate's return type (void * if dynamic) */

/* ----------------------------------------------------------------- emit.c */

typedef struct EmitOptions {
	bool line_directives;
} EmitOptions;

void emit_program(Buf *out, Program *p, const EmitOptions *opt);
void emit_header(Buf *out, Program *p, const char *guard);

/* ------------------------------------------------------------ debuginfo.c */

/* The parameter and frame-local table the gdb extension reads (the body of
 * a C string literal); `last_line` is the line of the closing brace. */
const char *debug_table(const Coro *c, int last_line);

#endif
