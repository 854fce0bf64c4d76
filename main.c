/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - guestnet: bring up a microVM guest's network from MSB_* values.
 *
 * Every input is read and checked first (exit 2, nothing changed); then
 * the steps of SPEC 3 run in order over one netlink socket, and the first
 * that fails ends the run with exit 1 and a line naming it. Only this file
 * prints or decides the exit status. Messages are built from fragments and
 * written with write(2): no stdio, no format strings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestnet.h"
#include "nl.h"

struct line { char b[600]; size_t n; };

static void lput(struct line *l, const char *s, size_t n)
{
	if (n > sizeof l->b - 1 - l->n)
		n = sizeof l->b - 1 - l->n; /* room is kept for the '\n' */
	memcpy(l->b + l->n, s, n);
	l->n += n;
}

static void lstr(struct line *l, const char *s) { lput(l, s, strlen(s)); }

/* Text from outside (input, kernel): bounded, with control bytes escaped. */
static void lesc(struct line *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 80; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[4] = { '\\', 'x', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15] };

		if (c >= ' ' && c < 0x7f && c != '\\' && c != '"')
			lput(l, s + i, 1);
		else
			lput(l, e, 4);
	}
	if (n > 80)
		lstr(l, "...");
}

static void lnum(struct line *l, unsigned long v)
{
	char t[20];
	int i = 20;

	do
		t[--i] = (char)('0' + v % 10);
	while (v /= 10);
	lput(l, t + i, (size_t)(20 - i));
}

static void lip(struct line *l, int family, const uint8_t *a)
{
	char t[48];

	lput(l, t, ip_format(t, family, a));
}

static void lflush(struct line *l, int fd)
{
	size_t off = 0;
	ssize_t w;

	l->b[l->n++] = '\n';
	while (off < l->n && ((w = write(fd, l->b + off, l->n - off)) > 0 || errno == EINTR))
		off += w > 0 ? (size_t)w : 0;
	l->n = 0;
}

static void show(int fd, const char *prefix, const struct line *s)
{
	struct line l = { .n = 0 };

	lstr(&l, prefix);
	lput(&l, s->b, s->n);
	lflush(&l, fd);
}

/* gn_diag for env_parse: "guestnet: VAR: KEY: message with the text". */
static void diag(void *ctx, const char *var, const char *key, const char *msg,
		 const char *text, size_t len)
{
	struct line l = { .n = 0 };

	(void)ctx;
	lstr(&l, "guestnet: ");
	lstr(&l, var);
	lstr(&l, ": ");
	if (key)
		lstr(&l, key), lstr(&l, ": ");
	for (; *msg; msg++)
		if (*msg == '%')
			lesc(&l, text, len);
		else
			lput(&l, msg, 1);
	lflush(&l, 2);
}

struct run {
	struct gn_config c;
	int dry, verbose, etcfd;
	unsigned long wait;
	const char *cmdline;
	char etc[4096];        /* DIR/etc */
	struct nl nl;
	struct line step;      /* the step under way, for its messages */
};

/* "guestnet: STEP: error text (kernel: extended ACK)"; returns 1. */
static int fail(const struct line *step, int err, const char *ext)
{
	struct line l = { .n = 0 };

	lstr(&l, "guestnet: ");
	lput(&l, step->b, step->n);
	lstr(&l, ": ");
	lstr(&l, strerror(err));
	if (ext && *ext)
		lstr(&l, " (kernel: "), lesc(&l, ext, strlen(ext)), lstr(&l, ")");
	lflush(&l, 2);
	return 1;
}

/* Start a step: a dry run prints it and skips it, --verbose reports it. */
static int begin(struct run *r, const struct line *step)
{
	if (r->dry || r->verbose)
		show(r->dry ? 1 : 2, r->dry ? "" : "guestnet: ", step);
	return !r->dry;
}

static struct line *step(struct run *r, const char *obj, const char *what)
{
	r->step.n = 0;
	lstr(&r->step, obj);
	lstr(&r->step, what);
	return &r->step;
}

static struct line *path_step(struct run *r, const char *pre, const char *name,
			      const char *post)
{
	struct line *s = step(r, pre, r->etc);

	lstr(s, "/");
	lstr(s, name);
	lstr(s, post);
	return s;
}

