#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The RPM from `make rpm` (rpmbuild -bb vfio-gpu.spec, Debian's rpm): its file
# list against make install, Requires, a %post that only talks, rpmlint, an
# install into a scratch root, and the musl binder of a host without klibc.

setup() {
	load helpers
	R=$VG_PKG_OUT/rpm
	RPM=$R/RPMS/x86_64/vfio-gpu-$VERSION-1.x86_64.rpm
}

@test "the spec's Version is debian/changelog's" {
	run sed -n 's/^Version: *//p' "$TOP/vfio-gpu.spec"
	assert_output "$VERSION"
}

@test "make rpm builds the RPM (klibc binder where klcc exists)" {
	run make -s -C "$TOP" rpm PKG_OUT="$VG_PKG_OUT"
	assert_success
	run test -s "$RPM"
	assert_success
}

@test "rpm -qlp is make install's file list, without the initramfs-tools files" {
	want=$(make_install_files "$BATS_TEST_TMPDIR/dest" | grep -v '^/usr/share/initramfs-tools/' |
		strip_man_suffix)
	have=$(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$RPM" |
		awk '$1 !~ /^d/ { print $2 }' | strip_man_suffix | sort)
	assert_equal "$have" "$want"
	# ... and the one directory of its own, owned so that erase removes it.
	run rpm -qlp "$RPM"
	assert_line /usr/lib/dracut/modules.d/90vfio-gpu
	# the udev rule for late devices, where udev reads it
	assert_line /usr/lib/udev/rules.d/79-vfio-gpu.rules
}

@test "the RPM requires dracut" {
	run rpm -qpR "$RPM"
	assert_line --regexp '^dracut( |$)'
}

@test "%post only prints that dracut -f is the administrator's call" {
	run rpm -qp --qf '%{POSTIN}\n' "$RPM"
	assert_output --partial "run 'dracut -f'"
	# No command in it runs dracut (or anything heavy): only echo.
	run sh -c "rpm -qp --qf '%{POSTIN}\n' '$RPM' | grep -v '^[[:space:]]*#' | grep -v '^[[:space:]]*\$' | grep -v '^echo '"
	assert_output ""
}

@test "rpmlint reports no error" {
	command -v rpmlint >/dev/null || skip "rpmlint not installed"
	run rpmlint -r "$TOP/vfio-gpu.rpmlintrc" "$RPM" "$TOP/vfio-gpu.spec"
	assert_output --regexp ' 0 errors, '
}

@test "rpm -i --root installs into a scratch root and runs %post; rpm -e runs %postun" {
	root=$BATS_TEST_TMPDIR/root
	# The scriptlets run chrooted in the root: give it a static /bin/sh.
	mkdir -p "$root/bin"
	cp /bin/busybox "$root/bin/sh"
	run rpm --root "$root" --initdb
	assert_success
	run rpm -i --root "$root" --nodeps "$RPM"
	assert_success
	assert_output --partial "run 'dracut -f'"
	run test -x "$root/usr/sbin/vfio-gpu-early"
	assert_success
	run test -f "$root/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh"
	assert_success
	run rpm -e --root "$root" --nodeps vfio-gpu
	assert_success
	assert_output --partial "still holds the binder until 'dracut -f'"
	run sh -c "cd '$root' && find usr -type f"
	assert_output ""
}

@test "without klibc the spec builds the binder with musl (make rpm RPM_EARLY_LIBC=musl)" {
	command -v musl-gcc >/dev/null || skip "musl-gcc not installed"
	out=$BATS_TEST_TMPDIR/musl
	run make -s -C "$TOP" rpm PKG_OUT="$out" RPM_EARLY_LIBC=musl
	assert_success
	rpm2cpio "$out"/rpm/RPMS/x86_64/vfio-gpu-"$VERSION"-1.x86_64.rpm |
		(cd "$BATS_TEST_TMPDIR" && cpio -idm --quiet ./usr/sbin/vfio-gpu-early)
	run file "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early"
	assert_output --partial "statically linked"
	# No zlib inside (neither build carries a decompressor).
	run strings "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early"
	refute_output --partial "incorrect header check"
	run cmp "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early" "$(command -v true)"
	assert_failure
}
