/* SPDX-License-Identifier: GPL-2.0-or-later */
/* initramfs.c - initramfs membership. The built-in reader walks the newc
 * headers sequentially (bounded names, data skipped, never extracted); a
 * compressed archive is piped through its decompressor from PATH, chosen by
 * magic number as the kernel's own unpacker does. */
#include "initramfs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hex.h"
#include "rootfs.h"

#define CPIO_HDR      110
#define CPIO_NAME_MAX 4096 /* PATH_MAX: the kernel's own limit for names */

struct src {
	int fd;
	bool seekable;
	off_t off; /* stream offset of buf[pos] */
	size_t pos, len;
	unsigned char buf[1 << 16];
};

/* Make n (<= sizeof buf) bytes available at buf[pos]; returns how many are. */
static ssize_t fill(struct src *s, size_t n)
{
	if (s->len - s->pos >= n)
		return (ssize_t)n;
	memmove(s->buf, s->buf + s->pos, s->len - s->pos);
	s->len -= s->pos;
	s->pos = 0;
	while (s->len < n) {
		ssize_t r = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		s->len += (size_t)r;
	}
	return (ssize_t)(s->len < n ? s->len : n);
}

static int skip(struct src *s, unsigned long long n)
{
	size_t have = s->len - s->pos;

	if (n <= have) {
		s->pos += n;
		s->off += (off_t)n;
		return 0;
	}
	n -= have;
	s->off += (off_t)have;
	s->pos = s->len = 0;
	if (s->seekable) {
		if (lseek(s->fd, (off_t)n, SEEK_CUR) < 0)
			return -errno;
		s->off += (off_t)n;
		return 0;
	}
	while (n) {
		ssize_t r = fill(s, n < sizeof(s->buf) ? n : sizeof(s->buf));

		if (r <= 0)
			return r < 0 ? (int)r : -EINVAL; /* truncated archive */
		/* fill() may have read past the r bytes skipped: what follows
		 * (the next header) stays in the buffer. */
		s->pos += (size_t)r;
		s->off += r;
		n -= (unsigned long long)r;
	}
	return 0;
}

static int hex8(const unsigned char *p, unsigned long *out)
{
	const char *s = (const char *)p;
	uint32_t v;

	if (vg_hex_digits(&s, 8, &v) != 8)
		return -EINVAL;
	*out = v;
	return 0;
}

static const struct {
	unsigned char magic[6];
	size_t len;
	const char *argv[4];
} decompressors[] = {
    {{0x1f, 0x8b}, 2, {"gzip", "-dc", NULL}},
    {{0x28, 0xb5, 0x2f, 0xfd}, 4, {"zstd", "-dcq", NULL}},
    {{0xfd, '7', 'z', 'X', 'Z', 0}, 6, {"xz", "-dc", NULL}},
    {{0x5d, 0, 0}, 3, {"xz", "--format=lzma", "-dc", NULL}},
    {{'B', 'Z', 'h'}, 3, {"bzip2", "-dc", NULL}},
    {{0x02, 0x21, 0x4c, 0x18}, 4, {"lz4", "-dcq", NULL}},
    {{0x89, 'L', 'Z', 'O'}, 4, {"lzop", "-dc", NULL}},
};

static int scan_src(struct src *s, const char *image, const char *name, int depth,
		    bool *saw_trailer);

/* The rest of the image from offset off on, through a decompressor. */
static int scan_compressed(const char *image, off_t off, const char *const *argv, const char *name,
			   bool *saw_trailer)
{
	struct src *s = calloc(1, sizeof(*s));
	int p[2], in, r, st;
	pid_t pid;

	if (!s)
		return -ENOMEM;
	/* Through the root's jail (lib/rootfs.c); the decompressor reads this fd. */
	in = vg_open(image, O_RDONLY, 0, true);
	if (in < 0)
		errno = -in;
	if (in < 0 || lseek(in, off, SEEK_SET) < 0 || pipe2(p, O_CLOEXEC) < 0) {
		r = -errno;
		if (in >= 0)
			close(in);
		free(s);
		return r;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* "trailing garbage" notes about the padding are not ours to show */
		if (dup2(in, 0) < 0 || dup2(p[1], 1) < 0 || (null >= 0 && dup2(null, 2) < 0))
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	r = pid < 0 ? -errno : 0;
	close(in);
	close(p[1]);
	if (r == 0) {
		s->fd = p[0];
		r = scan_src(s, image, name, 1, saw_trailer);
	}
	close(p[0]); /* a decompressor still writing gets SIGPIPE */
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
			fprintf(stderr, "vfio-gpu: warning: cannot run %s to read %s\n", argv[0],
				image);
			if (r == 0)
				r = -ENOEXEC;
		} else if (r == 0 && !*saw_trailer &&
			   !(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE) &&
			   !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			r = -EIO; /* corrupt compressed data */
		}
	}
	free(s);
	return r;
}

static bool regular_named(unsigned long mode, const char *path, const char *name)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return (mode & 0170000) == 0100000 && strcmp(base, name) == 0;
}

