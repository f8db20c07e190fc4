/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unbind.c - the writes of bind and release (driver_override, unbind,
 * drivers_probe), where a blocked writer cannot block the tool. A driver's
 * remove() may wait for the device's user (vfio-pci waits for the VM to
 * close it, uninterruptibly after the first signal), and the writer of
 * driver/unbind waits with it; the in-use check should have refused, but
 * it may miss a user or be overridden (--force). Every other write to that
 * device then waits behind it too (6.1 takes the device lock for
 * driver_override). A child writes; the parent waits for its answer on a
 * pipe for a bounded time. On a timeout the child is left where it is:
 * nothing can take the request back from the kernel, which completes it
 * (and the writes queued behind it, in order) when the user lets go. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "host.h"
#include "ids.h"
#include "inuse.h"
#include "sysfs.h"
#include "unbind.h"

static const char *u_root;
static const struct vg_pci *u_pci;
static unsigned u_wait_s = HV_UNBIND_WAIT_DEFAULT;
static bool u_pending; /* an unbind was left to the kernel */

static bool is_unbind(const char *path)
{
	size_t n = strlen(path);

	return n >= 14 && strcmp(path + n - 14, "/driver/unbind") == 0;
}

#ifdef VG_TEST_HOOKS
/* Tests: a fake root's file cannot block a writer, and its stand-in
 * kernel (lib/sysfs.c: .vg-faults "kernel") keeps what it unbound in the
 * memory of the process that wrote. So under a root the child only waits
 * as the kernel would (it stays until the tool is gone) where
 * VG_TEST_UNBIND_HANG says so: "1" an unbind, "device" also every write
 * after an unbind left pending (6.1's device lock); the parent writes once
 * it has answered. */
static bool parent_writes(void)
{
	return u_root && u_root[0];
}

static void test_hang(const char *path)
{
	const char *hang = getenv("VG_TEST_UNBIND_HANG");
	pid_t parent = getppid();
	struct timespec t = {0, 50 * 1000000L};

	if (hang && (is_unbind(path) || (u_pending && strcmp(hang, "device") == 0)))
		while (getppid() == parent)
			nanosleep(&t, NULL);
	if (parent_writes())
		_exit(0); /* no answer: the pipe's end says "written" */
}
#else
static bool parent_writes(void)
{
	return false;
}

static void test_hang(const char *path)
{
	(void)path;
}
#endif

/* The child: no descriptor of the tool's but the pipe (a caller reading
 * the tool's output to its end must not wait for this child too). */
static void child(const char *path, const char *val, int wfd)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), fd, err;

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	for (fd = 3; fd < 1024; fd++)
		if (fd != wfd)
			close(fd);
	test_hang(path);
	err = -vg_write(path, val);
	if (write(wfd, &err, sizeof(err)) != (ssize_t)sizeof(err))
		_exit(1);
	_exit(0);
}

/* The function whose unbind this is: val names it. */
static size_t dev_of(const char *val)
{
	size_t i, len = strcspn(val, "\n");

	for (i = 0; u_pci && i < u_pci->n; i++)
		if (strlen(u_pci->devs[i].name) == len &&
		    strncmp(u_pci->devs[i].name, val, len) == 0)
			return i;
	return SIZE_MAX;
}

/* Who holds the function's group, in one error line (or that none was
 * found: the in-use check does not see every user). */
static void name_holder(const char *val)
{
	struct hv_uses u = {0};
	char text[512];
	size_t i, dev = dev_of(val);
	bool *pick;

	if (dev == SIZE_MAX || !(pick = calloc(u_pci->n, sizeof(*pick)))) {
		hv_err("%.*s: the unbind did not return within %u s and who holds the device is "
		       "not known; the kernel keeps the request pending and completes it when "
		       "the device's user lets go",
		       (int)strcspn(val, "\n"), val, u_wait_s);
		return;
	}
	for (i = 0; i < u_pci->n; i++)
		pick[i] = i == dev || (u_pci->devs[dev].group != VG_NO_GROUP &&
				       u_pci->devs[i].group == u_pci->devs[dev].group);
	if (hv_inuse_find(u_root, u_pci, pick, &u) < 0)
		u.n = 0;
	for (i = 0; i < u.n; i++) {
		hv_use_text(u_pci, &u.v[i], text, sizeof(text));
		hv_err("%s: the unbind did not return within %u s: %s; the kernel keeps the "
		       "request pending and completes it when that user lets go",
		       u_pci->devs[dev].name, u_wait_s, text);
	}
	if (!u.n)
		hv_err("%s: the unbind did not return within %u s and nothing found holds the "
		       "device; the kernel keeps the request pending and completes it when the "
		       "device's user lets go",
		       u_pci->devs[dev].name, u_wait_s);
	hv_uses_free(&u);
	free(pick);
}

/* ms left until deadline (CLOCK_MONOTONIC), at least 0. */
static int ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000LL + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

static int bounded_write(const char *path, const char *val)
{
	struct timespec deadline;
	struct pollfd p;
	int fds[2], err = EIO, r;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		return -err;
	}
	if (pid == 0)
		child(path, val, fds[1]);
	close(fds[1]);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += u_wait_s;
	p.fd = fds[0];
	p.events = POLLIN;
	do {
		r = poll(&p, 1, ms_left(&deadline));
	} while (r < 0 && errno == EINTR);
	if (r <= 0) {
		close(fds[0]);
		if (is_unbind(path)) {
			name_holder(val);
			u_pending = true;
		}
		return -ETIMEDOUT; /* the child stays: the kernel has the request */
	}
	if (read(fds[0], &err, sizeof(err)) != (ssize_t)sizeof(err))
		err = parent_writes() ? -vg_write(path, val) : EIO; /* else it died first */
	close(fds[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return -err;
}

int hv_unbind_bounded(const char *root, const struct vg_pci *pci)
{
	const char *s = getenv("VFIO_GPU_UNBIND_WAIT");
	uint32_t v;

	if (s && (vg_parse_group(s, &v) < 0 || v < 1 || v > 3600))
		return -EINVAL;
	u_wait_s = s ? (unsigned)v : HV_UNBIND_WAIT_DEFAULT;
	u_root = root;
	u_pci = pci;
	vg_bind_write = bounded_write;
	return 0;
}
