// resume_cpp_main.cpp — consumer loop of the C++20 generator.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include "resume_cpp.hpp"

int main(int argc, char **argv)
{
	int n = argc > 1 ? std::atoi(argv[1]) : 10000000;
	long long sum = 0;
	auto t0 = std::chrono::steady_clock::now();
	{
		generator g = count(n);
		while (g.next())
			sum += g.value();
	}
	auto t1 = std::chrono::steady_clock::now();
	long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
	std::printf("%lld %lld\n", ns, sum);
	return 0;
}
