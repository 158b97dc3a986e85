# The probe kernel (probe/): a freestanding test kernel that prints what a
# loader handed over (see docs/probe.md).  Five images, each linked by its
# own script from the same objects:
#   probe-mb1.elf            ELF32, Multiboot 1 header (modules page aligned,
#                            memory information)
#   probe-mb1-fb.elf         the same, also asking for a video mode
#   probe-mb1-unaligned.elf  probe-mb1 with segments at 0x100070 (byte granular)
#   probe-mb2.elf            ELF32, Multiboot 2 header
#   probe64.elf              ELF64, 64-bit entry
# Built with gcc and GNU ld whatever CC is (`make PROBE_CC=clang` works);
# the host tools beside them (hdrcheck, hosttest) with $(CC).

# Read before `all` is defined: keep these targets from becoming the
# default goal (restored at the end).
probe_saved_goal := $(.DEFAULT_GOAL)

PROBE_CC ?= gcc
PROBE_LD ?= ld
PROBE_CFLAGS := -std=c11 -Os -g0 -ffreestanding -fno-builtin -fno-pic \
	-fno-pie -fno-stack-protector -mno-red-zone -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common \
	-fcf-protection=none -fno-delete-null-pointer-checks $(WARN)
PROBE_LDFLAGS := -nostdlib -static --build-id=none -z max-page-size=0x1000 \
	-z noexecstack

PD := $(O)/probe
PROBE_IMAGES := $(PD)/probe-mb1.elf $(PD)/probe-mb1-fb.elf \
	$(PD)/probe-mb1-unaligned.elf $(PD)/probe-mb2.elf $(PD)/probe64.elf
PROBE32_OBJS := $(PD)/entry32.o $(PD)/probe32.o
PROBE64_OBJS := $(PD)/entry64.o $(PD)/probe64.o

$(PD)/probe32.o: probe/probe.c
	@mkdir -p $(dir $@)
	$(PROBE_CC) -m32 $(PROBE_CFLAGS) -MMD -MP -c -o $@ $<

$(PD)/probe64.o: probe/probe.c
	@mkdir -p $(dir $@)
	$(PROBE_CC) -m64 $(PROBE_CFLAGS) -MMD -MP -c -o $@ $<

$(PD)/entry32.o $(PD)/mb1.o $(PD)/mb2.o: $(PD)/%.o: probe/%.S
	@mkdir -p $(dir $@)
	$(PROBE_CC) -m32 $(PROBE_CFLAGS) -MMD -MP -c -o $@ $<

$(PD)/mb1-fb.o: probe/mb1.S
	@mkdir -p $(dir $@)
	$(PROBE_CC) -m32 $(PROBE_CFLAGS) -DPROBE_VIDEO -MMD -MP -c -o $@ $<

$(PD)/entry64.o: probe/entry64.S
	@mkdir -p $(dir $@)
	$(PROBE_CC) -m64 $(PROBE_CFLAGS) -MMD -MP -c -o $@ $<

# Undefined symbols fail the link: nothing outside our objects is linked.
$(PD)/probe-mb1.elf: probe/probe32.ld $(PD)/mb1.o $(PROBE32_OBJS)
$(PD)/probe-mb1-fb.elf: probe/probe32.ld $(PD)/mb1-fb.o $(PROBE32_OBJS)
$(PD)/probe-mb1-unaligned.elf: probe/probe32-unaligned.ld $(PD)/mb1.o $(PROBE32_OBJS)
$(PD)/probe-mb2.elf: probe/probe32.ld $(PD)/mb2.o $(PROBE32_OBJS)
$(PD)/probe-mb1.elf $(PD)/probe-mb1-fb.elf $(PD)/probe-mb1-unaligned.elf $(PD)/probe-mb2.elf:
	$(PROBE_LD) -m elf_i386 $(PROBE_LDFLAGS) -T $< -o $@ $(filter %.o,$^)

$(PD)/probe64.elf: probe/probe64.ld $(PROBE64_OBJS)
	$(PROBE_LD) -m elf_x86_64 $(PROBE_LDFLAGS) -T $< -o $@ $(filter %.o,$^)

# Host tools for probe/selftest: the header checker and the information
# block parsers run on made-up blocks.
$(PD)/hdrcheck: probe/hdrcheck.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) $(CFLAGS) -o $@ $<

$(PD)/hosttest: probe/hosttest.c probe/probe.c purgatory/sha256.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(WARN) $(CFLAGS) -o $@ $<

.PHONY: probe probe-tools probe-selftest
probe: $(PROBE_IMAGES)
probe-tools: $(PD)/hdrcheck $(PD)/hosttest
probe-selftest: probe probe-tools
	probe/selftest

EXTRA_ALL += $(PROBE_IMAGES)

.DEFAULT_GOAL := $(probe_saved_goal)
