/* a header that declares its coroutines for corogen */
#ifndef HEADER_DECL_CONFLICT_H
#define HEADER_DECL_CONFLICT_H
#ifdef __COROGEN__
coro int fetch(const char *, int) yields int;
coro double mean(void) yields int;
#endif
#endif
