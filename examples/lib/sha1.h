/*
 * sha1.h — SHA-1 (FIPS 180-4), for the digests of WARC records, where
 * "sha1:" plus base32 is what archives and their tools expect. Not for
 * anything that needs a secure hash.
 */
#ifndef EX_SHA1_H
#define EX_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_SIZE 20

typedef struct sha1_ctx {
	uint32_t h[5];
	uint64_t bytes;          /* message length so far */
	unsigned char block[64];
	size_t used;             /* bytes waiting in block */
} sha1_ctx;

void sha1_init(sha1_ctx *c);
void sha1_update(sha1_ctx *c, const void *data, size_t n);
void sha1_final(sha1_ctx *c, unsigned char out[SHA1_SIZE]);

/* "sha1:" and the digest in RFC 4648 base32 (32 characters): out needs
 * SHA1_LABEL_SIZE bytes, NUL included. */
#define SHA1_LABEL_SIZE (5 + 32 + 1)
void sha1_label(const unsigned char digest[SHA1_SIZE], char *out);

#endif
