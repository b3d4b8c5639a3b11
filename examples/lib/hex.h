/*
 * hex.h — the value of one hexadecimal digit, for the parsers that decode
 * %XX escapes and chunk sizes (url.c, robots.c, mime.c, http_response.c).
 */
#ifndef EX_HEX_H
#define EX_HEX_H

/* 0..15, or -1 if c is not a hex digit (either case). */
static inline int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
