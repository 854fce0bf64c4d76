# guestnet - see README.md and guestnet.8. A plain Makefile, no configure step.
# Honours CC, CROSS_COMPILE, CFLAGS, CPPFLAGS, LDFLAGS, STATIC=1 (a static
# binary), O=DIR (build into DIR, for several builds) and, for make install
# and make uninstall, DESTDIR, PREFIX, SBINDIR and MANDIR (make install-kits:
# the init-system kits, README "Init-system kits").

ifeq ($(origin CC),default)
CC = $(if $(CROSS_COMPILE),$(CROSS_COMPILE)gcc,cc)
endif
STRIP = $(CROSS_COMPILE)strip
CFLAGS ?= -Os
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
O ?= .
WERROR ?= -Werror

# Required flags come first so that the user's CFLAGS can still override.
# Size: one section per function, collected and dropped by the linker.
# Reproducible: no build id, no build directory in the binary.
CFLAGS_AUTO = -std=c11 -Wall -Wextra -Wpedantic $(WERROR) \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -ffile-prefix-map=$(CURDIR)=. \
	$(if $(STATIC),-fno-pie -fomit-frame-pointer $(if $(filter klcc,$(CC)),,-flto))
# Static musl and dietlibc builds drop RELRO: neither libc applies it in a
# static binary, so it only padded the data segment to a page in the file.
LDFLAGS_AUTO = -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noseparate-code \
	-Wl,-z,max-page-size=4096 $(if $(STATIC),-static) \
	$(if $(NORELRO)$(if $(STATIC),$(findstring musl,$(CC))$(filter diet,$(CC))), \
	-z norelro -z common-page-size=16)

SRCS = env.c hosts.c iface.c input.c ioctl.c ipparam.c main.c nl.c out.c plan.c
OBJS = $(SRCS:%.c=$(O)/%.o)

all: $(O)/guestnet

$(O)/guestnet: $(OBJS)
	$(CC) $(CFLAGS_AUTO) $(CFLAGS) $(LDFLAGS_AUTO) $(LDFLAGS) -o $@ $(OBJS)

$(O)/%.o: %.c guestnet.h iface.h nl.h $(O)/.flags | $(O)/
	$(CC) $(CPPFLAGS) $(CFLAGS_AUTO) $(CFLAGS) -c -o $@ $<

# The compiler and flags of the last build in $(O): the file is rewritten
# only when they differ (its recipe runs every time, its date changes only
# then), and every object depends on it, so that `make` then
# `make CC=musl-gcc STATIC=1` rebuilds everything instead of keeping the
# first build's objects and binary.
FLAGS_TEXT = CC=$(CC) CPPFLAGS=$(CPPFLAGS) CFLAGS=$(CFLAGS_AUTO) $(CFLAGS) \
	LDFLAGS=$(LDFLAGS_AUTO) $(LDFLAGS) STATIC=$(STATIC)
FLAGS_QUOTED = '$(subst ','\'',$(FLAGS_TEXT))'
$(O)/.flags: FORCE | $(O)/
	@if [ "$$(cat $@ 2>/dev/null)" != $(FLAGS_QUOTED) ]; then \
		printf '%s\n' $(FLAGS_QUOTED) > $@; fi

FORCE:

$(O)/:
	mkdir -p $@

# Every test (test/suites.list); installs what the tests need first.
check: all
	tools/deps.sh iproute2 util-linux strace
	test/run.sh $$(sed -e 's/#.*//' test/suites.list)

# guestnet for real in a throwaway network + UTS namespace.
demo: all
	tools/demo.sh ./guestnet

size:
	tools/size.sh

# The sources in the project's style (.clang-format, the Linux kernel's);
# make check fails when they drift from it (test/format.sh).
format:
	tools/deps.sh clang-format
	clang-format --style=file -i $(SRCS) guestnet.h iface.h nl.h

FUZZ_SECONDS ?= 20
fuzz:
	test/fuzz/run.sh $(FUZZ_SECONDS)

harden-report:
	tools/harden-report.sh

check-vm:
	test/run.sh test/vm/run.sh test/vm/kits.sh test/vm/kit-systemd.sh \
		test/vm/kit-openrc.sh test/vm/kit-busybox.sh

bench:
	tools/bench.sh

# The binary stripped (0755) in $(SBINDIR), the man page (0644) in
# $(MANDIR)/man8, under DESTDIR. Explicit modes whatever the umask: each
# file's by install -m, the directories' 0755 (coreutils' install -D creates
# missing ones so; the umask 022 makes sure with any install).
install: $(O)/guestnet guestnet.8
	umask 022 && install -D -m 0755 $(O)/guestnet $(DESTDIR)$(SBINDIR)/guestnet.tmp
	$(STRIP) $(DESTDIR)$(SBINDIR)/guestnet.tmp
	chmod 0755 $(DESTDIR)$(SBINDIR)/guestnet.tmp
	mv -f $(DESTDIR)$(SBINDIR)/guestnet.tmp $(DESTDIR)$(SBINDIR)/guestnet
	umask 022 && install -D -m 0644 guestnet.8 $(DESTDIR)$(MANDIR)/man8/guestnet.8

# Exactly the files make install wrote; the directories stay.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/guestnet $(DESTDIR)$(MANDIR)/man8/guestnet.8

