/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/fuzz/fuzz_nlreply.c - libFuzzer harness (2): nl_reply_parse fed
 * arbitrary bytes as if they came from the kernel.
 *
 * Input: byte 0 picks the number of requests in the batch (1-4), bytes 1-4
 * the first sequence number and bytes 5-8 our port id (little endian, as the
 * kernel writes them); the rest is cut into datagrams, each preceded by a
 * 2-byte length, and parsed in turn as replies_recv() does, until the parser
 * says the batch is answered or fails. Each datagram is an exact-size heap
 * copy, so ASan sees any read past its end.
 *
 * Properties: the result is -EBADMSG, 0 or 1; only err[] and ext[] change;
 * every err[] is 0..4095; every ext[] is a NUL-terminated string shorter
 * than NL_EXTACK_SIZE with no NUL-truncation surprises; 1 is returned only when
 * the datagram holds an NLMSG_ERROR for the last request from our port.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guestnet.h"
#include "../../nl.h"

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "fuzz_nlreply: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                             \
			abort();                                              \
		}                                                             \
	} while (0)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Does the datagram hold, at a well-formed message boundary, an
 * NLMSG_ERROR from pid for sequence number seq? (a simple reference walk) */
static int answers(const uint8_t *p, size_t len, uint32_t seq, uint32_t pid)
{
	size_t off = 0;

	while (len - off >= 16) {
		uint32_t l = le32(p + off);

		if (l < 16 || l > len - off)
			return 0;
		if (le32(p + off + 8) == seq && le32(p + off + 12) == pid &&
		    (p[off + 4] | p[off + 5] << 8) == NLMSG_ERROR)
			return 1;
		off += (l + 3) & ~3u;
		if (off >= len)
			break;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nl_batch b, ref;
	uint32_t seq0, pid;
	unsigned i, n;
	int rc = 0;

	if (size < 9)
		return 0;
	n = 1 + data[0] % NL_BATCH_MAX;
	seq0 = le32(data + 1);
	pid = le32(data + 5);
	data += 9, size -= 9;

	nl_batch_init(&b, seq0);
	/* a real batch, so that the parser sees what nl_talk would give it */
	for (i = 0; i < n; i++) {
		static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

		if (i & 1)
			nl_route_add(&b, i & 2 ? GN_AF_INET6 : GN_AF_INET, 2, NULL, 0, a, i & 2);
		else
			nl_addr_add(&b, i & 2 ? GN_AF_INET6 : GN_AF_INET, 2, a, NULL, 24, 0);
	}
	nl_batch_seal(&b);
	CHECK(!b.broken && b.n == n);
	memcpy(&ref, &b, sizeof b);

	while (size >= 2 && rc == 0) {
		size_t len = (size_t)(data[0] | data[1] << 8);
		unsigned char *d;

		data += 2, size -= 2;
		if (len > size)
			len = size;
		d = malloc(len ? len : 1);
		memcpy(d, data, len);
		rc = nl_reply_parse(&b, d, len, pid);
		CHECK(rc == -EBADMSG || rc == 0 || rc == 1);
		if (rc == 1)
			CHECK(answers(d, len, seq0 + n - 1, pid));
		free(d);
		data += len, size -= len;
	}

	/* nothing but the outcomes changed */
	CHECK(!memcmp(b.u.bytes, ref.u.bytes, sizeof b.u.bytes));
	CHECK(b.len == ref.len && b.cur == ref.cur && b.broken == ref.broken);
	CHECK(b.seq0 == ref.seq0 && b.n == ref.n);
	for (i = 0; i < NL_BATCH_MAX; i++) {
		size_t l = strnlen(b.ext[i], NL_EXTACK_SIZE);

		CHECK(b.err[i] >= 0 && b.err[i] <= 4095);
		CHECK(l < NL_EXTACK_SIZE);
		if (i >= n)
			CHECK(!b.err[i] && !b.ext[i][0]);
	}
	return 0;
}
