/* test_links.c — href extraction: quoting, case, entities, comments. */
#include <stdlib.h>
#include "check.h"
#include "entities.h"
#include "links.h"

typedef struct collected {
	char all[2048];     /* hrefs joined by '|' */
	char tags[256];     /* their tags joined by '|' */
	size_t n;
	size_t stop_after;  /* 0 = never stop */
} collected;

static int collect(void *ctx, const char *href, size_t len, const char *tag)
{
	collected *c = ctx;
	CHECK(strlen(href) == len, "callback length matches the string");
	size_t at = strlen(c->all);
	snprintf(c->all + at, sizeof c->all - at, "%s%s", c->n ? "|" : "", href);
	at = strlen(c->tags);
	snprintf(c->tags + at, sizeof c->tags - at, "%s%s", c->n ? "|" : "", tag);
	c->n++;
	return c->stop_after && c->n >= c->stop_after;
}

static void extracts(const char *name, const char *html, const char *want)
{
	collected c;
	memset(&c, 0, sizeof c);
	size_t n = links_extract(html, strlen(html), collect, &c);
	CHECK_STR(c.all, want, name);
	CHECK_INT(n, c.n, name);
	/* every prefix of the page is scanned without reading past it (ASan) */
	for (size_t len = 0; len < strlen(html); len++) {
		collected p;
		memset(&p, 0, sizeof p);
		char *copy = malloc(len ? len : 1);
		memcpy(copy, html, len);
		links_extract(copy, len, collect, &p);
		free(copy);
	}
}

static void test_quoting(void)
{
	extracts("double quotes", "<a href=\"/a\">x</a>", "/a");
	extracts("single quotes", "<a href='/b'>x</a>", "/b");
	extracts("unquoted", "<a href=/c>x</a>", "/c");
	extracts("unquoted then attribute", "<a href=/c title=t>", "/c");
	extracts("unquoted before slash-close", "<a href=/c/>", "/c/");
	extracts("spaces around =", "<a href = \"/d\" >", "/d");
	extracts("newlines around =", "<a\nhref\n=\n'/e'\n>", "/e");
	extracts("any case", "<A HREF=\"/f\"><a HrEf='/g'>", "/f|/g");
	extracts("other attributes first", "<a class=\"x\" id=y data-x='z' href=\"/h\">", "/h");
	extracts("quote of the other kind inside", "<a href=\"it's\"><a href='say \"hi\"'>",
		 "it's|say \"hi\"");
	extracts("> inside quotes", "<a title=\"a>b\" href=\"/i\">", "/i");
	extracts("empty value", "<a href=\"\">", "");
	extracts("no value", "<a href>x</a><a href=/j>", "/j");
	extracts("absolute and other schemes",
		 "<a href=\"http://x/\"><a href=\"mailto:a@b\"><a href=\"#top\">",
		 "http://x/|mailto:a@b|#top");
	extracts("several per line", "<p><a href=1>1</a> <a href=2>2</a></p><a href=3>",
		 "1|2|3");
	extracts("whitespace kept for the resolver", "<a href=\" /k \">", " /k ");
	extracts("uppercase end of tag name", "<LINK REL=stylesheet HREF=s.css>", "s.css");
}

static void test_not_links(void)
{
	extracts("text mentioning href", "use href=\"/no\" in text", "");
	extracts("other attribute ending in href", "<a data-href=\"/no\" xhref='/no2'>", "");
	extracts("attribute value containing href=",
		 "<a title=\"href=/no\" href=/yes>", "/yes");
	extracts("comment", "<!-- <a href=\"/no\"> --><a href=/yes>", "/yes");
	extracts("comment with dashes", "<!-- a -- b --- <a href=/no> ---><a href=/yes>", "/yes");
	extracts("empty comments", "<!--><a href=/1><!---><a href=/2>", "/1|/2");
	extracts("unclosed comment", "<a href=/1><!-- <a href=/no>", "/1");
	extracts("doctype and pi", "<!DOCTYPE html><?xml href=\"/no\"?><a href=/yes>", "/yes");
	extracts("end tag", "</a href=/no><a href=/yes>", "/yes");
	extracts("script contents",
		 "<script>var s = '<a href=\"/no\">';</script><a href=/yes>", "/yes");
	extracts("script end tag any case",
		 "<SCRIPT type=x>'<a href=/no>'</ScRiPt ><a href=/yes>", "/yes");
	extracts("style contents", "<style>a[href=\"/no\"]{}</style><a href=/yes>", "/yes");
	extracts("unclosed script", "<script><a href=/no>", "");
	extracts("lone <", "1 < 2 <a href=/yes> <", "/yes");
	extracts("unterminated quote", "<a href=\"/no", "");
	extracts("tag at the end", "<a href=", "");
	extracts("empty", "", "");
}

