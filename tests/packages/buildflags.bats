#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make takes the distribution's CFLAGS, CPPFLAGS and LDFLAGS from the
# environment and adds its own (Makefile, early/early.mk): the glibc host tool
# takes all of them, the static binder only those that fit it. Read from the
# commands make would run (make -n -B), so nothing is built here; the packages'
# binaries themselves are checked in deb.bats and rpm.bats.

setup() {
	load helpers
}

# Whether the command LINE has FLAG as a word of its own.
has_flag() { # LINE FLAG
	case " $1 " in *" $2 "*) return 0 ;; esac
	return 1
}

# The compile or link line of make -n -B that writes TARGET (-o TARGET).
make_line() { # TARGET WHAT...
	_t=$1
	shift
	make -s -n -B -C "$TOP" "$@" | grep -F -- "-o $_t " | head -n 1
}

# What dpkg-buildflags hands a package build with every hardening feature, plus
# the flags of Fedora's %{build_cflags} that a binder must not take.
use_distro_flags() {
	export CPPFLAGS='-Wdate-time -D_FORTIFY_SOURCE=2'
	export CFLAGS='-g -O2 -ffile-prefix-map=/x=. -fstack-protector-strong -Wformat -Werror=format-security -fcf-protection -Wp,-D_FORTIFY_SOURCE=3 -pipe'
	export LDFLAGS='-Wl,-z,relro -Wl,-z,now'
}

@test "the host tool's compile lines carry the environment's CFLAGS and CPPFLAGS, and the project's own after them" {
	use_distro_flags
	run make -s -n -B -C "$TOP" host/vfio-gpu
	assert_success
	line=$(printf '%s\n' "$output" | grep -F -- '-o build/host/host/list.o ')
	for f in -D_FORTIFY_SOURCE=2 -fstack-protector-strong -O2 -g -std=gnu11 -Wformat=2 -Werror \
		-D_GNU_SOURCE -Ilib; do
		assert has_flag "$line" "$f"
	done
	# the project's -Wformat=2 comes after the distribution's -Wformat, so it wins
	assert_regex "$line" '-Wformat .*-Wformat=2'
	# the core library the host tool links is built with them too
	line=$(printf '%s\n' "$output" | grep -F -- '-o build/host/select.o ')
	assert_regex "$line" '-fstack-protector-strong .*-D_GNU_SOURCE'
}

@test "the host tool's link line carries the environment's LDFLAGS" {
	use_distro_flags
	line=$(make_line host/vfio-gpu host/vfio-gpu)
	assert_regex "$line" '-Wl,-z,relro -Wl,-z,now'
}

@test "CFLAGS given on the command line replace the default -O2 -g, never the project's flags" {
	line=$(make_line build/host/host/list.o host/vfio-gpu CFLAGS=-O1)
	assert_regex "$line" ' -O1 '
	refute_regex "$line" ' -O2 '
	assert_regex "$line" '-Wformat=2 .*-Werror .*-D_GNU_SOURCE .*-Ilib'
	# and without any, the default
	line=$(env -u CFLAGS make -s -n -B -C "$TOP" host/vfio-gpu | grep -F -- '-o build/host/host/list.o ')
	assert_regex "$line" '-O2 -g '
}

@test "the klibc binder takes the distribution's warnings and path maps, keeps -Oz and stays static" {
	use_distro_flags
	line=$(make_line early/vfio-gpu-early early/vfio-gpu-early)
	assert_regex "$line" '^klcc '
	for f in -static -Oz -fno-ident -Wl,--build-id=none -Wformat -Werror=format-security \
		-ffile-prefix-map=/x=.; do
		assert has_flag "$line" "$f"
	done
	# None that would not link with klibc, grow the binary or undo its size
	# flags; not -g nor -pipe either, which make klcc drop its own -Os.
	for f in -fstack-protector-strong -fcf-protection -D_FORTIFY_SOURCE=2 \
		-Wp,-D_FORTIFY_SOURCE=3 -O2 -g -pipe -Wl,-z,relro -Wl,-z,now; do
		refute has_flag "$line" "$f"
	done
}

@test "the musl binder takes the same subset, with -g (it has a build id for a debug package)" {
	use_distro_flags
	line=$(make_line build/musl/vfio-gpu-early build/musl/vfio-gpu-early EARLY_LIBC=musl)
	assert_regex "$line" '^musl-gcc '
	for f in -static -Os -g -Wformat=2 -ffile-prefix-map=/x=.; do
		assert has_flag "$line" "$f"
	done
	for f in -fstack-protector-strong -fcf-protection -D_FORTIFY_SOURCE=2 -O2 -Wl,-z,now; do
		refute has_flag "$line" "$f"
	done
}

@test "the klibc binder built with the distribution's flags is the same binary as without them" {
	command -v klcc >/dev/null || skip "klcc not installed"
	d=$BATS_TEST_TMPDIR
	# A private copy of the sources: the tree's own build outputs stay as they are.
	(cd "$TOP" && git ls-files -z lib early Makefile '*.mk' | tar --null -cf - -T -) | tar -C "$d" -xf -
	run env -u CFLAGS -u CPPFLAGS -u LDFLAGS make -s -C "$d" early/vfio-gpu-early
	assert_success
	strip -o "$d/plain" "$d/early/vfio-gpu-early"
	rm -f "$d/early/vfio-gpu-early"
	use_distro_flags
	run make -s -C "$d" early/vfio-gpu-early CFLAGS="-g -O2 -ffile-prefix-map=$d=. -fstack-protector-strong -Wformat -Werror=format-security"
	assert_success
	strip -o "$d/distro" "$d/early/vfio-gpu-early"
	run cmp "$d/plain" "$d/distro"
	assert_success
}
