#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# TEST-ONLY hook (pre-pivot, or initqueue/settled in the shell initramfs):
# report to the serial console and power off.
/usr/bin/vgtest-report
