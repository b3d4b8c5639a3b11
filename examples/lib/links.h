/*
 * links.h — find the href attributes in an HTML page, reading it the way
 * an HTML5 browser's tokenizer does (docs/CRAWLER.md, "HTML rules").
 *
 * A tag scanner, not a full HTML parser: it jumps from '<' to '<' with
 * memchr and reads each start tag's attributes (double-quoted,
 * single-quoted or unquoted values, any case, spaces around '='). It
 * skips comments, <!...> and <?...> declarations and end tags; the
 * contents of the raw-text elements (script, style, xmp, iframe, noembed,
 * noframes), the escapable raw-text elements (title, textarea) and
 * everything after <plaintext> are text, not markup. When a tag repeats
 * an attribute the first one wins. Values have their character
 * references decoded as HTML5 does in attribute values (named, decimal,
 * hex), into UTF-8. No allocation, no global state.
 */
#ifndef EX_LINKS_H
#define EX_LINKS_H

#include <stddef.h>

#define LINKS_HREF_MAX 4096   /* values longer than this (decoded) are skipped */

/* Bytes links_decode_entities may write for n bytes of input: a NUL byte
 * becomes U+FFFD (3 bytes), and the terminating NUL. */
#define LINKS_DECODED_MAX(n) (3 * (n) + 1)

/* Called once per href. `href` is decoded and NUL-terminated, valid only
 * during the call; `tag` is the lower-cased element name ("a", "link",
 * "area", "base"...). Return nonzero to stop.
 *
 * The document's first <base> element with an href attribute is reported
 * first (tag "base"), wherever it is in the page, because HTML resolves
 * every link against it, the ones before it too; other <base> elements are
 * not reported. Then every other href in document order. */
typedef int (*links_cb)(void *ctx, const char *href, size_t len,
			const char *tag);

/* Scan html[0..len) (need not be NUL-terminated). Returns the number of
 * hrefs reported. */
size_t links_extract(const char *html, size_t len, links_cb cb, void *ctx);

/* Decode the character references in the attribute value src[0..n) into
 * out (LINKS_DECODED_MAX(n) bytes), as HTML5 does inside an attribute:
 * "&#233;", "&#xE9;" and "&eacute;" give UTF-8 "é"; numeric references to
 * 0x80-0x9F are read as Windows-1252, 0, surrogates and values above
 * U+10FFFF give U+FFFD, and so does a NUL byte; the legacy names ("&amp",
 * "&eacute") are decoded without their ';' unless followed by '=' or a
 * letter or digit. Anything else stays as written. Returns the decoded
 * length; out is NUL-terminated. */
size_t links_decode_entities(const char *src, size_t n, char *out);

#endif