/* Write DIR/etc/NAME (opening DIR/etc on first use); a dry run shows it. */
static int file_step(struct run *r, const char *name, const char *data, size_t len)
{
	const char *op = "write";
	struct line *s = path_step(r, "write ", name, r->dry ? ":" : "");
	int err;

	if (!begin(r, s)) {
		for (s->n = 0; len; s->n = 0) {
			const char *nl = memchr(data, '\n', len);
			size_t n = nl ? (size_t)(nl - data) : len;

			lstr(s, "  | "), lput(s, data, n), lflush(s, 1);
			data += n + !!nl, len -= n + !!nl;
		}
		return 0;
	}
	if (r->etcfd < 0 && (err = r->etcfd = etc_open(r->etc, &op)) < 0) {
		r->etcfd = -1;
		lstr(step(r, r->etc, ": "), op);
		return fail(&r->step, -err, NULL);
	}
	if ((err = file_replace(r->etcfd, name, data, len, &op)))
		return lstr(path_step(r, "", name, ": "), op), fail(&r->step, -err, NULL);
	return 0;
}

/* A batch of netlink requests, each with its step line. An errno in ok[]
 * counts as success (EEXIST: the address is already there); v6opt marks a
 * request a kernel without IPv6 may refuse. */
struct batch {
	struct nl_batch nb;
	struct line desc[NL_MAXREQ];
	int ok[NL_MAXREQ], v6opt[NL_MAXREQ];
};

static struct line *req_begin(struct batch *b, const char *obj,
			      const char *what, int family)
{
	struct line *l = &b->desc[b->nb.n];

	l->n = 0;
	lstr(l, obj);
	lstr(l, family == GN_AF_INET ? ": add IPv4 " : ": add IPv6 ");
	lstr(l, what);
	return l;
}

static void addr_req(struct run *r, struct batch *b, const char *obj, int family,
		     const uint8_t *addr, unsigned plen, int scope, int ifindex)
{
	struct line *l = req_begin(b, obj, "address ", family);

	lip(l, family, addr);
	lstr(l, "/");
	lnum(l, plen);
	b->ok[b->nb.n] = EEXIST;
	begin(r, l);
	nl_addr_add(&b->nb, family, ifindex, addr, plen, scope);
}

/* A gateway outside the address's prefix (a /32, say) is on-link; an
 * IPv6 link-local gateway needs only the device. */
static void route_req(struct run *r, struct batch *b, const struct gn_ip *ip, int ifindex)
{
	struct line *l = req_begin(b, r->c.iface, "default route via ", ip->family);
	int ll = ip->family == GN_AF_INET6 && ip->gw[0] == 0xfe && (ip->gw[1] & 0xc0) == 0x80;
	int onlink = !ll && !ip_in_prefix(ip->family, ip->gw, ip->addr, ip->plen);

	lip(l, ip->family, ip->gw);
	if (onlink)
		lstr(l, " on-link");
	begin(r, l);
	nl_route_default(&b->nb, ip->family, ifindex, ip->gw, onlink);
}

static int batch_run(struct run *r, struct batch *b)
{
	unsigned i;
	int err;

	if (r->dry)
		return 0;
	if ((err = nl_talk(&r->nl, &b->nb)))
		return lstr(&b->desc[0], ": netlink"), fail(&b->desc[0], -err, NULL);
	for (i = 0; i < b->nb.n; i++) {
		int e = b->nb.err[i];

		if (e && b->v6opt[i] && (e == EOPNOTSUPP || e == EAFNOSUPPORT)) {
			lstr(&b->desc[i], ": skipped, the kernel has no IPv6");
			show(2, "guestnet: ", &b->desc[i]);
		} else if (e && e != b->ok[i]) {
			return fail(&b->desc[i], e, b->nb.ext[i]);
		}
	}
	return 0;
}

static int hosts_step(struct run *r)
{
	char buf[HOSTS_MAX];

	return file_step(r, "hosts", buf, hosts_render(buf, &r->c));
}

static int hostname_step(struct run *r)
{
	const char *name = r->c.hostname;
	size_t n = strlen(name);
	char buf[80];

	if (!n)
		return 0;
	if (begin(r, step(r, "set hostname ", name)) && sethostname(name, n))
		return fail(&r->step, errno, NULL);
	memcpy(buf, name, n);
	buf[n] = '\n';
	return file_step(r, "hostname", buf, n + 1);
}

