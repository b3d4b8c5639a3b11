/* test_url.c — resolution, normalisation, splitting and host matching. */
#include "check.h"
#include "url.h"

static const char *base = "http://a/b/c/d;p?q";

static void resolves(const char *b, const char *ref, const char *want)
{
	char out[URL_MAX];
	url_err e = url_resolve(b, ref, out, sizeof out);
	char what[512];
	snprintf(what, sizeof what, "resolve(\"%s\", \"%s\")", b ? b : "NULL", ref);
	CHECK(e == URL_OK, "%s failed: %s", what, url_err_str(e));
	if (e == URL_OK)
		CHECK_STR(out, want, what);
}

static void refused(const char *b, const char *ref, url_err want)
{
	char out[URL_MAX];
	url_err e = url_resolve(b, ref, out, sizeof out);
	CHECK(e == want, "resolve(\"%s\", \"%s\"): got \"%s\" (%s), want error \"%s\"",
	      b ? b : "NULL", ref, out, url_err_str(e), url_err_str(want));
	CHECK(out[0] == '\0', "resolve(\"%s\") failed but left \"%s\"", ref, out);
}

/* RFC 3986 section 5.4.1 */
static void test_rfc_normal(void)
{
	refused(base, "g:h", URL_E_SCHEME);     /* RFC: "g:h", not http */
	resolves(base, "g", "http://a/b/c/g");
	resolves(base, "./g", "http://a/b/c/g");
	resolves(base, "g/", "http://a/b/c/g/");
	resolves(base, "/g", "http://a/g");
	resolves(base, "//g", "http://g/");       /* RFC: "http://g"; empty path is "/" */
	resolves(base, "?y", "http://a/b/c/d;p?y");
	resolves(base, "g?y", "http://a/b/c/g?y");
	resolves(base, "#s", "http://a/b/c/d;p?q");   /* fragments removed */
	resolves(base, "g#s", "http://a/b/c/g");
	resolves(base, "g?y#s", "http://a/b/c/g?y");
	resolves(base, ";x", "http://a/b/c/;x");
	resolves(base, "g;x", "http://a/b/c/g;x");
	resolves(base, "g;x?y#s", "http://a/b/c/g;x?y");
	resolves(base, "", "http://a/b/c/d;p?q");
	resolves(base, ".", "http://a/b/c/");
	resolves(base, "./", "http://a/b/c/");
	resolves(base, "..", "http://a/b/");
	resolves(base, "../", "http://a/b/");
	resolves(base, "../g", "http://a/b/g");
	resolves(base, "../..", "http://a/");
	resolves(base, "../../", "http://a/");
	resolves(base, "../../g", "http://a/g");
}

/* RFC 3986 section 5.4.2 */
static void test_rfc_abnormal(void)
{
	resolves(base, "../../../g", "http://a/g");
	resolves(base, "../../../../g", "http://a/g");
	resolves(base, "/./g", "http://a/g");
	resolves(base, "/../g", "http://a/g");
	resolves(base, "g.", "http://a/b/c/g.");
	resolves(base, ".g", "http://a/b/c/.g");
	resolves(base, "g..", "http://a/b/c/g..");
	resolves(base, "..g", "http://a/b/c/..g");
	resolves(base, "./../g", "http://a/b/g");
	resolves(base, "./g/.", "http://a/b/c/g/");
	resolves(base, "g/./h", "http://a/b/c/g/h");
	resolves(base, "g/../h", "http://a/b/c/h");
	resolves(base, "g;x=1/./y", "http://a/b/c/g;x=1/y");
	resolves(base, "g;x=1/../y", "http://a/b/c/y");
	resolves(base, "g?y/./x", "http://a/b/c/g?y/./x");
	resolves(base, "g?y/../x", "http://a/b/c/g?y/../x");
	resolves(base, "g#s/./x", "http://a/b/c/g");
	resolves(base, "g#s/../x", "http://a/b/c/g");
	/* RFC: "http:g" strictly, "http://a/b/c/g" for backward
	 * compatibility; we follow browsers and take the latter */
	resolves(base, "http:g", "http://a/b/c/g");
}

