/*
 * fuzz_url.c — libFuzzer target for examples/lib/url.c: url_resolve,
 * url_normalize, url_split and url_is_on_host, as the crawler calls them.
 *
 * Input: one control byte, then BASE NUL REF (no NUL: the whole rest is
 * REF and there is no base).
 *   bit 0     ignore the base (resolve REF alone, like url_normalize)
 *   bits 1-2  output buffer size: URL_MAX, 64, 16, 1 (allocated exactly,
 *             so that a write past it is an ASan report)
 *
 * Checked on every success: the result is NUL-terminated inside the
 * buffer, starts with "http://", holds no byte a request line cannot
 * carry and no fragment; it is a fixed point (normalising it again gives
 * it back) and resolves to itself against the base; url_split accepts it
 * with a path starting with '/', and url_is_on_host agrees with the split.
 * On failure the buffer holds "".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

static void check(int ok, const char *what, const char *url)
{
	if (!ok) {
		fprintf(stderr, "fuzz_url: %s: \"%s\"\n", what, url ? url : "");
		abort();
	}
}

static const size_t sizes[4] = {URL_MAX, 64, 16, 1};

static void check_split(const char *url)
{
	url_target t;
	url_err e = url_split(url, &t);
	check((unsigned)e <= URL_E_NOT_NORMAL, "url_split: odd error", url);
	if (e != URL_OK)
		return;
	check(t.port >= 1 && t.port <= 65535, "url_split: port out of range", url);
	check(strlen(t.host) <= URL_HOST_MAX, "url_split: host too long", url);
	check(t.path && t.path_len >= 1, "url_split: empty path", url);
	check(t.authority >= url && t.authority + t.authority_len <= url + strlen(url),
	      "url_split: authority outside the URL", url);
	check(url_is_on_host(url, t.host, t.port), "url_is_on_host disagrees with url_split", url);
	check(!url_is_on_host(url, t.host, t.port == 1 ? 2 : t.port - 1),
	      "url_is_on_host ignores the port", url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 3 * URL_MAX)
		return 0;
	unsigned ctl = data[0];
	/* base and ref as NUL-terminated strings in their own heap blocks */
	const uint8_t *rest = data + 1;
	size_t n = size - 1;
	const uint8_t *nul = memchr(rest, 0, n);
	char *base = NULL, *ref;
	if (nul) {
		size_t bn = (size_t)(nul - rest);
		base = malloc(bn + 1);
		memcpy(base, rest, bn);
		base[bn] = '\0';
		size_t rn = n - bn - 1;
		ref = malloc(rn + 1);
		memcpy(ref, nul + 1, rn);
		ref[rn] = '\0';   /* a later NUL just ends REF early */
	} else {
		ref = malloc(n + 1);
		memcpy(ref, rest, n);
		ref[n] = '\0';
	}
	if (ctl & 1) {
		free(base);
		base = NULL;
	}
	size_t outsz = sizes[(ctl >> 1) & 3];
	char *out = malloc(outsz);
	url_err e = url_resolve(base, ref, out, outsz);
	check((unsigned)e <= URL_E_NOT_NORMAL, "url_resolve: odd error", ref);
	check(url_err_str(e) != NULL, "url_err_str gave NULL", ref);
	check(memchr(out, 0, outsz) != NULL, "url_resolve: result not terminated", ref);
	if (e != URL_OK) {
		check(out[0] == '\0', "url_resolve: failure left a result", ref);
	} else {
		size_t len = strlen(out);
		check(len < outsz, "url_resolve: result longer than the buffer", ref);
		check(strncmp(out, "http://", 7) == 0, "url_resolve: result not http://", out);
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)out[i];
			check(c > ' ' && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '#',
			      "url_resolve: byte a request line cannot carry", out);
		}
		/* a fixed point of normalisation */
		char *again = malloc(URL_MAX);
		url_err e2 = url_normalize(out, again, URL_MAX);
		check(e2 == URL_OK, "normalising the result fails", out);
		check(strcmp(again, out) == 0, "normalising the result changes it", out);
		/* an absolute reference resolves to itself, whatever the base */
		if (base) {
			e2 = url_resolve(base, out, again, URL_MAX);
			check(e2 == URL_OK && strcmp(again, out) == 0,
			      "the result resolved against the base changes", out);
		}
		free(again);
		url_target t;
		check(url_split(out, &t) == URL_OK, "url_split refuses a resolved URL", out);
		check(t.path[0] == '/', "url_split: path of a resolved URL not absolute", out);
		check_split(out);
	}
	/* the other entry points on the raw strings */
	check_split(ref);
	if (base)
		check_split(base);
	(void)url_is_on_host(ref, "example.com", 80);
	free(out);
	free(base);
	free(ref);
	return 0;
}
