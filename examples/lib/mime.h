/*
 * mime.h — what the static file server needs to turn a request path into
 * a file and a Content-Type. No allocation, no global state.
 */
#ifndef EX_MIME_H
#define EX_MIME_H

#include <stddef.h>

/* Content-Type for a file name by its extension, any case: "a.HTML" gives
 * "text/html; charset=utf-8"; unknown or none gives
 * "application/octet-stream". */
const char *mime_type_for_path(const char *path);

typedef enum mime_path_err {
	MIME_PATH_OK = 0,
	MIME_PATH_NOT_ABSOLUTE,  /* the path does not start with '/' */
	MIME_PATH_BAD_ESCAPE,    /* '%' not followed by two hex digits */
	MIME_PATH_NUL,           /* a NUL byte (%00) */
	MIME_PATH_CONTROL,       /* another control character */
	MIME_PATH_BACKSLASH,     /* '\' or %5C */
	MIME_PATH_DOTDOT,        /* a ".." segment, encoded or not */
	MIME_PATH_TOO_LONG       /* the result does not fit the buffer */
} mime_path_err;

/* Short reason, e.g. "'..' in path". Never NULL. */
const char *mime_path_err_str(mime_path_err e);

/* Map a request target (e.g. "/docs/a%20b.html?x=1") to a file path under
 * `root` (e.g. "site/docs/a b.html") in out[outsz]: the query is dropped,
 * percent-escapes are decoded, and anything that could leave the root is
 * refused. A path ending in '/' stays so: the caller picks an index file.
 * `target_len` bytes of `target` are read (it need not be NUL-terminated). */
mime_path_err mime_map_path(const char *root, const char *target,
			    size_t target_len, char *out, size_t outsz);

#endif
