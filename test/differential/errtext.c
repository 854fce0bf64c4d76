/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/differential/errtext.c - guestnet's own error texts (text_add_errno() in
 * out.c, which replaces strerror so that every libc prints the same words)
 * against glibc's strerror for errno 1..133: each text guestnet has must be
 * glibc's, byte for byte (an octal escape off by one would show here), and
 * every other errno reads "error N". Prints one PASS/FAIL line; with a file
 * name, appends errtexts= and errtext_differ= to it.
 */
#define main guestnet_main
#include "../../main.c"
#undef main
#include <stdio.h>

int main(int argc, char **argv)
{
	char buf[64], want[32];
	int e, own = 0, bad = 0;

	for (e = 1; e <= 133; e++) {
		const char *t = buf;
		struct text text;

		text_init(&text, buf, sizeof buf);
		text_add_errno(&text, e);

		snprintf(want, sizeof want, "error %d", e);
		if (!strcmp(t, want))
			continue;
		own++;
		if (strcmp(t, strerror(e))) {
			printf("  errno %d: guestnet \"%s\", glibc \"%s\"\n", e, t, strerror(e));
			bad++;
		}
	}
	if (bad || !own)
		printf("FAIL differential error texts vs glibc strerror: %d of %d differ\n", bad, own);
	else
		printf("PASS differential error texts vs glibc strerror: %d texts, all glibc's words\n",
		       own);
	if (argc > 1) { /* the figures, appended to the suite's stats file */
		FILE *f = fopen(argv[1], "a");

		if (!f || fprintf(f, "errtexts=%d\nerrtext_differ=%d\n", own, bad) < 0 || fclose(f))
			return 1;
	}
	return bad || !own;
}
