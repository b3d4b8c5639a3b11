/*
 * co_resolve.h — name resolution that never blocks the loop (c-ares), and
 * connecting by name. Included by coro.h; include coro.h. Programs using
 * it link with -lcares (pkg-config coro adds it). docs/RUNTIME.md has the
 * details: /etc/hosts and resolv.conf are honoured, answers are cached for
 * their TTL (at most 5 minutes), errors are negative errno values:
 *
 *   -ENOENT      no such name (NXDOMAIN)
 *   -ENODATA     the name has no address of the requested family
 *   -EAGAIN      the server failed (SERVFAIL): try again later
 *   -ETIMEDOUT   no answer in time (ours or c-ares's own retries)
 *   -ECONNREFUSED the server refused
 *   -EPROTO      a malformed or unsupported answer
 *   -EINVAL      a bad name or argument
 *   -EIO         the resolver configuration could not be read
 *
 * Tests and special setups point the resolver at other servers with
 * co_resolve_set_servers or the environment variable CORO_DNS_SERVERS,
 * both "host[:port],..." as ares_set_servers_ports_csv reads it.
 */
#ifndef CO_RESOLVE_H
#define CO_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sockaddr_storage;

#ifdef __COROGEN__
coro int co_resolve(const char *, int, struct sockaddr_storage *, co_socklen_t *, int64_t);
coro int co_resolve_all(const char *, int, int, struct sockaddr_storage *, size_t, int64_t);
coro int co_tcp_connect_name(const char *, int, int64_t);
#endif

/* The first address of host (IPv4 or IPv6) with port set, and its length:
 * 0, or a negative errno (above). timeout_ms negative: no limit of ours. */
co_gen *co_resolve(const char *, int, struct sockaddr_storage *, co_socklen_t *, int64_t);
/* Up to max addresses of host for family (AF_INET, AF_INET6, AF_UNSPEC),
 * port set: how many, or a negative errno. */
co_gen *co_resolve_all(const char *, int, int, struct sockaddr_storage *, size_t, int64_t);
/* Resolve host and connect to its addresses in turn, within one timeout:
 * a connected non-blocking socket, or a negative errno (the resolver's, or
 * the last connect's). */
co_gen *co_tcp_connect_name(const char *, int, int64_t);

/* A description of a negative errno returned by the resolver. */
const char *co_resolve_strerror(int);
/* Use these DNS servers ("1.2.3.4:53,[::1]:5353") instead of resolv.conf's
 * from now on (channels open on this thread switch at once); NULL or ""
 * goes back to resolv.conf's for channels opened afterwards. One setting
 * per process: set it before starting loops on other threads. 0 or -EINVAL. */
int co_resolve_set_servers(const char *);
void co_resolve_cache_clear(void);
/* The length of the address in ss (IPv4 or IPv6). */
co_socklen_t co_sockaddr_len(const struct sockaddr_storage *);

#ifdef __cplusplus
}
#endif

#endif
