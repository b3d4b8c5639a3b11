/*
 * parse.y — the .co grammar. Outside coroutines every token is passed
 * through (only typedefs are watched); a `coro` definition or declaration is
 * parsed with C's statement and expression grammar into the AST of
 * corogen.h. Actions stay one line: they call the constructors in ast.c.
 */
%define api.pure full
%define api.prefix {co_yy}
%define parse.error custom
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct ScanState *ss}

%code requires {
#include "corogen.h"
typedef void *yyscan_t;
typedef struct Tok {
	const char *text;
	int kind;
	bool fallthrough;
} Tok;
typedef struct CO_YYLTYPE {
	int first_line, first_column, last_line, last_column;
	int first_off, last_off;
} CO_YYLTYPE;
#define CO_YYLTYPE_IS_DECLARED 1
#define CO_YYLTYPE_IS_TRIVIAL 1
#define YYLLOC_DEFAULT(Cur, Rhs, N) do { \
	if (N) { \
		(Cur).first_line = YYRHSLOC(Rhs, 1).first_line; \
		(Cur).first_column = YYRHSLOC(Rhs, 1).first_column; \
		(Cur).first_off = YYRHSLOC(Rhs, 1).first_off; \
		(Cur).last_line = YYRHSLOC(Rhs, N).last_line; \
		(Cur).last_column = YYRHSLOC(Rhs, N).last_column; \
		(Cur).last_off = YYRHSLOC(Rhs, N).last_off; \
	} else { \
		(Cur).first_line = (Cur).last_line = YYRHSLOC(Rhs, 0).last_line; \
		(Cur).first_column = (Cur).last_column = YYRHSLOC(Rhs, 0).last_column; \
		(Cur).first_off = (Cur).last_off = YYRHSLOC(Rhs, 0).last_off; \
	} } while (0)
}

%code provides {
int co_yylex(CO_YYSTYPE *lval, CO_YYLTYPE *lloc, yyscan_t scanner);
}

%code {
#include <stdint.h>
#include <string.h>
#define YYMAXDEPTH 1000000
#define L(y) loc_of(&(y))
static Loc loc_of(const CO_YYLTYPE *l) { return (Loc){l->first_line, l->first_column, l->first_off + loc_base}; }
/* The source text between two locations. */
#define TEXT(a, b) slice(ss, (a).first_off, (b).last_off)
static const char *slice(struct ScanState *ss, int from, int to)
{
	return xstrndup(ss->src->text + from, (size_t)(to - from));
}
static Node *leaf(NodeKind k, Tok t, CO_YYLTYPE l) { Node *n = new_node(k, loc_of(&l)); n->text = t.text; return n; }
static Node *node(NodeKind k, CO_YYLTYPE l) { return new_node(k, loc_of(&l)); }
static Node *unary(const char *op, Node *lhs, CO_YYLTYPE l) { Node *n = node(N_UNARY, l); n->op = op; n->lhs = lhs; return n; }
/* A node with one operand (see the field table in corogen.h). */
static Node *operand(NodeKind k, Node *lhs, CO_YYLTYPE l) { Node *n = node(k, l); n->lhs = lhs; return n; }
static Node *body_of(NodeKind k, Node *body, CO_YYLTYPE l) { Node *n = node(k, l); n->body = body; return n; }
static Node *cond_body(NodeKind k, Node *cond, Node *body, CO_YYLTYPE l) { Node *n = node(k, l); n->cond = cond; n->body = body; return n; }
static Node *cond3(NodeKind k, Node *cond, Node *then, Node *els, CO_YYLTYPE l) { Node *n = node(k, l); n->cond = cond; n->then = then; n->els = els; return n; }
static Node *list_node(NodeKind k, Node *lhs, Vec *v, CO_YYLTYPE l) { Node *n = node(k, l); n->lhs = lhs; if (v) n->list = *v; return n; }
static Vec *vec1(void *x) { Vec *v = xalloc(sizeof *v); if (x) vec_push(v, x); return v; }
static Vec *vpush(Vec *v, void *x) { vec_push(v, x); return v; }
static Type *mktype(Spec *s, Dcl *d, CO_YYLTYPE l) { Type *t = xalloc(sizeof *t); t->spec = s; t->dcl = d; t->loc = loc_of(&l); return t; }
static void yyerror(CO_YYLTYPE *l, yyscan_t scanner, struct ScanState *ss, const char *msg);
/* Parser actions that do more than build a node live in ast.c. */
Coro *coro_begin(Spec *ret, Dcl *ptrs, Tok name, Loc loc, Vec *params, const char *params_text, Type *yields, bool is_static);
void coro_finish(Coro *c, Node *body, int start, int end);
void directive(const char *text, Loc loc, int start, int end);
void outside_token(int tok, const char *text, Loc loc);
Decl *make_decl(Spec *s, Vec *items, Loc loc);
Param *make_param(Spec *s, Dcl *d);
InitDcl *make_initdcl(Dcl *d, Node *init);
}

