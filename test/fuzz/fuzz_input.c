/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/fuzz/fuzz_input.c - libFuzzer harness (1): the whole input stage.
 *
 * Each input runs twice:
 *  - through guestnet's own main() (main.c is included, its main renamed),
 *    as "guestnet -n --cmdline=FILE OPTIONS...", with an environment (environ,
 *    which input.c's getenv() reads) holding only the fuzzer's MSB_* values:
 *    options, the kernel command line read and split, env_msb_parse, and
 *    for a valid input every step as a dry run (renders the files, builds
 *    every netlink batch, changes nothing). Its stderr is
 *    captured: every line must be "guestnet: ..." (or the usage hint) and
 *    hold only printable ASCII (no log injection), and the exit status must
 *    agree with the input's validity: 2 when invalid, else 0, or 1 for an
 *    interface that is not there (run.sh gives it a network namespace of
 *    its own, holding only lo);
 *  - through env_msb_parse on the same values (cmdline_split of the same file,
 *    the environment's values winning), where every diagnostic is checked,
 *    and a configuration it accepts is checked against the input rules' limits (README, Input):
 *    /etc/hosts within HOSTS_FILE_SIZE whose hosts(5) reading is exactly the
 *    expected entries (no newline or comment injection), resolv.conf lines
 *    that parse back, netlink batches that fit; and parsing is deterministic.
 * Any violated property aborts.
 *
 * Input layout:
 *   byte 0          bit k (k < 5): MSB value k is absent from the environment
 *   then 6 fields, each up to the next NUL (a missing field is empty):
 *     MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6, MSB_HOSTNAME, MSB_HOST_ALIAS,
 *     more command-line options, separated by '\n' (at most 8; a 'c', 'e'
 *     or 'w' in an option is read as 'C', 'E' or 'W', so that the input can
 *     neither pick a file to read (or read standard input) nor make the run
 *     wait)
 *   the rest        the kernel command line file's bytes (NULs included)
 */
#define _GNU_SOURCE
#include <stdlib.h>
#define main guestnet_main
#include "../../main.c"
#undef main

#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <stdio.h>
#include <sys/mman.h>

/* run.sh closes the target's stdout and stderr (-close_fd_mask=3): the dry
 * runs would flood the log. Reports go to a copy of stderr taken first. */
static int fz_errfd = 2;
#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			dprintf(fz_errfd, "fuzz_input: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                             \
			abort();                                              \
		}                                                             \
	} while (0)

static const char *fz_env[GN_NVARS];
static int fz_cmdfd = -1, fz_outfd = -1;
static char fz_cmdpath[64];

/* The environment of guestnet_main(): "NAME=VALUE" of each present value. */
static char *fz_environ[GN_NVARS + 1];

static void fz_environ_set(void)
{
	size_t n;
	int k, e = 0;

	for (k = 0; k < GN_NVARS; k++) {
		free(fz_environ[k]);
		fz_environ[k] = NULL;
	}
	for (k = 0; k < GN_NVARS; k++) {
		if (!fz_env[k])
			continue;
		n = strlen(gn_var[k]) + 1 + strlen(fz_env[k]) + 1;
		fz_environ[e] = malloc(n);
		if (!fz_environ[e])
			abort();
		snprintf(fz_environ[e], n, "%s=%s", gn_var[k], fz_env[k]);
		e++;
	}
	fz_environ[e] = NULL;
}

struct fz_diag { int count; };

static void fz_diag(void *ctx, const char *var, const char *key, const char *msg,
		    const char *text, size_t len)
{
	struct fz_diag *d = ctx;
	volatile unsigned char sink = 0;
	size_t i;
	int k;

	d->count++;
	if (getenv("FUZZ_DEBUG")) /* reproducing a crash: show the diagnostics */
		dprintf(fz_errfd, "diag: %s: %s: %s [%.*s]\n", var, key ? key : "-", msg,
			(int)(len < 100 ? len : 100), text);
	for (k = 0; k < GN_NVARS && strcmp(var, gn_var[k]); k++)
		;
	CHECK(k < GN_NVARS);
	CHECK(msg && *msg && strlen(msg) < 200);
	CHECK(!key || (*key && strlen(key) < 16));
	CHECK(len <= 16384);
	for (i = 0; i < len; i++) /* ASan checks the text is in bounds */
		sink ^= (unsigned char)text[i];
	(void)sink;
}

