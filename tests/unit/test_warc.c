/* test_warc.c — SHA-1, base32 labels, and WARC records read back. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "sha1.h"
#include "warc.h"

static void hex(const unsigned char *d, char *out)
{
	for (int i = 0; i < SHA1_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha1_is(const void *p, size_t n, const char *want, const char *what)
{
	sha1_ctx c;
	unsigned char d[SHA1_SIZE];
	char h[2 * SHA1_SIZE + 1];
	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, d);
	hex(d, h);
	CHECK_STR(h, want, what);
	/* the same bytes fed in uneven pieces */
	sha1_init(&c);
	const unsigned char *b = p;
	for (size_t i = 0, step = 1; i < n; i += step, step = step * 3 % 67 + 1)
		sha1_update(&c, b + i, step < n - i ? step : n - i);
	sha1_final(&c, d);
	hex(d, h);
	CHECK_STR(h, want, what);
}

static void test_sha1(void)
{
	/* FIPS 180 examples */
	sha1_is("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1 empty");
	sha1_is("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d", "sha1 abc");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_is(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "sha1 448 bits");
	char *million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha1_is(million, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "sha1 a million a");
	free(million);
	/* 55, 56, 63, 64 and 65 bytes: the padding boundaries */
	sha1_is("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55,
		"c1c8bbdc22796e28c0e15163d20899b65621d65a", "sha1 55 bytes");
	sha1_is("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56,
		"c2db330f6083854c99d4b5bfb6e8f29f201be699", "sha1 56 bytes");
	sha1_is("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64,
		"0098ba824b5c16427bd7a1122a5a442a25ec644d", "sha1 64 bytes");

	sha1_ctx c;
	unsigned char d[SHA1_SIZE];
	char label[SHA1_LABEL_SIZE];
	sha1_init(&c);
	sha1_final(&c, d);
	sha1_label(d, label);
	CHECK_STR(label, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "base32 label of the empty digest");
	sha1_init(&c);
	sha1_update(&c, "abc", 3);
	sha1_final(&c, d);
	sha1_label(d, label);
	CHECK_STR(label, "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", "base32 label of abc");
}

/* ---- reading a WARC file back ---- */

typedef struct record {
	char head[2048];
	const char *block;
	size_t block_len;
} record;

/* Inflate gzip members one at a time; returns how many, all into out. */
static int inflate_members(const unsigned char *in, size_t n, char *out, size_t cap,
			   size_t *out_len)
{
	int members = 0;
	size_t o = 0;
	while (n > 0) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 15 + 16) != Z_OK)
			return -1;
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)n;
		z.next_out = (Bytef *)out + o;
		z.avail_out = (uInt)(cap - o);
		int rc = inflate(&z, Z_FINISH);
		size_t used = n - z.avail_in;
		o = cap - z.avail_out;
		inflateEnd(&z);
		if (rc != Z_STREAM_END)
			return -1;
		in += used;
		n -= used;
		members++;
	}
	*out_len = o;
	return members;
}

static const char *header(const record *r, const char *name, char *out, size_t outsz)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\r\n%s: ", name);
	const char *p = strstr(r->head, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	size_t n = strcspn(p, "\r");
	snprintf(out, outsz, "%.*s", (int)n, p);
	return out;
}

static int parse_records(const char *s, size_t n, record *recs, int max)
{
	int k = 0;
	const char *end = s + n;
	while (s < end && k < max) {
		const char *blank = strstr(s, "\r\n\r\n");
		if (!blank || (size_t)(blank - s) >= sizeof recs[k].head)
			return -1;
		memcpy(recs[k].head, s, (size_t)(blank - s) + 2);
		recs[k].head[blank - s + 2] = '\0';
		char len[32];
		if (!header(&recs[k], "Content-Length", len, sizeof len))
			return -1;
		recs[k].block = blank + 4;
		recs[k].block_len = (size_t)atol(len);
		s = recs[k].block + recs[k].block_len;
		if (end - s < 4 || memcmp(s, "\r\n\r\n", 4) != 0)
			return -1;
		s += 4;
		k++;
	}
	return k;
}

static int contains(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return 1;
	return 0;
}

static void label_of(const void *p, size_t n, char *out)
{
	sha1_ctx c;
	unsigned char d[SHA1_SIZE];
	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, d);
	sha1_label(d, out);
}

