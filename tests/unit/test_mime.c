/* test_mime.c — Content-Type by extension and the safe path mapper. */
#include "check.h"
#include "mime.h"

static void test_types(void)
{
	static const struct { const char *path, *type; } t[] = {
		{ "/index.html", "text/html; charset=utf-8" },
		{ "/A.HTM", "text/html; charset=utf-8" },
		{ "s.css", "text/css; charset=utf-8" },
		{ "app.js", "text/javascript; charset=utf-8" },
		{ "d.json", "application/json" },
		{ "r.txt", "text/plain; charset=utf-8" },
		{ "i.png", "image/png" },
		{ "i.jpg", "image/jpeg" },
		{ "i.JPEG", "image/jpeg" },
		{ "i.gif", "image/gif" },
		{ "i.svg", "image/svg+xml" },
		{ "favicon.ico", "image/x-icon" },
		{ "doc.pdf", "application/pdf" },
		{ "feed.xml", "application/xml" },
		{ "archive.tar.gz", "application/octet-stream" },
		{ "noext", "application/octet-stream" },
		{ "/dir.html/file", "application/octet-stream" },
		{ ".html", "application/octet-stream" },
		{ "x.", "application/octet-stream" },
		{ "x.htmlx", "application/octet-stream" },
		{ "", "application/octet-stream" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK_STR(mime_type_for_path(t[i].path), t[i].type, t[i].path);
}

static void maps(const char *root, const char *target, const char *want)
{
	char out[256];
	mime_path_err e = mime_map_path(root, target, strlen(target), out, sizeof out);
	CHECK(e == MIME_PATH_OK, "map(\"%s\", \"%s\"): %s", root, target, mime_path_err_str(e));
	if (!e)
		CHECK_STR(out, want, target);
}

static void refuses(const char *target, size_t len, mime_path_err want)
{
	char out[256];
	mime_path_err e = mime_map_path("site", target, len, out, sizeof out);
	CHECK(e == want, "map(\"%s\"): got \"%s\" (%s), want \"%s\"", target, out,
	      mime_path_err_str(e), mime_path_err_str(want));
	CHECK(out[0] == '\0', "refused \"%s\" left output \"%s\"", target, out);
}

static void test_paths(void)
{
	maps("site", "/index.html", "site/index.html");
	maps("site/", "/index.html", "site/index.html");
	maps("/srv/www//", "/a/b.css", "/srv/www/a/b.css");
	maps("/", "/etc-ok", "/etc-ok");
	maps("site", "/", "site/");
	maps("site", "/dir/", "site/dir/");
	maps("site", "/a%20b.html", "site/a b.html");
	maps("site", "/%41%62c", "site/Abc");
	maps("site", "/q.html?x=1&y=/../..", "site/q.html");
	maps("site", "/f.html#frag", "site/f.html");
	maps("site", "/a..b/..c/d..", "site/a..b/..c/d..");
	maps("site", "/./x", "site/./x");
	maps("site", "/.hidden", "site/.hidden");
	maps("site", "/caf%C3%A9", "site/caf\xc3\xa9");

	refuses("/../etc/passwd", 14, MIME_PATH_DOTDOT);
	refuses("/a/../../etc", 12, MIME_PATH_DOTDOT);
	refuses("/a/..", 5, MIME_PATH_DOTDOT);
	refuses("/..", 3, MIME_PATH_DOTDOT);
	refuses("/%2e%2e/x", 9, MIME_PATH_DOTDOT);
	refuses("/%2E./x", 7, MIME_PATH_DOTDOT);
	refuses("/a/.%2e", 7, MIME_PATH_DOTDOT);
	refuses("/a%2f..%2fb", 11, MIME_PATH_DOTDOT);
	refuses("/a\\..\\b", 7, MIME_PATH_BACKSLASH);
	refuses("/a%5cb", 6, MIME_PATH_BACKSLASH);
	refuses("/a%00.html", 10, MIME_PATH_NUL);
	refuses("/a\0b", 4, MIME_PATH_NUL);
	refuses("/a%0a", 5, MIME_PATH_CONTROL);
	refuses("/a%", 3, MIME_PATH_BAD_ESCAPE);
	refuses("/a%4", 4, MIME_PATH_BAD_ESCAPE);
	refuses("/a%zz", 5, MIME_PATH_BAD_ESCAPE);
	refuses("a.html", 6, MIME_PATH_NOT_ABSOLUTE);
	refuses("", 0, MIME_PATH_NOT_ABSOLUTE);
	refuses("http://h/a", 10, MIME_PATH_NOT_ABSOLUTE);

	/* the length given is respected: bytes past it are not read */
	char out[32];
	CHECK(mime_map_path("r", "/ab/../x", 3, out, sizeof out) == MIME_PATH_OK &&
	      strcmp(out, "r/ab") == 0, "target_len respected");
	CHECK(mime_map_path("r", "/abc", 4, out, 5) == MIME_PATH_TOO_LONG, "too long");
	CHECK(mime_map_path("r", "/abc", 4, out, 6) == MIME_PATH_OK, "exactly fits");
	CHECK(mime_map_path("a-long-root", "/x", 2, out, 5) == MIME_PATH_TOO_LONG,
	      "root too long");
	CHECK(mime_map_path("r", "/x", 2, out, 0) == MIME_PATH_TOO_LONG, "no buffer");
	CHECK_STR(mime_path_err_str(MIME_PATH_DOTDOT), "'..' in path", "reason");
	CHECK(mime_path_err_str((mime_path_err)77) != NULL, "unknown reason not NULL");
}

int main(void)
{
	test_types();
	test_paths();
	return check_report("test_mime");
}
