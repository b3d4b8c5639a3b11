/*
 * mime.c — Content-Type by extension, and request path to file path.
 * The path check runs on the decoded bytes, so "%2e%2e" is caught like
 * "..", and it looks at whole segments, so "a..b" stays allowed.
 */
#include "hex.h"
#include "mime.h"

#include <string.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "svg", "image/svg+xml" },
	{ "ico", "image/x-icon" },
	{ "pdf", "application/pdf" },
	{ "xml", "application/xml" },
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static int eq_nocase(const char *a, const char *b)
{
	while (*a && lower(*a) == *b)
		a++, b++;
	return *a == '\0' && *b == '\0';
}

const char *mime_type_for_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	const char *dot = strrchr(name, '.');
	if (dot && dot != name) {   /* ".htaccess" has no extension */
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (eq_nocase(dot + 1, types[i].ext))
				return types[i].type;
	}
	return "application/octet-stream";
}

static const char *const err_reasons[] = {
	[MIME_PATH_OK] = "ok",
	[MIME_PATH_NOT_ABSOLUTE] = "path does not start with '/'",
	[MIME_PATH_BAD_ESCAPE] = "bad percent-escape in path",
	[MIME_PATH_NUL] = "NUL byte in path",
	[MIME_PATH_CONTROL] = "control character in path",
	[MIME_PATH_BACKSLASH] = "backslash in path",
	[MIME_PATH_DOTDOT] = "'..' in path",
	[MIME_PATH_TOO_LONG] = "path too long",
};

const char *mime_path_err_str(mime_path_err e)
{
	if ((unsigned)e >= sizeof err_reasons / sizeof err_reasons[0])
		return "unknown error";
	return err_reasons[e];
}

/* Decode target[0..n) up to its query into out, checking each byte. */
static mime_path_err decode_path(const char *target, size_t n,
				 char *out, size_t outsz, size_t *len)
{
	size_t o = *len;
	if (n == 0 || target[0] != '/')
		return MIME_PATH_NOT_ABSOLUTE;
	for (size_t i = 0; i < n && target[i] != '?' && target[i] != '#'; i++) {
		unsigned char c = (unsigned char)target[i];
		if (c == '%') {
			int hi = i + 2 < n ? hex_value(target[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(target[i + 2]) : -1;
			if (lo < 0)
				return MIME_PATH_BAD_ESCAPE;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return MIME_PATH_NUL;
		if (c < ' ' || c == 0x7f)
			return MIME_PATH_CONTROL;
		if (c == '\\')
			return MIME_PATH_BACKSLASH;
		if (o + 1 >= outsz)
			return MIME_PATH_TOO_LONG;
		out[o++] = (char)c;
	}
	*len = o;
	return MIME_PATH_OK;
}

/* True if the decoded path p[0..len) has a ".." segment. */
static int has_dotdot(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && p[i] != '/')
			i++;
		if (i - start == 2 && p[start] == '.' && p[start + 1] == '.')
			return 1;
		i++;
	}
	return 0;
}

mime_path_err mime_map_path(const char *root, const char *target,
			    size_t target_len, char *out, size_t outsz)
{
	if (outsz == 0)
		return MIME_PATH_TOO_LONG;
	out[0] = '\0';
	size_t r = strlen(root);
	while (r > 1 && root[r - 1] == '/')   /* "site/" + "/a" -> "site/a" */
		r--;
	if (r + 1 >= outsz)
		return MIME_PATH_TOO_LONG;
	memcpy(out, root, r);
	size_t len = r;
	if (r == 1 && root[0] == '/')          /* root "/" itself */
		len = 0;
	size_t from = len;
	mime_path_err e = decode_path(target, target_len, out, outsz, &len);
	if (!e && has_dotdot(out + from, len - from))
		e = MIME_PATH_DOTDOT;
	if (e) {
		out[0] = '\0';
		return e;
	}
	out[len] = '\0';
	return MIME_PATH_OK;
}
