/*
 * cpp.c — `--cpp` mode: the C preprocessor runs first (with the user's -I,
 * -D, -U, plus -D__COROGEN__ and -include coro.h), so corogen sees what the
 * C compiler sees: macros expanded, `#if` resolved (also inside bodies),
 * every header's typedefs and __COROGEN__ blocks. The preprocessor's line
 * markers (`# 12 "file.co"`) keep every diagnostic and `#line` on the
 * .co file's own lines: the scanner follows them (scan.l), and the emitter
 * maps byte offsets through the table built here.
 */
#include "corogen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool cpp_mode;
bool cpp_in_header;
static const char *main_name;
static Vec line_map;          /* (intptr_t) original line of each output line, from 1 */

/* `# 12 "file"` or `#line 12 "file"`: the line number and file it names. */
bool linemarker(const char *text, int *line, const char **file)
{
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '#')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "line", 4))
		p += 4;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	*line = (int)strtol(p, (char **)&p, 10);
	while (*p == ' ' || *p == '\t')
		p++;
	*file = NULL;
	if (*p == '"') {
		const char *s = ++p;
		while (*p && *p != '"' && *p != '\n')
			p += p[0] == '\\' && p[1] ? 2 : 1;
		*file = xstrndup(s, (size_t)(p - s));
	}
	return true;
}

/* Called by the scanner at a line marker: the next line is `line` of `file`. */
void cpp_marker(const char *file)
{
	if (file)
		cpp_in_header = strcmp(file, main_name) != 0;
}

void cpp_begin(const Source *src)
{
	main_name = src->name;
	cpp_in_header = false;
	line_map = (Vec){0};
	vec_push(&line_map, (void *)0);
	int line = 1;
	const char *t = src->text, *end = t + src->len;
	for (const char *p = t; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		int n;
		const char *file;
		vec_push(&line_map, (void *)(intptr_t)line);
		if (linemarker(xstrndup(p, (size_t)(e - p)), &n, &file))
			line = n;
		else
			line++;
		p = e + 1;
	}
}

int cpp_map_line(int pp_line)
{
	if (pp_line >= 1 && pp_line < line_map.len)
		return (int)(intptr_t)line_map.items[pp_line];
	return pp_line;
}

/* Run `cc -E` over `input` ("-": our standard input) and collect its output. */
int run_cpp(const char *const *args, Buf *out)
{
	int fds[2];
	if (pipe(fds) != 0) {
		fprintf(stderr, "corogen: cannot run the preprocessor: %s\n", strerror(errno));
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "corogen: cannot run the preprocessor: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(args[0], (char *const *)args);
		fprintf(stderr, "corogen: cannot run the preprocessor '%s': %s\n", args[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_putn(out, chunk, (size_t)n);
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf_putn(out, "", 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 2 : 1;
}

/* With -dD the output keeps the #define lines, so that the generated C can
 * use the runtime's macros (CO_DONE, NULL...) and the program's; those of
 * the compiler itself (<built-in>, <command-line>) would be redefinitions:
 * they are blanked, lines kept. */
void cpp_drop_builtins(Buf *text)
{
	bool builtin = false;
	for (size_t i = 0; i < text->len;) {
		char *p = text->data + i;
		char *e = memchr(p, '\n', text->len - i);
		size_t n = e ? (size_t)(e - p) : text->len - i;
		int line;
		const char *file;
		const char *q = p;
		while (q < p + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q < p + n && *q == '#') {
			if (linemarker(xstrndup(p, n), &line, &file) && file)
				builtin = !strcmp(file, "<built-in>") || !strcmp(file, "<command-line>");
			else if (builtin)
				memset(p, ' ', n);
		}
		i += n + 1;
	}
}