static void test_entities(void)
{
	extracts("amp", "<a href=\"/s?a=1&amp;b=2\">", "/s?a=1&b=2");
	extracts("all named", "<a href='&amp;&quot;&#39;&lt;&gt;&apos;'>", "&\"'<>'");
	extracts("numeric", "<a href='&#47;x&#x2F;y&#X2f;'>", "/x/y/");
	extracts("unknown and broken kept", "<a href='&nbsp;&amp&#;&#xZ;&#0;&#200;&'>",
		 "\xc2\xa0&&#;&#xZ;\xef\xbf\xbd\xc3\x88&");
	extracts("not double-decoded", "<a href='&amp;amp;'>", "&amp;");
	char out[64];
	CHECK_INT(links_decode_entities("a&lt;b", 6, out), 3, "decode length");
	CHECK_STR(out, "a<b", "decode");
	CHECK_INT(links_decode_entities("&#9999999999;", 13, out), 3, "decode overflow");
	CHECK_STR(out, "\xef\xbf\xbd", "overflow is U+FFFD");
}

/* Issue 12 item 1: numeric and named references as HTML5 reads them in
 * an attribute value. */
static void decodes(const char *src, const char *want)
{
	char out[LINKS_DECODED_MAX(256)];
	size_t n = links_decode_entities(src, strlen(src), out);
	CHECK_STR(out, want, src);
	CHECK_INT(n, strlen(want), src);
}

static void test_html5_references(void)
{
	extracts("decimal reference, not a fragment", "<a href=\"caf&#233;.html\">",
		 "caf\xc3\xa9.html");
	decodes("&#xE9;&#XE9;&#233", "\xc3\xa9\xc3\xa9\xc3\xa9");
	decodes("&#x1F600;", "\xf0\x9f\x98\x80");
	decodes("&#65;&#x42;&#0067x", "ABCx");
	/* Windows-1252 for 0x80-0x9F; its holes stay C1 controls */
	decodes("&#128;&#x99;&#159;", "\xe2\x82\xac\xe2\x84\xa2\xc5\xb8");
	decodes("&#x81;", "\xc2\x81");
	/* invalid: U+FFFD */
	decodes("&#0;", "\xef\xbf\xbd");
	decodes("&#xD800;", "\xef\xbf\xbd");
	decodes("&#x110000;", "\xef\xbf\xbd");
	decodes("&#99999999999999999999;", "\xef\xbf\xbd");
	decodes("a\0b", "a");        /* strlen stops it; the NUL case is below */
	char nul[LINKS_DECODED_MAX(3)];
	CHECK_INT(links_decode_entities("a\0b", 3, nul), 5, "NUL decoded length");
	CHECK(memcmp(nul, "a\xef\xbf\xbd" "b", 6) == 0, "NUL becomes U+FFFD");
	/* no digits: plain text */
	decodes("&#;&#x;&#xg;&#", "&#;&#x;&#xg;&#");
	/* named, with ';' (all 2,231 are known) */
	decodes("&eacute;&nbsp;&NotNestedGreaterGreater;&nGt;",
		"\xc3\xa9\xc2\xa0\xe2\xaa\xa2\xcc\xb8\xe2\x89\xab\xe2\x83\x92");
	decodes("&CounterClockwiseContourIntegral;", "\xe2\x88\xb3");
	decodes("&unknown;&Eacute", "&unknown;\xc3\x89");
	/* legacy names without ';' — but not before '=' or an alphanumeric */
	decodes("a&amp", "a&");
	decodes("&eacute.html", "\xc3\xa9.html");
	decodes("?a=1&copy=2&amp;b", "?a=1&copy=2&b");
	decodes("&ampx &amp1 &amp;x", "&ampx &amp1 &x");
	decodes("&notit; &notin;", "&notit; \xe2\x88\x89");   /* text would give "¬it;" */
	decodes("&noti", "&noti");       /* "not" then a letter: kept */
	decodes("&not", "\xc2\xac");
	decodes("&AMP&lt", "&<");
	decodes("&amp;amp;", "&amp;");
	CHECK_INT(entity_count, 2231, "named reference table size");
	/* the table is sorted for bsearch */
	for (size_t i = 1; i < entity_count; i++)
		CHECK(strcmp(entity_table[i - 1].name, entity_table[i].name) < 0,
		      "entity table sorted at %zu", i);
}

