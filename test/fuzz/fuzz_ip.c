/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/fuzz/fuzz_ip.c - libFuzzer harness (3): the address parsers and the
 * RFC 5952 formatter, with round-trip and differential properties.
 *
 * The input is read twice:
 *  - as text: env_ip4_parse, env_ip6_parse and env_decimal_parse. Whatever guestnet
 *    accepts, glibc's inet_pton must accept with the same bytes; an accepted
 *    dotted quad is already canonical (format(parse(s)) == s); for IPv6,
 *    format(parse(s)) parses back to the same bytes and equals the oracle.
 *  - as bytes: 4 and 16 bytes of address are formatted; the text must equal
 *    an independent RFC 5952 oracle (below), parse back to the same bytes,
 *    and be read identically by inet_pton. env_ip_in_prefix is checked against
 *    a bit-by-bit reference.
 * Any violated property aborts (a crash for libFuzzer).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../guestnet.h"

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "fuzz_ip: %s:%d: %s\n", __FILE__,     \
				__LINE__, #cond);                             \
			abort();                                              \
		}                                                             \
	} while (0)

/* RFC 5952 section 4 and 5, written independently of env.c: 16-bit words,
 * the first longest run of >= 2 zero words as "::", lower-case hex without
 * leading zeros, and IPv4-mapped addresses (::ffff:0:0/96) as ::ffff:a.b.c.d
 * (the one mixed form the reference, Rust's Display, uses). */
static void oracle6(char *out, const uint8_t a[16])
{
	unsigned w[8];
	int i, best = -1, bestlen = 0, len = 0;
	char *p = out;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	if (!w[0] && !w[1] && !w[2] && !w[3] && !w[4] && w[5] == 0xffff) {
		sprintf(out, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		return;
	}
	for (i = 0; i < 8; i++) {
		len = w[i] ? 0 : len + 1;
		if (len >= 2 && len > bestlen)
			bestlen = len, best = i - len + 1;
	}
	*p = '\0';
	for (i = 0; i < 8; i++) {
		if (i == best) {
			p += sprintf(p, "::");
			i += bestlen - 1;
			continue;
		}
		p += sprintf(p, "%s%x", (p == out || p[-1] == ':') ? "" : ":", w[i]);
	}
}

static int ref_in_prefix(const uint8_t *a, const uint8_t *b, unsigned bits, unsigned plen)
{
	unsigned i;

	for (i = 0; i < plen && i < bits; i++)
		if ((a[i / 8] ^ b[i / 8]) & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

static void text_case(const char *s, size_t n)
{
	char *z = malloc(n + 1), t[64], o[64];
	uint8_t a[16], b[16];
	unsigned long v, ref = 0;
	size_t i;
	int has_nul = memchr(s, 0, n) != NULL, ok;

	memcpy(z, s, n);
	z[n] = '\0';

	if (!env_ip4_parse(s, n, a)) {
		CHECK(!has_nul);
		CHECK(inet_pton(AF_INET, z, b) == 1 && !memcmp(a, b, 4));
		CHECK(env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET, a) == n && !memcmp(t, s, n));
	}
	if (!env_ip6_parse(s, n, a)) {
		size_t len;

		CHECK(!has_nul);
		CHECK(inet_pton(AF_INET6, z, b) == 1 && !memcmp(a, b, 16));
		len = env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET6, a);
		CHECK(len <= 45 && len == strlen(t));
		oracle6(o, a);
		CHECK(!strcmp(t, o));
		CHECK(!env_ip6_parse(t, len, b) && !memcmp(a, b, 16));
	}

	/* env_decimal_parse: digits only, no leading zero, saturating at 10^7 */
	ok = n > 0 && !(s[0] == '0' && n > 1);
	for (i = 0; i < n && ok; i++) {
		ok = s[i] >= '0' && s[i] <= '9';
		if (ref < 100000000)
			ref = ref * 10 + (unsigned long)(s[i] - '0');
	}
	if (!env_decimal_parse(s, n, &v)) {
		CHECK(ok);
		CHECK(ref < 10000000 ? v == ref : v >= 10000000);
	} else {
		CHECK(!ok);
	}
	free(z);
}

static void bytes_case(const uint8_t *d, size_t n)
{
	char t[64], o[64];
	uint8_t a[16], b[16];
	size_t len;
	unsigned plen;

	if (n >= 4) {
		len = env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET, d);
		CHECK(len <= 15 && len == strlen(t));
		sprintf(o, "%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
		CHECK(!strcmp(t, o));
		CHECK(!env_ip4_parse(t, len, a) && !memcmp(a, d, 4));
		CHECK(inet_pton(AF_INET, t, b) == 1 && !memcmp(b, d, 4));
	}
	if (n >= 16) {
		memcpy(a, d, 16);
		len = env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET6, a);
		CHECK(len <= 45 && len == strlen(t));
		oracle6(o, a);
		CHECK(!strcmp(t, o));
		CHECK(!env_ip6_parse(t, len, b) && !memcmp(a, b, 16));
		CHECK(inet_pton(AF_INET6, t, b) == 1 && !memcmp(a, b, 16));
	}
	if (n >= 33) {
		plen = d[32] % 129;
		CHECK(env_ip_in_prefix(GN_AF_INET6, d, d + 16, plen) ==
		      ref_in_prefix(d, d + 16, 128, plen));
		plen = d[32] % 33;
		CHECK(env_ip_in_prefix(GN_AF_INET, d, d + 16, plen) ==
		      ref_in_prefix(d, d + 16, 32, plen));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy: ASan sees any read past the value's end */
	char *s = malloc(size ? size : 1);

	memcpy(s, data, size);
	text_case(s, size);
	bytes_case((const uint8_t *)s, size);
	free(s);
	return 0;
}