/* absent, empty or all ASCII white space (README, Input) */
static int blank(const char *s)
{
	while (s && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++;
	return !s || !*s;
}

/* README, Input: systemd's hostname_is_valid(s, 0), '_' as a letter: labels
 * of [A-Za-z0-9_-] joined by single dots, none empty, none starting or
 * ending with '-'; at most max bytes. */
static int name_ok(const char *s, size_t max)
{
	size_t n = strlen(s), i, label = 0;

	if (!n || n > max)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!label || s[i - 1] == '-' || s[i - label] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' && s[i] != '-')
			return 0;
		label++;
	}
	return 1;
}

/* hosts(5) as a resolver reads it: '#' starts a comment, fields are split
 * on blanks, the first is the address. Compares with the expected lines. */
static void hosts_check(const char *h, size_t len, const struct gn_msb *c)
{
	char want[8][400], got[400];
	size_t nw = 0, line = 0, gl;
	const char *p = h, *end = h + len;
	char t[64];

	snprintf(want[nw++], 400, "127.0.0.1 localhost%s%s", *c->hostname ? " " : "", c->hostname);
	snprintf(want[nw++], 400, "::1 localhost ip6-localhost ip6-loopback%s%s",
		 *c->hostname ? " " : "", c->hostname);
	if (*c->alias && c->v4.set) {
		env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET, c->v4.gw);
		snprintf(want[nw++], 400, "%s %s", t, c->alias);
	}
	if (*c->alias && c->v6.set) {
		env_ip_format(t, GN_IP_TEXT_SIZE, GN_AF_INET6, c->v6.gw);
		snprintf(want[nw++], 400, "%s %s", t, c->alias);
	}
	snprintf(want[nw++], 400, "fe00:: ip6-localnet");
	snprintf(want[nw++], 400, "ff00:: ip6-mcastprefix");
	snprintf(want[nw++], 400, "ff02::1 ip6-allnodes");
	snprintf(want[nw++], 400, "ff02::2 ip6-allrouters");

	CHECK(len > 0 && h[len - 1] == '\n');
	CHECK(memchr(h, '\0', len) == NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q;
		int field = 0;

		CHECK(nl);
		gl = 0;
		for (q = p; q < nl && *q != '#'; ) {
			while (q < nl && (*q == ' ' || *q == '\t'))
				q++;
			if (q == nl || *q == '#')
				break;
			if (field++)
				got[gl++] = ' ';
			while (q < nl && *q != ' ' && *q != '\t' && *q != '#') {
				CHECK(gl < sizeof got - 2);
				got[gl++] = *q++;
			}
		}
		CHECK(q == nl); /* no comment on any line */
		got[gl] = '\0';
		CHECK(line < nw);
		CHECK(!strcmp(got, want[line]));
		line++;
		p = nl + 1;
	}
	CHECK(line == nw);
}

static void resolv_check(const char *r, size_t len, const struct gn_msb *c)
{
	const char *p = r, *end = r + len;
	int lines = 0, want = (c->v4.set && c->v4.has_dns) + (c->v6.set && c->v6.has_dns);
	uint8_t a[16];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		CHECK(nl && (size_t)(nl - p) > 11 && !memcmp(p, "nameserver ", 11));
		n = (size_t)(nl - p) - 11;
		if (!env_ip4_parse(p + 11, n, a))
			CHECK(!lines && c->v4.set && c->v4.has_dns && !memcmp(a, c->v4.dns, 4));
		else
			CHECK(!env_ip6_parse(p + 11, n, a) && c->v6.set && c->v6.has_dns &&
			      !memcmp(a, c->v6.dns, 16));
		lines++;
		p = nl + 1;
	}
	CHECK(lines == want);
}

