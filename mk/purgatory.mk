# The purgatory (purgatory/): freestanding x86_64 code the kernel jumps to
# after kexec.  Linked into one relocatable object, checked, embedded in the
# library by lib/segment/purgatory_blob.c (.incbin) and relocated at load
# time by lib/segment/purgatory.c.
#
# Built with gcc and GNU ld whatever CC is: the object is data for the
# library, not code linked into it.  `make PURG_CC=clang` works too.
# -nostdlib has no meaning here: `ld -r` never adds libraries.

# This file is read before `all` is defined: keep its targets from
# becoming the default goal (restored at the end).
purg_saved_goal := $(.DEFAULT_GOAL)

PURG_CC ?= gcc
PURG_LD ?= ld
PURG_NM ?= nm
PURG_READELF ?= readelf
PURG_CFLAGS := -std=c11 -Os -g0 -ffreestanding -fno-builtin \
	-fno-stack-protector -mno-red-zone -fpie -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-jump-tables \
	-fno-common -fcf-protection=none -include purgatory/hidden.h \
	-Ipurgatory $(WARN)

PURG_SRCS := $(sort $(wildcard purgatory/*.c purgatory/*.S))
PURG_OBJS := $(patsubst purgatory/%,$(O)/purgatory/%.o,$(basename $(PURG_SRCS)))
PURG_OBJECT := $(O)/purgatory/purgatory.ro

$(O)/purgatory/%.o: purgatory/%.c
	@mkdir -p $(dir $@)
	$(PURG_CC) $(PURG_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/purgatory/%.o: purgatory/%.S
	@mkdir -p $(dir $@)
	$(PURG_CC) $(PURG_CFLAGS) -MMD -MP -c -o $@ $<

# The link check: undefined symbols, relocation types and the two symbols
# the loader needs, before the object can reach the library.
$(PURG_OBJECT): $(PURG_OBJS) purgatory/check-object.sh
	$(PURG_LD) -r -o $@.tmp $(PURG_OBJS)
	purgatory/check-object.sh $@.tmp $(PURG_NM) $(PURG_READELF)
	mv $@.tmp $@

PURG_DEFINE := -DKX_PURGATORY_OBJECT='"$(PURG_OBJECT)"'
$(O)/lib/segment/purgatory_blob.o: $(PURG_OBJECT)
$(O)/lib/segment/purgatory_blob.o: ALL_CFLAGS += $(PURG_DEFINE)
$(FUZZ_BINS): $(PURG_OBJECT)
$(FUZZ_BINS): FUZZ_FLAGS += $(PURG_DEFINE)

EXTRA_ALL += $(PURG_OBJECT)

# `make bench-purgatory`: the purgatory's own verification code, relocated
# into this process, on a 10 MiB piece with a 300 MiB zero tail.
$(O)/bench/purgatory_hash: bench/purgatory_hash.c $(O)/libkexec.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) $(CFLAGS) -o $@ $< $(O)/libkexec.a \
	    $(LDFLAGS) $(LIBS)

.PHONY: bench-purgatory
bench-purgatory: $(O)/bench/purgatory_hash
	$(O)/bench/purgatory_hash

.DEFAULT_GOAL := $(purg_saved_goal)
