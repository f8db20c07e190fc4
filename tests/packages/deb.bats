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

@test "the packaged binder is the static klibc one, stripped, under 48 KiB" {
	dpkg-deb --fsys-tarfile "$D"/vfio-gpu_"$VERSION"_amd64.deb |
		tar -xOf - ./usr/sbin/vfio-gpu-early >"$BATS_TEST_TMPDIR/binder"
	run file "$BATS_TEST_TMPDIR/binder"
	assert_output --partial "statically linked"
	assert_output --partial "stripped"
	refute_output --partial "not stripped"
	run stat -c %s "$BATS_TEST_TMPDIR/binder"
	assert [ "$output" -le 49152 ]
}