static int loopback_step(struct run *r)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };
	struct batch b;
	int index = 1, err;

	if (begin(r, step(r, "lo", ": set up")) &&
	    ((err = dev_up(r->nl.fd, "lo")) || (err = dev_index(r->nl.fd, "lo", &index))))
		return fail(&r->step, -err, NULL);
	nl_batch_init(&b.nb, r->nl.seq);
	addr_req(r, &b, "lo", GN_AF_INET, lo4, 8, RT_SCOPE_HOST, index);
	b.v6opt[1] = !r->c.v6.set;
	addr_req(r, &b, "lo", GN_AF_INET6, lo6, 128, RT_SCOPE_HOST, index);
	return batch_run(r, &b);
}

/* The interface's index, polling every 100 ms for up to --wait seconds
 * while a driver may still be loading. */
static int iface_find(struct run *r, int *index)
{
	struct timespec nap = { 0, 100000000 };
	unsigned long i;
	int err = dev_index(r->nl.fd, r->c.iface, index);

	for (i = 0; err == -ENODEV && i < r->wait * 10; i++) {
		nanosleep(&nap, NULL);
		err = dev_index(r->nl.fd, r->c.iface, index);
	}
	return err;
}

static int iface_step(struct run *r)
{
	const struct gn_config *c = &r->c;
	const char *ifc = c->iface;
	struct batch b;
	int index = 0, err, i;

	if (!c->has_net)
		return 0;
	if (begin(r, step(r, ifc, ": find interface")) && (err = iface_find(r, &index)))
		return fail(&r->step, -err, NULL);
	step(r, ifc, ": set MAC ");
	for (i = 0; i < 6; i++)
		lput(&r->step, &"0123456789abcdef"[c->mac[i] >> 4], 1),
		lput(&r->step, &"0123456789abcdef"[c->mac[i] & 15], 1),
		lstr(&r->step, i < 5 ? ":" : "");
	if (begin(r, &r->step) && (err = dev_set_mac(r->nl.fd, ifc, c->mac)))
		return fail(&r->step, -err, NULL);
	lnum(step(r, ifc, ": set MTU "), c->mtu);
	if (begin(r, &r->step) && (err = dev_set_mtu(r->nl.fd, ifc, c->mtu)))
		return fail(&r->step, -err, NULL);
	nl_batch_init(&b.nb, r->nl.seq);
	if (c->v4.set)
		addr_req(r, &b, ifc, GN_AF_INET, c->v4.addr, c->v4.plen, RT_SCOPE_UNIVERSE, index);
	if (c->v6.set)
		addr_req(r, &b, ifc, GN_AF_INET6, c->v6.addr, c->v6.plen, RT_SCOPE_UNIVERSE, index);
	if (batch_run(r, &b))
		return 1;
	/* before the routes: the kernel refuses an IPv4 gateway on a down link */
	if (begin(r, step(r, ifc, ": set up")) && (err = dev_up(r->nl.fd, ifc)))
		return fail(&r->step, -err, NULL);
	nl_batch_init(&b.nb, r->nl.seq);
	if (c->v4.set)
		route_req(r, &b, &c->v4, index);
	if (c->v6.set)
		route_req(r, &b, &c->v6, index);
	return batch_run(r, &b);
}

static int resolv_step(struct run *r)
{
	char buf[HOSTS_MAX];
	size_t n = resolv_render(buf, &r->c);

	return n ? file_step(r, "resolv.conf", buf, n) : 0;
}

static int netlink_step(struct run *r)
{
	int err;

	if (!r->dry && (err = nl_open(&r->nl)))
		return fail(step(r, "netlink", ": open socket"), -err, NULL);
	return 0;
}

