/* resolve.c — DNS that never blocks the loop: c-ares queries whose sockets
 * and retransmit timer are driven by the loop, a small TTL-bounded cache,
 * and the mapping of c-ares errors to errno values. The coroutines that
 * wait for a query are in resolve.co.
 *
 * One c-ares channel per loop exists while co_resolve calls wait on it: it
 * is created by the first query, and when the last waiting one leaves
 * (answered, timed out or cancelled) a callback is queued that destroys it
 * unless a new query came first — so a task resolving name after name
 * keeps one channel (creating one costs far more than a query), while an
 * idle loop watches no DNS socket and holds no timer, co_loop_run still
 * returns when nothing is left, and co_loop_free (which runs the queued
 * callbacks) leaves nothing behind. A query whose waiter left stays in the
 * channel until c-ares answers it or the channel goes; its callback then
 * frees it. */
#include "co_internal.h"
#include "co_resolve.h"

#include <ares.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct resolver resolver;

struct co__dns_query {
	resolver *r;
	co_future *done;       /* result set by the c-ares callback; owned here */
	int status;            /* ARES_* once answered */
	int answered;
	int abandoned;         /* its coroutine left; the callback frees it */
	int family;
	struct ares_addrinfo *ai;
	char host[256];
};

struct resolver {
	co_loop *loop;
	ares_channel ch;
	unsigned live;         /* queries whose coroutine still waits */
	int release_queued;    /* release_cb is on the ready queue */
	co_timer timer;        /* c-ares's next retransmit or timeout */
	resolver *next;
};

static _Thread_local resolver *resolvers;
/* co_resolve_set_servers: one setting for the process; set it before
 * starting loops on other threads. */
static char *server_override;

/* ---- errors ---- */

int co__resolve_errno(int status)
{
	switch (status) {
	case ARES_SUCCESS: return 0;
	case ARES_ENOTFOUND:
	case ARES_ENONAME: return -ENOENT;
	case ARES_ENODATA: return -ENODATA;
	case ARES_ESERVFAIL: return -EAGAIN;
	case ARES_ETIMEOUT: return -ETIMEDOUT;
	case ARES_ECONNREFUSED:
	case ARES_EREFUSED: return -ECONNREFUSED;
	case ARES_EFORMERR:
	case ARES_EBADRESP:
	case ARES_ENOTIMP:
	case ARES_EOF: return -EPROTO;
	case ARES_EBADQUERY:
	case ARES_EBADNAME:
	case ARES_EBADFAMILY:
	case ARES_EBADFLAGS:
	case ARES_EBADHINTS:
	case ARES_ESERVICE: return -EINVAL;
	case ARES_ENOMEM: return -ENOMEM;
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION: return -ECANCELED;
	default: return -EIO;    /* ARES_EFILE, ARES_ENOSERVER-like setup failures */
	}
}

const char *co_resolve_strerror(int err)
{
	switch (err) {
	case 0: return "success";
	case -ENOENT: return "host name not found";
	case -ENODATA: return "host has no address of the requested family";
	case -EAGAIN: return "temporary failure in name resolution (server failure)";
	case -ETIMEDOUT: return "timed out (name resolution or connect)";
	case -ECONNREFUSED: return "refused (by the DNS server, or the connect)";
	case -EPROTO: return "bad or unsupported DNS response";
	case -EINVAL: return "invalid host name or argument";
	case -ECANCELED: return "name resolution cancelled";
	case -EIO: return "resolver configuration could not be read";
	default: return strerror(err < 0 ? -err : err);
	}
}

/* ---- servers ---- */

