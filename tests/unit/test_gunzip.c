/* test_gunzip.c - in-process gzip for .ko.gz modules: a real gzip stream
 * (made with zlib's own deflate here) round-trips; truncated or corrupt data
 * and images over the size bound are refused, never half returned. */
#include <stdlib.h>
#include <zlib.h>

#include "../../lib/modload.h"
#include "tap.h"

static size_t gzip(const unsigned char *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (unsigned)len;
	zs.next_out = out;
	zs.avail_out = (unsigned)cap;
	deflate(&zs, Z_FINISH);
	deflateEnd(&zs);
	return zs.total_out;
}

void test_gunzip(void)
{
	size_t n = 300000, zlen, outlen, i;
	unsigned char *img = malloc(n), *z = malloc(n + 1024), *out;

	/* Module-like data: mostly compressible, some noise. */
	for (i = 0; i < n; i++)
		img[i] = (unsigned char)(i % 251 == 0 ? (i * 7919) >> 3 : i % 64);
	zlen = gzip(img, n, z, n + 1024);

	tap_ok(vg_gunzip(z, zlen, &out, &outlen, 1u << 26) == 0 && outlen == n &&
		       memcmp(out, img, n) == 0,
	       "gunzip round-trips a %zu-byte image", n);
	free(out);
	tap_ok(vg_gunzip(z, zlen / 2, &out, &outlen, 1u << 26) == -EINVAL && out == NULL,
	       "truncated gzip stream is refused");
	z[zlen / 2] ^= 0x55;
	tap_ok(vg_gunzip(z, zlen, &out, &outlen, 1u << 26) == -EINVAL && out == NULL,
	       "corrupt gzip stream is refused");
	z[zlen / 2] ^= 0x55;
	tap_ok(vg_gunzip(z, zlen, &out, &outlen, n / 2) == -EFBIG && out == NULL,
	       "image larger than the bound is refused");
	tap_ok(vg_gunzip(img, 100, &out, &outlen, 1u << 26) == -EINVAL && out == NULL,
	       "data that is not gzip is refused");
	free(img);
	free(z);
}
