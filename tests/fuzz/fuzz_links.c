/*
 * fuzz_links.c — libFuzzer target for examples/lib/links.c: links_extract
 * and links_decode_entities, as the crawler calls them.
 *
 * The input is the page, in a heap block of exactly its size and not
 * NUL-terminated (as a received body may be), so any read past it is an
 * ASan report. Checked: every href is NUL-terminated at its length, at
 * most LINKS_HREF_MAX bytes, with a non-empty lower-case tag; the count
 * returned is the number of callbacks; a callback that stops the scan
 * after k hrefs gets the same first k hrefs and a count of k; decoding
 * stays within LINKS_DECODED_MAX.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"

typedef struct seen {
	size_t n, stop_at;
	uint64_t hash;       /* of every href and tag so far, in order */
} seen;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_links: %s\n", what);
		abort();
	}
}

static uint64_t mix(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull;
}

static int on_href(void *ctx, const char *href, size_t len, const char *tag)
{
	seen *s = ctx;
	check(href != NULL && tag != NULL, "NULL href or tag");
	check(len <= LINKS_HREF_MAX, "href longer than LINKS_HREF_MAX");
	check(href[len] == '\0', "href not NUL-terminated at its length");
	size_t tl = strlen(tag);
	check(tl > 0, "empty tag name");
	for (size_t i = 0; i < tl; i++)
		check(!(tag[i] >= 'A' && tag[i] <= 'Z'), "tag name not lower-cased");
	s->hash = mix(mix(s->hash, href, len), tag, tl);
	s->n++;
	return s->stop_at && s->n == s->stop_at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *html = (const char *)data;
	seen all = {0, 0, 14695981039346656037ull};
	size_t count = links_extract(html, size, on_href, &all);
	check(count == all.n, "count differs from the number of callbacks");

	if (all.n > 0) {
		/* stop half-way: the same prefix, and the count says where */
		seen part = {0, (all.n + 1) / 2, 14695981039346656037ull};
		size_t k = links_extract(html, size, on_href, &part);
		check(k == part.stop_at && part.n == part.stop_at, "stopping early miscounts");
		seen again = {0, part.stop_at, 14695981039346656037ull};
		links_extract(html, size, on_href, &again);
		check(again.hash == part.hash, "a second scan differs");
	}

	/* decoding the raw bytes: out needs LINKS_DECODED_MAX(n) bytes */
	size_t n = size < 65536 ? size : 65536;
	char *out = malloc(LINKS_DECODED_MAX(n));
	size_t m = links_decode_entities(html, n, out);
	check(m < LINKS_DECODED_MAX(n), "decoding overran LINKS_DECODED_MAX");
	check(out[m] == '\0', "decoded text not terminated");
	free(out);
	return 0;
}
