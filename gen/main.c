/* main.c — the command line, and the pass pipeline one call per line. */
#include "corogen.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: corogen [options] FILE.co     (FILE '-' reads standard input)\n"
	"options:\n"
	"  -o FILE.c          write the C output to FILE.c (default: standard output)\n"
	"  --header FILE.h    also write declarations of the coroutines for other files\n"
	"  -I DIR             look for included headers in DIR too (their __COROGEN__\n"
	"                     blocks declare coroutines); may be repeated\n"
	"  --cpp              run the C preprocessor first (cc -E, or $CC -E), so that\n"
	"                     macros, #if and every header's typedefs are seen\n"
	"  -D NAME[=VALUE], -U NAME\n"
	"                     passed to the preprocessor (with --cpp only)\n"
	"  --no-line          leave out the #line directives\n"
	"  --dump-ir          print the lowered IR instead of C\n"
	"  --name NAME        call the input NAME in diagnostics and #line, and find its\n"
	"                     quoted includes beside NAME (for input from elsewhere)\n"
	"  --version          print the version and exit\n"
	"  --help             print this help and exit\n";

static int fail_usage(const char *fmt, const char *arg)
{
	fputs("corogen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs("Try 'corogen --help' for more information.\n", stderr);
	return 2;
}

static bool read_all(FILE *in, Buf *b)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_putn(b, chunk, n);
	if (!b->data)
		buf_putn(b, "", 0);
	return !ferror(in);
}

/* Write `data` to `path` through a temporary file, so that a failed run
 * never leaves a half-written or stale output behind. */
/* A regular file (or a new one) is replaced atomically; anything else
 * (/dev/null, a FIFO, a symlink's target...) is written in place. */
static bool is_special(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

static void remove_output(const char *path)
{
	if (path && !is_special(path))
		remove(path);
}

static bool write_file(const char *path, const Buf *data)
{
	if (is_special(path)) {
		FILE *f = fopen(path, "w");
		bool ok = f && (data->len == 0 || fwrite(data->data, 1, data->len, f) == data->len);
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok)
			fprintf(stderr, "corogen: cannot write '%s': %s\n", path, strerror(errno));
		return ok;
	}
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "corogen: cannot write '%s': %s\n", path, strerror(errno));
		return false;
	}
	bool ok = data->len == 0 || fwrite(data->data, 1, data->len, f) == data->len;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "corogen: cannot write '%s': %s\n", path, strerror(errno));
		remove(tmp);
		return false;
	}
	return true;
}

static void guard_for(const char *path, char *g, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(g, size, "COROGEN_%s", base);
	for (char *p = g; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	}
}

/* The runtime's headers: beside the binary in the build tree
 * (build/corogen -> runtime/), or in the installed prefix
 * (bin/corogen -> include/). */
static const char *runtime_dir(void)
{
	static char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 64);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	static const char *const cands[] = {"/../runtime", "/../include"};
	static char dir[4096 + 64];
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		snprintf(dir, sizeof dir, "%.*s%s", (int)(slash - exe), exe, cands[i]);
		char probe[sizeof dir + 16];
		snprintf(probe, sizeof probe, "%s/coro.h", dir);
		struct stat st;
		if (stat(probe, &st) == 0)
			return dir;
	}
	return NULL;
}

static const char *input_dir(const char *input)
{
	const char *slash = strrchr(input, '/');
	if (!slash)
		return ".";
	if (slash == input)
		return "/";
	static char dir[4096];
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - input), input);
	return dir;
}