int co_resolve_set_servers(const char *csv)
{
	if (csv && !*csv)
		csv = NULL;
	if (csv) {
		/* Check it on a scratch channel, so a bad list fails here. */
		ares_channel ch;
		struct ares_options opt;
		memset(&opt, 0, sizeof opt);
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
			return -EIO;
		int st = ares_init_options(&ch, &opt, 0);
		if (st == ARES_SUCCESS) {
			st = ares_set_servers_ports_csv(ch, csv);
			ares_destroy(ch);
		}
		ares_library_cleanup();
		if (st != ARES_SUCCESS)
			return st == ARES_ENOMEM ? -ENOMEM : -EINVAL;
	}
	free(server_override);
	server_override = NULL;
	if (csv)
		server_override = co__xstrdup(csv);
	/* Channels open on this thread switch now (NULL: resolv.conf's servers
	 * come back with the next channel). */
	for (resolver *r = resolvers; r; r = r->next)
		if (csv)
			ares_set_servers_ports_csv(r->ch, csv);
	return 0;
}

/* ---- the cache: a few answers, each kept at most its TTL ---- */

enum { CACHE_SLOTS = 32, CACHE_ADDRS = 8, CACHE_MAX_TTL_S = 300 };

typedef union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
} addr;

typedef struct cache_entry {
	char host[256];        /* lower case; "" when free */
	int family;
	int n;
	uint64_t expires_ms;
	uint64_t used;         /* for least-recently-used eviction */
	addr a[CACHE_ADDRS];
} cache_entry;

static _Thread_local cache_entry cache[CACHE_SLOTS];
static _Thread_local uint64_t cache_clock;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void lower_copy(char *dst, const char *src, size_t size)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

void co_resolve_cache_clear(void)
{
	memset(cache, 0, sizeof cache);
}

static socklen_t addr_len(const addr *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof a->in6 : sizeof a->in;
}

static void set_port(addr *a, int port)
{
	if (a->sa.sa_family == AF_INET6)
		a->in6.sin6_port = htons((uint16_t)port);
	else
		a->in.sin_port = htons((uint16_t)port);
}

/* A numeric IPv4 or IPv6 address as it is: 1 and *out, or 0. Such names
 * never reach c-ares, which would send them to the DNS server. */
static int numeric_address(const char *host, int port, int family,
			   struct sockaddr_storage *out)
{
	addr a;
	memset(&a, 0, sizeof a);
	if ((family == AF_UNSPEC || family == AF_INET) &&
	    inet_pton(AF_INET, host, &a.in.sin_addr) == 1)
		a.in.sin_family = AF_INET;
	else if ((family == AF_UNSPEC || family == AF_INET6) &&
		 inet_pton(AF_INET6, host, &a.in6.sin6_addr) == 1)
		a.in6.sin6_family = AF_INET6;
	else
		return 0;
	set_port(&a, port);
	memset(out, 0, sizeof *out);
	memcpy(out, &a, addr_len(&a));
	return 1;
}

/* Copy up to max addresses of the cached answer for (host, family), with
 * `port` — or the address itself when host is numeric; 0 if none is
 * cached or it expired. */
int co__resolve_cached(const char *host, int port, int family,
		       struct sockaddr_storage *out, size_t max)
{
	if (numeric_address(host, port, family, out))
		return 1;
	char key[256];
	lower_copy(key, host, sizeof key);
	uint64_t now = now_ms();
	for (int i = 0; i < CACHE_SLOTS; i++) {
		cache_entry *e = &cache[i];
		if (!e->host[0] || e->family != family || strcmp(e->host, key) != 0)
			continue;
		if (now >= e->expires_ms) {
			e->host[0] = '\0';
			return 0;
		}
		e->used = ++cache_clock;
		size_t n = (size_t)e->n < max ? (size_t)e->n : max;
		for (size_t k = 0; k < n; k++) {
			addr a = e->a[k];
			set_port(&a, port);
			memset(&out[k], 0, sizeof out[k]);
			memcpy(&out[k], &a, addr_len(&a));
		}
		return (int)n;
	}
	return 0;
}

