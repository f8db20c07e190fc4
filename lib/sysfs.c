/* sysfs.c - bounded reads and single-write updates of sysfs files. */
#include "sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"

#ifdef VG_TEST_HOOKS
struct vg_fault {
	char op;
	char suffix[128];
	int err;
};
static struct vg_fault faults[32];
static unsigned n_faults;

void vg_faults_load(const char *root)
{
	char path[VG_PATH_MAX], buf[4096], *line, *save = NULL;

	n_faults = 0;
	if (vg_path(path, sizeof(path), root, "/.vg-faults") < 0 ||
	    vg_read_file(path, buf, sizeof(buf)) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line && n_faults < 32;
	     line = strtok_r(NULL, "\n", &save)) {
		struct vg_fault *f = &faults[n_faults];
		char op[8];

		if (sscanf(line, "%7s %127s %d", op, f->suffix, &f->err) == 3 &&
		    (strcmp(op, "write") == 0 || strcmp(op, "read") == 0)) {
			f->op = op[0];
			n_faults++;
		}
	}
}

static int fault_for(char op, const char *path)
{
	size_t plen = strlen(path);
	unsigned i;

	for (i = 0; i < n_faults; i++) {
		size_t slen = strlen(faults[i].suffix);

		if (faults[i].op == op && slen <= plen &&
		    strcmp(path + plen - slen, faults[i].suffix) == 0)
			return faults[i].err;
	}
	return 0;
}
#else
static inline int fault_for(char op, const char *path)
{
	(void)op;
	(void)path;
	return 0;
}
#endif

int vg_path(char *buf, size_t len, const char *root, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s", root ? root : "");
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		return -ENAMETOOLONG;
	return 0;
}

ssize_t vg_read_file(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd, err;

	if (len == 0)
		return -EINVAL;
	err = fault_for('r', path);
	if (err)
		return -err;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	while (got < len - 1) {
		ssize_t r = read(fd, buf + got, len - 1 - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			close(fd);
			buf[0] = '\0';
			return -err;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

int vg_parse_hex_attr(const char *buf, uint32_t *out)
{
	const char *p = buf + 2;
	uint32_t v;

	if (buf[0] != '0' || (buf[1] != 'x' && buf[1] != 'X') ||
	    vg_hex_digits(&p, SIZE_MAX, &v) < 0 || (*p != '\0' && strcmp(p, "\n") != 0))
		return -EINVAL;
	*out = v;
	return 0;
}

int vg_read_hex(const char *path, uint32_t *out)
{
	char buf[32];
	ssize_t n = vg_read_file(path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	if ((size_t)n == sizeof(buf) - 1)
		return -EINVAL; /* longer than any hex attribute: not one */
	return vg_parse_hex_attr(buf, out);
}

int vg_read_link_name(const char *path, char *buf, size_t len)
{
	char target[VG_PATH_MAX];
	const char *base;
	ssize_t n;
	int err = fault_for('r', path);

	if (err)
		return -err;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (*base == '\0' || strlen(base) >= len)
		return -ENAMETOOLONG;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

int vg_read_whole(const char *path, size_t max, char **out, size_t *outlen)
{
	struct stat st;
	char *buf;
	size_t cap, got = 0;
	int fd, err = fault_for('r', path);

	*out = NULL;
	*outlen = 0;
	if (err)
		return -err;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	/* Regular files tell their size; grow for the ones that do not. */
	cap = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (got + 1 == cap) {
			char *nb;

			if (cap > max) {
				err = EFBIG;
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + got, cap - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (err) {
		free(buf);
		return -err;
	}
	buf[got] = '\0';
	*out = buf;
	*outlen = got;
	return 0;
}

int vg_write(const char *path, const char *val, enum vg_write_mode mode)
{
	char line[256];
	size_t len = strlen(val);
	ssize_t w;
	int fd, err = fault_for('w', path);

	if (err)
		return -err;
	if (len + 2 > sizeof(line))
		return -EINVAL;
	memcpy(line, val, len);
	if (len == 0 || val[len - 1] != '\n')
		line[len++] = '\n';
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY |
				(mode == VG_WRITE_ATTR ? O_TRUNC : O_APPEND));
	if (fd < 0)
		return -errno;
	do {
		w = write(fd, line, len);
	} while (w < 0 && errno == EINTR);
	err = w < 0 ? errno : 0;
	if (close(fd) < 0 && !err)
		err = errno; /* sysfs may report a store() error only here */
	if (!err && (size_t)w != len)
		err = EIO;
	return -err;
}
