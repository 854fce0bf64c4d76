/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/differential/addrdiff.c - run guestnet's address code and glibc's
 * inet_pton over the hex-encoded lines of standard input:
 *
 *   T <hex text>   ->  T <hex text> <g4> <p4> <g6> <p6> <f6>
 *   B <hex 16>     ->  B <hex 16> <f6>
 *
 * g4/g6: env_ip4_parse/env_ip6_parse's bytes in hex, or "-" when refused; p4/p6:
 * inet_pton's, "-" when refused (or the text holds a NUL); f6: ip_format of
 * g6 (or of the B bytes), "-" when there is none. test/differential.sh
 * compares the columns (and f6 with an RFC 5952 oracle).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../../guestnet.h"

static void hex(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (n < max && sscanf(s + 2 * n, "%2x", &v) == 1)
		out[n++] = (unsigned char)v;
	return n;
}

static void col(int ok, const unsigned char *a, size_t n)
{
	putchar(' ');
	if (ok)
		hex(a, n);
	else
		putchar('-');
}

int main(void)
{
	static char line[8192];
	unsigned char s[4096], a[16], b[16];
	char t[64];

	while (fgets(line, sizeof line, stdin)) {
		size_t n;
		int g4, p4, g6, p6;

		line[strcspn(line, "\n")] = '\0';
		n = unhex(line + 2, s, sizeof s - 1);
		s[n] = '\0';
		printf("%c ", line[0]);
		hex(s, n);
		if (line[0] == 'B') {
			if (n != 16)
				return 2;
			env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET6, s);
			printf(" %s\n", t);
			continue;
		}
		g4 = !env_ip4_parse((const char *)s, n, a);
		p4 = !memchr(s, 0, n) && inet_pton(AF_INET, (const char *)s, b) == 1;
		col(g4, a, 4);
		col(p4, b, 4);
		g6 = !env_ip6_parse((const char *)s, n, a);
		p6 = !memchr(s, 0, n) && inet_pton(AF_INET6, (const char *)s, b) == 1;
		col(g6, a, 16);
		col(p6, b, 16);
		if (g6)
			env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET6, a);
		printf(" %s\n", g6 ? t : "-");
	}
	return 0;
}
