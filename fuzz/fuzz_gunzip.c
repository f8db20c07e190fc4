/* fuzz_gunzip.c - the in-process gzip decompressor for .ko.gz modules
 * (vg_gunzip). Two uses of each input: as a gzip stream (never more than max
 * bytes out, output only on success), and as a module image that is gzipped
 * here and must come back byte for byte, while every strict prefix of that
 * stream (a truncated file) must be refused and a max below its size must
 * give -EFBIG. */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "modload.h"

#define MAX_OUT (1u << 20)

static unsigned char *gzip(const uint8_t *data, size_t size, int level, size_t *outlen)
{
	z_stream zs;
	size_t cap = size + size / 100 + 64;
	unsigned char *out = malloc(cap);

	CHECK(out != NULL);
	memset(&zs, 0, sizeof(zs));
	CHECK(deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
	      Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (unsigned)size;
	zs.next_out = out;
	zs.avail_out = (unsigned)cap;
	CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out, *gz;
	size_t outlen, gzlen, cut;
	int r;

	/* As a stream of unknown origin. */
	r = vg_gunzip(data, size, &out, &outlen, MAX_OUT);
	CHECK(r == 0 || r == -EINVAL || r == -EFBIG || r == -ENOMEM);
	if (r == 0) {
		CHECK(out != NULL && outlen <= MAX_OUT);
		free(out);
	} else {
		CHECK(out == NULL && outlen == 0);
	}

	/* As a module image: round trip, truncation, bound. */
	gz = gzip(data, size, size ? data[0] % 10 : 6, &gzlen);
	r = vg_gunzip(gz, gzlen, &out, &outlen, MAX_OUT);
	CHECK(r == 0 && outlen == size && (size == 0 || memcmp(out, data, size) == 0));
	free(out);
	/* Every cut is cheap for small inputs; sample three for large ones. */
	for (cut = 1; cut <= gzlen; cut += gzlen > 64 ? gzlen / 3 : 1) {
		r = vg_gunzip(gz, gzlen - cut, &out, &outlen, MAX_OUT);
		CHECK(r == -EINVAL && out == NULL);
	}
	if (size > 0) {
		r = vg_gunzip(gz, gzlen, &out, &outlen, size - 1);
		CHECK(r == -EFBIG && out == NULL);
	}
	free(gz);
	return 0;
}
