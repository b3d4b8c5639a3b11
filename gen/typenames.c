/* typenames.c — which identifiers name types: C's and POSIX's standard
 * names, the runtime's, typedefs written in the .co file (learnt by watching
 * the tokens outside coroutines) and names given by `%type`. The scanner
 * asks is_type_name() for every identifier (the classic lexer feedback). */
#include "corogen.h"
#include "parse.h"

#include <string.h>

typedef struct Entry {
	const char *name;
	TypeKind kind;
	bool is_const;        /* the type itself is const: typedef int *const T */
	int hidden;           /* hidden by that many ordinary identifiers in scope */
	struct Entry *next;
} Entry;

/* Typedef names hidden by a declaration in a coroutine, with the brace
 * depth of the scope that declares them (params: the body's). */
static struct { Entry *e; int depth; } shadows[512];
static int nshadows;

#define NBUCKETS 1024
static Entry *buckets[NBUCKETS];

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % NBUCKETS;
}

static Entry *lookup(const char *name)
{
	for (Entry *e = buckets[hash(name)]; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

void typename_add(const char *name, TypeKind kind)
{
	Entry *e = lookup(name);
	if (e) {
		e->kind = kind;
		e->is_const = false;
		e->hidden = 0;        /* a typedef in a body names a type again */
		return;
	}
	e = xalloc(sizeof *e);
	e->name = name;
	e->kind = kind;
	unsigned h = hash(name);
	e->next = buckets[h];
	buckets[h] = e;
}

bool is_type_name(const char *name)
{
	Entry *e = lookup(name);
	return e && !e->hidden;
}

void typename_shadow(const char *name, int depth)
{
	Entry *e = lookup(name);
	if (!e || nshadows == (int)(sizeof shadows / sizeof shadows[0]))
		return;
	e->hidden++;
	shadows[nshadows].e = e;
	shadows[nshadows].depth = depth < 1 ? 1 : depth;
	nshadows++;
}

void typename_unshadow(int depth)
{
	while (nshadows > 0 && shadows[nshadows - 1].depth > depth) {
		Entry *e = shadows[--nshadows].e;
		if (e->hidden > 0)
			e->hidden--;
	}
}

TypeKind typename_kind(const char *name)
{
	Entry *e = lookup(name);
	return e ? e->kind : TK_UNKNOWN;
}

/* A typedef whose type is itself const (`typedef int *const T;`,
 * `typedef const struct s CS;`): a frame slot of that type cannot be
 * assigned, so the frame stores it by copy. */
bool typename_is_const(const char *name)
{
	Entry *e = lookup(name);
	return e && e->is_const;
}

static struct {
	bool active;
	int depth;            /* brace depth in the whole file */
	int nest;             /* brace depth inside the typedef */
	int paren, bracket;
	bool base_seen;       /* the base type has been read */
	bool named;           /* the current declarator has its name */
	bool ptr;             /* the current declarator has a '*' */
	bool after_tag_kw;    /* next identifier is a struct tag */
	TypeKind base;
	bool spec_const;      /* `const` among the specifiers */
	bool ptr_const;       /* `const` after the declarator's last '*' */
	const char *names[64];
	TypeKind kinds[64];
	bool consts[64];
	int n;
} td;

static const char *int_names[] = {
	"size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t",
	"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
	"int_least8_t", "int_least16_t", "int_least32_t", "int_least64_t",
	"uint_least8_t", "uint_least16_t", "uint_least32_t", "uint_least64_t",
	"int_fast8_t", "int_fast16_t", "int_fast32_t", "int_fast64_t",
	"uint_fast8_t", "uint_fast16_t", "uint_fast32_t", "uint_fast64_t",
	"wchar_t", "wint_t", "char16_t", "char32_t", "bool", "sig_atomic_t",
	"time_t", "clock_t", "off_t", "pid_t", "uid_t", "gid_t", "mode_t", "dev_t", "ino_t",
	"nlink_t", "blksize_t", "blkcnt_t", "id_t", "useconds_t", "suseconds_t",
	"socklen_t", "sa_family_t", "in_port_t", "in_addr_t", "nfds_t", "clockid_t",
	"key_t", "rlim_t", "off64_t", "co_status", "errno_t", "fsblkcnt_t", "fsfilcnt_t",
	"speed_t", "tcflag_t", "cc_t", "idtype_t", "wctype_t", "wctrans_t", "nl_item", "mqd_t",
	"co_future_state", "pthread_spinlock_t", "co_socklen_t",
	NULL
};

static const char *agg_names[] = {
	"FILE", "fpos_t", "div_t", "ldiv_t", "lldiv_t", "mbstate_t", "jmp_buf", "sigjmp_buf",
	"sigset_t", "fd_set", "pthread_t", "pthread_mutex_t", "pthread_cond_t", "pthread_attr_t",
	"pthread_once_t", "pthread_key_t", "pthread_rwlock_t", "pthread_mutexattr_t",
	"pthread_condattr_t", "regex_t", "regmatch_t", "regoff_t", "DIR", "va_list",
	"max_align_t", "siginfo_t", "stack_t", "glob_t", "locale_t", "timer_t", "iconv_t",
	"co_gen", "co_class", "co_future", "co_task", "co_loop", "co_queue", "co_timer",
	"sem_t", "pthread_barrier_t", "pthread_barrierattr_t", "posix_spawn_file_actions_t",
	"posix_spawnattr_t",
	NULL
};

static const char *float_names[] = { "float_t", "double_t", NULL };

static const char *ptr_names[] = {
	"co_future_cb", "co_callback_cb", "co_io_cb", "co_timer_cb", "sighandler_t", NULL
};

/* `extern "C" {` in a header (its #ifdef __cplusplus is not evaluated
 * here) opens no scope: typedefs inside it are at file scope. */
static int linkage_braces;
static int prev_tok[2];

void typedef_watch_reset(void)
{
	memset(&td, 0, sizeof td);
	linkage_braces = 0;
	prev_tok[0] = prev_tok[1] = 0;
}

void typenames_init(void)
{
	memset(buckets, 0, sizeof buckets);
	memset(&td, 0, sizeof td);
	nshadows = 0;
	for (const char **p = int_names; *p; p++)
		typename_add(*p, TK_INT);
	for (const char **p = agg_names; *p; p++)
		typename_add(*p, TK_AGG);
	for (const char **p = float_names; *p; p++)
		typename_add(*p, TK_FLOAT);
	for (const char **p = ptr_names; *p; p++)
		typename_add(*p, TK_PTR);
	/* regoff_t and pthread_key_t are integers on glibc; pthread_t too. */
	typename_add("regoff_t", TK_INT);
	typename_add("pthread_t", TK_INT);
	typename_add("pthread_key_t", TK_INT);
	typename_add("pthread_once_t", TK_INT);
	typename_add("co_status", TK_INT);
}

/*
 * The typedef watcher (state declared above typenames_init): a small state machine over the tokens outside
 * coroutines. In `typedef <specifiers> <declarators>;` the first identifier
 * after the base type in each declarator is a new type name:
 *   typedef unsigned long ulong;      typedef struct { ... } point;
 *   typedef int (*handler)(int);      typedef foo_t bar_t, *bar_p;
 */


static TypeKind keyword_kind(int tok)
{
	switch (tok) {
	case VOID: return TK_VOID;
	case CHAR: case SHORT: case INT: case LONG: case SIGNED: case UNSIGNED: case BOOL:
		return TK_INT;
	case FLOAT: case DOUBLE: case COMPLEX: return TK_FLOAT;
	default: return TK_UNKNOWN;
	}
}

void typedef_watch(int tok, const char *text)
{
	bool linkage_open = prev_tok[0] == EXTERN && prev_tok[1] == STRING;
	prev_tok[0] = prev_tok[1];
	prev_tok[1] = tok;
	if (!td.active) {
		if (tok == '{' && linkage_open)
			linkage_braces++;
		else if (tok == '{')
			td.depth++;
		else if (tok == '}' && td.depth > 0)
			td.depth--;
		else if (tok == '}' && linkage_braces > 0)
			linkage_braces--;
		else if (tok == TYPEDEF && td.depth == 0) {
			memset(&td, 0, sizeof td);
			td.active = true;
		}
		return;
	}
	if (td.nest > 0) {
		if (tok == '{')
			td.nest++;
		else if (tok == '}')
			td.nest--;
		return;
	}
	switch (tok) {
	case '{':
		td.nest = 1;
		td.base_seen = true;
		td.after_tag_kw = false;
		return;
	case STRUCT: case UNION:
		td.base = TK_AGG;
		td.base_seen = true;
		td.after_tag_kw = true;
		return;
	case ENUM:
		td.base = TK_INT;
		td.base_seen = true;
		td.after_tag_kw = true;
		return;
	case '(':
		/* typedef int fn(int): a function type */
		if (td.named && td.paren == 0 && td.n > 0 && td.kinds[td.n - 1] != TK_PTR)
			td.kinds[td.n - 1] = TK_FUNC;
		td.paren++;
		break;
	case ')': td.paren--; break;
	case '[':
		/* typedef int arr3[3]: an array type (unless a pointer to one) */
		if (td.named && td.bracket == 0 && td.n > 0 && td.kinds[td.n - 1] != TK_PTR)
			td.kinds[td.n - 1] = TK_ARRAY;
		td.bracket++;
		break;
	case ']': td.bracket--; break;
	case '*':
		if (!td.named) {
			td.ptr = true;
			td.ptr_const = false;
		}
		break;
	case CONST:
		if (td.named)
			break;
		if (td.ptr)
			td.ptr_const = true;
		else
			td.spec_const = true;
		break;
	case ',':
		if (td.paren == 0) {
			td.named = false;
			td.ptr = false;
			td.ptr_const = false;
		}
		break;
	case ';':
		for (int i = 0; i < td.n; i++) {
			typename_add(td.names[i], td.kinds[i]);
			lookup(td.names[i])->is_const = td.consts[i];
		}
		td.active = false;
		return;
	case IDENT:
	case TYPE_NAME:
		if (td.after_tag_kw) {
			td.after_tag_kw = false;
			return;
		}
		if (!td.base_seen) {
			td.base_seen = true;
			td.base = tok == TYPE_NAME ? typename_kind(text) : TK_UNKNOWN;
			td.spec_const |= tok == TYPE_NAME && typename_is_const(text);
		} else if (!td.named && td.bracket == 0 && td.n < 64) {
			td.named = true;
			td.names[td.n] = text;
			td.kinds[td.n] = td.ptr ? TK_PTR : td.paren > 0 ? TK_UNKNOWN : td.base;
			td.consts[td.n] = td.ptr ? td.ptr_const : td.spec_const;
			td.n++;
		}
		return;
	default: {
		TypeKind k = keyword_kind(tok);
		if (k != TK_UNKNOWN) {
			td.base = td.base_seen && td.base == TK_FLOAT ? TK_FLOAT : k;
			td.base_seen = true;
		}
		break;
	}
	}
	td.after_tag_kw = false;
}