static void test_normalisation(void)
{
	resolves(NULL, "HTTP://Example.COM/Path/A", "http://example.com/Path/A");
	resolves(NULL, "http://example.com:80/x", "http://example.com/x");
	resolves(NULL, "http://example.com:080/x", "http://example.com/x");
	resolves(NULL, "http://example.com:/x", "http://example.com/x");
	resolves(NULL, "http://example.com:8080/x", "http://example.com:8080/x");
	resolves(NULL, "http://example.com:00443", "http://example.com:443/");
	resolves(NULL, "http://example.com", "http://example.com/");
	resolves(NULL, "http://example.com?q", "http://example.com/?q");
	resolves(NULL, "http://example.com/a?", "http://example.com/a?");
	resolves(NULL, "http://example.com/a#frag", "http://example.com/a");
	resolves(NULL, "http://example.com/a/./b/../c", "http://example.com/a/c");
	resolves(NULL, "http://h/a//b/../c", "http://h/a//c");
	resolves(NULL, "http://h/%7Euser/%2e%2E/x%20y", "http://h/x%20y");
	resolves(NULL, "http://h/a b\"<>`{}", "http://h/a%20b%22%3C%3E%60%7B%7D");
	resolves(NULL, "http://h/?a b`{}", "http://h/?a%20b`{}");
	resolves(NULL, "http://h/caf\xc3\xa9", "http://h/caf%C3%A9");
	resolves(NULL, "  http://h/x \n", "http://h/x");
	resolves(NULL, "http://h/a\tb\nc\rd", "http://h/abcd");
	resolves(NULL, "ht\ntp://h/", "http://h/");
	resolves(NULL, "http://[::1]:8080/x", "http://[::1]:8080/x");
	resolves(NULL, "http://[FE80::1]/", "http://[fe80::1]/");
	resolves(NULL, "http://127.0.0.1:8000", "http://127.0.0.1:8000/");
	resolves("http://H:81/a/b", "c", "http://h:81/a/c");
	resolves("http://h:8080/a/b", "//other/x", "http://other/x");
	resolves("http://h:8080/a/b", "//other:8080", "http://other:8080/");
	resolves("http://h/a/b", "HTTP://X/Y", "http://x/Y");
	resolves("http://h", "g", "http://h/g");
	resolves("http://h", "?q", "http://h/?q");
	resolves("http://h/a/b?q#f", "", "http://h/a/b?q");
	resolves("http://h/d/", "../../../../x", "http://h/x");
	resolves("http://h/d/", "a&b=c", "http://h/d/a&b=c");
	/* a normalised URL normalises to itself */
	char once[URL_MAX], twice[URL_MAX];
	url_resolve("http://h/a/", "./b/../c?x=1#y", once, sizeof once);
	url_normalize(once, twice, sizeof twice);
	CHECK_STR(twice, once, "normalise is idempotent");
}

/* Issue 12, items 5 and 6: percent-encoding normalised, "'" in a query,
 * backslashes. */
static void test_browser_rules(void)
{
	/* RFC 3986 6.2.2.1: hex digits upper case */
	resolves(NULL, "http://h/caf%c3%a9.html", "http://h/caf%C3%A9.html");
	resolves(NULL, "http://h/caf\xc3\xa9.html", "http://h/caf%C3%A9.html");
	resolves(NULL, "http://h/?q=%3d%3D%e9", "http://h/?q=%3D%3D%E9");
	/* 6.2.2.2: unreserved characters decoded, reserved ones kept */
	resolves(NULL, "http://h/%41%7a%30%2D%2e%5F%7E", "http://h/Az0-._~");
	resolves(NULL, "http://h/a%2Fb%3F%23%25", "http://h/a%2Fb%3F%23%25");
	resolves(NULL, "http://h/?x=%41%26", "http://h/?x=A%26");
	/* a decoded dot is a dot segment (WHATWG reads "%2e" so too) */
	resolves(NULL, "http://h/a/%2e/b/%2E%2e/c", "http://h/a/c");
	resolves("http://h/a/b", "%2e%2e/x", "http://h/x");
	/* a '%' without two hex digits stays, as browsers leave it */
	resolves(NULL, "http://h/100%/%g1/%a", "http://h/100%/%g1/%a");
	/* decoding never makes a new escape with a bare '%' before it */
	resolves(NULL, "http://h/%%41b", "http://h/%%41b");
	resolves(NULL, "http://h/%a%42", "http://h/%a%42");
	resolves(NULL, "http://h/%%41%42", "http://h/%%41B");
	resolves(NULL, "http://h/%%7e%41/x", "http://h/%~A/x");
	resolves(NULL, "http://h/?%%41z", "http://h/?%%41z");   /* kept: conservative */
	/* a base is read like a link: tabs dropped, backslashes are '/' */
	resolves("http://h/a\\b\tc/d", "x", "http://h/a/bc/x");
	resolves("http://h/a\\b/", "?q", "http://h/a/b/?q");
	/* WHATWG special-query set: "'" encoded in the query only */
	resolves(NULL, "http://h/it's?q='x'", "http://h/it's?q=%27x%27");
	resolves("http://h/", "?a=%27", "http://h/?a=%27");
	/* backslash is '/' for http(s), up to the query */
	resolves("http://h/d/p", "sub\\x.html", "http://h/d/sub/x.html");
	resolves("http://h/d/p", "\\x.html", "http://h/x.html");
	resolves("http://h/d/p", "\\\\other\\y", "http://other/y");
	resolves(NULL, "http:\\\\H\\a\\..\\b", "http://h/b");
	resolves("http://h/", "a\\b?c\\d#e\\f", "http://h/a/b?c\\d");
	resolves("http://h/", "a\t\\b", "http://h/a/b");
	/* all of them are one URL */
	char a[URL_MAX], b[URL_MAX];
	url_resolve("http://h/", "caf%c3%a9.html", a, sizeof a);
	url_resolve("http://h/", "caf\xc3\xa9.html", b, sizeof b);
	CHECK_STR(a, b, "café spelled two ways");
	/* still idempotent */
	url_normalize("http://h/%c3%a9%7e/?%27'%2e", a, sizeof a);
	url_normalize(a, b, sizeof b);
	CHECK_STR(b, a, "normalise is idempotent after percent rules");
}

