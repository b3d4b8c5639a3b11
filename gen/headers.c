/*
 * headers.c — coroutine declarations learnt from the headers a .co file
 * includes, so that `#include "coro.h"` is all a program writes to use the
 * runtime's socket coroutines.
 *
 * A header declares its coroutines for corogen inside
 *     #ifdef __COROGEN__
 *     coro int co_sleep(int64_t) ;
 *     #endif
 * beside the plain C prototypes that C callers use. corogen follows every
 * `#include "..."` and `#include <...>` line (quotes: the including file's
 * directory first; then the -I directories; then the runtime's directory)
 * and parses only those blocks; the rest of a header is scanned for its
 * typedefs and for functions returning `co_gen *`. Headers that are not
 * found (the system's) are skipped: corogen is not a preprocessor, and
 * `--cpp` is the mode that sees everything the C compiler sees.
 */
#include "corogen.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_DEPTH = 64, MAX_HEADERS = 4096 };

static const IncludePaths *paths;
static Vec seen;              /* real paths of the headers read */

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *join(const char *dir, const char *name)
{
	if (!dir || !*dir || !strcmp(dir, "."))
		return xstrdup(name);
	size_t n = strlen(dir);
	return xprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

static const char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return xstrndup(path, (size_t)(slash - path));
}

static const char *find_header(const char *name, bool quoted, const char *from_dir)
{
	if (name[0] == '/')
		return is_file(name) ? name : NULL;
	if (quoted && is_file(join(from_dir, name)))
		return join(from_dir, name);
	for (int i = 0; i < paths->ndirs; i++)
		if (is_file(join(paths->dirs[i], name)))
			return join(paths->dirs[i], name);
	if (paths->runtime_dir && is_file(join(paths->runtime_dir, name)))
		return join(paths->runtime_dir, name);
	return NULL;
}

static bool read_text(const char *path, Buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_putn(b, chunk, n);
	buf_putn(b, "", 0);
	fclose(f);
	return true;
}

/* The directive word of a preprocessor line ("include", "ifdef", ...) and
 * where its operand starts; NULL when the line is not a directive. */
static const char *directive_word(const char *line, const char *end, const char **rest)
{
	const char *p = line;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '#')
		return NULL;
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	const char *w = p;
	while (p < end && *p >= 'a' && *p <= 'z')
		p++;
	const char *word = xstrndup(w, (size_t)(p - w));
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	*rest = p;
	return word;
}

static bool names_corogen(const char *word, const char *rest, const char *end)
{
	if (!strcmp(word, "ifdef"))
		return end - rest >= 11 && !strncmp(rest, "__COROGEN__", 11);
	if (strcmp(word, "if"))
		return false;
	/* #if defined(__COROGEN__), #if defined __COROGEN__ */
	if (end - rest < 7 || strncmp(rest, "defined", 7))
		return false;
	rest += 7;
	while (rest < end && (*rest == ' ' || *rest == '\t' || *rest == '('))
		rest++;
	return end - rest >= 11 && !strncmp(rest, "__COROGEN__", 11);
}

static void learn_file(const char *path, int depth);

/* Follow one `#include` operand written in a file of directory `dir`. */
static void follow(const char *rest, const char *end, const char *dir, int depth)
{
	char close = *rest == '"' ? '"' : *rest == '<' ? '>' : 0;
	if (!close)
		return;       /* #include MACRO: only the preprocessor knows */
	const char *s = rest + 1, *e = s;
	while (e < end && *e != close)
		e++;
	if (e >= end || e == s)
		return;
	const char *found = find_header(xstrndup(s, (size_t)(e - s)), close == '"', dir);
	if (found)
		learn_file(found, depth + 1);
}

/* Split a header into its __COROGEN__ blocks and the rest, both kept at
 * their offsets (everything else blanked, newlines kept) so that
 * diagnostics give the header's own lines. Follows includes on the way. */
static void learn_text(const char *name, const char *text, size_t len, const char *dir, int depth)
{
	char *block = xalloc(len + 1), *rest_text = xalloc(len + 1);
	bool any_block = false;
	int level = 0, block_level = -1;   /* #if nesting; level of the open block */
	bool in_block = false;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		const char *rest;
		const char *word = directive_word(text + i, text + j, &rest);
		bool keep_in_block = in_block;
		if (word) {
			if (!strcmp(word, "include"))
				follow(rest, text + j, dir, depth);
			if (!strcmp(word, "if") || !strcmp(word, "ifdef") || !strcmp(word, "ifndef")) {
				if (!in_block && block_level < 0 && names_corogen(word, rest, text + j)) {
					in_block = true;
					block_level = level;
					keep_in_block = false;
				}
				level++;
			} else if (!strcmp(word, "endif")) {
				level--;
				if (level == block_level) {
					in_block = false;
					block_level = -1;
					keep_in_block = false;
				}
			} else if ((!strcmp(word, "else") || !strcmp(word, "elif")) && level == block_level + 1) {
				in_block = false;    /* the #else branch is for C, up to #endif */
				keep_in_block = false;
			}
		}
		for (size_t k = i; k < j; k++) {
			block[k] = keep_in_block ? text[k] : ' ';
			rest_text[k] = keep_in_block || block_level >= 0 ? ' ' : text[k];
		}
		any_block |= keep_in_block && j > i;
		if (j < len)
			block[j] = rest_text[j] = '\n';
		i = j + 1;
	}
	Source *rs = xalloc(sizeof *rs);
	*rs = (Source){name, rest_text, len};
	scan_typedefs(rs);
	if (any_block) {
		Source *bs = xalloc(sizeof *bs);
		*bs = (Source){name, block, len};
		parsing_header = true;
		parse_source(bs);
		parsing_header = false;
		typedef_watch_reset();
		functions_watch_reset();
	}
}

static void learn_file(const char *path, int depth)
{
	if (depth > MAX_DEPTH || seen.len >= MAX_HEADERS)
		return;
	char real[PATH_MAX];
	const char *key = realpath(path, real) ? xstrdup(real) : path;
	for (int i = 0; i < seen.len; i++)
		if (!strcmp(seen.items[i], key))
			return;
	vec_push(&seen, (void *)key);
	Buf b = {0};
	if (!read_text(path, &b)) {
		buf_free(&b);
		return;
	}
	char *text = xstrndup(b.data, b.len);
	size_t len = b.len;
	buf_free(&b);
	learn_text(path, text, len, dir_of(path), depth);
}

/* Only the .co file's include lines count here: its own text is parsed by
 * the caller. */
void headers_learn(const char *text, size_t len, const IncludePaths *p)
{
	paths = p;
	seen = (Vec){0};
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		const char *rest;
		const char *word = directive_word(text + i, text + j, &rest);
		if (word && !strcmp(word, "include"))
			follow(rest, text + j, p->co_dir, 0);
		i = j + 1;
	}
	paths = NULL;
}
