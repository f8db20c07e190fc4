#!/bin/sh
# TEST-ONLY pre-pivot hook: report to the serial console and power off.
/usr/bin/vgtest-report
