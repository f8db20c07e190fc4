#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio_gpu.hypervisor.cmdline - the persistent kernel command line, through
# vfio-gpu-cmdline (which knows GRUB, grubby, kernelstub, systemd-boot,
# proxmox-boot-tool and rpm-ostree, and validates every argument with the
# binder's own parser). This module only
# adds what Ansible needs around it: changed only on a real change, check mode,
# and a before/after diff of the command line the next boot gets.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cmdline
short_description: Add or remove kernel boot options with vfio-gpu-cmdline
description:
  - Runs C(vfio-gpu-cmdline set), C(add) or C(remove) on the managed host, in one edit, so the options
    land in whatever the host boots with (GRUB, grubby, kernelstub,
    systemd-boot's /etc/kernel/cmdline, proxmox-boot-tool, rpm-ostree kargs),
    validated by C(vfio-gpu-early --validate).
  - Reports C(changed) only when the command line the next boot gets changes.
  - Supports check mode (C(--dry-run)) and diff mode (the command line before and after).
options:
  set:
    description:
      - The vfio-gpu.* options the host boots with, exactly (C(vfio-gpu-cmdline set)) - every
        other vfio-gpu.* option is removed. Other options in the list are added as with I(add).
      - Omit it to leave the host's vfio-gpu.* options to I(add) and I(remove).
    type: list
    elements: str
  add:
    description: Arguments to add (C(vfio-gpu.ids=10de:1e87), C(iommu=pt), ...). List keys merge.
    type: list
    elements: str
    default: []
  remove:
    description:
      - Arguments to remove (a C(KEY=VALUE) item, or a bare key for all its values), in the same
        edit as I(set) and I(add), before them.
    type: list
    elements: str
    default: []
  iommu:
    description: Also add the IOMMU option this CPU needs (C(intel_iommu=on) on Intel; nothing on AMD).
    type: bool
    default: false
  iommu_pt:
    description: Also add C(iommu=pt). Implies I(iommu).
    type: bool
    default: false
  executable:
    description: Path of vfio-gpu-cmdline.
    type: path
    default: /usr/sbin/vfio-gpu-cmdline
author:
  - vfio-gpu developers
"""

EXAMPLES = r"""
- name: Boot with exactly this selection (an id dropped from the list leaves the line)
  vfio_gpu.hypervisor.cmdline:
    set:
      - vfio-gpu.ids=10de:2204,10de:1aef
    iommu: true

- name: Claim the card at 0000:3b:00.0 at boot, with the IOMMU on
  vfio_gpu.hypervisor.cmdline:
    add:
      - vfio-gpu.addrs=0000:3b:00.0
    iommu: true
"""

RETURN = r"""
cmdline_before:
  description: The command line the next normal boot got before the change.
  returned: always
  type: str
cmdline_after:
  description: The command line the next normal boot gets after the change (in check mode, what it would get).
  returned: always
  type: str
output:
  description: What vfio-gpu-cmdline said.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule


def show(module, exe):
    rc, out, err = module.run_command([exe, "show", "--cmdline-only"])
    if rc != 0:
        module.fail_json(msg="vfio-gpu-cmdline show failed: %s" % (err or out).strip(), rc=rc)
    return out.strip()


def would_be(output):
    # vfio-gpu-cmdline --dry-run ends with "... the new command line would
    # be: LINE" when something would change ("nothing to change" otherwise).
    for line in output.splitlines():
        marker = "the new command line would be: "
        if marker in line:
            return line.split(marker, 1)[1].strip()
    return None


def command(module, exe, p, flags):
    """One vfio-gpu-cmdline run for the whole edit: removes first, then the
    set or the additions, so a dry run (check mode) previews exactly what the
    real run does. ARGs follow '--', and an item that starts with '-' is
    refused here by name: it must never reach the helper as an option."""
    for name in ("set", "add", "remove"):
        for item in p[name] or []:
            if item.startswith("-"):
                module.fail_json(msg="%s item %r starts with '-': a boot option never does "
                                     "(options of vfio-gpu-cmdline cannot be passed here)" % (name, item))
    if p["set"] is not None:
        verb, args = "set", list(p["set"]) + list(p["add"])
    elif p["add"] or flags:
        verb, args = "add", list(p["add"])
    elif p["remove"]:
        return [exe] + (["--dry-run"] if module.check_mode else []) + ["remove", "--"] + list(p["remove"])
    else:
        return None
    cmd = [exe] + (["--dry-run"] if module.check_mode else []) + [verb] + flags
    for item in p["remove"]:
        cmd += ["--remove", item]
    return cmd + ["--"] + args


def main():
    module = AnsibleModule(
        argument_spec=dict(
            set=dict(type="list", elements="str"),
            add=dict(type="list", elements="str", default=[]),
            remove=dict(type="list", elements="str", default=[]),
            iommu=dict(type="bool", default=False),
            iommu_pt=dict(type="bool", default=False),
            executable=dict(type="path", default="/usr/sbin/vfio-gpu-cmdline"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    exe = p["executable"]
    flags = (["--iommu"] if p["iommu"] else []) + (["--iommu-pt"] if p["iommu_pt"] else [])
    cmd = command(module, exe, p, flags)
    before = show(module, exe)
    output = ""
    changed = False
    if cmd:
        rc, out, err = module.run_command(cmd)
        output = (out + err).strip()
        if rc != 0:
            module.fail_json(msg="vfio-gpu-cmdline %s failed: %s" % (cmd[1 + module.check_mode], (err or out).strip()),
                             rc=rc, cmdline_before=before, output=output)
        changed = "nothing to change" not in out
    if module.check_mode:
        after = (would_be(output) or before) if changed else before
    else:
        after = show(module, exe) if changed else before
        changed = after != before
    result = dict(changed=changed, cmdline_before=before, cmdline_after=after, output=output)
    if module._diff:
        result["diff"] = dict(before=before + "\n", after=after + "\n",
                              before_header="kernel command line", after_header="kernel command line")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
