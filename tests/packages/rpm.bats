#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The RPMs from `make rpm` (rpmbuild -bb vfio-gpu.spec, Debian's rpm), split as
# the .debs are: vfio-gpu (binder, tools) and vfio-gpu-dracut (the module).
# Their file lists against make install, Requires/Recommends, a %post that only
# talks, rpmlint, an install into a scratch root, the names the Ansible role
# installs, and the musl binder of a host without klibc.

setup() {
	load helpers
	R=$VG_PKG_OUT/rpm
	RPM=$R/RPMS/x86_64/vfio-gpu-$VERSION-1.x86_64.rpm
	DRACUT_RPM=$R/RPMS/noarch/vfio-gpu-dracut-$VERSION-1.noarch.rpm
}

# Regular files of an RPM, man suffixes stripped, sorted.
rpm_files() {
	rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$@" |
		awk '$1 !~ /^d/ { print $2 }' | strip_man_suffix | sort
}

@test "the spec's Version is debian/changelog's" {
	run sed -n 's/^Version: *//p' "$TOP/vfio-gpu.spec"
	assert_output "$VERSION"
}

@test "make rpm builds vfio-gpu and vfio-gpu-dracut (klibc binder where klcc exists)" {
	run make -s -C "$TOP" rpm PKG_OUT="$VG_PKG_OUT"
	assert_success
	run test -s "$RPM"
	assert_success
	run test -s "$DRACUT_RPM"
	assert_success
}

@test "the two RPMs hold make install's file list, without the initramfs-tools files, once" {
	want=$(make_install_files "$BATS_TEST_TMPDIR/dest" | grep -v '^/usr/share/initramfs-tools/' |
		strip_man_suffix)
	# plus the licence and rpm's own /usr/lib/.build-id links to the binaries
	# that vfio-gpu-debuginfo holds the debug info of
	have=$(rpm_files "$RPM" "$DRACUT_RPM" | grep -v -e '^/usr/share/licenses/' -e '^/usr/lib/\.build-id/')
	assert_equal "$have" "$want"
	# The dracut module, and only it, is in vfio-gpu-dracut.
	run sh -c "rpm -qlp '$DRACUT_RPM' | grep -v '^/usr/lib/dracut/modules.d/90vfio-gpu'"
	assert_output ""
	run rpm_files "$RPM"
	refute_line --partial /usr/lib/dracut/
	# its one directory, owned so that erase removes it
	run rpm -qlp "$DRACUT_RPM"
	assert_line /usr/lib/dracut/modules.d/90vfio-gpu
	# the udev rule for late devices, where udev reads it
	run rpm -qlp "$RPM"
	assert_line /usr/lib/udev/rules.d/79-vfio-gpu.rules
}

@test "the RPMs carry the licence: GPL-2.0-or-later and the LICENSE file" {
	run rpm -qp --qf '%{LICENSE}\n' "$RPM" "$DRACUT_RPM"
	assert_output "$(printf 'GPL-2.0-or-later\nGPL-2.0-or-later')"
	run rpm -qlp "$RPM"
	# Fedora's rpm puts it in vfio-gpu/, Debian's older macros in vfio-gpu-VERSION/.
	assert_line --regexp '^/usr/share/licenses/vfio-gpu(-[0-9.]+)?/LICENSE$'
}

@test "vfio-gpu Recommends vfio-gpu-dracut, which requires vfio-gpu of its build and dracut" {
	run rpm -qp --recommends "$RPM"
	assert_line --regexp '^vfio-gpu-dracut( |$)'
	run rpm -qpR "$RPM"
	refute_line --regexp '^dracut( |$)'
	run rpm -qpR "$DRACUT_RPM"
	assert_line --regexp '^dracut( |$)'
	assert_line "vfio-gpu = $VERSION-1"
}

@test "the Ansible role's RedHat packages are the RPMs the spec builds" {
	built=$(rpm -qp --qf '%{NAME}\n' "$RPM" "$DRACUT_RPM" | sort | tr '\n' ' ')
	role=$(sed -n 's/^ *RedHat: *\[\(.*\)\]/\1/p' "$TOP/ansible/roles/vfio_gpu/defaults/main.yml" |
		tr -d ' ' | tr ',' '\n' | sort | tr '\n' ' ')
	assert_equal "$role" "$built"
}

@test "%post of vfio-gpu-dracut only prints that dracut -f is the administrator's call" {
	run rpm -qp --qf '%{POSTIN}\n' "$DRACUT_RPM"
	assert_output --partial "run 'dracut -f'"
	# No command in it runs dracut (or anything heavy): only echo.
	run sh -c "rpm -qp --qf '%{POSTIN}\n' '$DRACUT_RPM' | grep -v '^[[:space:]]*#' | grep -v '^[[:space:]]*\$' | grep -v '^echo '"
	assert_output ""
}