%union {
	Tok tok;
	Node *node;
	Spec *spec;
	Dcl *dcl;
	Decl *decl;
	Type *type;
	Vec *vec;
	Coro *coro;
	InitDcl *idcl;
	Param *param;
	int kind;
}

%token <tok> IDENT TYPE_NAME NUMBER CHAR_LIT STRING BAD_STRING BAD_CHAR PP_LINE DIRECTIVE
%token <tok> AUTO "auto"
%token <tok> BREAK "break"
%token <tok> CASE "case"
%token <tok> CHAR "char"
%token <tok> CONST "const"
%token <tok> CONTINUE "continue"
%token <tok> DEFAULT "default"
%token <tok> DO "do"
%token <tok> DOUBLE "double"
%token <tok> ELSE "else"
%token <tok> ENUM "enum"
%token <tok> EXTERN "extern"
%token <tok> FLOAT "float"
%token <tok> FOR "for"
%token <tok> GOTO "goto"
%token <tok> IF "if"
%token <tok> INLINE "inline"
%token <tok> INT "int"
%token <tok> LONG "long"
%token <tok> REGISTER "register"
%token <tok> RESTRICT "restrict"
%token <tok> RETURN "return"
%token <tok> SHORT "short"
%token <tok> SIGNED "signed"
%token <tok> SIZEOF "sizeof"
%token <tok> STATIC "static"
%token <tok> STRUCT "struct"
%token <tok> SWITCH "switch"
%token <tok> TYPEDEF "typedef"
%token <tok> UNION "union"
%token <tok> UNSIGNED "unsigned"
%token <tok> VOID "void"
%token <tok> VOLATILE "volatile"
%token <tok> WHILE "while"
%token <tok> ALIGNAS "_Alignas"
%token <tok> ALIGNOF "_Alignof"
%token <tok> ATOMIC "_Atomic"
%token <tok> ATOMIC_LP "_Atomic("
%token <tok> BOOL "_Bool"
%token <tok> COMPLEX "_Complex"
%token <tok> GENERIC "_Generic"
%token <tok> NORETURN "_Noreturn"
%token <tok> STATIC_ASSERT "_Static_assert"
%token <tok> THREAD_LOCAL "_Thread_local"
%token <tok> ATTRIBUTE "__attribute__"
%token <tok> TYPEOF "typeof"
%token <tok> EXTENSION "__extension__"
%token <tok> CORO "coro"
%token <tok> YIELD "yield"
%token <tok> YIELDS "yields"
%token <tok> DEFER "defer"
%token <tok> FROM "from"
%token <tok> ARROW "->" INC "++" DEC "--" SHL "<<" SHR ">>" LE "<=" GE ">=" EQ "==" NE "!="
%token <tok> ANDAND "&&" OROR "||" ELLIPSIS "..."
%token <tok> MUL_ASSIGN "*=" DIV_ASSIGN "/=" MOD_ASSIGN "%=" ADD_ASSIGN "+=" SUB_ASSIGN "-="
%token <tok> SHL_ASSIGN "<<=" SHR_ASSIGN ">>=" AND_ASSIGN "&=" XOR_ASSIGN "^=" OR_ASSIGN "|="
%token <tok> HASH "##"
%token <tok> '{' '}' ';' ',' ':' '=' '(' ')' '[' ']' '.' '&' '!' '~' '-' '+' '*' '/' '%'
%token <tok> '<' '>' '^' '|' '?' '#'

%type <node> compound_stmt block_item statement labeled_stmt expr_stmt selection_stmt
%type <node> iteration_stmt jump_stmt defer_stmt expr expr_opt assign_expr cond_expr
%type <node> binary_expr cast_expr unary_expr postfix_expr primary_expr strings initializer
%type <node> init_item designator arg generic_assoc for_init
%type <vec> block_items args init_items designators generic_assocs init_dcls params param_list
%type <spec> decl_specs spec_quals yield_specs
%type <dcl> declarator direct_dcl pointer abstract_dcl direct_abstract
%type <decl> declaration
%type <type> type_name opt_yields
%type <idcl> init_dcl
%type <param> param
%type <coro> coro_head
%type <tok> assign_op unary_op tag any_tok su_kw storage_kw qual_kw type_kw simple_type_kw passthrough
%type <kind> coro_kw

%precedence IF_ONLY
%precedence ELSE
%precedence STATIC_ONLY
%precedence CORO

%left "||"
%left "&&"
%left '|'
%left '^'
%left '&'
%left "==" "!="
%left '<' '>' "<=" ">="
%left "<<" ">>"
%left '+' '-'
%left '*' '/' '%'

%start file

%%

/* ------------------------------------------------------------ top level */

file
	: %empty
	| file top_item
	;

top_item
	: coro_head compound_stmt   { coro_finish($1, $2, @1.first_off, @2.last_off); ss->corodepth = 0; }
	| coro_head ';'             { coro_finish($1, NULL, @1.first_off, @2.last_off); ss->corodepth = 0; }
	| coro_head error '}'       { coro_finish($1, NULL, @1.first_off, @3.last_off); ss->corodepth = 0;
	                              ss->in_broken = ss->braces.len > 0; yyerrok; }
	| DIRECTIVE                 { directive($1.text, L(@1), @1.first_off, @1.last_off); }
	| STATIC %prec STATIC_ONLY  { outside_token(STATIC, $1.text, L(@1)); }
	| YIELD                     { if (!ss->in_broken) outside_token(YIELD, $1.text, L(@1)); }
	| passthrough               { outside_token($1.kind, $1.text, L(@1)); }
	;

