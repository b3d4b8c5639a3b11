/*
 * robots.h — robots.txt as RFC 9309 reads it: parse a file for one
 * crawler (its product token) and tell whether a path may be fetched.
 *
 * Parsing keeps only the rules of the groups that apply to the token:
 * every group whose `user-agent` line names it (case-insensitively; a
 * value such as "ExampleBot/2.1" names "examplebot"), all such groups
 * merged, or else the `*` groups merged, or else nothing (allow all).
 * Rules before the first `user-agent` line belong to no group.
 *
 * Matching: the rule whose pattern matches the most octets decides; an
 * Allow wins a tie; no matching rule allows. `*` in a pattern matches any
 * run of octets, a final `$` anchors it at the end of the path; otherwise
 * a pattern matches a prefix. Both the pattern and the path are
 * percent-normalised before comparing: %XX of an unreserved character is
 * decoded, other %xx are upper-cased, and bytes outside printable ASCII
 * are encoded. "/robots.txt" is always allowed. An empty Disallow
 * disallows nothing.
 *
 * `Crawl-delay: SECONDS` (not in the RFC, widely used) of the chosen
 * groups is kept; the largest wins if several.
 *
 * Plain C, no global state; parsing never fails except for memory, which
 * is fatal as in the rest of the crawler.
 */
#ifndef EX_ROBOTS_H
#define EX_ROBOTS_H

#include <stddef.h>
#include <stdint.h>

/* The part of a file RFC 9309 requires a crawler to read (500 KiB). */
#define ROBOTS_MAX_BYTES (500 * 1024)

typedef struct robots robots;

/* Parse len bytes of a robots.txt for the crawler named `token` (its
 * product token, e.g. "corogen-crawler"). Never NULL. */
robots *robots_parse(const char *text, size_t len, const char *token);

/* The two answers without a file: allow everything (a 4xx robots.txt, or
 * robots disabled) and disallow everything (5xx or unreachable). */
robots *robots_allow_all(void);
robots *robots_disallow_all(void);

void robots_free(robots *r);

/* 1 if `path` (the URL's path and query, starting with '/', as sent in
 * the request line) may be fetched, 0 if not. */
int robots_allowed(const robots *r, const char *path);

/* The Crawl-delay of the chosen groups in milliseconds, or -1 if none.
 * Values are capped at ROBOTS_MAX_DELAY_MS. */
#define ROBOTS_MAX_DELAY_MS (60 * 1000)
int64_t robots_crawl_delay_ms(const robots *r);

/* How many Allow/Disallow rules were kept (for tests and reports). */
size_t robots_rule_count(const robots *r);

/* The product token of a User-Agent string: its leading run of letters,
 * '_' and '-' ("corogen-crawler/1.0 (+url)" gives "corogen-crawler"),
 * into out[outsz]. */
void robots_product_token(const char *user_agent, char *out, size_t outsz);

#endif
