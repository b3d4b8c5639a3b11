/* test_links.c — href extraction: quoting, case, entities, comments. */
#include <stdlib.h>
#include "check.h"
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
		 "&nbsp;&amp&#;&#xZ;&#0;&#200;&");
	extracts("not double-decoded", "<a href='&amp;amp;'>", "&amp;");
	char out[64];
	CHECK_INT(links_decode_entities("a&lt;b", 6, out), 3, "decode length");
	CHECK_STR(out, "a<b", "decode");
	CHECK_INT(links_decode_entities("&#9999999999;", 13, out), 13, "decode overflow kept");
}

static void test_tags_and_stop(void)
{
	collected c;
	memset(&c, 0, sizeof c);
	const char *html = "<a href=1><LINK href=2><area href=3><base href=4><a href=5>";
	links_extract(html, strlen(html), collect, &c);
	CHECK_STR(c.tags, "a|link|area|base|a", "tag names");
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	size_t n = links_extract(html, strlen(html), collect, &c);
	CHECK_INT(n, 2, "stop after two");
	CHECK_STR(c.all, "1|2", "stopped links");

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
	test_tags_and_stop();
	return check_report("test_links");
}
