/*
 * sha1.c — SHA-1 over 64-byte blocks (FIPS 180-4 section 6.1), written
 * here rather than taken from libcrypto so the crawler's WARC output
 * needs only zlib.
 */
#include "sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDC;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(sha1_ctx *c)
{
	static const uint32_t start[5] = {
		0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0,
	};
	memcpy(c->h, start, sizeof start);
	c->bytes = 0;
	c->used = 0;
}

void sha1_update(sha1_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->bytes += n;
	if (c->used) {
		size_t take = 64 - c->used < n ? 64 - c->used : n;
		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		n -= take;
		if (c->used < 64)
			return;
		compress(c->h, c->block);
		c->used = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		compress(c->h, p);
	memcpy(c->block, p, n);
	c->used = n;
}

void sha1_final(sha1_ctx *c, unsigned char out[SHA1_SIZE])
{
	uint64_t bits = c->bytes * 8;
	static const unsigned char pad[64] = { 0x80 };
	size_t padlen = c->used < 56 ? 56 - c->used : 120 - c->used;
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, pad, padlen);
	sha1_update(c, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void sha1_label(const unsigned char d[SHA1_SIZE], char *out)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	memcpy(out, "sha1:", 5);
	out += 5;
	/* 160 bits are exactly 32 groups of 5: no padding */
	for (int i = 0; i < 32; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)d[byte] << 8 | (byte + 1 < SHA1_SIZE ? d[byte + 1] : 0);
		out[i] = alphabet[(v >> (11 - shift)) & 31];
	}
	out[32] = '\0';
}
