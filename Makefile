# SPDX-License-Identifier: GPL-2.0
#
#   make                 generate the embedded fixes, then build the module
#   make generate        progs/*.bpf.c -> hid_bpf_fixes/generated/ (host)
#   make module          build hid-bpf-fixes.ko against KDIR
#   make install         install it in lib/modules/VER/updates/, then depmod
#   make uninstall       remove what `make install` put there, then depmod
#   make check           the whole test suite, in VMs (selftests/run.sh)
#   make gen-check       the generator's own host tests
#   make lint            checkpatch --strict and sparse on the module
#   make bench           plug-to-fixed benchmark against udev-hid-bpf, in a VM
#                        (selftests/bench/run.sh; BENCH_KERNEL=distro|lts)
#
# KDIR defaults to the build directory of KERNELRELEASE, or of the running
# kernel. install/uninstall honour INSTALL_MOD_PATH (or DESTDIR) and
# INSTALL_MOD_DIR like the kernel's modules_install.

KDIR ?= /lib/modules/$(or $(KERNELRELEASE),$(shell uname -r))/build
# One name per command -v: dash stops at the first name it cannot find.
CLANG ?= $(firstword $(foreach c,clang-19 clang,$(shell command -v $(c) 2>/dev/null)))
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

# The release modules_install installs for: KDIR's own, unless given.
KVER = $(or $(KERNELRELEASE),$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null))
INSTALL_MOD_PATH ?= $(DESTDIR)
INSTALL_MOD_DIR ?= updates
DEPMOD ?= depmod
MOD_ROOT = $(if $(INSTALL_MOD_PATH),$(abspath $(INSTALL_MOD_PATH)))
MOD_DEST = $(MOD_ROOT)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)

# Not `install: module`: `sudo make install` must not build as root.
install:
	@test -f hid-bpf-fixes.ko || { echo "hid-bpf-fixes.ko is not built: run make first" >&2; exit 1; }
	@test -n "$(KVER)" || { echo "no $(KDIR)/include/config/kernel.release: set KDIR or KERNELRELEASE" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_HID_BPF_FIXES=m \
		INSTALL_MOD_PATH=$(MOD_ROOT) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	$(DEPMOD) -a $(if $(MOD_ROOT),-b $(MOD_ROOT)) $(KVER)

# modules_install compresses the module if KDIR's .config says so.
uninstall:
	@test -n "$(KVER)" || { echo "no $(KDIR)/include/config/kernel.release: set KDIR or KERNELRELEASE" >&2; exit 1; }
	rm -f $(addprefix $(MOD_DEST)/,hid-bpf-fixes.ko hid-bpf-fixes.ko.gz hid-bpf-fixes.ko.xz hid-bpf-fixes.ko.zst)
	-rmdir --ignore-fail-on-non-empty $(MOD_DEST)
	$(DEPMOD) -a $(if $(MOD_ROOT),-b $(MOD_ROOT)) $(KVER)

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

.PHONY: all generate module install uninstall lint gen-check check bench clean
