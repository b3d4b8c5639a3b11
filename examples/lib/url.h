/*
 * url.h — http:// and https:// URLs for the crawler: resolve a link
 * against the page it was found on (RFC 3986 section 5.2), normalise the
 * result, split it for a request, and tell whether it stays on a host.
 *
 * A normalised URL is "http://" or "https://", host [":" port] path
 * ["?" query]: scheme and host lower-cased, the scheme's default port (80,
 * 443) dropped, empty path made "/", "." and ".." segments removed,
 * fragment removed, query kept. Percent-encodings are normalised (RFC 3986
 * section 6.2.2: hex digits upper case, unreserved characters decoded, so
 * "caf%c3%a9" and "café" are one URL). Bytes that cannot appear in a
 * request line (controls, space, non-ASCII, '"', '<', '>' and a few more;
 * "'" in a query) are percent-encoded, tabs and newlines inside a link are
 * dropped and a backslash before the query is read as '/', as browsers do
 * (WHATWG URL).
 *
 * Functions write into a caller's buffer and allocate only in the rare
 * case of a link containing tabs or newlines. No global state.
 */
#ifndef EX_URL_H
#define EX_URL_H

#include <stddef.h>

#define URL_MAX 4096       /* a comfortable buffer size for a URL */
#define URL_HOST_MAX 255   /* longest host name accepted */

typedef enum url_err {
	URL_OK = 0,
	URL_E_SCHEME,      /* not an http(s) URL (mailto:, ftp:, javascript:...) */
	URL_E_RELATIVE,    /* relative reference and no base to resolve it */
	URL_E_BASE,        /* the base is not an absolute http(s) URL */
	URL_E_HOST,        /* missing or malformed host */
	URL_E_PORT,        /* port not a number in 1..65535 */
	URL_E_USERINFO,    /* user:password@ in the URL */
	URL_E_TOO_LONG,    /* result does not fit the output buffer */
	URL_E_NOMEM,       /* out of memory */
	URL_E_NOT_NORMAL   /* url_split: a query without a path ("http://a?q") */
} url_err;

/* Short reason, e.g. "not an http or https URL". Never NULL. */
const char *url_err_str(url_err e);

/* Resolve `ref` against `base` (NULL: ref must be absolute) and normalise
 * it into out[outsz] (NUL-terminated). URL_OK or the reason it failed;
 * on failure out holds "". Example: base "http://a/b/c/d;p?q", ref "../g"
 * gives "http://a/b/g". */
url_err url_resolve(const char *base, const char *ref, char *out, size_t outsz);

/* Normalise an absolute URL, e.g. "HTTP://Example.COM:80/a/./b#x" gives
 * "http://example.com/a/b". Same as url_resolve(NULL, url, ...). */
url_err url_normalize(const char *url, char *out, size_t outsz);

/* The parts of an http(s) URL needed to send a request for it. */
typedef struct url_target {
	char host[URL_HOST_MAX + 1];  /* lower case, no [ ] — for getaddrinfo */
	int port;                     /* 80 (443 for https) when absent */
	int tls;                      /* https */
	const char *authority;        /* host[:port] as written in the URL, */
	size_t authority_len;         /*   for the Host header */
	const char *path;             /* path and query, e.g. "/a/b?x=1"; */
	size_t path_len;              /*   never empty ("/" at least) */
} url_target;

/* Split an absolute http(s) URL (normally one url_resolve produced). The
 * pointers in *t point into `url` (or at a static "/"). */
url_err url_split(const char *url, url_target *t);

/* True if `url` is an http(s) URL on exactly `host` (any case) and
 * `port`, whatever its scheme; or, when `port` is 80 or 443, on `host` at
 * its own scheme's default port: http://h/ and https://h/ are one site. */
int url_is_on_host(const char *url, const char *host, int port);

#endif
