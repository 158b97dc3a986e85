# libkexec: library, kexec command, static kexec, tests and fuzzers.
# Out-of-tree objects go to $(O) (build/ by default); `make O=build-asan
# SANITIZE=1` builds a sanitizer copy beside the normal one.

VERSION := 0.2.0
SOVERSION := 0
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=
O ?= build

CC ?= cc
FUZZ_CC ?= clang
AR ?= ar
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude -Ilib
CFLAGS ?= -O2 -g
ifeq ($(SANITIZE),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS := $(BASE_CFLAGS) $(WARN) $(CFLAGS) -fPIC -MMD -MP
LIBS := -lzstd -llzma -lz

LIB_SRCS := $(sort $(wildcard lib/*/*.c lib/arch/*/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_HELPER_SRCS := $(sort $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c)))
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))

LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(O)/tests/%)
TEST_HELPER_OBJS := $(TEST_HELPER_SRCS:%.c=$(O)/%.o)
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=$(O)/fuzz/%)

-include mk/*.mk

.PHONY: all lib static check unit-tests fuzz install clean format
all: $(O)/kexec $(O)/kexec-static $(O)/libkexec.a $(O)/libkexec.so.$(SOVERSION) $(O)/libkexec.pc $(EXTRA_ALL)

lib: $(O)/libkexec.a $(O)/libkexec.so.$(SOVERSION)
static: $(O)/kexec-static

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libkexec.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/libkexec.so.$(SOVERSION): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,libkexec.so.$(SOVERSION) $(LDFLAGS) -o $@ $^ $(LIBS)
	ln -sf libkexec.so.$(SOVERSION) $(O)/libkexec.so

$(O)/kexec: $(CLI_OBJS) $(O)/libkexec.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(O)/libkexec.a $(LIBS)

# The initramfs copy: no shared libraries at all.
$(O)/kexec-static: $(CLI_OBJS) $(O)/libkexec.a
	$(CC) -static $(LDFLAGS) -o $@ $(CLI_OBJS) $(O)/libkexec.a $(LIBS)

# Written again at install time: PREFIX may differ from the build's.
PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'
$(O)/libkexec.pc: libkexec.pc.in Makefile
	$(PC_SED) $< > $@

$(O)/tests/%: tests/unit/%.c $(TEST_HELPER_OBJS) $(O)/libkexec.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) $(CFLAGS) -Itests/unit $(TEST_CLI_CFLAGS) -o $@ $< \
	    $(TEST_HELPER_OBJS) $(TEST_CLI_OBJS) $(O)/libkexec.a $(LDFLAGS) -lcmocka $(LIBS)

# Tests of the kexec command link its objects too.
CLI_TEST_BINS := $(filter $(O)/tests/test_options $(O)/tests/test_cli% \
		 $(O)/tests/test_entries,$(TEST_BINS))
$(CLI_TEST_BINS): $(O)/cli.a
$(CLI_TEST_BINS): TEST_CLI_CFLAGS := -Icli
$(CLI_TEST_BINS): TEST_CLI_OBJS := $(O)/cli.a

# The version the build installs (libkexec.pc) must be the header's.
$(O)/tests/test_version: TEST_CLI_CFLAGS := -DKX_PROJECT_VERSION=\"$(VERSION)\"

# cli objects other than main.o are linked into tests that exercise them.
$(O)/cli.a: $(filter-out $(O)/cli/main.o,$(CLI_OBJS))
	@rm -f $@
	$(AR) rcs $@ $^

unit-tests: $(TEST_BINS)

check: $(TEST_BINS)
	@tests/unit/run-unit $(O) $(TEST_BINS)

FUZZ_FLAGS := $(BASE_CFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined
$(O)/fuzz/%: fuzz/%.c $(LIB_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRCS) $(filter-out cli/main.c,$(CLI_SRCS)) $(LIBS)

fuzz: $(FUZZ_BINS)

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(O)/kexec $(DESTDIR)$(SBINDIR)/kexec
	install -m 644 $(O)/libkexec.a $(DESTDIR)$(LIBDIR)/libkexec.a
	install -m 755 $(O)/libkexec.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libkexec.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libkexec.so
	install -m 644 include/libkexec.h $(DESTDIR)$(INCLUDEDIR)/libkexec.h
	$(PC_SED) libkexec.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libkexec.pc
	install -m 644 man/kexec.8 $(DESTDIR)$(MANDIR)/man8/kexec.8
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/init.d $(DESTDIR)$(SYSCONFDIR)/conf.d
	install -m 755 dist/kexec-load $(DESTDIR)$(SBINDIR)/kexec-load
	install -m 644 dist/systemd/kexec-load.service $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 755 dist/openrc/kexec $(DESTDIR)$(SYSCONFDIR)/init.d/kexec
	install -m 644 dist/openrc/kexec.confd $(DESTDIR)$(SYSCONFDIR)/conf.d/kexec

format:
	clang-format -i $(LIB_SRCS) $(CLI_SRCS) $(TEST_SRCS) $(FUZZ_SRCS) include/*.h lib/*/*.h cli/*.h

clean:
	rm -rf $(O) build-*

-include $(shell find $(O) -name '*.d' 2>/dev/null)