coro_kw
	: CORO                      { $$ = 0; }
	| STATIC CORO               { $$ = 1; }
	;

/* coro R name(params) [yields Y] */
coro_head
	: coro_kw decl_specs IDENT '(' params ')' opt_yields
		{ $$ = coro_begin($2, NULL, $3, L(@1), $5, TEXT(@4, @6), $7, $1); ss->corodepth = 1; }
	| coro_kw decl_specs pointer IDENT '(' params ')' opt_yields
		{ $$ = coro_begin($2, $3, $4, L(@1), $6, TEXT(@5, @7), $8, $1); ss->corodepth = 1; }
	;

opt_yields
	: %empty                    { $$ = NULL; }
	| YIELDS yield_specs        { $$ = mktype($2, NULL, @2); }
	| YIELDS yield_specs abstract_dcl  { $$ = mktype($2, $3, @2); }
	;

/* A yield type cannot define a struct: its '{' would be the body's. */
yield_specs
	: qual_kw                   { $$ = new_spec(L(@1)); spec_add($$, SW_QUAL, $1.text); }
	| simple_type_kw            { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| TYPE_NAME                 { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| yield_specs qual_kw       { $$ = $1; spec_add($$, SW_QUAL, $2.text); }
	| yield_specs simple_type_kw  { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	| yield_specs TYPE_NAME     { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	;

params
	: %empty                    { $$ = vec1(NULL); }
	| param_list
	| param_list ',' "..."      { $$ = vpush($1, make_param(new_spec(L(@3)), NULL)); }   /* coro_begin says no */
	;

param_list
	: param                     { $$ = vec1($1); }
	| param_list ',' param      { $$ = vpush($1, $3); }
	;

param
	: decl_specs declarator     { $$ = make_param($1, $2); }
	| decl_specs abstract_dcl   { $$ = make_param($1, $2); }
	| decl_specs                { $$ = make_param($1, NULL); }
	;

passthrough
	: any_tok | '{' | '}' | PP_LINE | YIELDS | DEFER | FROM
	;

/* Every token but braces, `coro`, `yield`, `static`, directives. */
any_tok
	: IDENT | TYPE_NAME | NUMBER | CHAR_LIT | STRING | BAD_STRING | BAD_CHAR
	| AUTO | BREAK | CASE | CHAR | CONST | CONTINUE | DEFAULT | DO | DOUBLE | ELSE
	| ENUM | EXTERN | FLOAT | FOR | GOTO | IF | INLINE | INT | LONG | REGISTER
	| RESTRICT | RETURN | SHORT | SIGNED | SIZEOF | STRUCT | SWITCH | TYPEDEF
	| UNION | UNSIGNED | VOID | VOLATILE | WHILE | ALIGNAS | ALIGNOF | ATOMIC | ATOMIC_LP | BOOL
	| COMPLEX | GENERIC | NORETURN | STATIC_ASSERT | THREAD_LOCAL | ATTRIBUTE
	| TYPEOF | EXTENSION
	| "->" | "++" | "--" | "<<" | ">>" | "<=" | ">=" | "==" | "!=" | "&&" | "||"
	| "..." | "*=" | "/=" | "%=" | "+=" | "-=" | "<<=" | ">>=" | "&=" | "^=" | "|="
	| "##" | ';' | ',' | ':' | '=' | '(' | ')' | '[' | ']' | '.' | '&' | '!' | '~'
	| '-' | '+' | '*' | '/' | '%' | '<' | '>' | '^' | '|' | '?' | '#'
	;

/* --------------------------------------------------------- declarations */

declaration
	: decl_specs init_dcls ';'  { $$ = make_decl($1, $2, L(@1)); }
	| decl_specs ';'            { $$ = make_decl($1, NULL, L(@1)); }
	;

decl_specs
	: storage_kw                { $$ = new_spec(L(@1)); spec_add($$, SW_STORAGE, $1.text); }
	| qual_kw                   { $$ = new_spec(L(@1)); spec_add($$, SW_QUAL, $1.text); }
	| type_kw                   { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| TYPE_NAME                 { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| decl_specs storage_kw     { $$ = $1; spec_add($$, SW_STORAGE, $2.text); }
	| decl_specs qual_kw        { $$ = $1; spec_add($$, SW_QUAL, $2.text); }
	| decl_specs type_kw        { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	| decl_specs TYPE_NAME      { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	;

storage_kw
	: TYPEDEF | EXTERN | STATIC | AUTO | REGISTER | THREAD_LOCAL | INLINE | NORETURN
	;

qual_kw
	: CONST | VOLATILE | RESTRICT | ATOMIC | EXTENSION
	| ATTRIBUTE '(' '(' pbal ')' ')'    { $$.text = TEXT(@1, @6); }
	| ALIGNAS '(' pbal ')'              { $$.text = TEXT(@1, @4); }
	;

type_kw
	: simple_type_kw
	| su_kw tag '{' balanced '}'        { $$.text = TEXT(@1, @5); }
	| su_kw '{' balanced '}'            { $$.text = TEXT(@1, @4); }
	;

simple_type_kw
	: VOID | CHAR | SHORT | INT | LONG | FLOAT | DOUBLE | SIGNED | UNSIGNED | BOOL | COMPLEX
	| su_kw tag                         { $$.text = TEXT(@1, @2); }
	| ATOMIC_LP '(' type_name ')'       { $$.text = TEXT(@1, @4); }
	| TYPEOF '(' pbal ')'               { $$.text = TEXT(@1, @4); }
	;

su_kw : STRUCT | UNION | ENUM ;
tag   : IDENT | TYPE_NAME ;

/* Tokens with balanced braces (struct bodies are copied, not parsed). */
balanced
	: %empty
	| balanced any_tok
	| balanced '{' balanced '}'
	| balanced CORO | balanced YIELD | balanced YIELDS | balanced DEFER | balanced FROM
	;

/* Tokens with balanced parentheses. */
pbal
	: %empty
	| pbal pbal_tok
	| pbal '(' pbal ')'
	;

pbal_tok
	: IDENT | TYPE_NAME | NUMBER | CHAR_LIT | STRING | BAD_STRING | BAD_CHAR
	| AUTO | BREAK | CASE | CHAR | CONST | CONTINUE | DEFAULT | DO | DOUBLE | ELSE
	| ENUM | EXTERN | FLOAT | FOR | GOTO | IF | INLINE | INT | LONG | REGISTER
	| RESTRICT | RETURN | SHORT | SIGNED | SIZEOF | STATIC | STRUCT | SWITCH | TYPEDEF
	| UNION | UNSIGNED | VOID | VOLATILE | WHILE | ALIGNAS | ALIGNOF | ATOMIC | ATOMIC_LP | BOOL
	| COMPLEX | GENERIC | NORETURN | STATIC_ASSERT | THREAD_LOCAL | ATTRIBUTE
	| TYPEOF | EXTENSION
	| "->" | "++" | "--" | "<<" | ">>" | "<=" | ">=" | "==" | "!=" | "&&" | "||"
	| "..." | "*=" | "/=" | "%=" | "+=" | "-=" | "<<=" | ">>=" | "&=" | "^=" | "|="
	| ';' | ',' | ':' | '=' | '[' | ']' | '.' | '&' | '!' | '~' | '{' | '}'
	| '-' | '+' | '*' | '/' | '%' | '<' | '>' | '^' | '|' | '?'
	;

init_dcls
	: init_dcl                  { $$ = vec1($1); }
	| init_dcls ',' init_dcl    { $$ = vpush($1, $3); }
	;

init_dcl
	: declarator                    { $$ = make_initdcl($1, NULL); }
	| declarator '=' initializer    { $$ = make_initdcl($1, $3); }
	;

declarator
	: pointer direct_dcl        { $$ = dcl_set_inner($1, $2); }
	| direct_dcl
	;

pointer
	: '*'                       { $$ = new_dcl(D_PTR, NULL, L(@1)); }
	| '*' quals                 { $$ = new_dcl(D_PTR, NULL, L(@1)); $$->quals = TEXT(@2, @2); }
	| '*' pointer               { $$ = new_dcl(D_PTR, $2, L(@1)); }
	| '*' quals pointer         { $$ = new_dcl(D_PTR, $3, L(@1)); $$->quals = TEXT(@2, @2); }
	;

quals : qual_kw | quals qual_kw ;

/* int a[static 3], int a[const], int a[static const 3] (parameters) */
array_quals : STATIC | quals | STATIC quals | quals STATIC ;

direct_dcl
	: IDENT                     { $$ = new_dcl(D_NAME, NULL, L(@1)); $$->name = $1.text; typename_shadow($1.text, (int)ss->braces.len); }
	| '(' declarator ')'        { $$ = new_dcl(D_PAREN, $2, L(@1)); }
	| direct_dcl '[' ']'        { $$ = new_dcl(D_ARRAY, $1, L(@2)); }
	| direct_dcl '[' assign_expr ']'  { $$ = new_dcl(D_ARRAY, $1, L(@2)); $$->size = $3; }
	| direct_dcl '[' array_quals ']'  { $$ = new_dcl(D_ARRAY, $1, L(@2)); $$->quals = TEXT(@3, @3); }
	| direct_dcl '[' array_quals assign_expr ']'  { $$ = new_dcl(D_ARRAY, $1, L(@2)); $$->size = $4; $$->quals = TEXT(@3, @3); }
	| direct_dcl '[' '*' ']'    { $$ = new_dcl(D_ARRAY, $1, L(@2)); }
	| direct_dcl '(' params ')' { $$ = new_dcl(D_FUNC, $1, L(@2)); $$->params = TEXT(@2, @4); }
	;

abstract_dcl
	: pointer
	| direct_abstract
	| pointer direct_abstract   { $$ = dcl_set_inner($1, $2); }
	;

direct_abstract
	: '(' abstract_dcl ')'      { $$ = new_dcl(D_PAREN, $2, L(@1)); }
	| '[' ']'                   { $$ = new_dcl(D_ARRAY, NULL, L(@1)); }
	| '[' assign_expr ']'       { $$ = new_dcl(D_ARRAY, NULL, L(@1)); $$->size = $2; }
	| direct_abstract '[' ']'   { $$ = new_dcl(D_ARRAY, $1, L(@2)); }
	| direct_abstract '[' assign_expr ']'  { $$ = new_dcl(D_ARRAY, $1, L(@2)); $$->size = $3; }
	| '(' params ')'            { $$ = new_dcl(D_FUNC, NULL, L(@1)); $$->params = TEXT(@1, @3); }
	| direct_abstract '(' params ')'  { $$ = new_dcl(D_FUNC, $1, L(@2)); $$->params = TEXT(@2, @4); }
	;

type_name
	: spec_quals                { $$ = mktype($1, NULL, @1); }
	| spec_quals abstract_dcl   { $$ = mktype($1, $2, @1); }
	;

spec_quals
	: qual_kw                   { $$ = new_spec(L(@1)); spec_add($$, SW_QUAL, $1.text); }
	| type_kw                   { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| TYPE_NAME                 { $$ = new_spec(L(@1)); spec_add($$, SW_TYPE, $1.text); }
	| spec_quals qual_kw        { $$ = $1; spec_add($$, SW_QUAL, $2.text); }
	| spec_quals type_kw        { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	| spec_quals TYPE_NAME      { $$ = $1; spec_add($$, SW_TYPE, $2.text); }
	;

initializer
	: assign_expr
	| '{' init_items '}'        { $$ = list_node(N_INIT_LIST, NULL, $2, @1); }
	| '{' init_items ',' '}'    { $$ = list_node(N_INIT_LIST, NULL, $2, @1); }
	| '{' '}'                   { $$ = list_node(N_INIT_LIST, NULL, NULL, @1); }
	;

init_items
	: init_item                 { $$ = vec1($1); }
	| init_items ',' init_item  { $$ = vpush($1, $3); }
	;

init_item
	: initializer               { $$ = list_node(N_INIT_ITEM, $1, NULL, @1); }
	| designators '=' initializer  { $$ = list_node(N_INIT_ITEM, $3, $1, @1); }
	;

designators
	: designator                { $$ = vec1($1); }
	| designators designator    { $$ = vpush($1, $2); }
	;

designator
	: '[' cond_expr ']'         { $$ = operand(N_DESIG_INDEX, $2, @1); }
	| '.' IDENT                 { $$ = leaf(N_DESIG_FIELD, $2, @1); }
	| '.' TYPE_NAME             { $$ = leaf(N_DESIG_FIELD, $2, @1); }
	;

/* ----------------------------------------------------------- statements */

compound_stmt
	: '{' block_items '}'       { $$ = list_node(N_BLOCK, NULL, $2, @1); }
	| '{' block_items error '}' { $$ = list_node(N_BLOCK, NULL, $2, @1); yyerrok; }
	;

block_items
	: %empty                    { $$ = vec1(NULL); }
	| block_items block_item    { $$ = $2 ? vpush($1, $2) : $1; }
	;

block_item
	: declaration               { $$ = new_node(N_DECL, L(@1)); $$->decl = $1; }
	| statement
	| error ';'                 { $$ = NULL; yyerrok; }
	| STATIC_ASSERT '(' pbal ')' ';'  { $$ = new_node(N_RAW, L(@1)); $$->text = TEXT(@1, @5); }
	| PP_LINE                   { $$ = NULL; error_at(L(@1), "preprocessor lines are not allowed inside a coroutine body; move them outside the coroutine"); }
	;

statement
	: labeled_stmt
	| compound_stmt
	| expr_stmt
	| selection_stmt
	| iteration_stmt
	| jump_stmt
	| defer_stmt
	;

labeled_stmt
	: IDENT ':' statement       { $$ = body_of(N_LABEL, $3, @1); $$->text = $1.text; }
	| CASE cond_expr ':' statement  { $$ = body_of(N_CASE, $4, @1); $$->lhs = $2; $$->fallthrough = $1.fallthrough; }
	| DEFAULT ':' statement     { $$ = body_of(N_DEFAULT, $3, @1); $$->fallthrough = $1.fallthrough; }
	;

expr_stmt
	: ';'                       { $$ = new_node(N_NULL, L(@1)); }
	| expr ';'                  { $$ = operand(N_EXPR_STMT, $1, @1); }
	;

selection_stmt
	: IF '(' expr ')' statement %prec IF_ONLY      { $$ = cond3(N_IF, $3, $5, NULL, @1); }
	| IF '(' expr ')' statement ELSE statement     { $$ = cond3(N_IF, $3, $5, $7, @1); }
	| SWITCH '(' expr ')' statement                { $$ = cond_body(N_SWITCH, $3, $5, @1); }
	;

iteration_stmt
	: WHILE '(' expr ')' statement                 { $$ = cond_body(N_WHILE, $3, $5, @1); }
	| DO statement WHILE '(' expr ')' ';'          { $$ = cond_body(N_DO, $5, $2, @1); }
	| FOR '(' for_init expr_opt ';' expr_opt ')' statement
		{ $$ = cond_body(N_FOR, $4, $8, @1); $$->init = $3; $$->inc = $6; }
	;

for_init
	: expr_opt ';'              { $$ = $1; }
	| declaration               { $$ = new_node(N_DECL, L(@1)); $$->decl = $1; }
	;

expr_opt
	: %empty                    { $$ = NULL; }
	| expr
	;

jump_stmt
	: GOTO IDENT ';'            { $$ = new_node(N_GOTO, L(@1)); $$->text = $2.text; }
	| CONTINUE ';'              { $$ = new_node(N_CONTINUE, L(@1)); }
	| BREAK ';'                 { $$ = new_node(N_BREAK, L(@1)); }
	| RETURN ';'                { $$ = new_node(N_RETURN, L(@1)); }
	| RETURN expr ';'           { $$ = operand(N_RETURN, $2, @1); }
	;

defer_stmt
	: DEFER statement           { $$ = body_of(N_DEFER, $2, @1); }
	;

/* ---------------------------------------------------------- expressions */

expr
	: assign_expr
	| expr ',' assign_expr      { $$ = new_binary(N_COMMA, ",", $1, $3, L(@2)); }
	;

/* `yield` sits at assignment level: it takes a whole assignment expression
 * as its operand. check.c reports a yield that needs parentheses. */
assign_expr
	: cond_expr
	| unary_expr assign_op assign_expr  { $$ = new_binary(N_ASSIGN, $2.text, $1, $3, L(@2)); }
	| YIELD                     { $$ = new_node(N_YIELD, L(@1)); }
	| YIELD assign_expr         { $$ = operand(N_YIELD, $2, @1); }
	| YIELD FROM assign_expr    { $$ = operand(N_YIELD_FROM, $3, @1); }
	;

assign_op
	: '=' | "*=" | "/=" | "%=" | "+=" | "-=" | "<<=" | ">>=" | "&=" | "^=" | "|="
	;

cond_expr
	: binary_expr
	| binary_expr '?' expr ':' cond_expr  { $$ = cond3(N_COND, $1, $3, $5, @2); }
	;

binary_expr
	: cast_expr
	| binary_expr "||" binary_expr  { $$ = new_binary(N_BINARY, "||", $1, $3, L(@2)); }
	| binary_expr "&&" binary_expr  { $$ = new_binary(N_BINARY, "&&", $1, $3, L(@2)); }
	| binary_expr '|' binary_expr   { $$ = new_binary(N_BINARY, "|", $1, $3, L(@2)); }
	| binary_expr '^' binary_expr   { $$ = new_binary(N_BINARY, "^", $1, $3, L(@2)); }
	| binary_expr '&' binary_expr   { $$ = new_binary(N_BINARY, "&", $1, $3, L(@2)); }
	| binary_expr "==" binary_expr  { $$ = new_binary(N_BINARY, "==", $1, $3, L(@2)); }
	| binary_expr "!=" binary_expr  { $$ = new_binary(N_BINARY, "!=", $1, $3, L(@2)); }
	| binary_expr '<' binary_expr   { $$ = new_binary(N_BINARY, "<", $1, $3, L(@2)); }
	| binary_expr '>' binary_expr   { $$ = new_binary(N_BINARY, ">", $1, $3, L(@2)); }
	| binary_expr "<=" binary_expr  { $$ = new_binary(N_BINARY, "<=", $1, $3, L(@2)); }
	| binary_expr ">=" binary_expr  { $$ = new_binary(N_BINARY, ">=", $1, $3, L(@2)); }
	| binary_expr "<<" binary_expr  { $$ = new_binary(N_BINARY, "<<", $1, $3, L(@2)); }
	| binary_expr ">>" binary_expr  { $$ = new_binary(N_BINARY, ">>", $1, $3, L(@2)); }
	| binary_expr '+' binary_expr   { $$ = new_binary(N_BINARY, "+", $1, $3, L(@2)); }
	| binary_expr '-' binary_expr   { $$ = new_binary(N_BINARY, "-", $1, $3, L(@2)); }
	| binary_expr '*' binary_expr   { $$ = new_binary(N_BINARY, "*", $1, $3, L(@2)); }
	| binary_expr '/' binary_expr   { $$ = new_binary(N_BINARY, "/", $1, $3, L(@2)); }
	| binary_expr '%' binary_expr   { $$ = new_binary(N_BINARY, "%", $1, $3, L(@2)); }
	;

cast_expr
	: unary_expr
	| '(' type_name ')' cast_expr   { $$ = operand(N_CAST, $4, @1); $$->type = $2; }
	;

unary_expr
	: postfix_expr
	| "++" unary_expr           { $$ = unary("++", $2, @1); }
	| "--" unary_expr           { $$ = unary("--", $2, @1); }
	| unary_op cast_expr        { $$ = unary($1.text, $2, @1); }
	| SIZEOF unary_expr         { $$ = operand(N_SIZEOF_EXPR, $2, @1); }
	| SIZEOF '(' type_name ')'  { $$ = new_node(N_SIZEOF_TYPE, L(@1)); $$->type = $3; }
	| ALIGNOF '(' type_name ')' { $$ = new_node(N_ALIGNOF, L(@1)); $$->type = $3; }
	;

unary_op : '&' | '*' | '+' | '-' | '~' | '!' ;

postfix_expr
	: primary_expr
	| postfix_expr '[' expr ']'     { $$ = new_binary(N_INDEX, NULL, $1, $3, L(@2)); }
	| postfix_expr '(' ')'          { $$ = list_node(N_CALL, $1, NULL, @2); }
	| postfix_expr '(' args ')'     { $$ = list_node(N_CALL, $1, $3, @2); }
	| postfix_expr '.' IDENT        { $$ = operand(N_MEMBER, $1, @2); $$->op = "."; $$->text = $3.text; }
	| postfix_expr '.' TYPE_NAME    { $$ = operand(N_MEMBER, $1, @2); $$->op = "."; $$->text = $3.text; }
	| postfix_expr "->" IDENT       { $$ = operand(N_MEMBER, $1, @2); $$->op = "->"; $$->text = $3.text; }
	| postfix_expr "->" TYPE_NAME   { $$ = operand(N_MEMBER, $1, @2); $$->op = "->"; $$->text = $3.text; }
	| postfix_expr "++"             { $$ = operand(N_POSTFIX, $1, @2); $$->op = "++"; }
	| postfix_expr "--"             { $$ = operand(N_POSTFIX, $1, @2); $$->op = "--"; }
	| '(' type_name ')' '{' init_items '}'      { $$ = list_node(N_COMPOUND, NULL, $5, @1); $$->type = $2; }
	| '(' type_name ')' '{' init_items ',' '}'  { $$ = list_node(N_COMPOUND, NULL, $5, @1); $$->type = $2; }
	;

args
	: arg                       { $$ = vec1($1); }
	| args ',' arg              { $$ = vpush($1, $3); }
	;

arg
	: assign_expr
	| type_name                 { $$ = new_node(N_TYPE_ARG, L(@1)); $$->type = $1; }
	;

primary_expr
	: IDENT                     { $$ = leaf(N_IDENT, $1, @1); }
	| NUMBER                    { $$ = leaf(N_NUM, $1, @1); }
	| CHAR_LIT                  { $$ = leaf(N_CHAR, $1, @1); }
	| strings
	| '(' expr ')'              { $$ = operand(N_PAREN, $2, @1); }
	| GENERIC '(' assign_expr ',' generic_assocs ')'  { $$ = list_node(N_GENERIC, $3, $5, @1); }
	;

strings
	: STRING                    { $$ = leaf(N_STR, $1, @1); }
	| strings STRING            { $$ = $1; $$->text = xprintf("%s %s", $1->text, $2.text); }
	;

generic_assocs
	: generic_assoc                     { $$ = vec1($1); }
	| generic_assocs ',' generic_assoc  { $$ = vpush($1, $3); }
	;

generic_assoc
	: type_name ':' assign_expr { $$ = operand(N_GENERIC_ASSOC, $3, @1); $$->type = $1; }
	| DEFAULT ':' assign_expr   { $$ = operand(N_GENERIC_ASSOC, $3, @1); }
	;

%%

static const char *token_desc(yysymbol_kind_t k)
{
	if (k == YYSYMBOL_YYEOF)
		return "end of file";
	const char *name = yysymbol_name(k);
	if (name[0] == '"')   /* "return" -> 'return' */
		return xprintf("'%s'", xstrndup(name + 1, strlen(name) - 2));
	if (name[0] == '\'')
		return name;
	if (name[0] >= 'a' && name[0] <= 'z')    /* a keyword */
		return xprintf("'%s'", name);
	switch (k) {
	case YYSYMBOL_IDENT: return "an identifier";
	case YYSYMBOL_TYPE_NAME: return "a type name";
	case YYSYMBOL_NUMBER: return "a number";
	case YYSYMBOL_CHAR_LIT: return "a character constant";
	case YYSYMBOL_STRING: return "a string";
	case YYSYMBOL_PP_LINE: return "a preprocessor line";
	default: break;
	}
	return name;
}

/* `foo_t x;`, `const foo_t *p;`, `foo_t *p = 0;`: an identifier used as a
 * type that corogen does not know. The scanner keeps the last tokens. */
static bool starts_declaration(int kind)
{
	return kind == ';' || kind == '{' || kind == '}' || kind == '(' || kind == ',' ||
	       kind == CONST || kind == VOLATILE || kind == STATIC || kind == REGISTER || kind == 0;
}

static bool unknown_type_hint(const yypcontext_t *ctx, struct ScanState *ss, yysymbol_kind_t got)
{
	const struct TokRec *t = ss->recent;      /* t[0] is the newest */
	const struct TokRec *name = NULL;
	if (got == YYSYMBOL_IDENT && t[1].kind == IDENT && starts_declaration(t[2].kind) &&
	    t[0].loc.line == t[1].loc.line)
		name = &t[1];                      /* foo_t x */
	else if (t[1].kind == IDENT && (t[2].kind == CONST || t[2].kind == VOLATILE ||
					t[2].kind == STATIC || t[2].kind == REGISTER || t[2].kind == EXTERN))
		name = &t[1];                      /* const foo_t *p */
	else if (t[0].kind == '=' && t[1].kind == IDENT && t[2].kind == '*' && t[3].kind == IDENT &&
		 starts_declaration(t[4].kind))
		name = &t[3];                      /* foo_t *p = */
	else if ((got == YYSYMBOL_IDENT || got == YYSYMBOL_NUMBER || t[0].kind == '(') &&
		 t[1].kind == ')' && t[2].kind == IDENT && t[3].kind == '(')
		name = &t[2];                      /* (foo_t)x */
	else if (got == YYSYMBOL_IDENT && ss->braces.len == 0 && (t[1].kind == '(' || t[1].kind == ','))
		name = &t[0];                      /* coro int f(foo_t n) */
	else if (got == YYSYMBOL_IDENT) {
		/* a type could stand here, but no expression: const foo_t, (foo_t n) */
		yysymbol_kind_t exp[YYNTOKENS];
		int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
		bool type_ok = false, ident_ok = false;
		for (int i = 0; i < n; i++) {
			type_ok |= exp[i] == YYSYMBOL_TYPE_NAME;
			ident_ok |= exp[i] == YYSYMBOL_IDENT;
		}
		if (type_ok && !ident_ok)
			name = &t[0];
	}
	if (!name || !name->text)
		return false;
	error_at(name->loc, "unknown type name '%s': if it comes from a header, declare it with '%%type %s;'",
		 name->text, name->text);
	return true;
}

/* "expected ';' before '}'": name at most three expected tokens, as gcc does;
 * at end of file inside a block, name the brace left open. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, struct ScanState *ss)
{
	(void)scanner;
	const CO_YYLTYPE *l = yypcontext_location(ctx);
	Loc loc = loc_of(l);
	yysymbol_kind_t got = yypcontext_token(ctx);
	if (got == YYSYMBOL_BAD_CHAR) {
		const char *t = ss->src->text + l->first_off;
		if ((unsigned char)*t >= 0x80 || (unsigned char)*t < 0x20)
			error_at(loc, "stray byte 0x%02x in program", (unsigned char)*t);
		else
			error_at(loc, "stray '%c' in program", *t);
		return 0;
	}
	if (got == YYSYMBOL_BAD_STRING) {
		error_at(loc, "missing terminating quote");
		return 0;
	}
	if (got == YYSYMBOL_YYEOF && ss->eof_reported)
		return 0;
	if (got == YYSYMBOL_YYEOF && ss->braces.len > 0) {
		error_at(loc, "expected '}' at end of file (to close '{' at line %d)",
			 (int)(intptr_t)ss->braces.items[ss->braces.len - 1]);
		return 0;
	}
	if (got == YYSYMBOL_YIELD && ss->braces.len == 0) {
		error_at(loc, "'yield' outside a coroutine");
		return 0;
	}
	int before = ss->recent[1].kind;
	if (got == YYSYMBOL_YIELD && before != IDENT && before != TYPE_NAME && before != NUMBER &&
	    before != CHAR_LIT && before != STRING && before != ')' && before != ']' &&
	    before != INC && before != DEC) {
		error_at(loc, "'yield' must be parenthesised here: write '(yield ...)'");
		return 0;
	}
	if (before == FROM && ss->recent[2].kind == YIELD) {
		error_at(loc, "expected an expression after 'yield from'");
		return 0;
	}
	if (unknown_type_hint(ctx, ss, got))
		return 0;
	yysymbol_kind_t expected[4];
	int n = yypcontext_expected_tokens(ctx, expected, 4);
	if (n >= 1 && n <= 3) {
		/* like gcc: "expected ';'" points just after the token it follows */
		const struct TokRec *prev = &ss->recent[1];
		if (prev->text && prev->loc.line > 0 && prev->loc.line < loc.line && !strchr(prev->text, '\n')) {
			int len = (int)strlen(prev->text);
			loc = (Loc){prev->loc.line, prev->loc.col + len, prev->loc.off + len};
		}
		Buf b = {0};
		for (int i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", token_desc(expected[i]));
		error_at(loc, "expected %s before %s", b.data, token_desc(got));
		buf_free(&b);
	} else {
		error_at(loc, "unexpected %s", token_desc(got));
	}
	return 0;
}

static void yyerror(CO_YYLTYPE *l, yyscan_t scanner, struct ScanState *ss, const char *msg)
{
	(void)scanner;
	(void)ss;
	error_at(loc_of(l), "%s", msg);
}
