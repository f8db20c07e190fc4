/* gunzip-check.c - a truncated module file, made observable. Under --root
 * the binder never decompresses a .ko.gz (it only resolves what it would
 * load), so tests/faults/gunzip.bats feeds a real gzip stream, whole and
 * damaged, straight to vg_gunzip() of the sanitizer build of the core.
 *
 * usage: gunzip-check FILE.gz ORIGINAL [MAX]
 * prints "ok" when FILE.gz decompresses to exactly ORIGINAL's bytes, else
 * "error: <errno name>" (or "differs"); exits 0 either way so that the test
 * asserts on the text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modload.h"
#include "sysfs.h"

int main(int argc, char **argv)
{
	char *gz, *orig;
	size_t gzlen, origlen, outlen;
	unsigned char *out;
	size_t max = argc > 3 ? strtoul(argv[3], NULL, 10) : 256u << 20;
	int r;

	if (argc < 3 || vg_read_whole(argv[1], 64u << 20, &gz, &gzlen) < 0 ||
	    vg_read_whole(argv[2], 256u << 20, &orig, &origlen) < 0) {
		fputs("usage: gunzip-check FILE.gz ORIGINAL [MAX] (both readable)\n", stderr);
		return 2;
	}
	r = vg_gunzip((const unsigned char *)gz, gzlen, &out, &outlen, max);
	if (r < 0)
		printf("error: %s\n", r == -EINVAL ? "EINVAL" : r == -EFBIG ? "EFBIG" : strerror(-r));
	else if (outlen != origlen || memcmp(out, orig, origlen) != 0)
		puts("differs");
	else
		puts("ok");
	if (r == 0)
		free(out);
	free(gz);
	free(orig);
	return 0;
}
