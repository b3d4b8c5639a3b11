/* functions.c — names of the plain C functions defined in the .co file,
 * learnt by watching the tokens outside coroutines (like typenames.c), so
 * that `yield from plain(3)` gets a clear error instead of C that crashes.
 * A function whose header mentions co_gen (a factory returning a generator)
 * is left out: delegating to what it returns is fine. */
#include "corogen.h"
#include "parse.h"

#include <string.h>

static struct {
	int depth, paren;
	const char *last_ident;   /* the identifier just before a '(' */
	const char *cand;         /* name(...) seen at file scope */
	bool closed;              /* its parameter list has ended */
	bool mentions_co_gen;
} fw;

static Vec plain;             /* of const char *, arena */
static Vec factories;         /* functions declared returning co_gen * */

void functions_reset(void)
{
	memset(&fw, 0, sizeof fw);
	plain = (Vec){0};
	factories = (Vec){0};
}

void functions_watch_reset(void)
{
	memset(&fw, 0, sizeof fw);
}

static void restart(void)
{
	fw.last_ident = fw.cand = NULL;
	fw.closed = fw.mentions_co_gen = false;
	fw.paren = 0;
}

void function_watch(int tok, const char *text)
{
	if (fw.depth > 0) {
		if (tok == '{')
			fw.depth++;
		else if (tok == '}' && --fw.depth == 0)
			restart();
		return;
	}
	switch (tok) {
	case '{':
		if (fw.closed && fw.cand && !fw.mentions_co_gen)
			vec_push(&plain, (void *)fw.cand);
		if (fw.closed && fw.cand && fw.mentions_co_gen)
			vec_push(&factories, (void *)fw.cand);
		fw.depth = 1;
		restart();
		return;
	case ';':
		if (fw.closed && fw.cand && fw.mentions_co_gen)
			vec_push(&factories, (void *)fw.cand);
		restart();
		return;
	case '}': case PP_LINE:
		restart();
		return;
	case '(':
		if (fw.paren++ == 0 && fw.last_ident && !fw.closed && !fw.cand)
			fw.cand = fw.last_ident;
		return;
	case ')':
		if (--fw.paren == 0 && fw.cand)
			fw.closed = true;
		return;
	case IDENT:
		if (fw.paren == 0)
			fw.last_ident = text;
		return;
	case TYPE_NAME:
		if (!strcmp(text, "co_gen"))
			fw.mentions_co_gen = true;
		return;
	default:
		return;
	}
}

bool is_gen_factory(const char *name)
{
	for (int i = 0; i < factories.len; i++)
		if (!strcmp(factories.items[i], name))
			return true;
	return false;
}

bool is_plain_function(const char *name)
{
	for (int i = 0; i < plain.len; i++)
		if (!strcmp(plain.items[i], name))
			return true;
	return false;
}
