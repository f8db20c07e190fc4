#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The .debs from `make deb` (dpkg-buildpackage -b -us -uc on a copy of the
# tree): the split, the trigger, the contents against make install, lintian.
# The tests run in order; the first builds what the others look at.

setup() {
	load helpers
	D=$VG_PKG_OUT/deb
}

@test "make deb builds vfio-gpu, vfio-gpu-initramfs-tools and vfio-gpu-dracut" {
	run make -s -C "$TOP" deb PKG_OUT="$VG_PKG_OUT"
	assert_success
	for p in vfio-gpu_"$VERSION"_amd64 vfio-gpu-initramfs-tools_"$VERSION"_all \
		vfio-gpu-dracut_"$VERSION"_all; do
		run test -s "$D/$p.deb"
		assert_success
	done
}

@test "the build ran in a copy: the tree has no debian/ build leftovers" {
	run git -C "$TOP" status --porcelain --ignored -- debian
	assert_output ""
}

@test "lintian reports no error" {
	command -v lintian >/dev/null || skip "lintian not installed"
	run lintian "$D"/vfio-gpu_"$VERSION"_amd64.changes
	refute_line --regexp '^E: '
}

@test "lintian finds the host tool hardened (no hardening-* tag at any level)" {
	command -v lintian >/dev/null || skip "lintian not installed"
	run lintian -I -T hardening-no-bindnow,hardening-no-fortify-functions,hardening-no-relro,hardening-no-pie \
		"$D"/vfio-gpu_"$VERSION"_amd64.deb
	assert_success
	refute_output --partial hardening-
}

# readelf and nm see what debian/rules' hardening=+all must have put into the
# host tool (lintian's tags above can be overridden; these cannot).
@test "the packaged host tool: PIE, bind-now, RELRO, fortified calls, stack protector" {
	dpkg-deb --fsys-tarfile "$D"/vfio-gpu_"$VERSION"_amd64.deb |
		tar -xOf - ./usr/sbin/vfio-gpu >"$BATS_TEST_TMPDIR/vfio-gpu"
	run readelf -dW "$BATS_TEST_TMPDIR/vfio-gpu"
	assert_line --regexp '\(FLAGS\) +BIND_NOW'
	assert_line --regexp '\(FLAGS_1\) +Flags: NOW PIE'
	run readelf -lW "$BATS_TEST_TMPDIR/vfio-gpu"
	assert_line --regexp '^ +GNU_RELRO '
	run nm -D "$BATS_TEST_TMPDIR/vfio-gpu"
	assert_line --regexp ' U __snprintf_chk@'
	assert_line --regexp ' U __stack_chk_fail@'
}

@test "dh_strip stripped the host tool; its debug info is in vfio-gpu-dbgsym under its build id" {
	dpkg-deb --fsys-tarfile "$D"/vfio-gpu_"$VERSION"_amd64.deb |
		tar -xOf - ./usr/sbin/vfio-gpu >"$BATS_TEST_TMPDIR/vfio-gpu"
	run file "$BATS_TEST_TMPDIR/vfio-gpu"
	assert_output --partial ", stripped"
	id=$(readelf -n "$BATS_TEST_TMPDIR/vfio-gpu" | sed -n 's/^ *Build ID: *//p')
	assert [ -n "$id" ]
	run dpkg-deb -c "$D"/vfio-gpu-dbgsym_"$VERSION"_amd64.deb
	assert_output --partial "./usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug"
}

@test "the initramfs-tools package does not pull dracut, nor the dracut one initramfs-tools" {
	run dpkg-deb -f "$D"/vfio-gpu-initramfs-tools_"$VERSION"_all.deb Depends
	assert_output --partial initramfs-tools-core
	refute_output --partial dracut
	run dpkg-deb -f "$D"/vfio-gpu-dracut_"$VERSION"_all.deb Depends
	assert_output --partial dracut-core
	refute_output --partial initramfs-tools
	run dpkg-deb -f "$D"/vfio-gpu_"$VERSION"_amd64.deb Depends
	refute_output --partial dracut
	refute_output --partial initramfs-tools
}

@test "every package that puts something into the image activates the update-initramfs trigger" {
	for p in vfio-gpu_"$VERSION"_amd64 vfio-gpu-initramfs-tools_"$VERSION"_all \
		vfio-gpu-dracut_"$VERSION"_all; do
		run dpkg-deb -I "$D/$p.deb" triggers
		assert_success
		assert_line 'activate-noawait update-initramfs'
	done
}

@test "the packages hold exactly what make install installs (plus docs and lintian overrides)" {
	want=$(make_install_files "$BATS_TEST_TMPDIR/dest" | strip_man_suffix)
	have=$(for p in vfio-gpu_"$VERSION"_amd64 vfio-gpu-initramfs-tools_"$VERSION"_all \
		vfio-gpu-dracut_"$VERSION"_all; do
		dpkg-deb -c "$D/$p.deb" | awk '$1 !~ /^d/ { print $6 }'
	done | sed 's|^\./|/|' | grep -v -e '^/usr/share/doc/' -e '^/usr/share/lintian/overrides/' | strip_man_suffix | sort)
	assert_equal "$have" "$want"
	# the udev rule for late devices travels with the binder (package vfio-gpu)
	run dpkg-deb -c "$D/vfio-gpu_${VERSION}_amd64.deb"
	assert_output --partial " ./usr/lib/udev/rules.d/79-vfio-gpu.rules"
}

@test "the packaged binder is the static klibc one, stripped, within its size budget" {
	dpkg-deb --fsys-tarfile "$D"/vfio-gpu_"$VERSION"_amd64.deb |
		tar -xOf - ./usr/sbin/vfio-gpu-early >"$BATS_TEST_TMPDIR/binder"
	run file "$BATS_TEST_TMPDIR/binder"
	assert_output --partial "statically linked"
	assert_output --partial "stripped"
	refute_output --partial "not stripped"
	run stat -c %s "$BATS_TEST_TMPDIR/binder"
	# the budget and its history: helpers.bash
	assert [ "$output" -le "$BINDER_MAX_BYTES" ]
}
