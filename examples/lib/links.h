/*
 * links.h — find the href attributes in an HTML page.
 *
 * A small tag scanner, not a full HTML parser: it jumps from '<' to '<'
 * with memchr, reads each start tag's attributes (double-quoted,
 * single-quoted or unquoted values, any case, spaces around '='), skips
 * comments, <!...> and <?...> declarations, end tags, and the contents of
 * <script> and <style>. Values have &amp; &quot; &apos; &#39; &lt; &gt; and
 * numeric ASCII references decoded. No allocation, no global state.
 */
#ifndef EX_LINKS_H
#define EX_LINKS_H

#include <stddef.h>

#define LINKS_HREF_MAX 4096   /* longer values are skipped */

/* Called once per href, in document order. `href` is decoded and
 * NUL-terminated, valid only during the call; `tag` is the lower-cased
 * element name ("a", "link", "area", "base"...). Return nonzero to stop. */
typedef int (*links_cb)(void *ctx, const char *href, size_t len,
			const char *tag);

/* Scan html[0..len) (need not be NUL-terminated). Returns the number of
 * hrefs reported. */
size_t links_extract(const char *html, size_t len, links_cb cb, void *ctx);

/* Decode the character references listed above in src[0..n) into out
 * (which needs n + 1 bytes; the result is never longer). Returns the
 * decoded length; out is NUL-terminated. */
size_t links_decode_entities(const char *src, size_t n, char *out);

#endif
