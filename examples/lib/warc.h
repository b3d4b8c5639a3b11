/*
 * warc.h — write a crawl as WARC/1.1 (ISO 28500:2017), one gzip member
 * per record, the way wget --warc-file does: a warcinfo record first,
 * then for every completed fetch a request record with the exact bytes
 * sent and a response record with the exact bytes received (headers,
 * body, chunked framing and all), linked by WARC-Concurrent-To.
 *
 * Digests are SHA-1 in base32 ("sha1:..."): WARC-Block-Digest over the
 * record block, WARC-Payload-Digest over the response's entity body with
 * the transfer encoding removed (WARC 1.1 section 6.3.2).
 *
 * Plain C over stdio and zlib; no global state. A write error is sticky:
 * later calls do nothing and warc_close reports it.
 */
#ifndef EX_WARC_H
#define EX_WARC_H

#include <stddef.h>

typedef struct warc_writer warc_writer;

/* Create (truncate) `path` and write the warcinfo record, whose fields
 * name the software and the command line (`fields` is "name: value\r\n"
 * lines, may be NULL). NULL with errno set on failure. */
warc_writer *warc_open(const char *path, const char *fields);

/* Write the request and response records of one exchange with `ip` (the
 * peer's address as text; NULL leaves WARC-IP-Address out). 0, or -1 if
 * writing failed (now or before). */
int warc_write_exchange(warc_writer *w, const char *target_uri, const char *ip,
			const void *request, size_t request_len,
			const void *response, size_t response_len);

/* The peer address of a connected socket as text, for WARC-IP-Address;
 * "" if unknown. out needs 46 bytes (INET6_ADDRSTRLEN). */
void warc_peer_address(int fd, char *out, size_t outsz);

/* Flush and close. 0, or -1 if any write failed (errno says why). */
int warc_close(warc_writer *w);

#endif