# rpmlint.toml: manual pages in .gz, as Fedora's rpmlint expects them.
@test "rpmlint reports no error, and no unstripped binary nor uncompressed manual page" {
	command -v rpmlint >/dev/null || skip "rpmlint not installed"
	run rpmlint -c "$BATS_TEST_DIRNAME/rpmlint.toml" -r "$TOP/vfio-gpu.rpmlintrc" \
		"$RPM" "$DRACUT_RPM" "$TOP/vfio-gpu.spec"
	assert_output --regexp ' 0 errors, '
	refute_output --partial unstripped-binary-or-object
	refute_output --partial manpage-not-compressed
	refute_output --partial macro-in-comment
}

@test "the distribution strips the host tool into vfio-gpu-debuginfo and compresses the manual pages" {
	DEBUG_RPM=$R/RPMS/x86_64/vfio-gpu-debuginfo-$VERSION-1.x86_64.rpm
	run test -s "$DEBUG_RPM"
	assert_success
	rpm2cpio "$RPM" | (cd "$BATS_TEST_TMPDIR" && cpio -idm --quiet)
	run file "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu"
	assert_output --partial ", stripped"
	id=$(readelf -n "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu" | sed -n 's/^ *Build ID: *//p')
	assert [ -n "$id" ]
	run rpm -qlp "$DEBUG_RPM"
	assert_line --regexp '^/usr/lib/debug/usr/sbin/vfio-gpu-.*\.debug$'
	assert_line --regexp "^/usr/lib/debug/\.build-id/${id:0:2}/${id:2}(\.debug)?$"
	run rpm -qlp "$RPM"
	assert_line /usr/share/man/man8/vfio-gpu.8.gz
	assert_line /usr/share/man/man7/vfio-gpu.7.gz
	# the klibc binder as make install strips it: the size test of deb.bats holds here too
	run stat -c %s "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early"
	# the budget and its history: helpers.bash
	assert [ "$output" -le "$BINDER_MAX_BYTES" ]
}

# Debian's rpm has no distribution flags of its own (%{build_cflags} is
# -O2 -g): %set_build_flags takes the environment's, as Fedora's takes its
# hardened %{build_cflags}. What reaches make shows in the host tool.
@test "the spec hands the build flags to make: a hardened host tool, the same klibc binder" {
	out=$BATS_TEST_TMPDIR/flags
	run env CFLAGS='-O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2' \
		LDFLAGS='-Wl,-z,relro -Wl,-z,now' make -s -C "$TOP" rpm PKG_OUT="$out"
	assert_success
	rpm2cpio "$out"/rpm/RPMS/x86_64/vfio-gpu-"$VERSION"-1.x86_64.rpm |
		(cd "$BATS_TEST_TMPDIR" && cpio -idm --quiet ./usr/sbin/vfio-gpu ./usr/sbin/vfio-gpu-early)
	run readelf -dW "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu"
	assert_line --regexp '\(FLAGS\) +BIND_NOW'
	run nm -D "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu"
	assert_line --regexp ' U __snprintf_chk@'
	assert_line --regexp ' U __stack_chk_fail@'
	rpm2cpio "$RPM" | (cd "$BATS_TEST_TMPDIR" && mkdir -p plain && cd plain && cpio -idm --quiet ./usr/sbin/vfio-gpu-early)
	run cmp "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early" "$BATS_TEST_TMPDIR/plain/usr/sbin/vfio-gpu-early"
	assert_success
}

@test "rpm -i --root installs into a scratch root and runs %post; rpm -e runs %postun" {
	root=$BATS_TEST_TMPDIR/root
	# The scriptlets run chrooted in the root: give it a static /bin/sh.
	mkdir -p "$root/bin"
	cp /bin/busybox "$root/bin/sh"
	run rpm --root "$root" --initdb
	assert_success
	run rpm -i --root "$root" --nodeps "$RPM" "$DRACUT_RPM"
	assert_success
	assert_output --partial "run 'dracut -f'"
	run test -x "$root/usr/sbin/vfio-gpu-early"
	assert_success
	run test -f "$root/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh"
	assert_success
	run rpm -e --root "$root" --nodeps vfio-gpu-dracut vfio-gpu
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
	# stripped by the distribution (find-debuginfo), its debug info kept apart
	assert_output --partial ", stripped"
	run rpm -qlp "$out"/rpm/RPMS/x86_64/vfio-gpu-debuginfo-"$VERSION"-1.x86_64.rpm
	assert_line --regexp '^/usr/lib/debug/usr/sbin/vfio-gpu-early-.*\.debug$'
	# No zlib inside (neither build carries a decompressor).
	run strings "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early"
	refute_output --partial "incorrect header check"
	run cmp "$BATS_TEST_TMPDIR/usr/sbin/vfio-gpu-early" "$(command -v true)"
	assert_failure
}