static void test_warc_file(void)
{
	char path[] = "/tmp/test_warc_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "temporary file");
	close(fd);
	warc_writer *w = warc_open(path, "software: test\r\n");
	CHECK(w != NULL, "warc_open");
	const char req[] = "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
	const char resp[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	const char req2[] = "GET /p HTTP/1.1\r\nHost: h\r\n\r\n";
	const char resp2[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
	CHECK_INT(warc_write_exchange(w, "http://h/c", "127.0.0.1", req, strlen(req),
				      resp, strlen(resp)), 0, "write chunked exchange");
	CHECK_INT(warc_write_exchange(w, "http://h/p", NULL, req2, strlen(req2),
				      resp2, strlen(resp2)), 0, "write plain exchange");
	CHECK_INT(warc_close(w), 0, "warc_close");

	FILE *f = fopen(path, "rb");
	static unsigned char gz[1 << 16];
	static char text[1 << 16];
	size_t gz_len = fread(gz, 1, sizeof gz, f);
	fclose(f);
	unlink(path);
	size_t len = 0;
	CHECK_INT(inflate_members(gz, gz_len, text, sizeof text, &len), 5,
		  "one gzip member per record");
	record r[8];
	CHECK_INT(parse_records(text, len, r, 8), 5, "five records");

	char v[256], v2[256], digest[SHA1_LABEL_SIZE];
	const char *types[] = { "warcinfo", "request", "response", "request", "response" };
	for (int i = 0; i < 5; i++) {
		CHECK(strncmp(r[i].head, "WARC/1.1\r\n", 10) == 0, "record %d version", i);
		CHECK_STR(header(&r[i], "WARC-Type", v, sizeof v), types[i], "record type");
		CHECK(header(&r[i], "WARC-Date", v, sizeof v) && strlen(v) == 20 && v[19] == 'Z',
		      "record %d WARC-Date", i);
		CHECK(header(&r[i], "WARC-Record-ID", v, sizeof v) &&
		      strncmp(v, "<urn:uuid:", 10) == 0 && strlen(v) == 47 && v[24] == '4',
		      "record %d ID is a version 4 UUID", i);
		label_of(r[i].block, r[i].block_len, digest);
		CHECK_STR(header(&r[i], "WARC-Block-Digest", v, sizeof v), digest, "block digest");
	}
	CHECK_STR(header(&r[0], "Content-Type", v, sizeof v), "application/warc-fields", "info type");
	CHECK(strstr(r[0].head, "WARC-Filename: test_warc_") != NULL, "info file name");
	CHECK(r[0].block_len > 16 && contains(r[0].block, r[0].block_len, "software: test\r\n"),
	      "info fields");
	CHECK_STR(header(&r[1], "Content-Type", v, sizeof v), "application/http; msgtype=request",
		  "request type");
	CHECK_STR(header(&r[2], "Content-Type", v, sizeof v), "application/http; msgtype=response",
		  "response type");
	CHECK(r[1].block_len == strlen(req) && !memcmp(r[1].block, req, strlen(req)),
	      "request block is the bytes sent");
	CHECK(r[2].block_len == strlen(resp) && !memcmp(r[2].block, resp, strlen(resp)),
	      "response block is the bytes received, chunks and all");
	CHECK_STR(header(&r[1], "WARC-Target-URI", v, sizeof v), "http://h/c", "request URI");
	CHECK_STR(header(&r[2], "WARC-Target-URI", v, sizeof v), "http://h/c", "response URI");
	CHECK_STR(header(&r[2], "WARC-IP-Address", v, sizeof v), "127.0.0.1", "IP address");
	CHECK(header(&r[4], "WARC-IP-Address", v, sizeof v) == NULL, "no IP address when unknown");
	/* request and response point at each other; both at the warcinfo */
	CHECK_STR(header(&r[2], "WARC-Concurrent-To", v, sizeof v),
		  header(&r[1], "WARC-Record-ID", v2, sizeof v2), "response -> request");
	CHECK_STR(header(&r[1], "WARC-Concurrent-To", v, sizeof v),
		  header(&r[2], "WARC-Record-ID", v2, sizeof v2), "request -> response");
	CHECK_STR(header(&r[3], "WARC-Warcinfo-ID", v, sizeof v),
		  header(&r[0], "WARC-Record-ID", v2, sizeof v2), "warcinfo link");
	/* payload digest: the entity body without its chunked framing */
	label_of("hello world", 11, digest);
	CHECK_STR(header(&r[2], "WARC-Payload-Digest", v, sizeof v), digest, "chunked payload");
	label_of("abc", 3, digest);
	CHECK_STR(header(&r[4], "WARC-Payload-Digest", v, sizeof v), digest, "plain payload");
	CHECK(header(&r[1], "WARC-Payload-Digest", v, sizeof v) == NULL, "no payload digest on requests");
	/* IDs differ */
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			CHECK(strcmp(header(&r[i], "WARC-Record-ID", v, sizeof v),
				     header(&r[j], "WARC-Record-ID", v2, sizeof v2)) != 0,
			      "IDs %d and %d differ", i, j);

	CHECK(warc_open("/nonexistent-dir/x.warc.gz", NULL) == NULL, "unwritable path fails");
}

int main(void)
{
	test_sha1();
	test_warc_file();
	return check_report("test_warc");
}
