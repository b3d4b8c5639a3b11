/* compile.c — the pass pipeline, one call per line, as a function that can
 * run many times in one process (the CLI calls it once; the fuzzer often). */
#include "corogen.h"

int corogen_compile(const char *name, const char *text, size_t len,
		    const CompileOptions *opt, Buf *out)
{
	Source src = {name, xstrndup(text, len), len};
	cur_source = &src;
	error_count = 0;
	program = xalloc(sizeof *program);
	typenames_init();
	functions_reset();
	macros_reset();

	cpp_mode = opt->cpp;
	if (cpp_mode)
		cpp_begin(&src);
	else if (opt->includes)
		headers_learn(src.text, src.len, opt->includes);
	outside_reset();
	parse_source(&src);
	outside_finish();
	check_program(program);
	if (error_count == 0)
		lower_program(program);
	if (error_count == 0) {
		if (opt->dump_ir)
			dump_ir_program(out, program);
		else
			emit_program(out, program, &(EmitOptions){.line_directives = opt->line_directives});
		if (opt->header)
			emit_header(opt->header, program, opt->header_guard);
	}
	int rc = error_count > 0;
	diag_flush();
	cur_source = NULL;
	cpp_mode = false;
	program = NULL;
	arena_release();
	return rc;
}
