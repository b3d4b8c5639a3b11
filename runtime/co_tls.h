/*
 * co_tls.h — a TLS stream over a non-blocking socket, for .co programs:
 * handshake, receive, send and shutdown are coroutines that wait on the
 * running loop (co_wait_fd) whenever OpenSSL wants the socket readable or
 * writable. Code in runtime/co_tls.co; docs/RUNTIME.md, "TLS streams".
 *
 * Not included by coro.h: only programs that include this header need
 * OpenSSL. Link with -lssl -lcrypto after libcoro.a (pkg-config coro-tls).
 *
 * Errors are negative errno values: -ETIMEDOUT, -ECONNRESET, -EPIPE ...
 * and -EPROTO for a TLS failure, whose reason co_tls_error() gives
 * ("certificate has expired", "hostname mismatch", "wrong version
 * number"). Cancelling the task at any suspension leaves no watcher or
 * timer behind; the stream is then only good for co_tls_free.
 *
 * A .co program declares the coroutines it uses (corogen runs before the
 * preprocessor; the block below is the same list):
 *
 *   coro int     co_tls_handshake(co_tls *t, int64_t timeout_ms);
 *   coro ssize_t co_tls_recv(co_tls *t, void *buf, size_t n, int64_t timeout_ms);
 *   coro ssize_t co_tls_send_all(co_tls *t, const void *buf, size_t n, int64_t timeout_ms);
 *   coro int     co_tls_shutdown(co_tls *t, int64_t timeout_ms);
 */
#ifndef CO_TLS_H
#define CO_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "coro.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Settings shared by many streams (an SSL_CTX): trusted certificates and
 * whether to verify, or, for a server, its certificate and key. */
typedef struct co_tls_config co_tls_config;
/* One TLS connection over a socket the caller owns. */
typedef struct co_tls co_tls;

#ifdef __COROGEN__
coro int     co_tls_handshake(co_tls *, int64_t);   /* t, timeout_ms */
coro ssize_t co_tls_recv(co_tls *, void *, size_t, int64_t);   /* t, buf, n, timeout_ms */
coro ssize_t co_tls_send_all(co_tls *, const void *, size_t, int64_t);   /* t, buf, n, timeout_ms */
coro int     co_tls_shutdown(co_tls *, int64_t);   /* t, timeout_ms */
#endif

/* A client configuration: certificates are checked against the PEM file
 * ca_file, or the system store when it is NULL, unless verify is 0.
 * NULL on failure, with the reason in err[errlen]. TLS 1.2 at least. */
co_tls_config *co_tls_config_new(const char *, int, char *, size_t);

/* A server configuration from PEM certificate chain and key files. */
co_tls_config *co_tls_config_new_server(const char *, const char *, char *, size_t);

/* Streams made from a configuration keep it alive: free it any time. */
void co_tls_config_free(co_tls_config *);

/* A stream over the connected non-blocking socket fd. For a client,
 * servername (a host name or IP literal) is sent as SNI (names only) and
 * the certificate must match it when verifying; NULL checks no name.
 * Servers pass NULL. Nothing is sent until co_tls_handshake. */
co_tls *co_tls_new(co_tls_config *, int, const char *);

/* Free the stream; the socket stays open (close it yourself). No
 * close_notify is sent: use co_tls_shutdown first for a clean close. */
void co_tls_free(co_tls *);

/* Why the last call failed with -EPROTO (or another error): "" if none. */
const char *co_tls_error(const co_tls *);

/* The socket. */
int co_tls_fd(const co_tls *);

/* Bytes already decrypted and waiting, or raw bytes read but not yet
 * processed: nonzero means a recv will not need the socket. */
int co_tls_pending(const co_tls *);

/* C constructors of the coroutines (run them in a task): co_tls_handshake
 * gives 0 or -errno; co_tls_recv bytes, 0 at the end of the stream
 * (close_notify, or the peer closing the socket), or -errno;
 * co_tls_send_all n or -errno; co_tls_shutdown 0 once close_notify is
 * sent (it does not wait for the peer's), or -errno. Timeouts are in
 * milliseconds for the whole call, negative for none. */
co_gen *co_tls_handshake(co_tls *, int64_t);
co_gen *co_tls_recv(co_tls *, void *, size_t, int64_t);
co_gen *co_tls_send_all(co_tls *, const void *, size_t, int64_t);
co_gen *co_tls_shutdown(co_tls *, int64_t);

#ifdef __cplusplus
}
#endif

#endif
