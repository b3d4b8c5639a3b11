// resume_cpp_gen.cpp — the generator of measurement 1 as a C++20 coroutine.
#include "resume_cpp.hpp"

generator count(int n)
{
	for (int i = 0; i < n; i++)
		co_yield i;
}