static void test_refusals(void)
{
	refused(base, "mailto:someone@example.com", URL_E_SCHEME);
	refused(base, "javascript:void(0)", URL_E_SCHEME);
	refused(base, "JavaScript:alert(1)", URL_E_SCHEME);
	refused(base, " javascript:x", URL_E_SCHEME);
	refused(base, "java\tscript:x", URL_E_SCHEME);
	refused(base, "ftp://a/", URL_E_SCHEME);
	refused(base, "data:text/html,hi", URL_E_SCHEME);
	refused(base, "tel:123", URL_E_SCHEME);
	refused(NULL, "/relative", URL_E_RELATIVE);
	refused(NULL, "", URL_E_RELATIVE);
	refused("/not/absolute", "g", URL_E_BASE);
	refused("ftp://a/", "g", URL_E_BASE);
	refused("http:/a", "g", URL_E_BASE);
	refused(NULL, "http:///x", URL_E_HOST);
	refused(NULL, "http:x", URL_E_HOST);
	refused(NULL, "http://a b/", URL_E_HOST);
	refused(NULL, "http://h\x01/", URL_E_HOST);
	refused(NULL, "http://[::1/", URL_E_HOST);
	refused(NULL, "http://[]/", URL_E_HOST);
	refused(NULL, "http://[::1]x/", URL_E_HOST);
	refused(NULL, "http://h:0/", URL_E_PORT);
	refused(NULL, "http://h:65536/", URL_E_PORT);
	refused(NULL, "http://h:99999999999999999999/", URL_E_PORT);
	refused(NULL, "http://h:8a/", URL_E_PORT);
	refused(NULL, "http://user:pw@h/", URL_E_USERINFO);
	char longhost[400] = "http://";
	memset(longhost + 7, 'a', 300);
	refused(NULL, longhost, URL_E_HOST);

	char small[16];
	CHECK(url_resolve(NULL, "http://example.com/long", small, sizeof small) ==
	      URL_E_TOO_LONG, "small buffer: URL too long");
	CHECK(small[0] == '\0', "small buffer left empty");
	char exact[sizeof "http://h/abc"];
	CHECK(url_resolve(NULL, "http://h/abc", exact, sizeof exact) == URL_OK,
	      "exactly fitting buffer");
	CHECK(url_resolve(NULL, "http://h/abc", exact, sizeof exact - 1) ==
	      URL_E_TOO_LONG, "one byte short buffer");
	CHECK(url_resolve(NULL, "http://h/", exact, 0) == URL_E_TOO_LONG,
	      "zero-size buffer");
	/* many ".." that would overflow before removal still resolve if the
	 * merged path fits */
	char deep[URL_MAX];
	CHECK(url_resolve("http://h/a/b/c/", "../../../../../../x", deep, 64) == URL_OK &&
	      strcmp(deep, "http://h/x") == 0, "deep dot segments");
	CHECK(strcmp(url_err_str(URL_E_SCHEME), "not an http or https URL") == 0, "reason text");
	CHECK(url_err_str((url_err)99) != NULL, "unknown reason is not NULL");
}

