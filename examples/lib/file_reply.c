/* file_reply.c — request to status, headers and body source; see file_reply.h. */
#include "file_reply.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mime.h"

const char *file_reply_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default:  return "Unknown";
	}
}

static void reset(file_reply *r)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

void file_reply_status(file_reply *r, int status)
{
	reset(r);
	r->status = status;
	r->content_type = "text/plain; charset=utf-8";
	snprintf(r->text, sizeof r->text, "%d %s\n", status, file_reply_reason(status));
	r->length = (long long)strlen(r->text);
}

static int status_for_path_error(mime_path_err e)
{
	switch (e) {
	case MIME_PATH_DOTDOT:   return 403;
	case MIME_PATH_TOO_LONG: return 414;
	default:                 return 400;
	}
}

/* 301 to the target with '/' added before its query. */
static void redirect_to_dir(file_reply *r, const char *target)
{
	size_t path_len = strcspn(target, "?");
	size_t len = strlen(target);
	char *loc = malloc(len + 2);
	if (!loc) {
		file_reply_status(r, 500);
		return;
	}
	memcpy(loc, target, path_len);
	loc[path_len] = '/';
	memcpy(loc + path_len + 1, target + path_len, len - path_len + 1);
	file_reply_status(r, 301);
	r->location = loc;
}

/* Open `path` if it is a regular file (never blocks on a FIFO): the fd,
 * -1 if missing or not a regular file. *is_dir tells directories apart;
 * *busy is set when the server is out of descriptors (or memory): the
 * file may well exist, so that is not a 404. */
static int open_regular(const char *path, int *is_dir, int *busy, long long *size)
{
	*is_dir = 0;
	*busy = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*busy = errno == EMFILE || errno == ENFILE || errno == ENOMEM;
		return -1;
	}
	struct stat st;
	int known = fstat(fd, &st) == 0;
	if (!known || !S_ISREG(st.st_mode)) {
		*is_dir = known && S_ISDIR(st.st_mode);
		close(fd);
		return -1;
	}
	*size = (long long)st.st_size;
	return fd;
}

void file_reply_plan(file_reply *r, const char *root, const char *method,
		     const char *target)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		file_reply_status(r, 405);
		r->allow = "GET, HEAD";
		return;
	}
	char path[FILE_REPLY_PATH_MAX];
	const char *index = "index.html";
	mime_path_err e = mime_map_path(root, target, strlen(target), path,
					sizeof path - strlen(index));
	if (e) {
		file_reply_status(r, status_for_path_error(e));
		r->why = mime_path_err_str(e);
		return;
	}
	size_t n = strlen(path);
	if (n > 0 && path[n - 1] == '/')
		strcpy(path + n, index);   /* room was kept above */
	int is_dir, busy;
	long long size = 0;
	int fd = open_regular(path, &is_dir, &busy, &size);
	if (fd < 0) {
		if (busy)
			file_reply_status(r, 503);
		else if (is_dir)
			redirect_to_dir(r, target);
		else
			file_reply_status(r, 404);
		return;
	}
	reset(r);
	r->status = 200;
	r->fd = fd;
	r->length = size;
	r->content_type = mime_type_for_path(path);
}

int file_reply_head(const file_reply *r, int keep_alive, int http_minor,
		    bytebuf *out)
{
	char line[256];
	int n = snprintf(line, sizeof line,
			 "HTTP/1.1 %d %s\r\n"
			 "Server: corogen-httpd\r\n"
			 "Content-Type: %s\r\n"
			 "Content-Length: %lld\r\n",
			 r->status, file_reply_reason(r->status),
			 r->content_type, r->length);
	if (bytebuf_append(out, line, (size_t)n) < 0)
		return -1;
	if (r->location && (bytebuf_append(out, "Location: ", 10) < 0 ||
			    bytebuf_append(out, r->location, strlen(r->location)) < 0 ||
			    bytebuf_append(out, "\r\n", 2) < 0))
		return -1;
	if (r->allow) {
		n = snprintf(line, sizeof line, "Allow: %s\r\n", r->allow);
		if (bytebuf_append(out, line, (size_t)n) < 0)
			return -1;
	}
	const char *conn = !keep_alive ? "Connection: close\r\n"
			 : http_minor == 0 ? "Connection: keep-alive\r\n" : "";
	if (bytebuf_append(out, conn, strlen(conn)) < 0 ||
	    bytebuf_append(out, "\r\n", 2) < 0)
		return -1;
	return 0;
}

void file_reply_free(file_reply *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->location);
	r->location = NULL;
}
