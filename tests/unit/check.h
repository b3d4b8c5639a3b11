/*
 * check.h — the few macros the unit tests share. Each test program counts
 * failed checks, names every failing case on stderr, and returns 1 from
 * main if any failed.
 */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...) do { \
	check_count++; \
	if (!(cond)) { \
		check_failures++; \
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n"); \
	} \
} while (0)

#define CHECK_STR(got, want, what) do { \
	const char *g_ = (got), *w_ = (want); \
	CHECK(g_ && strcmp(g_, w_) == 0, "%s: got \"%s\", want \"%s\"", \
	      (what), g_ ? g_ : "(null)", w_); \
} while (0)

#define CHECK_INT(got, want, what) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	CHECK(g_ == w_, "%s: got %lld, want %lld", (what), g_, w_); \
} while (0)

static int check_report(const char *name)
{
	if (check_failures) {
		fprintf(stderr, "%s: %d of %d checks failed\n", name,
			check_failures, check_count);
		return 1;
	}
	printf("%s: all %d checks passed\n", name, check_count);
	return 0;
}

#endif