static void cache_store(const char *host, int family, const struct ares_addrinfo *ai)
{
	int ttl = CACHE_MAX_TTL_S;
	int n = 0;
	addr a[CACHE_ADDRS];
	for (const struct ares_addrinfo_node *nd = ai->nodes; nd && n < CACHE_ADDRS; nd = nd->ai_next) {
		if (nd->ai_family != AF_INET && nd->ai_family != AF_INET6)
			continue;
		if (nd->ai_ttl < ttl)
			ttl = nd->ai_ttl;
		memset(&a[n], 0, sizeof a[n]);
		memcpy(&a[n], nd->ai_addr, nd->ai_family == AF_INET6 ? sizeof a[n].in6 : sizeof a[n].in);
		n++;
	}
	if (n == 0 || ttl <= 0)    /* /etc/hosts answers carry no TTL: not cached */
		return;
	cache_entry *slot = &cache[0];
	char key[256];
	lower_copy(key, host, sizeof key);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		cache_entry *e = &cache[i];
		if (e->host[0] && e->family == family && strcmp(e->host, key) == 0) {
			slot = e;
			break;
		}
		if (!e->host[0] || e->used < slot->used)
			slot = e;
		if (!e->host[0])
			break;
	}
	memcpy(slot->host, key, sizeof key);
	slot->family = family;
	slot->n = n;
	slot->expires_ms = now_ms() + (uint64_t)ttl * 1000u;
	slot->used = ++cache_clock;
	memcpy(slot->a, a, sizeof a);
}

/* ---- driving a channel from the loop ---- */

static void process_timeouts(co_timer *t);

