// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgtest_vfio_pci — a test-only vfio-pci variant driver for the vfio-gpu boot
 * tests (qemu-test/scenarios "variant"). Never installed, never shipped.
 *
 * It binds QEMU's pci-testdev (1b36:0005) and nothing else, and only through
 * driver_override, as the real variants do: its one id table entry carries
 * PCI_ID_F_VFIO_DRIVER_OVERRIDE, so depmod writes a `vfio_pci:` alias for it,
 * which is what the binder selects on. Its driver name differs from the module
 * name on purpose: the binder must write the name it reads from
 * /sys/module/vgtest_vfio_pci/drivers/, not one derived from the module.
 * Everything device-facing is vfio_pci_core's own helpers. Written against
 * 6.1's API (the boot tests' Debian 12 kernel); 6.2+ kernels with IOMMUFD also
 * want the vfio_iommufd_physical_* ops, which this does not set.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

static int vgtest_open_device(struct vfio_device *core_vdev)
{
	struct vfio_pci_core_device *vdev =
	    container_of(core_vdev, struct vfio_pci_core_device, vdev);
	int ret;

	ret = vfio_pci_core_enable(vdev);
	if (ret)
		return ret;
	vfio_pci_core_finish_enable(vdev);
	return 0;
}

static const struct vfio_device_ops vgtest_ops = {
    .name = "vgtest-vfio-pci",
    .init = vfio_pci_core_init_dev,
    .release = vfio_pci_core_release_dev,
    .open_device = vgtest_open_device,
    .close_device = vfio_pci_core_close_device,
    .ioctl = vfio_pci_core_ioctl,
    .device_feature = vfio_pci_core_ioctl_feature,
    .read = vfio_pci_core_read,
    .write = vfio_pci_core_write,
    .mmap = vfio_pci_core_mmap,
    .request = vfio_pci_core_request,
    .match = vfio_pci_core_match,
};

static int vgtest_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfio_pci_core_device *vdev;
	int ret;

	vdev = vfio_alloc_device(vfio_pci_core_device, vdev, &pdev->dev, &vgtest_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);
	dev_set_drvdata(&pdev->dev, vdev);
	ret = vfio_pci_core_register_device(vdev);
	if (ret) {
		vfio_put_device(&vdev->vdev);
		return ret;
	}
	return 0;
}

static void vgtest_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(vdev);
	vfio_put_device(&vdev->vdev);
}

static const struct pci_device_id vgtest_table[] = {
    /* QEMU's pci-testdev; matched only through driver_override. */
    {PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x1b36, 0x0005)},
    {}};
MODULE_DEVICE_TABLE(pci, vgtest_table);

static struct pci_driver vgtest_driver = {
    .name = "vgtest-vfio-pci",
    .id_table = vgtest_table,
    .probe = vgtest_probe,
    .remove = vgtest_remove,
    .err_handler = &vfio_pci_core_err_handlers,
    .driver_managed_dma = true,
};
module_pci_driver(vgtest_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfio-gpu boot tests: a vfio-pci variant driver for pci-testdev (test only)");
