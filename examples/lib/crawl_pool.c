/*
 * crawl_pool.c — cached addresses and idle connections per scheme,
 * host and port, and the TLS settings.
 * A crawl touches few hosts, so a linked list is the right index.
 */
#include "crawl_pool.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

void crawl_pool_init(crawl_pool *p, size_t max_idle_per_host)
{
	p->hosts = NULL;
	p->max_idle = max_idle_per_host;
	p->tls = NULL;
	p->ca_file = NULL;
	p->verify = 1;
}

void crawl_conn_close(crawl_conn *c)
{
	co_tls_free(c->tls);
	c->tls = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int crawl_pool_set_tls(crawl_pool *p, const char *ca_file, int verify,
		       char *err, size_t errsz)
{
	p->verify = verify;
	if (ca_file) {
		size_t n = strlen(ca_file) + 1;
		p->ca_file = memcpy(xcalloc(n, 1), ca_file, n);
		if (verify && !crawl_pool_tls(p, err, errsz))
			return -1;
	}
	return 0;
}

co_tls_config *crawl_pool_tls(crawl_pool *p, char *err, size_t errsz)
{
	if (!p->tls)
		p->tls = co_tls_config_new(p->ca_file, p->verify, err, errsz);
	return p->tls;
}

void crawl_pool_free(crawl_pool *p)
{
	crawl_host *h = p->hosts;
	while (h) {
		crawl_host *next = h->next;
		for (size_t i = 0; i < h->nidle; i++)
			crawl_conn_close(&h->idle[i]);
		free(h->addrs);
		free(h->idle);
		free(h->host);
		free(h);
		h = next;
	}
	p->hosts = NULL;
	co_tls_config_free(p->tls);
	p->tls = NULL;
	free(p->ca_file);
	p->ca_file = NULL;
}

crawl_host *crawl_pool_host(crawl_pool *p, int tls, const char *host, int port)
{
	for (crawl_host *h = p->hosts; h; h = h->next)
		if (h->port == port && h->tls == tls && !strcmp(h->host, host))
			return h;
	crawl_host *h = xcalloc(1, sizeof *h);
	size_t n = strlen(host) + 1;
	h->host = memcpy(xcalloc(n, 1), host, n);
	h->port = port;
	h->tls = tls;
	h->idle = xcalloc(p->max_idle, sizeof *h->idle);
	h->next = p->hosts;
	p->hosts = h;
	return h;
}

/* Bytes waiting on an idle connection were sent after the response they
 * followed ended (a Content-Length shorter than the body): read as the
 * next response they would corrupt it. Such a connection is unusable.
 * End of stream is not junk: the fetch resends on a fresh connection. */
static int has_junk(const crawl_conn *c)
{
	if (c->tls && co_tls_pending(c->tls))
		return 1;
	char b;
	ssize_t n = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
	return n > 0;
}

crawl_conn crawl_host_take_idle(crawl_host *h)
{
	while (h->nidle) {
		crawl_conn c = h->idle[--h->nidle];
		if (!has_junk(&c))
			return c;
		crawl_conn_close(&c);
	}
	return (crawl_conn){ -1, NULL };
}

void crawl_host_put_idle(crawl_host *h, const crawl_pool *p, crawl_conn c)
{
	if (h->nidle < p->max_idle && !has_junk(&c))
		h->idle[h->nidle++] = c;
	else
		crawl_conn_close(&c);
}

int crawl_pool_close_idle(crawl_pool *p)
{
	for (crawl_host *h = p->hosts; h; h = h->next)
		if (h->nidle) {
			crawl_conn_close(&h->idle[0]);   /* the oldest */
			memmove(h->idle, h->idle + 1, --h->nidle * sizeof *h->idle);
			return 1;
		}
	return 0;
}