static const char usage[] =
	"usage: guestnet [options]\n"
	"Configure this guest's network from MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6,\n"
	"MSB_HOSTNAME and MSB_HOST_ALIAS: hostname, /etc/hosts, /etc/hostname,\n"
	"/etc/resolv.conf, loopback, MAC, MTU, addresses, link up, default routes.\n\n"
	"  -n, --dry-run          check the input and print every step and file it would\n"
	"                         write; change nothing\n"
	"  -r, --root DIR         write hosts, hostname and resolv.conf under DIR/etc\n"
	"                         (for a root not yet switched to, and for tests)\n"
	"  -c, --cmdline[=FILE]   take MSB_* values that the environment lacks from the\n"
	"                         kernel command line (default /proc/cmdline)\n"
	"  -w, --wait SECONDS     wait up to SECONDS (0-3600) for the interface to appear\n"
	"                         (a driver still loading); default 0\n"
	"  -v, --verbose          report each step as it is done\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n\n"
	"Exit status: 0 done; 1 a step failed (the message names it; earlier steps\n"
	"stay applied); 2 bad usage or invalid input (nothing changed).\n";

static int usage_error(const char *what, const char *arg)
{
	struct line l = { .n = 0 };

	lstr(&l, "guestnet: ");
	lstr(&l, what);
	if (arg)
		lstr(&l, " \""), lesc(&l, arg, strlen(arg)), lstr(&l, "\"");
	lstr(&l, "\nTry 'guestnet --help'.");
	lflush(&l, 2);
	return 2;
}

/* One option with its value (NULL when it has none); an exit status or -1. */
static int option(struct run *r, char o, const char *v, const char **root)
{
	unsigned long n;

	switch (o) {
	case 'n': r->dry = 1; break;
	case 'v': r->verbose = 1; break;
	case 'c': r->cmdline = v ? v : "/proc/cmdline"; break;
	case 'r':
		if (!*v)
			return usage_error("--root: empty directory name", NULL);
		*root = v;
		break;
	case 'w':
		if (env_dec_parse(v, strlen(v), &n) || n > 3600)
			return usage_error("--wait: not a number of seconds 0-3600:", v);
		r->wait = n;
		break;
	case 'h': return write(1, usage, sizeof usage - 1) < 0;
	case 'V': return write(1, "guestnet " GN_VERSION "\n", sizeof GN_VERSION + 9) < 0;
	default: return usage_error("unknown option", NULL);
	}
	return -1;
}

static const struct { char o; const char *name; int arg; } opts[] = {
	{ 'n', "dry-run", 0 }, { 'r', "root", 1 }, { 'c', "cmdline", 2 }, { 'w', "wait", 1 },
	{ 'v', "verbose", 0 }, { 'h', "help", 0 }, { 'V', "version", 0 },
};
#define NOPTS (int)(sizeof opts / sizeof opts[0])

/* By long name (name, n) or, when name is NULL, by letter o. */
static int opt_find(const char *name, size_t n, char o)
{
	int k;

	for (k = 0; k < NOPTS; k++)
		if (name ? strlen(opts[k].name) == n && !memcmp(opts[k].name, name, n)
			 : opts[k].o == o)
			return k;
	return -1;
}

/* --name, --name=VALUE, --name VALUE; --cmdline takes only =FILE. */
static int long_option(struct run *r, char **argv, int *i, const char **root)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '='), *v = eq ? eq + 1 : NULL;
	int k = opt_find(a, eq ? (size_t)(eq - a) : strlen(a), 0);

	if (k < 0)
		return usage_error("unknown option", argv[*i]);
	if (!opts[k].arg && eq)
		return usage_error("this option takes no value:", argv[*i]);
	if (opts[k].arg == 1 && !eq && !(v = argv[++*i]))
		return usage_error("this option needs a value:", argv[*i - 1]);
	return option(r, opts[k].o, v, root);
}

/* -x, clusters such as -nv, -xVALUE, -x VALUE; -c takes only -cFILE. */
static int short_options(struct run *r, char **argv, int *i, const char **root)
{
	const char *a;
	int k, rc;

	for (a = argv[*i] + 1; *a; a++) {
		const char *v = a[1] ? a + 1 : NULL;

		if ((k = opt_find(NULL, 0, *a)) < 0)
			return usage_error("unknown option", argv[*i]);
		if (!opts[k].arg) {
			if ((rc = option(r, *a, NULL, root)) >= 0)
				return rc;
			continue;
		}
		if (opts[k].arg == 1 && !v && !(v = argv[++*i]))
			return usage_error("this option needs a value:", argv[*i - 1]);
		return option(r, *a, v, root);
	}
	return -1;
}

