/*
 * links_dump.c — for crawler_links_vs_python.py: read HTML documents from
 * stdin, separated by a line "\f\n", and print each link as
 * links_extract and url_resolve see it: "tag TAB href TAB resolved" (or
 * "!" when it does not resolve to an http URL), and a line "\f" after each
 * document. The base URL is argv[1]; <base href> is applied as the
 * crawler applies it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"
#include "url.h"

typedef struct doc {
	char base[URL_MAX];
} doc;

static int print_link(void *ctx, const char *href, size_t len, const char *tag)
{
	doc *d = ctx;
	char out[URL_MAX];
	int ok = url_resolve(d->base, href, out, sizeof out) == URL_OK;
	fputs(tag, stdout);
	putchar('\t');
	for (size_t i = 0; i < len; i++) {   /* one line per link */
		unsigned char c = (unsigned char)href[i];
		if (c == '\n' || c == '\t' || c == '\r' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\t%s\n", ok ? out : "!");
	if (!strcmp(tag, "base") && ok)
		memcpy(d->base, out, strlen(out) + 1);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: links_dump BASE-URL < documents\n", stderr);
		return 2;
	}
	size_t cap = 1 << 16, len = 0, n;
	char *all = malloc(cap);
	while (all && (n = fread(all + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap)
			all = realloc(all, cap *= 2);
	}
	if (!all)
		return 1;
	for (size_t at = 0; at < len;) {
		const char *sep = NULL;
		for (size_t i = at; i + 1 < len && !sep; i++)
			if (all[i] == '\f' && all[i + 1] == '\n')
				sep = all + i;
		size_t end = sep ? (size_t)(sep - all) : len;
		doc d;
		snprintf(d.base, sizeof d.base, "%s", argv[1]);
		links_extract(all + at, end - at, print_link, &d);
		fputs("\f\n", stdout);
		at = sep ? end + 2 : len;
	}
	free(all);
	return 0;
}
