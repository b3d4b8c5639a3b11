/*
 * crawl_pool.c — cached addresses and idle connections per host:port.
 * A crawl touches few hosts, so a linked list is the right index.
 */
#include "crawl_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fputs("crawler: out of memory\n", stderr);
		abort();
	}
	return p;
}

void crawl_pool_init(crawl_pool *p, size_t max_idle_per_host)
{
	p->hosts = NULL;
	p->max_idle = max_idle_per_host;
}

void crawl_pool_free(crawl_pool *p)
{
	crawl_host *h = p->hosts;
	while (h) {
		crawl_host *next = h->next;
		for (size_t i = 0; i < h->nidle; i++)
			close(h->idle[i]);
		free(h->addrs);
		free(h->idle);
		free(h->host);
		free(h);
		h = next;
	}
	p->hosts = NULL;
}

crawl_host *crawl_pool_host(crawl_pool *p, const char *host, int port)
{
	for (crawl_host *h = p->hosts; h; h = h->next)
		if (h->port == port && !strcmp(h->host, host))
			return h;
	crawl_host *h = xcalloc(1, sizeof *h);
	size_t n = strlen(host) + 1;
	h->host = memcpy(xcalloc(n, 1), host, n);
	h->port = port;
	h->idle = xcalloc(p->max_idle, sizeof *h->idle);
	h->next = p->hosts;
	p->hosts = h;
	return h;
}

/* Bytes waiting on an idle connection were sent after the response they
 * followed ended (a Content-Length shorter than the body): read as the
 * next response they would corrupt it. Such a connection is unusable.
 * End of stream is not junk: the fetch resends on a fresh connection. */
static int has_junk(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n > 0;
}

int crawl_host_take_idle(crawl_host *h)
{
	while (h->nidle) {
		int fd = h->idle[--h->nidle];
		if (!has_junk(fd))
			return fd;
		close(fd);
	}
	return -1;
}

void crawl_host_put_idle(crawl_host *h, const crawl_pool *p, int fd)
{
	if (h->nidle < p->max_idle && !has_junk(fd))
		h->idle[h->nidle++] = fd;
	else
		close(fd);
}

int crawl_pool_close_idle(crawl_pool *p)
{
	for (crawl_host *h = p->hosts; h; h = h->next)
		if (h->nidle) {
			close(h->idle[0]);   /* the oldest */
			memmove(h->idle, h->idle + 1, --h->nidle * sizeof *h->idle);
			return 1;
		}
	return 0;
}