static void test_split(void)
{
	url_target t;
	CHECK(url_split("http://example.com/a/b?x=1", &t) == URL_OK, "split plain");
	CHECK_STR(t.host, "example.com", "split host");
	CHECK_INT(t.port, 80, "split default port");
	CHECK(t.path_len == 8 && memcmp(t.path, "/a/b?x=1", 8) == 0, "split path+query");
	CHECK(t.authority_len == 11 && memcmp(t.authority, "example.com", 11) == 0,
	      "split authority");

	CHECK(url_split("http://Loc:8080", &t) == URL_OK, "split no path");
	CHECK_STR(t.host, "loc", "split host lower-cased");
	CHECK_INT(t.port, 8080, "split port");
	CHECK(t.path_len == 1 && t.path[0] == '/', "split empty path is /");
	CHECK(t.authority_len == 8 && memcmp(t.authority, "Loc:8080", 8) == 0,
	      "split authority keeps port");

	CHECK(url_split("http://[::1]:81/p#frag", &t) == URL_OK, "split ipv6");
	CHECK_STR(t.host, "::1", "split ipv6 host has no brackets");
	CHECK_INT(t.port, 81, "split ipv6 port");
	CHECK(t.path_len == 2 && memcmp(t.path, "/p", 2) == 0, "split drops fragment");

	CHECK(url_split("https://h/", &t) == URL_OK && t.port == 443 && t.tls, "split https");
	CHECK(url_split("https://h:8443/", &t) == URL_OK && t.port == 8443 && t.tls, "split https port");
	CHECK(url_split("http://h/", &t) == URL_OK && t.port == 80 && !t.tls, "split http is not tls");
	CHECK(url_split("ftp://h/", &t) == URL_E_SCHEME, "split ftp");
	CHECK(url_split("/x", &t) == URL_E_SCHEME, "split relative");
	CHECK(url_split("http://h?q", &t) == URL_E_NOT_NORMAL, "split query without path");
	CHECK(url_split("http://u@h/", &t) == URL_E_USERINFO, "split userinfo");
	CHECK(url_split("", &t) == URL_E_SCHEME, "split empty");
}

/* https: default port 443 dropped, scheme kept through resolution, and
 * switching scheme only with an authority. */
static void test_https(void)
{
	resolves(NULL, "HTTPS://Example.COM:443/a/./b#x", "https://example.com/a/b");
	resolves(NULL, "https://h:80/", "https://h:80/");
	resolves(NULL, "http://h:443/", "http://h:443/");
	resolves("https://h/a/b", "../c?q", "https://h/c?q");
	resolves("https://h/a/b", "//g/x", "https://g/x");
	resolves("https://h/a/b", "https:g", "https://h/a/g");
	resolves("https://h/a/b", "http://h/x", "http://h/x");
	resolves("http://h/a/b", "https://h/x", "https://h/x");
	refused("https://h/a/b", "http:g", URL_E_HOST);
}

static void test_on_host(void)
{
	CHECK(url_is_on_host("http://example.com/x", "example.com", 80), "same host");
	CHECK(url_is_on_host("http://EXAMPLE.com:80/x", "Example.COM", 80), "host any case");
	CHECK(!url_is_on_host("http://example.com:8080/x", "example.com", 80), "other port");
	CHECK(url_is_on_host("http://127.0.0.1:8080/", "127.0.0.1", 8080), "ip and port");
	CHECK(!url_is_on_host("http://www.example.com/", "example.com", 80), "subdomain");
	CHECK(!url_is_on_host("http://example.com.evil/", "example.com", 80), "suffix");
	CHECK(!url_is_on_host("http://exam/", "example.com", 80), "prefix");
	CHECK(url_is_on_host("https://example.com/", "example.com", 80), "https of an http root host");
	CHECK(url_is_on_host("http://example.com/", "example.com", 443), "http of an https root host");
	CHECK(url_is_on_host("https://example.com:8080/", "example.com", 8080), "https, same port");
	CHECK(!url_is_on_host("https://example.com/", "example.com", 8080), "https, default port, other root port");
	CHECK(!url_is_on_host("https://example.com:8443/", "example.com", 80), "https, other port");
	CHECK(!url_is_on_host("ftp://example.com/", "example.com", 80), "ftp");
	CHECK(!url_is_on_host("garbage", "example.com", 80), "garbage");
}

int main(void)
{
	test_rfc_normal();
	test_rfc_abnormal();
	test_normalisation();
	test_browser_rules();
	test_refusals();
	test_split();
	test_https();
	test_on_host();
	return check_report("test_url");
}