/* Arm the loop timer for c-ares's next deadline (retransmit or give up). */
static void rearm(resolver *r)
{
	struct timeval tv;
	if (!ares_timeout(r->ch, NULL, &tv)) {
		co_timer_cancel(&r->timer);
		return;
	}
	int64_t ms = (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
	co_loop_call_later(r->loop, &r->timer, ms, process_timeouts, r);
}

static void process_timeouts(co_timer *t)
{
	resolver *r = t->data;
	ares_process_fd(r->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	rearm(r);
}

static void readable_cb(co_loop *loop, int fd, void *data)
{
	(void)loop;
	resolver *r = data;
	ares_process_fd(r->ch, fd, ARES_SOCKET_BAD);
	rearm(r);
}

static void writable_cb(co_loop *loop, int fd, void *data)
{
	(void)loop;
	resolver *r = data;
	ares_process_fd(r->ch, ARES_SOCKET_BAD, fd);
	rearm(r);
}

/* c-ares says which of its sockets it wants to hear about. */
static void sock_state_cb(void *data, ares_socket_t fd, int readable, int writable)
{
	resolver *r = data;
	if (readable)
		co_loop_add_reader(r->loop, fd, readable_cb, r);
	else
		co_loop_remove_reader(r->loop, fd);
	if (writable)
		co_loop_add_writer(r->loop, fd, writable_cb, r);
	else
		co_loop_remove_writer(r->loop, fd);
}

static resolver *resolver_get(co_loop *loop, int *err)
{
	for (resolver *r = resolvers; r; r = r->next)
		if (r->loop == loop)
			return r;
	resolver *r = co__xcalloc(1, sizeof *r);
	r->loop = loop;
	co_timer_init(&r->timer);
	struct ares_options opt;
	memset(&opt, 0, sizeof opt);
	opt.sock_state_cb = sock_state_cb;
	opt.sock_state_cb_data = r;
	/* Keep the UDP socket between queries: without this c-ares opens and
	 * closes one per lookup. The channel itself goes when idle. */
	opt.flags = ARES_FLAG_STAYOPEN;
	int st = ares_library_init(ARES_LIB_INIT_ALL);
	if (st == ARES_SUCCESS) {
		st = ares_init_options(&r->ch, &opt, ARES_OPT_SOCK_STATE_CB | ARES_OPT_FLAGS);
		if (st != ARES_SUCCESS)
			ares_library_cleanup();
	}
	const char *servers = server_override ? server_override : getenv("CORO_DNS_SERVERS");
	if (st == ARES_SUCCESS && servers && *servers) {
		st = ares_set_servers_ports_csv(r->ch, servers);
		if (st != ARES_SUCCESS) {
			ares_destroy(r->ch);
			ares_library_cleanup();
		}
	}
	if (st != ARES_SUCCESS) {
		free(r);
		*err = st == ARES_ENOMEM ? -ENOMEM : -EIO;
		return NULL;
	}
	r->next = resolvers;
	resolvers = r;
	return r;
}

/* Nobody waited on the channel for a loop iteration: close it. Queries
 * still in it (abandoned) get ARES_EDESTRUCTION and free themselves;
 * c-ares closes its sockets through sock_state_cb, which unregisters them. */
static void release_cb(co_loop *loop, void *data)
{
	(void)loop;
	resolver *r = data;
	r->release_queued = 0;
	if (r->live > 0)
		return;
	for (resolver **p = &resolvers; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	co_timer_cancel(&r->timer);
	ares_destroy(r->ch);
	ares_library_cleanup();
	co_timer_cancel(&r->timer);
	free(r);
}

static void resolver_release(resolver *r)
{
	if (r->live > 0 || r->release_queued)
		return;
	r->release_queued = 1;
	co_loop_call_soon(r->loop, release_cb, r);
}

static void query_free(co__dns_query *q)
{
	if (q->ai)
		ares_freeaddrinfo(q->ai);
	co_future_unref(q->done);
	free(q);
}

static void answer_cb(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	(void)timeouts;
	co__dns_query *q = arg;
	if (q->abandoned) {
		if (ai)
			ares_freeaddrinfo(ai);
		query_free(q);
		return;
	}
	q->answered = 1;
	q->status = status;
	q->ai = ai;
	if (!co_future_done(q->done))
		co_future_set_result(q->done, q);
}

/* Start a query on the loop's channel. The result arrives on
 * co__resolve_future (maybe at once: /etc/hosts, numeric addresses). */
co__dns_query *co__resolve_start(co_loop *loop, const char *host, int family)
{
	co__dns_query *q = co__xcalloc(1, sizeof *q);
	q->done = co_future_new(loop);
	q->family = family;
	snprintf(q->host, sizeof q->host, "%s", host);
	int err = 0;
	q->r = resolver_get(loop, &err);
	if (!q->r) {
		q->answered = 1;
		q->status = err == -ENOMEM ? ARES_ENOMEM : ARES_EFILE;
		co_future_set_result(q->done, q);
		return q;
	}
	q->r->live++;
	struct ares_addrinfo_hints hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	ares_getaddrinfo(q->r->ch, host, NULL, &hints, answer_cb, q);
	rearm(q->r);
	return q;
}

co_future *co__resolve_future(co__dns_query *q) { return q->done; }

/* The result of an answered query into out[0..max): a count, or -errno
 * (-ETIMEDOUT if the query's future failed with the coroutine's timeout). */
int co__resolve_result(co__dns_query *q, int port, struct sockaddr_storage *out, size_t max)
{
	if (co_future_error(q->done))
		return -co_future_error(q->done);
	if (q->status != ARES_SUCCESS)
		return co__resolve_errno(q->status);
	size_t n = 0;
	for (const struct ares_addrinfo_node *nd = q->ai ? q->ai->nodes : NULL; nd && n < max; nd = nd->ai_next) {
		if (nd->ai_family != AF_INET && nd->ai_family != AF_INET6)
			continue;
		addr a;
		memset(&a, 0, sizeof a);
		memcpy(&a, nd->ai_addr, nd->ai_family == AF_INET6 ? sizeof a.in6 : sizeof a.in);
		set_port(&a, port);
		memset(&out[n], 0, sizeof out[n]);
		memcpy(&out[n], &a, addr_len(&a));
		n++;
	}
	if (n == 0)
		return -ENODATA;
	cache_store(q->host, q->family, q->ai);
	return (int)n;
}

/* The waiting coroutine leaves (with its result, or cancelled). */
void co__resolve_finish(co__dns_query *q)
{
	resolver *r = q->r;
	if (q->answered || !r) {
		query_free(q);
	} else {
		q->abandoned = 1;
		if (!co_future_done(q->done))
			co_future_cancel(q->done);
	}
	if (r) {
		r->live--;
		resolver_release(r);
	}
}

co_socklen_t co_sockaddr_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}
