# SPDX-License-Identifier: GPL-2.0
#
#   make                 generate the embedded fixes, then build the module
#   make generate        progs/*.bpf.c -> hid_bpf_fixes/generated/ (host)
#   make module          build hid-bpf-fixes.ko against KDIR
#   make check           the whole test suite, in VMs (selftests/run.sh)
#   make gen-check       the generator's own host tests
#   make lint            checkpatch --strict and sparse on the module
#   make bench           plug-to-fixed benchmark against udev-hid-bpf, in a VM
#                        (selftests/bench/run.sh; BENCH_KERNEL=distro|lts)
#
# KDIR defaults to the running kernel's build directory.

KDIR ?= /lib/modules/$(shell uname -r)/build
CLANG ?= $(firstword $(shell command -v clang-19 clang 2>/dev/null))
HOSTCC ?= cc
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	-I/usr/include/$(shell $(HOSTCC) -dumpmachine) -Iprogs

GEN_DIR := hid_bpf_fixes/generated
OBJ_DIR := build/progs
FIXES := $(sort $(patsubst progs/%.bpf.c,%,$(wildcard progs/*.bpf.c)))
LSKELS := $(FIXES:%=$(GEN_DIR)/%.lskel.h)
# hid_bpf_fix.h and the vendor headers (huion.h) the fixes include
PROG_HEADERS := $(wildcard progs/*.h)

all: generate module

generate: $(GEN_DIR)/registry.c

gen/hbf-gen: gen/hbf-gen.c
	$(HOSTCC) -O2 -Wall -Wextra -o $@ $< -lbpf -lelf -lz

$(OBJ_DIR)/%.bpf.o: progs/%.bpf.c $(PROG_HEADERS)
	@mkdir -p $(OBJ_DIR)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(GEN_DIR)/%.lskel.h: $(OBJ_DIR)/%.bpf.o gen/hbf-gen
	@mkdir -p $(GEN_DIR)
	gen/hbf-gen fix $< $* $@

$(GEN_DIR)/registry.c: $(LSKELS) gen/hbf-gen Makefile
	gen/hbf-gen registry $@ $(FIXES)

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_HID_BPF_FIXES=m modules

# checkpatch.pl is in the kernel source tree (KDIR/source for O= builds).
CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/source/scripts/checkpatch.pl $(KDIR)/scripts/checkpatch.pl) checkpatch.pl)
CHECKPATCH_FLAGS := --strict --no-tree --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG

# gen/ is userspace on libelf: its CamelCase types and the attribute
# spellings of <linux/compiler.h> are not checkpatch's business there.
lint:
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) -f hid_bpf_fixes/*.c hid_bpf_fixes/*.h
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) --ignore CAMELCASE,PREFER_DEFINED_ATTRIBUTE_MACRO,EMBEDDED_FUNCTION_NAME,LONG_LINE_STRING -f gen/hbf-gen.c
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_HID_BPF_FIXES=m C=2 modules

gen-check: gen/hbf-gen
	gen/tests/run.sh

check:
	selftests/run.sh

BENCH_KERNEL ?= distro
bench:
	selftests/bench/run.sh $(BENCH_KERNEL)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf build $(GEN_DIR) gen/hbf-gen

.SECONDARY:

.PHONY: all generate module lint gen-check check bench clean