static int run(int argc, char **argv)
{
	const char *input = NULL, *output = NULL, *header = NULL, *shown = NULL;
	bool lines = true, dump_ir = false;
	/* from the arena: released with everything else by corogen_compile */
	const char **incdirs = xalloc(((size_t)argc + 1) * sizeof *incdirs);
	int nincdirs = 0;
	const char **defs = xalloc(((size_t)argc + 1) * sizeof *defs);   /* "-DX", "-UY" */
	int ndefs = 0;
	bool cpp = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-I")) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a directory name", a);
			incdirs[nincdirs++] = argv[++i];
		} else if (!strncmp(a, "-I", 2)) {
			incdirs[nincdirs++] = a + 2;
		} else if (!strcmp(a, "-D") || !strcmp(a, "-U")) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a macro name", a);
			defs[ndefs++] = xprintf("%s%s", a, argv[++i]);
		} else if (!strncmp(a, "-D", 2) || !strncmp(a, "-U", 2)) {
			defs[ndefs++] = a;
		} else if (!strcmp(a, "--cpp")) {
			cpp = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("corogen " COROGEN_VERSION);
			return 0;
		} else if (!strcmp(a, "--no-line")) {
			lines = false;
		} else if (!strcmp(a, "--dump-ir")) {
			dump_ir = true;
		} else if (!strcmp(a, "--name")) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a file name", a);
			shown = argv[++i];
		} else if (!strcmp(a, "-o") || !strcmp(a, "--header")) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a file name", a);
			if (!strcmp(a, "-o"))
				output = argv[++i];
			else
				header = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return fail_usage("unknown option '%s'", a);
		} else if (input) {
			return fail_usage("more than one input file ('%s')", a);
		} else {
			input = a;
		}
	}
	if (!input)
		return fail_usage("%s", "no input file");
	if (ndefs > 0 && !cpp)
		return fail_usage("option '%s' needs --cpp (corogen does not expand macros itself)", defs[0]);
	if (shown && cpp)   /* the preprocessor's line markers name the file */
		return fail_usage("%s", "--name does not work with --cpp");

	Buf text = {0};
	const char *name = input;
	const char *rt = runtime_dir();
	if (cpp && strcmp(input, "-") && access(input, R_OK) != 0) {
		fprintf(stderr, "corogen: cannot open '%s': %s\n", input, strerror(errno));
		return 2;
	}
	if (cpp) {
		/* cc -E -x c -D__COROGEN__ -I... -I<runtime> -D.../-U... -include coro.h FILE */
		const char **args = xalloc(((size_t)argc + 16) * sizeof *args);
		int n = 0;
		const char *cc = getenv("CC");
		args[n++] = cc && *cc && !strchr(cc, ' ') ? cc : "cc";
		args[n++] = "-E";
		args[n++] = "-dD";      /* keep the macros: the generated C uses some */
		args[n++] = "-x";
		args[n++] = "c";
		args[n++] = "-D__COROGEN__";
		for (int i = 0; i < nincdirs; i++)
			args[n++] = xprintf("-I%s", incdirs[i]);
		if (rt)
			args[n++] = xprintf("-I%s", rt);
		for (int i = 0; i < ndefs; i++)
			args[n++] = defs[i];
		args[n++] = "-include";
		args[n++] = "coro.h";
		args[n++] = input;      /* "-": the preprocessor reads our standard input */
		args[n] = NULL;
		if (!strcmp(input, "-"))
			name = "<stdin>";
		int crc = run_cpp(args, &text);
		if (crc != 0) {
			remove_output(output);
			remove_output(header);
			buf_free(&text);
			return crc;
		}
		cpp_drop_builtins(&text);
	} else if (!strcmp(input, "-")) {
		name = "<stdin>";
		if (!read_all(stdin, &text)) {
			fprintf(stderr, "corogen: cannot read standard input: %s\n", strerror(errno));
			buf_free(&text);
			return 2;
		}
	} else {
		FILE *in = fopen(input, "rb");
		if (!in) {
			fprintf(stderr, "corogen: cannot open '%s': %s\n", input, strerror(errno));
			return 2;
		}
		bool ok = read_all(in, &text);
		fclose(in);
		if (!ok) {
			fprintf(stderr, "corogen: cannot read '%s': %s\n", input, strerror(errno));
			buf_free(&text);
			return 2;
		}
	}

	if (shown) {   /* the test runner feeds a copy of part of a test file */
		name = shown;
		input = shown;
	}
	Buf out = {0}, hdr = {0};
	char guard[256];
	guard_for(header ? header : "", guard, sizeof guard);
	IncludePaths inc = {
		.co_dir = !strcmp(input, "-") ? "." : input_dir(input),
		.dirs = incdirs,
		.ndirs = nincdirs,
		.runtime_dir = rt,
	};
	CompileOptions opt = {
		.line_directives = lines,
		.dump_ir = dump_ir,
		.header = header ? &hdr : NULL,
		.header_guard = guard,
		.includes = &inc,
		.cpp = cpp,
	};
	int rc = corogen_compile(name, text.data, text.len, &opt, &out);
	buf_free(&text);
	if (rc != 0) {
		remove_output(output);
		remove_output(header);
		buf_free(&out);
		buf_free(&hdr);
		return 1;
	}
	if (output) {
		if (!write_file(output, &out))
			rc = 2;
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "corogen: cannot write standard output: %s\n", strerror(errno));
		rc = 2;
	}
	if (rc == 0 && header && !write_file(header, &hdr)) {
		remove_output(output);
		rc = 2;
	}
	buf_free(&out);
	buf_free(&hdr);
	return rc;
}

/* The passes recurse over the syntax tree; a machine-generated file can nest
 * expressions hundreds of thousands deep (1 + 1 + ... on a 1 MB line). Run
 * them on a thread with a large stack: only the pages touched are used. */
struct job {
	int argc;
	char **argv;
	int rc;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	j->rc = run(j->argc, j->argv);
	return NULL;
}

int main(int argc, char **argv)
{
	struct job j = {argc, argv, 2};
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr) == 0 &&
	    pthread_attr_setstacksize(&attr, (size_t)1 << 30) == 0 &&
	    pthread_create(&t, &attr, run_job, &j) == 0) {
		pthread_join(t, NULL);
		return j.rc;
	}
	return run(argc, argv);   /* no thread: the normal stack */
}
