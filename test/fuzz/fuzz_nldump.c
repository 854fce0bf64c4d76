/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/fuzz/fuzz_nldump.c - libFuzzer harness (5): the dump reply parser,
 * nl_dump_datagram_parse, fed arbitrary datagrams, and each message it hands
 * on read by the four payload parsers (addresses, routes, neighbours, links);
 * the callback fails on messages of type 99.
 *
 * Input: bytes 0-3 the dump's sequence number, bytes 4-7 our port id (little
 * endian, as the kernel writes them); the rest is cut into datagrams, each
 * preceded by a 2-byte length, parsed in turn as nl_dump() does until the
 * parser says the dump ended or failed. Each datagram and each payload is an
 * exact-size heap copy, so ASan sees any read past its end.
 *
 * Properties: the result is 1 (the end), 0 (more due) or -EBADMSG; the dump's
 * first error is 0, the callback's (-E2BIG), -EAGAIN (interrupted) or a
 * kernel error in -4095..-1, and once set nothing more is handed on; every
 * payload handed on lies inside its datagram; each payload parser returns 0,
 * -EBADMSG or -ENOENT, and on 0 gives an IPv4 or IPv6 family.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guestnet.h"

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "fuzz_nldump: %s:%d: %s\n", __FILE__,  \
				__LINE__, #cond);                             \
			abort();                                              \
		}                                                             \
	} while (0)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static const unsigned char *dgram_start, *dgram_end;
static int dump_err; /* the dump's first error so far */

static int family_ok(int family)
{
	return family == GN_AF_INET || family == GN_AF_INET6;
}

static int read_message(void *ctx, uint16_t type, const unsigned char *p, size_t len)
{
	struct nl_addr_info a;
	struct nl_route_info r;
	struct nl_neigh_info n;
	struct nl_link_info l;
	unsigned char *copy;
	unsigned i;
	int rc;

	(void)ctx;
	CHECK(dump_err == 0);
	CHECK(p >= dgram_start && p + len <= dgram_end);
	copy = malloc(len ? len : 1);
	memcpy(copy, p, len);
	rc = nl_addr_info_parse(copy, len, &a);
	CHECK(rc == 0 || rc == -EBADMSG || rc == -ENOENT);
	if (rc == 0)
		CHECK(family_ok(a.family));
	rc = nl_route_info_parse(copy, len, &r);
	CHECK(rc == 0 || rc == -EBADMSG || rc == -ENOENT);
	if (rc == 0)
		CHECK(family_ok(r.family));
	rc = nl_neigh_info_parse(copy, len, &n);
	CHECK(rc == 0 || rc == -EBADMSG || rc == -ENOENT);
	if (rc == 0)
		CHECK(family_ok(n.family));
	rc = nl_link_info_parse(copy, len, &l);
	CHECK(rc == 0 || rc == -EBADMSG);
	if (rc == 0)
		CHECK(memchr(l.name, 0, sizeof l.name) != NULL);
	for (i = 0; rc == 0 && i < l.altnames && i < NL_ALTNAMES_MAX; i++)
		CHECK(memchr(l.altname[i], 0, sizeof l.altname[i]) != NULL);
	free(copy);
	return type == 99 ? -E2BIG : 0; /* a callback's error: no more after it */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seq, pid;
	int rc = 0;

	if (size < 8)
		return 0;
	seq = le32(data);
	pid = le32(data + 4);
	data += 8, size -= 8;
	dump_err = 0;
	while (size >= 2 && rc == 0) {
		size_t len = (size_t)(data[0] | data[1] << 8);
		unsigned char *d;

		data += 2, size -= 2;
		if (len > size)
			len = size;
		d = malloc(len ? len : 1);
		memcpy(d, data, len);
		dgram_start = d;
		dgram_end = d + len;
		rc = nl_dump_datagram_parse(d, len, seq, pid, read_message, NULL, &dump_err);
		CHECK(rc == 1 || rc == 0 || rc == -EBADMSG);
		CHECK(dump_err <= 0 && dump_err >= -4095);
		free(d);
		data += len, size -= len;
	}
	return 0;
}