static int scan_src(struct src *s, const char *image, const char *name, int depth,
		    bool *saw_trailer)
{
	char path[CPIO_NAME_MAX + 1];
	size_t i;

	for (;;) {
		unsigned long namesize, filesize, mode;
		ssize_t n;
		int r;

		/* Archives are padded with zeros; the next one may follow. */
		while ((n = fill(s, 1)) == 1 && s->buf[s->pos] == 0)
			skip(s, 1);
		if (n <= 0)
			return n < 0 ? (int)n : 0;
		n = fill(s, CPIO_HDR);
		if (n < 0)
			return (int)n;
		if (n >= 6 && (memcmp(s->buf + s->pos, "070701", 6) == 0 ||
			       memcmp(s->buf + s->pos, "070702", 6) == 0)) {
			const unsigned char *h = s->buf + s->pos;

			if (n < CPIO_HDR || hex8(h + 14, &mode) < 0 ||
			    hex8(h + 54, &filesize) < 0 || hex8(h + 94, &namesize) < 0 ||
			    namesize == 0 || namesize > CPIO_NAME_MAX + 1)
				return -EINVAL;
			skip(s, CPIO_HDR);
			if (fill(s, namesize) != (ssize_t)namesize)
				return -EINVAL;
			memcpy(path, s->buf + s->pos, namesize);
			path[namesize - 1] = '\0';
			/* Header and name are padded to 4 bytes, then the data. */
			r = skip(s, namesize + ((4 - (CPIO_HDR + namesize) % 4) % 4));
			if (r == 0 && strcmp(path, "TRAILER!!!") == 0)
				*saw_trailer = true;
			else if (r == 0 && regular_named(mode, path, name))
				return 1;
			if (r == 0)
				r = skip(s, filesize + ((4 - filesize % 4) % 4));
			if (r < 0)
				return r;
			continue;
		}
		for (i = 0; i < sizeof(decompressors) / sizeof(decompressors[0]); i++)
			if ((size_t)n >= decompressors[i].len &&
			    memcmp(s->buf + s->pos, decompressors[i].magic, decompressors[i].len) ==
				0)
				break;
		/* Compression inside compression is nothing a kernel unpacks. */
		if (i == sizeof(decompressors) / sizeof(decompressors[0]) || depth > 0)
			return -EINVAL;
		*saw_trailer = false;
		return scan_compressed(image, s->off, decompressors[i].argv, name, saw_trailer);
	}
}

int hv_initramfs_scan(const char *image, const char *name)
{
	struct src *s = calloc(1, sizeof(*s));
	bool saw_trailer = false;
	int r;

	if (!s)
		return -ENOMEM;
	s->fd = vg_open(image, O_RDONLY, 0, true);
	if (s->fd < 0) {
		r = s->fd;
		free(s);
		return r;
	}
	s->seekable = true;
	r = scan_src(s, image, name, 0, &saw_trailer);
	close(s->fd);
	free(s);
	return r;
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p;
	char file[4096];

	for (p = path; p && *p;) {
		size_t n = strcspn(p, ":");

		if (n &&
		    snprintf(file, sizeof(file), "%.*s/%s", (int)n, p, prog) < (int)sizeof(file) &&
		    access(file, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* Run a lister; 1/0 when it ran and succeeded, -errno when it did not. */
static int list_with(const char *prog, const char *image, const char *name)
{
	char cmd_line[CPIO_NAME_MAX + 64];
	size_t nlen = strlen(name);
	FILE *f;
	int p[2], st, found = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (dup2(p[1], 1) < 0 || (null >= 0 && dup2(null, 2) < 0))
			_exit(126);
		execlp(prog, prog, image, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -errno;
	}
	f = fdopen(p[0], "r");
	while (f && fgets(cmd_line, sizeof(cmd_line), f)) {
		size_t len = strcspn(cmd_line, "\n");

		/* lsinitramfs prints paths, lsinitrd `ls -l` lines: either way
		 * the path ends the line. */
		if (len >= nlen && memcmp(cmd_line + len - nlen, name, nlen) == 0 &&
		    (len == nlen || cmd_line[len - nlen - 1] == '/' ||
		     cmd_line[len - nlen - 1] == ' '))
			found = 1;
	}
	if (f)
		fclose(f);
	else
		close(p[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? found : -EIO;
}

int hv_initramfs_has(const char *image, const char *name, const char **how)
{
	static const char *const listers[] = {"lsinitramfs", "lsinitrd"};
	struct stat st;
	size_t i;
	/* The listers open image by its name: only once the jail found it
	 * inside the root (lib/rootfs.c). */
	int r = vg_stat(image, &st, true);

	*how = "cpio";
	if (r < 0)
		return r;
	for (i = 0; i < sizeof(listers) / sizeof(listers[0]); i++) {
		if (!on_path(listers[i]))
			continue;
		r = list_with(listers[i], image, name);
		if (r >= 0) {
			*how = listers[i];
			return r;
		}
	}
	*how = "cpio";
	return hv_initramfs_scan(image, name);
}