/* getopt_long() is not in every libc. Returns an exit status, or -1. */
static int args_parse(struct run *r, int argc, char **argv, const char **root)
{
	int i, rc = -1;

	for (i = 1; i < argc && rc < 0; i++) {
		if (!strcmp(argv[i], "--") && ++i)
			break;
		if (argv[i][0] != '-' || !argv[i][1])
			break;
		rc = argv[i][1] == '-' ? long_option(r, argv, &i, root)
				       : short_options(r, argv, &i, root);
	}
	if (rc < 0 && i < argc)
		return usage_error("unexpected argument", argv[i]);
	return rc;
}

static int is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* The kernel's own split (next_arg() in kernel/params.c): white space
 * outside double quotes ends a parameter, quotes around the value or the
 * whole parameter are dropped, and "--" ends the kernel's part. A name
 * given twice: the last wins, as in init's environment. */
static void cmdline_split(char *s, const char *val[GN_NVARS])
{
	while (*s) {
		char *p, *v = NULL;
		size_t i;
		int q, quoted, k;

		while (is_space(*s))
			s++;
		if ((q = quoted = *s == '"'))
			s++;
		for (p = s, i = 0; p[i] && (q || !is_space(p[i])); i++) {
			if (!v && p[i] == '=')
				v = p + i + 1;
			if (p[i] == '"')
				q = !q;
		}
		s = p[i] ? p + i + 1 : p + i;
		p[i] = '\0';
		if (v && (v[-1] = '\0', *v == '"') && (v++, i && p[i - 1] == '"'))
			p[i - 1] = '\0';
		if (quoted && i && p[i - 1] == '"')
			p[i - 1] = '\0';
		if (!v && !strcmp(p, "--"))
			break;
		for (k = 0; v && k < GN_NVARS; k++)
			if (!strcmp(p, gn_var[k]))
				val[k] = v;
	}
}

static char cmdbuf[16384];

static int cmdline_read(const char *path, const char *val[GN_NVARS])
{
	size_t len = 0, i;
	ssize_t n = 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	while (n && len < sizeof cmdbuf - 1 && !err)
		if ((n = read(fd, cmdbuf + len, sizeof cmdbuf - 1 - len)) > 0)
			len += (size_t)n;
		else if (n < 0 && errno != EINTR)
			err = -errno;
	close(fd);
	if (!err && len == sizeof cmdbuf - 1)
		err = -E2BIG;
	for (i = 0; i < len; i++)
		if (!cmdbuf[i])
			cmdbuf[i] = ' ';
	if (!err)
		cmdline_split(cmdbuf, val);
	return err;
}

/* The environment's values, and the command line's where it lacks one. */
static int inputs_read(struct run *r, const char *val[GN_NVARS])
{
	const char *cmd[GN_NVARS] = { NULL };
	int k, err;

	if (r->cmdline && (err = cmdline_read(r->cmdline, cmd)))
		return fail(step(r, "--cmdline: ", r->cmdline), -err, NULL) + 1;
	for (k = 0; k < GN_NVARS; k++) {
		const char *e = getenv(gn_var[k]), *t = e;

		while (t && is_space(*t))
			t++;
		val[k] = t && *t ? e : cmd[k];
	}
	return -1;
}

int main(int argc, char **argv)
{
	static struct run r;
	const char *val[GN_NVARS], *root = "";
	size_t n;
	int rc;

	r.etcfd = -1;
	if ((rc = args_parse(&r, argc, argv, &root)) >= 0)
		return rc;
	for (n = strlen(root); n && root[n - 1] == '/'; n--)
		;
	if (n + sizeof "/etc" > sizeof r.etc)
		return usage_error("--root: path too long", NULL);
	memcpy(r.etc, root, n);
	memcpy(r.etc + n, "/etc", sizeof "/etc");
	if ((rc = inputs_read(&r, val)) >= 0)
		return rc;
	if (env_parse(val, &r.c, diag, NULL))
		return 2;
	if (!r.dry)
		umask(0); /* files 0644 and /etc 0755, whatever the umask */
	return hosts_step(&r) || hostname_step(&r) || netlink_step(&r) ||
	       loopback_step(&r) || iface_step(&r) || resolv_step(&r);
}