/* Issue 12 items 2-4: raw text, duplicate attributes, <base>. */
static void test_html5_structure(void)
{
	extracts("title is text", "<title>see <a href=/no></title><a href=/yes>", "/yes");
	extracts("textarea is text", "<textarea><a href=/no></textarea ><a href=/yes>", "/yes");
	extracts("xmp is text", "<xmp><a href=/no></xmp><a href=/yes>", "/yes");
	extracts("iframe is text", "<iframe src=x><a href=/no></iframe><a href=/yes>", "/yes");
	extracts("noembed is text", "<noembed><a href=/no></noembed><a href=/yes>", "/yes");
	extracts("noframes is text", "<noframes><a href=/no></noframes><a href=/yes>", "/yes");
	extracts("style is text", "<STYLE>x{}<a href=/no></style/><a href=/yes>", "/yes");
	extracts("self-closing script is still raw", "<script/><a href=/no></script><a href=/y>",
		 "/y");
	extracts("a longer end tag does not close", "<title><a href=/no></titles>"
		 "<a href=/no2></title><a href=/yes>", "/yes");
	extracts("raw text unclosed to the end", "<a href=/1><textarea><a href=/no>", "/1");
	extracts("end tag cut at the end", "<title>x</title", "");
	extracts("plaintext to the end", "<a href=/1><plaintext></plaintext><a href=/no>", "/1");
	extracts("noscript is markup", "<noscript><a href=/yes></noscript>", "/yes");
	extracts("title href itself counts", "<title href=/t>x</title>", "/t");

	extracts("first href wins", "<a href=\"first.html\" href=\"second.html\">", "first.html");
	extracts("first href wins, any case", "<a HREF=1 id=x Href='2' href=3>", "1");
	extracts("valueless href first", "<a href href=/no>", "");
	extracts("next tag starts afresh", "<a href=1 href=2><a href=3>", "1|3");

	extracts("base first, wherever it is",
		 "<a href=1><base href=\"http://b/\"><a href=2>", "http://b/|1|2");
	extracts("only the first base with href",
		 "<base target=x><a href=1><base href=/b1><base href=/b2>", "/b1|1");
	extracts("base inside a comment or raw text does not count",
		 "<!-- <base href=/no> --><title><base href=/no2></title><a href=1>"
		 "<base href=/b>", "/b|1");
	extracts("valueless base href ends the search", "<base href><base href=/no><a href=1>",
		 "1");
	extracts("BASE any case", "<a href=1><BASE HREF=/b>", "/b|1");

	/* more links before the base than the scanner holds back: it looks
	 * ahead, and the order stays base first, then document order */
	static const int counts[] = { 127, 128, 129, 300 };
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		int links_before = counts[k];
		static char page[16384];
		size_t at = 0;
		for (int i = 0; i < links_before; i++)
			at += (size_t)snprintf(page + at, sizeof page - at, "<a href=%d>", i);
		at += (size_t)snprintf(page + at, sizeof page - at,
				       "<base href=/b><a href=last><base href=/no>");
		collected *c = calloc(1, sizeof *c);
		size_t n = links_extract(page, at, collect, c);
		CHECK_INT(n, links_before + 2, "count with a late base");
		CHECK(strncmp(c->all, "/b|0|1|2|", 9) == 0, "late base first: %.20s", c->all);
		char tail[32];
		snprintf(tail, sizeof tail, "|%d|last", links_before - 1);
		CHECK(strlen(c->all) > strlen(tail) &&
		      strcmp(c->all + strlen(c->all) - strlen(tail), tail) == 0,
		      "late base: links in order, %d before it", links_before);
		/* stopping inside the held links */
		memset(c, 0, sizeof *c);
		c->stop_after = 3;
		CHECK_INT(links_extract(page, at, collect, c), 3, "stop among held links");
		CHECK_STR(c->all, "/b|0|1", "stopped among held links");
		free(c);
	}
}

static void test_tags_and_stop(void)
{
	collected c;
	memset(&c, 0, sizeof c);
	const char *html = "<a href=1><LINK href=2><area href=3><base href=4><a href=5>";
	links_extract(html, strlen(html), collect, &c);
	CHECK_STR(c.tags, "base|a|link|area|a", "tag names, the base first");
	CHECK_STR(c.all, "4|1|2|3|5", "hrefs, the base first");
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	size_t n = links_extract(html, strlen(html), collect, &c);
	CHECK_INT(n, 2, "stop after two");
	CHECK_STR(c.all, "4|1", "stopped links");
	memset(&c, 0, sizeof c);
	c.stop_after = 1;
	CHECK_INT(links_extract(html, strlen(html), collect, &c), 1, "stop at the base");

	/* values longer than LINKS_HREF_MAX are skipped, not cut */
	char big[LINKS_HREF_MAX + 64];
	int len = snprintf(big, sizeof big, "<a href=\"");
	memset(big + len, 'x', LINKS_HREF_MAX + 1);
	len += LINKS_HREF_MAX + 1;
	len += snprintf(big + len, sizeof big - (size_t)len, "\"><a href=/ok>");
	memset(&c, 0, sizeof c);
	links_extract(big, (size_t)len, collect, &c);
	CHECK_STR(c.all, "/ok", "overlong href skipped");

	/* not NUL-terminated: the scan stops at len */
	const char buf[] = { '<', 'a', ' ', 'h', 'r', 'e', 'f', '=', 'z' };
	memset(&c, 0, sizeof c);
	links_extract(buf, sizeof buf, collect, &c);
	CHECK_STR(c.all, "z", "unterminated buffer");
}

int main(void)
{
	test_quoting();
	test_not_links();
	test_entities();
	test_html5_references();
	test_html5_structure();
	test_tags_and_stop();
	return check_report("test_links");
}
