/* test_buf.c — the growable byte buffer. */
#include "buf.h"
#include "check.h"

int main(void)
{
	bytebuf b = BYTEBUF_INIT;
	CHECK(bytebuf_append(&b, "", 0) == 0 && b.len == 0 && b.data && b.data[0] == '\0',
	      "empty append gives an empty string");
	for (int i = 0; i < 1000; i++)
		CHECK(bytebuf_append(&b, "abc", 3) == 0, "append %d", i);
	CHECK_INT(b.len, 3000, "length after appends");
	CHECK(b.data[2999] == 'c' && b.data[3000] == '\0', "NUL-terminated");
	bytebuf_consume(&b, 2998);
	CHECK_STR(b.data, "bc", "consume keeps the rest");
	bytebuf_consume(&b, 100);
	CHECK(b.len == 0 && b.data[0] == '\0', "consume everything");
	CHECK(bytebuf_append(&b, "xy", 2) == 0, "append after consume");
	bytebuf_clear(&b);
	CHECK(b.len == 0 && b.cap > 0, "clear keeps memory");
	CHECK(bytebuf_reserve(&b, (size_t)-1) < 0, "impossible reserve fails");
	CHECK(b.len == 0, "failed reserve leaves buffer alone");
	bytebuf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0, "free resets");
	bytebuf_free(&b);   /* twice is fine */
	return check_report("test_buf");
}
