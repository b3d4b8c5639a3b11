# corogen — build, test, demo. See README.md.
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra
CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PREFIX   ?= /usr/local
B        := build
# The runtime's resolver (runtime/resolve.c) uses c-ares.
RT_LIBS  := -lcares

GEN_SRC  := $(wildcard gen/*.c)
GEN_OBJ  := $(patsubst gen/%.c,$(B)/gen/%.o,$(GEN_SRC)) $(B)/grammar/parse.o $(B)/grammar/scan.o

RT_C     := $(wildcard runtime/*.c)
RT_CO    := $(wildcard runtime/*.co)
RT_OBJ   := $(patsubst runtime/%.c,$(B)/runtime/%.o,$(RT_C)) \
            $(patsubst runtime/%.co,$(B)/runtime/%.co.o,$(RT_CO))

EXLIB_C  := $(wildcard examples/lib/*.c)
EXLIB_CO := $(wildcard examples/lib/*.co)
EXLIB_OBJ:= $(patsubst examples/lib/%.c,$(B)/examples/lib/%.o,$(EXLIB_C)) \
            $(patsubst examples/lib/%.co,$(B)/examples/lib/%.co.o,$(EXLIB_CO))
EXAMPLES := $(patsubst examples/%.co,$(B)/%,$(wildcard examples/*.co))
# Everything built against the runtime is rebuilt when a header changes.
RT_H     := runtime/coro.h runtime/co_async.h runtime/co_io.h runtime/co_sync.h runtime/co_resolve.h runtime/co_tls.h runtime/co_internal.h
# TLS streams (runtime/co_tls.co) use OpenSSL; programs that use them link it.
TLS_LIBS := -lssl -lcrypto
EX_H     := $(RT_H) $(wildcard examples/lib/*.h)
# System libraries the examples link: zlib for the crawler's WARC output.
EX_LIBS  := -lz

# Keep generated C (build/**/*.c) for reading and debugging.
.SECONDARY:

.PHONY: all test test-long demo bench install clean tools test-tools golden-bless check-valgrind fuzz
all: $(B)/corogen $(B)/libcoro.a $(EXAMPLES)

# flex and bison: installed automatically where we can (Debian/Ubuntu as root).
tools:
	@sh .ci/ensure-tools.sh

$(B)/grammar/parse.c $(B)/grammar/parse.h: grammar/parse.y | tools
	@mkdir -p $(B)/grammar
	bison -Wall -d -o $(B)/grammar/parse.c grammar/parse.y

$(B)/grammar/scan.c: grammar/scan.l $(B)/grammar/parse.h | tools
	@mkdir -p $(B)/grammar
	flex -o $@ grammar/scan.l

$(B)/grammar/%.o: $(B)/grammar/%.c gen/corogen.h
	$(CC) $(WARN) -Wno-unused-function -Wno-missing-field-initializers -Wno-sign-compare $(CFLAGS) $(CPPFLAGS) -Igen -I$(B)/grammar -c $< -o $@

$(B)/gen/%.o: gen/%.c gen/corogen.h $(B)/grammar/parse.h
	@mkdir -p $(B)/gen
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Igen -I$(B)/grammar -c $< -o $@

$(B)/corogen: $(GEN_OBJ)
	$(CC) $(CFLAGS) $^ -o $@ -lpthread

# The runtime: C files and socket coroutines written in .co.
$(B)/runtime/%.o: runtime/%.c $(RT_H) | tools
	@mkdir -p $(B)/runtime
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Iruntime -c $< -o $@

# coro.o carries the gdb extension (see runtime/coro.c).
$(B)/runtime/coro.o: runtime/coro-gdb.py
$(B)/runtime/coro.o: CPPFLAGS += -DCO_GDB_SCRIPT='"$(CURDIR)/runtime/coro-gdb.py"'

$(B)/runtime/%.c: runtime/%.co $(B)/corogen
	@mkdir -p $(B)/runtime
	$(B)/corogen -o $@ $<

$(B)/runtime/%.co.o: $(B)/runtime/%.c $(RT_H)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Iruntime -c $< -o $@

$(B)/libcoro.a: $(RT_OBJ)
	rm -f $@
	ar rcs $@ $^

# Examples: examples/lib/* is a library shared by the programs examples/*.co.
$(B)/examples/lib/%.o: examples/lib/%.c $(EX_H)
	@mkdir -p $(B)/examples/lib
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Iruntime -Iexamples/lib -c $< -o $@

$(B)/examples/lib/%.c: examples/lib/%.co $(B)/corogen
	@mkdir -p $(B)/examples/lib
	$(B)/corogen -o $@ $<

$(B)/examples/lib/%.co.o: $(B)/examples/lib/%.c $(EX_H)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Iruntime -Iexamples/lib -c $< -o $@

$(B)/libexamples.a: $(EXLIB_OBJ)
	rm -f $@
	ar rcs $@ $^ $(if $(EXLIB_OBJ),,)

$(B)/examples/%.c: examples/%.co $(B)/corogen
	@mkdir -p $(B)/examples
	$(B)/corogen -Iexamples/lib -o $@ $<

$(B)/%: $(B)/examples/%.c $(B)/libcoro.a $(B)/libexamples.a $(EX_H)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Iruntime -Iexamples/lib $< $(B)/libexamples.a $(B)/libcoro.a $(EX_LIBS) $(TLS_LIBS) $(RT_LIBS) -o $@

test-tools:
	@sh .ci/ensure-tools.sh --test

test: all | test-tools
	python3 tests/runner.py

# The differential suites on their long seed lists (minutes, not in CI).
test-long: all | test-tools
	python3 tests/runner.py --long

golden-bless: $(B)/corogen
	python3 tests/runner.py --bless golden

demo: all
	sh examples/demo.sh

check-valgrind: all
	sh tests/valgrind.sh

FUZZ_SECONDS ?= 60
fuzz: all
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

bench: all
	sh bench/run.sh

# make install PREFIX=/some/where
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	           $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/corogen $(DESTDIR)$(PREFIX)/bin/corogen
	install -m 644 $(B)/libcoro.a $(DESTDIR)$(PREFIX)/lib/libcoro.a
	install -m 644 runtime/coro.h runtime/co_async.h runtime/co_io.h runtime/co_sync.h runtime/co_resolve.h runtime/co_tls.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 docs/corogen.1 $(DESTDIR)$(PREFIX)/share/man/man1/corogen.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' runtime/coro.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/coro.pc
	install -d $(DESTDIR)$(PREFIX)/share/corogen/src/runtime
	install -m 644 runtime/coro-gdb.py $(DESTDIR)$(PREFIX)/share/corogen/coro-gdb.py
	install -m 644 runtime/*.c runtime/*.h runtime/*.co $(DESTDIR)$(PREFIX)/share/corogen/src/runtime/
	sed -e 's|@PREFIX@|$(PREFIX)|g' runtime/coro-tls.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/coro-tls.pc

clean:
	rm -rf $(B)
