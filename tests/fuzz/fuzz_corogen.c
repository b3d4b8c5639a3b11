/*
 * fuzz_corogen.c — libFuzzer target for the whole compiler: bytes in,
 * diagnostics or C out. It calls corogen_compile() (gen/compile.c), the
 * same function the command line runs, once per input, in both output
 * modes (C with #line directives and the header, and --dump-ir).
 *
 * Any crash, sanitizer report, leak or hang is a bug; so is a result other
 * than 0 (compiled) or 1 (diagnosed), and "diagnosed" without a single
 * diagnostic is checked by error_count in the library itself (not here).
 * Diagnostics go to stderr: run.sh passes libFuzzer -close_fd_mask=2,
 * which closes the target's stderr while libFuzzer and the sanitizers keep
 * reporting on a duplicate of it. Replaying an input without that flag
 * shows the diagnostics:  build/fuzz/fuzz_corogen FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corogen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char empty[1] = "";
	const char *text = size ? (const char *)data : empty;

	Buf out = {0}, hdr = {0};
	CompileOptions opt = {
		.line_directives = true,
		.dump_ir = false,
		.header = &hdr,
		.header_guard = "COROGEN_FUZZ_H",
	};
	int rc = corogen_compile("fuzz.co", text, size, &opt, &out);
	if (rc != 0 && rc != 1)
		abort();
	if (rc == 0 && (!out.data || out.len == 0))
		abort();   /* a successful compile always writes the banner */
	buf_free(&out);
	buf_free(&hdr);

	/* Same input again, as IR: the pipeline must be repeatable and agree
	 * on whether the input is valid. */
	CompileOptions ir = {.dump_ir = true};
	int rc2 = corogen_compile("fuzz.co", text, size, &ir, &out);
	if (rc2 != rc)
		abort();
	buf_free(&out);
	return 0;
}
