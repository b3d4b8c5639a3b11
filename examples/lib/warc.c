/*
 * warc.c — WARC/1.1 records, each compressed as its own gzip member so a
 * reader can seek to any record (see warc.h).
 */
#include "warc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "http.h"
#include "sha1.h"

#define UUID_SIZE 48   /* "<urn:uuid:" 36 ">" NUL */

struct warc_writer {
	FILE *f;
	z_stream z;                 /* reset for every record: one allocation */
	int err;                    /* first errno of a failed write, sticky */
	uint64_t rng;               /* for record IDs */
	char info_id[UUID_SIZE];    /* the warcinfo record's ID */
};

/* ---- record IDs: random (version 4) UUIDs ---- */

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A seed from the kernel, mixed with the time and pid if that fails:
 * IDs need to be unique, not secret. */
static uint64_t seed(void)
{
	uint64_t s = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &s, sizeof s) != (ssize_t)sizeof s)
			s = 0;
		close(fd);
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return s ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
	       ((uint64_t)getpid() << 40);
}

static void new_id(warc_writer *w, char out[UUID_SIZE])
{
	unsigned char b[16];
	uint64_t hi = splitmix64(&w->rng), lo = splitmix64(&w->rng);
	for (int i = 0; i < 8; i++) {
		b[i] = (unsigned char)(hi >> (8 * i));
		b[8 + i] = (unsigned char)(lo >> (8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);   /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
	snprintf(out, UUID_SIZE,
		 "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x>",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* ---- one record = one gzip member ---- */

typedef struct piece {
	const void *p;
	size_t n;
} piece;

/* Compress the pieces as one gzip member and append it to the file. */
static void write_member(warc_writer *w, const piece *pieces, int npieces)
{
	if (w->err)
		return;
	z_stream *z = &w->z;
	if (deflateReset(z) != Z_OK) {
		w->err = EINVAL;
		return;
	}
	unsigned char out[16384];
	for (int i = 0; i < npieces && !w->err; i++) {
		const unsigned char *p = pieces[i].p;
		size_t left = pieces[i].n;
		int last = i == npieces - 1;
		do {
			/* avail_in is a uInt: feed huge pieces in slices */
			uInt take = left > (1u << 30) ? (1u << 30) : (uInt)left;
			z->next_in = (Bytef *)(uintptr_t)p;
			z->avail_in = take;
			p += take;
			left -= take;
			int flush = last && left == 0 ? Z_FINISH : Z_NO_FLUSH;
			int rc;
			do {
				z->next_out = out;
				z->avail_out = sizeof out;
				rc = deflate(z, flush);
				size_t have = sizeof out - z->avail_out;
				if (have && fwrite(out, 1, have, w->f) != have) {
					w->err = errno ? errno : EIO;
					break;
				}
			} while (z->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
		} while (left > 0 && !w->err);
	}
}

static void iso_date(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Append "name: value\r\n" to a header being built. */
static void field(bytebuf *h, const char *name, const char *value)
{
	if (bytebuf_append(h, name, strlen(name)) || bytebuf_append(h, ": ", 2) ||
	    bytebuf_append(h, value, strlen(value)) || bytebuf_append(h, "\r\n", 2)) {
		fputs("warc: out of memory\n", stderr);
		abort();
	}
}

/* The common start of every record's header. */
static void record_start(bytebuf *h, const char *type, const char *id,
			 const char *date)
{
	static const char version[] = "WARC/1.1\r\n";
	bytebuf_clear(h);
	if (bytebuf_append(h, version, sizeof version - 1)) {
		fputs("warc: out of memory\n", stderr);
		abort();
	}
	field(h, "WARC-Type", type);
	field(h, "WARC-Record-ID", id);
	field(h, "WARC-Date", date);
}

/* End the header (Content-Length, the blank line) and write the record. */
static void record_finish(warc_writer *w, bytebuf *h, const void *block,
			  size_t block_len)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%zu", block_len);
	field(h, "Content-Length", digits);
	if (bytebuf_append(h, "\r\n", 2)) {
		fputs("warc: out of memory\n", stderr);
		abort();
	}
	piece pieces[] = { { h->data, h->len }, { block, block_len }, { "\r\n\r\n", 4 } };
	write_member(w, pieces, 3);
}

static void digest_label(const void *p, size_t n, char out[SHA1_LABEL_SIZE])
{
	sha1_ctx c;
	unsigned char d[SHA1_SIZE];
	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, d);
	sha1_label(d, out);
}

/* The entity body of a complete response, transfer coding removed: run
 * it through the crawler's own parser again. If that fails (it does not
 * for a response the crawler accepted), the bytes after the head. */
static void payload_digest(const char *resp, size_t n, char out[SHA1_LABEL_SIZE])
{
	http_resp p;
	bytebuf body = BYTEBUF_INIT;
	http_resp_init(&p, "GET", (size_t)-1);
	size_t off = 0, used = 0;
	http_event ev;
	do {
		ev = http_resp_feed(&p, resp + off, n - off, &used);
		off += used;
		if (ev == HTTP_HEADERS)
			p.keep = &body;
	} while (ev == HTTP_HEADERS);
	if (ev == HTTP_MORE)
		ev = http_resp_eof(&p);
	if (ev == HTTP_DONE) {
		digest_label(body.data ? body.data : "", body.len, out);
	} else {
		const char *end = NULL;
		for (size_t i = 0; i + 4 <= n && !end; i++)
			if (memcmp(resp + i, "\r\n\r\n", 4) == 0)
				end = resp + i + 4;
		if (!end)
			end = resp + n;
		digest_label(end, (size_t)(resp + n - end), out);
	}
	bytebuf_free(&body);
	http_resp_free(&p);
}

/* ---- the API ---- */

warc_writer *warc_open(const char *path, const char *fields)
{
	warc_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	/* 15 + 16: a gzip wrapper rather than zlib's */
	if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(w);
		errno = ENOMEM;
		return NULL;
	}
	w->f = fopen(path, "wb");
	if (!w->f) {
		int e = errno;
		deflateEnd(&w->z);
		free(w);
		errno = e;
		return NULL;
	}
	w->rng = seed();
	new_id(w, w->info_id);

	static const char standard[] =
		"format: WARC File Format 1.1\r\n"
		"conformsTo: http://iipc.github.io/warc-specifications/"
		"specifications/warc-format/warc-1.1/\r\n";
	bytebuf block = BYTEBUF_INIT, h = BYTEBUF_INIT;
	if (bytebuf_append(&block, standard, sizeof standard - 1) ||
	    (fields && bytebuf_append(&block, fields, strlen(fields)))) {
		fputs("warc: out of memory\n", stderr);
		abort();
	}
	char date[32], digest[SHA1_LABEL_SIZE];
	iso_date(date);
	digest_label(block.data, block.len, digest);
	const char *name = strrchr(path, '/');
	record_start(&h, "warcinfo", w->info_id, date);
	field(&h, "WARC-Filename", name ? name + 1 : path);
	field(&h, "Content-Type", "application/warc-fields");
	field(&h, "WARC-Block-Digest", digest);
	record_finish(w, &h, block.data, block.len);
	bytebuf_free(&block);
	bytebuf_free(&h);
	return w;
}

int warc_write_exchange(warc_writer *w, const char *target_uri, const char *ip,
			const void *request, size_t request_len,
			const void *response, size_t response_len)
{
	if (w->err)
		return -1;
	char req_id[UUID_SIZE], resp_id[UUID_SIZE], date[32];
	char block_digest[SHA1_LABEL_SIZE], payload[SHA1_LABEL_SIZE];
	new_id(w, req_id);
	new_id(w, resp_id);
	iso_date(date);
	bytebuf h = BYTEBUF_INIT;

	digest_label(request, request_len, block_digest);
	record_start(&h, "request", req_id, date);
	field(&h, "WARC-Target-URI", target_uri);
	field(&h, "WARC-Warcinfo-ID", w->info_id);
	field(&h, "WARC-Concurrent-To", resp_id);
	if (ip && *ip)
		field(&h, "WARC-IP-Address", ip);
	field(&h, "WARC-Block-Digest", block_digest);
	field(&h, "Content-Type", "application/http; msgtype=request");
	record_finish(w, &h, request, request_len);

	digest_label(response, response_len, block_digest);
	payload_digest(response, response_len, payload);
	record_start(&h, "response", resp_id, date);
	field(&h, "WARC-Target-URI", target_uri);
	field(&h, "WARC-Warcinfo-ID", w->info_id);
	field(&h, "WARC-Concurrent-To", req_id);
	if (ip && *ip)
		field(&h, "WARC-IP-Address", ip);
	field(&h, "WARC-Block-Digest", block_digest);
	field(&h, "WARC-Payload-Digest", payload);
	field(&h, "Content-Type", "application/http; msgtype=response");
	record_finish(w, &h, response, response_len);
	bytebuf_free(&h);
	return w->err ? -1 : 0;
}

void warc_peer_address(int fd, char *out, size_t outsz)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	out[0] = '\0';
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		return;
	const void *addr = NULL;
	if (ss.ss_family == AF_INET)
		addr = &((struct sockaddr_in *)&ss)->sin_addr;
	else if (ss.ss_family == AF_INET6)
		addr = &((struct sockaddr_in6 *)&ss)->sin6_addr;
	if (!addr || !inet_ntop(ss.ss_family, addr, out, (socklen_t)outsz))
		out[0] = '\0';
}

int warc_close(warc_writer *w)
{
	if (!w)
		return 0;
	int err = w->err;
	deflateEnd(&w->z);
	if (fclose(w->f) != 0 && !err)
		err = errno ? errno : EIO;
	free(w);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
