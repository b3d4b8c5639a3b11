// resume_cpp.hpp — a minimal C++20 generator (promise_type, no library).
#include <coroutine>
#include <exception>

struct generator {
	struct promise_type {
		int value = 0;
		generator get_return_object()
		{
			return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
		}
		std::suspend_always initial_suspend() noexcept { return {}; }
		std::suspend_always final_suspend() noexcept { return {}; }
		std::suspend_always yield_value(int v) noexcept { value = v; return {}; }
		void return_void() noexcept {}
		void unhandled_exception() { std::terminate(); }
	};
	std::coroutine_handle<promise_type> h;
	explicit generator(std::coroutine_handle<promise_type> handle) : h(handle) {}
	generator(const generator &) = delete;
	~generator() { if (h) h.destroy(); }
	/* Resume; true while it yielded. */
	bool next() { h.resume(); return !h.done(); }
	int value() const { return h.promise().value; }
};

generator count(int n);