/* Walk a sealed batch: lengths add up, sequence numbers count up, and
 * only the last request asks for an ACK. */
static void batch_check(const struct nl_batch *b, unsigned n)
{
	size_t off = 0;
	unsigned i;

	CHECK(!b->broken && b->n == n && b->len <= sizeof b->u.bytes);
	for (i = 0; i < n; i++) {
		struct nl_hdr h;

		CHECK(b->len - off >= sizeof h);
		memcpy(&h, b->u.bytes + off, sizeof h);
		CHECK(h.len >= sizeof h && h.len <= b->len - off && !(h.len & 3));
		CHECK(h.seq == b->seq0 + i);
		CHECK(!!(h.flags & NLM_F_ACK) == (i == n - 1));
		off += h.len;
	}
	CHECK(off == b->len);
}

static void config_check(const struct gn_msb *c, const char *const val[GN_NVARS])
{
	char *buf = malloc(HOSTS_FILE_SIZE); /* exact size: ASan sees an overflow */
	static struct gn_config model;
	struct nl_batch b;
	size_t n, i;
	unsigned k;

	CHECK(c->has_net == !blank(val[GN_NET]));
	CHECK(c->v4.set == !blank(val[GN_IPV4]));
	CHECK(c->v6.set == !blank(val[GN_IPV6]));
	CHECK(!(c->v4.set || c->v6.set) || c->has_net);
	CHECK(c->mtu >= 68 && c->mtu <= 65535 && (!c->v6.set || c->mtu >= 1280));
	if (c->has_net) {
		n = strnlen(c->iface, sizeof c->iface);
		CHECK(n >= 1 && n <= 15 && strcmp(c->iface, ".") && strcmp(c->iface, ".."));
		for (i = 0; i < n; i++) { /* dev_valid_name(): high bytes are fine */
			unsigned char ch = (unsigned char)c->iface[i];

			CHECK(ch > ' ' && ch != '/' && ch != ':' && ch != 0x7f && ch != 0xa0);
		}
		CHECK(!(c->mac[0] & 1) && (c->mac[0] | c->mac[1] | c->mac[2] | c->mac[3] |
					    c->mac[4] | c->mac[5]));
	}
	CHECK(!c->v4.set || (c->v4.family == GN_AF_INET && c->v4.plen >= 1 &&
			     c->v4.plen <= 32 && memcmp(c->v4.addr, c->v4.gw, 4)));
	CHECK(!c->v6.set || (c->v6.family == GN_AF_INET6 && c->v6.plen >= 1 &&
			     c->v6.plen <= 128 && memcmp(c->v6.addr, c->v6.gw, 16)));
	if (c->v4.set && c->v4.plen <= 30) { /* a host's: not the network or broadcast address */
		uint32_t a = (uint32_t)c->v4.addr[0] << 24 | (uint32_t)c->v4.addr[1] << 16 |
			     (uint32_t)c->v4.addr[2] << 8 | c->v4.addr[3];
		uint32_t host = a & (0xffffffffu >> c->v4.plen);

		CHECK(host != 0 && host != 0xffffffffu >> c->v4.plen);
	}
	CHECK(!*c->hostname || name_ok(c->hostname, 64));
	CHECK(!*c->alias || name_ok(c->alias, 253));
	CHECK(!c->hostname[0] == !!blank(val[GN_HOSTNAME]));
	CHECK(!c->alias[0] == !!blank(val[GN_ALIAS]));

	/* the files are rendered from the model the run builds of the values */
	env_msb_model(c, &model);
	n = hosts_render(buf, HOSTS_FILE_SIZE, &model);
	CHECK(n <= HOSTS_FILE_SIZE);
	hosts_check(buf, n, c);
	n = hosts_resolv_render(buf, HOSTS_FILE_SIZE, &model);
	CHECK(n <= HOSTS_FILE_SIZE);
	resolv_check(buf, n, c);
	free(buf);

	/* the batches main.c builds, at a sequence number near the wrap */
	nl_batch_init(&b, 0xfffffffeu);
	nl_addr_add(&b, GN_AF_INET, 1, (const uint8_t *)"\x7f\0\0\1", NULL, 8, RT_SCOPE_HOST);
	nl_addr_add(&b, GN_AF_INET6, 1, (const uint8_t *)"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", NULL,
		    128, RT_SCOPE_HOST);
	nl_batch_seal(&b);
	batch_check(&b, 2);
	for (k = 0; k < 2; k++) {
		nl_batch_init(&b, 7);
		if (c->v4.set)
			k ? nl_route_add(&b, GN_AF_INET, 2, NULL, 0, c->v4.gw, 1)
			  : nl_addr_add(&b, GN_AF_INET, 2, c->v4.addr, NULL, c->v4.plen, 0);
		if (c->v6.set)
			k ? nl_route_add(&b, GN_AF_INET6, 2, NULL, 0, c->v6.gw, 0)
			  : nl_addr_add(&b, GN_AF_INET6, 2, c->v6.addr, NULL, c->v6.plen, 0);
		nl_batch_seal(&b);
		batch_check(&b, (unsigned)(c->v4.set + c->v6.set));
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_errfd = fcntl(2, F_DUPFD_CLOEXEC, 100);
	fz_cmdfd = memfd_create("fuzz-cmdline", 0);
	fz_outfd = memfd_create("fuzz-stderr", 0);
	if (fz_errfd < 0 || fz_cmdfd < 0 || fz_outfd < 0)
		abort();
	snprintf(fz_cmdpath, sizeof fz_cmdpath, "--cmdline=/proc/self/fd/%d", fz_cmdfd);
	/* fd 2 is a memfd while main() runs: sanitizer reports go to the copy */
	__sanitizer_set_report_fd((void *)(long)fz_errfd);
	return 0;
}

/* guestnet's stderr: "guestnet: " lines of printable ASCII (and the usage
 * hint), read in windows (a flood of diagnostics can pass 64 KB); returns
 * how many lines there were. */
static int stderr_check(void)
{
	static char buf[1 << 16];
	char line[1300];
	size_t ln = 0;
	off_t at = 0;
	ssize_t n, i;
	int lines = 0;

	while ((n = pread(fz_outfd, buf, sizeof buf, at)) > 0) {
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];

			if (c != '\n') {
				CHECK(c >= ' ' && c < 0x7f && ln < sizeof line - 1);
				line[ln++] = (char)c;
				continue;
			}
			line[ln] = '\0';
			CHECK(!strncmp(line, "guestnet: ", 10) ||
			      !strcmp(line, "Try 'guestnet --help'."));
			ln = 0, lines++;
		}
		at += n;
	}
	CHECK(n == 0 && ln == 0); /* every line ends in a newline */
	return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gn_params ip; /* the command line's ip= family */
	static char cmd[16384];
	char *f[6], *argv[12], *a;
	const char *val[GN_NVARS], *cv[GN_NVARS] = { NULL };
	struct gn_msb c, again;
	struct fz_diag d = { 0 };
	size_t off = 1, i, n, clen;
	int k, argc, rc, bad, want, saved, first_free, fd, nopts = 0;

	if (!size)
		return 0;
	/* the fields: exact-size heap copies, so ASan sees any over-read */
	for (k = 0; k < 6; k++) {
		const uint8_t *z = off < size ? memchr(data + off, 0, size - off) : NULL;

		n = off < size ? (z ? (size_t)(z - data) : size) - off : 0;
		f[k] = malloc(n + 1);
		if (n)
			memcpy(f[k], data + off, n);
		f[k][n] = '\0';
		off += n + (z != NULL);
	}
	for (k = 0; k < GN_NVARS; k++)
		fz_env[k] = data[0] & 1u << k ? NULL : f[k];
	clen = off < size ? size - off : 0;
	if (ftruncate(fz_cmdfd, 0) ||
	    (clen && pwrite(fz_cmdfd, data + off, clen, 0) != (ssize_t)clen))
		abort();

	/* 1. guestnet -n --cmdline=FILE OPTIONS..., stderr captured. -n comes
	 * first, so no option can turn the dry run off. */
	argv[0] = "guestnet", argv[1] = "-n", argv[2] = fz_cmdpath;
	for (argc = 3, a = f[5]; *a && argc < 11; ) {
		argv[argc++] = a;
		nopts++;
		for (; *a && *a != '\n'; a++)
			if (*a == 'c' || *a == 'w' || *a == 'e')
				*a = (char)(*a - 'a' + 'A');
		if (!*a)
			break;
		*a++ = '\0';
	}
	argv[argc] = NULL;
	if (ftruncate(fz_outfd, 0) || lseek(fz_outfd, 0, SEEK_SET) ||
	    (saved = dup(2)) < 0 || dup2(fz_outfd, 2) < 0)
		abort();
	first_free = dup(0); /* the lowest descriptor free before the run */
	if (first_free < 0 || close(first_free))
		abort();
	fz_environ_set();
	{
		char **real = environ;

		environ = fz_environ;
		rc = guestnet_main(argc, argv);
		environ = real;
	}
	/* a run leaves its netlink socket to exit(); this process goes on */
	for (fd = first_free; fd < first_free + 8; fd++)
		if (fd != saved && fd != fz_outfd && fd != fz_cmdfd && fd != fz_errfd)
			close(fd);
	if (dup2(saved, 2) < 0 || close(saved))
		abort();
	CHECK(rc == 0 || rc == 1 || rc == 2);
	/* Every stream of diagnostics is capped at 32 lines and a closing one:
	 * the problems in the values, and the warnings about unread MSB_*
	 * names from the environment, from an env file and from the kernel
	 * command line, each a stream of its own; a few single lines besides
	 * (notices, the refusal of an empty env file). */
	CHECK(stderr_check() <= 4 * 33 + 8);

	/* 2. the same values through env_msb_parse, checked one by one */
	memcpy(cmd, data + off, clen < sizeof cmd ? clen : 0);
	for (i = 0; i < clen && clen < sizeof cmd; i++)
		cmd[i] = cmd[i] ? cmd[i] : ' ';
	ip.count = 0;
	ip.unkept = 0;
	if (clen < sizeof cmd - 1) {
		cmd[clen] = '\0';
		input_cmdline_split(cmd, cv, &ip, NULL, NULL);
	}
	for (k = 0; k < GN_NVARS; k++)
		val[k] = blank(fz_env[k]) ? cv[k] : fz_env[k];
	bad = env_msb_parse(val, &c, fz_diag, &d);
	/* every problem reported, or the first ones and a "more" line (F9) */
	CHECK(bad == d.count || (d.count >= 8 && d.count < bad));
	d.count = 0;
	CHECK(env_msb_parse(val, &again, fz_diag, &d) == bad);
	CHECK(!memcmp(&again, &c, sizeof again));
	/* run.sh runs this in a network namespace of its own, where only lo is
	 * there: a dry run looks for the interface as the real run does, and
	 * one that is not there fails (exit 1) */
	want = bad ? 2 : 0;
	if (!bad && c.has_net && strcmp(c.iface, "lo") != 0)
		want = 1;
	/* with the ip= family on the command line the run reads that dialect
	 * (test/ipparam.sh and test/oracle.sh check it): only the exit
	 * status's range is checked here */
	if (!nopts && clen < sizeof cmd - 1 && ip.count == 0 && ip.unkept == 0 &&
	    rc != want) { /* main() saw the same */
		char e[2048];
		ssize_t en = pread(fz_outfd, e, sizeof e - 1, 0);

		dprintf(fz_errfd, "fuzz_input: main() returned %d, env_parse found %d problems; "
			"main() said:\n%.*s\n", rc, bad, en > 0 ? (int)en : 0, e);
		CHECK(!"main() and env_parse disagree");
	}
	if (!bad)
		config_check(&c, val);
	for (i = 0; i < 6; i++)
		free(f[i]);
	return 0;
}
