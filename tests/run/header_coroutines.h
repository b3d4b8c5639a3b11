/* Declares coroutines the way the runtime's headers do: plain C for C
 * callers, and a __COROGEN__ block that corogen reads from the files that
 * include this one. */
#ifndef HEADER_COROUTINES_H
#define HEADER_COROUTINES_H

struct span { int lo, hi; double width; };

co_gen *mean_of(const int *, int) CO_NODISCARD;
double mean_of__result(co_gen *);
co_gen *measure(int) CO_NODISCARD;
struct span measure__result(co_gen *);

#ifdef __COROGEN__
coro double mean_of(const int *, int) yields int;
coro struct span measure(int) yields int;
#endif

#endif