# The init-system kits (tools/kits/, README "Init-system kits"), each where
# its init system looks, under DESTDIR, with the binary's path made
# $(SBINDIR)/guestnet. One kit file per line: MODE SOURCE DESTINATION, the
# SOURCE's first directory the kit's name. KIT="openrc busybox" selects.
# The systemd unit: systemd reads /usr/lib/systemd/system (the distribution's
# units) and /usr/local/lib/systemd/system (the administrator's), so the unit
# goes beside the binary's prefix for those two; for any other PREFIX
# (/opt/guestnet: not in systemd's path) to /etc/systemd/system.
KIT ?= initramfs-tools dracut systemd openrc mkinitcpio busybox
INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
DRACUT_MODULES_DIR ?= /usr/lib/dracut/modules.d
SYSTEMD_UNIT_DIR ?= $(if $(filter /usr /usr/local,$(PREFIX)),$(PREFIX)/lib/systemd/system,/etc/systemd/system)
OPENRC_INIT_DIR ?= /etc/init.d
OPENRC_CONF_DIR ?= /etc/conf.d
MKINITCPIO_DIR ?= /usr/lib/initcpio
KITS_DOC_DIR ?= $(PREFIX)/share/guestnet/kits
KITS_ALL = \
	0755:initramfs-tools/hooks/guestnet:$(INITRAMFS_TOOLS_DIR)/hooks/guestnet \
	0755:initramfs-tools/scripts/init-bottom/guestnet:$(INITRAMFS_TOOLS_DIR)/scripts/init-bottom/guestnet \
	0755:dracut/90guestnet/module-setup.sh:$(DRACUT_MODULES_DIR)/90guestnet/module-setup.sh \
	0755:dracut/90guestnet/guestnet.sh:$(DRACUT_MODULES_DIR)/90guestnet/guestnet.sh \
	0644:systemd/guestnet.service:$(SYSTEMD_UNIT_DIR)/guestnet.service \
	0755:openrc/guestnet:$(OPENRC_INIT_DIR)/guestnet \
	0644:openrc/guestnet.confd:$(OPENRC_CONF_DIR)/guestnet \
	0644:mkinitcpio/install/guestnet:$(MKINITCPIO_DIR)/install/guestnet \
	0644:mkinitcpio/hooks/guestnet:$(MKINITCPIO_DIR)/hooks/guestnet \
	0644:mkinitcpio/install/sd-guestnet:$(MKINITCPIO_DIR)/install/sd-guestnet \
	0644:mkinitcpio/systemd/guestnet-initrd.service:$(MKINITCPIO_DIR)/guestnet/guestnet-initrd.service \
	0644:mkinitcpio/systemd/guestnet-sysroot.service:$(MKINITCPIO_DIR)/guestnet/guestnet-sysroot.service \
	0644:mkinitcpio/systemd/guestnet-sysroot-rw.service:$(MKINITCPIO_DIR)/guestnet/guestnet-sysroot-rw.service \
	0644:busybox/inittab:$(KITS_DOC_DIR)/busybox/inittab
kit_name = $(firstword $(subst /, ,$(word 2,$(subst :, ,$(1)))))
KITS_KNOWN = $(sort $(foreach k,$(KITS_ALL),$(call kit_name,$(k))))
KITS = $(foreach k,$(KITS_ALL),$(if $(filter $(call kit_name,$(k)),$(KIT)),$(k)))
KIT_UNKNOWN = $(filter-out $(KITS_KNOWN),$(KIT))

# Each file written to a temporary name, its mode set, then renamed; the
# directories made 0755 (umask 022).
install-kits:
	$(if $(KIT_UNKNOWN),$(error KIT: no such kit: $(KIT_UNKNOWN) (kits: $(KITS_KNOWN))))
	@umask 022 && for kit in $(KITS); do \
		mode=$${kit%%:*}; rest=$${kit#*:}; \
		src=tools/kits/$${rest%%:*}; dst=$(DESTDIR)$${rest#*:}; \
		echo "$$src -> $$dst ($$mode)"; \
		mkdir -p "$${dst%/*}" && \
		sed -e 's|/usr/sbin/guestnet|$(SBINDIR)/guestnet|g' "$$src" >"$$dst.tmp" && \
		chmod "$$mode" "$$dst.tmp" && \
		mv -f "$$dst.tmp" "$$dst" || exit 1; \
	done

# Exactly the files make install-kits wrote; the directories stay.
uninstall-kits:
	$(if $(KIT_UNKNOWN),$(error KIT: no such kit: $(KIT_UNKNOWN) (kits: $(KITS_KNOWN))))
	@for kit in $(KITS); do \
		rest=$${kit#*:}; dst=$(DESTDIR)$${rest#*:}; \
		echo "rm -f $$dst"; \
		rm -f "$$dst" || exit 1; \
	done

# The source tarball, reproducible (tools/dist.sh), in build/dist; the
# release artefacts (tools/release.sh): that tarball, static musl binaries
# for x86_64 and aarch64 and their SHA256SUMS, in build/release.
dist:
	tools/dist.sh build/dist

release:
	tools/release.sh build/release

clean:
	rm -rf guestnet *.o .flags build

.PHONY: all check demo size format fuzz harden-report check-vm bench install \
	uninstall install-kits uninstall-kits dist release clean FORCE
