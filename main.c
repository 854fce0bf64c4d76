/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - guestnet: bring up a microVM guest's network from MSB_* values.
 * Every input is read and checked first (exit 2, nothing changed); then the
 * steps of SPEC 3 run in order over one netlink socket, and the first that
 * fails ends the run with exit 1 and a line naming it. Only this file prints
 * or decides the exit status; lines are joined from strings and written with
 * write(2): no stdio, no format strings. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "guestnet.h"
#define END ((const char *)0)

struct run {
	struct gn_config c; struct nl nl; int dry, verbose, etcfd; unsigned long wait;
	const char *cmdline; char etc[4096], step[512]; /* DIR/etc; the step under way */
};

/* The strings up to END, joined into b (cap bytes with the NUL). */
static size_t join(char *b, size_t cap, const char *s, va_list ap) {
	size_t n = 0, k;
	for (; s; s = va_arg(ap, const char *)) {
		k = strlen(s) < cap - 1 - n ? strlen(s) : cap - 1 - n;
		memcpy(b + n, s, k), n += k;
	}
	return b[n] = '\0', n;
}

static void say(int fd, const char *s, ...) {
	char b[1200];
	size_t n, off = 0;
	ssize_t w = 0;
	va_list ap;
	va_start(ap, s);
	n = join(b, sizeof b - 1, s, ap);
	va_end(ap);
	b[n++] = '\n';
	while (off < n && ((w = write(fd, b + off, n - off)) > 0 || (w < 0 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
}

/* Name the step under way, for a dry run, --verbose and its error. */
static const char *step(struct run *r, const char *s, ...) {
	va_list ap;
	va_start(ap, s);
	join(r->step, sizeof r->step, s, ap);
	va_end(ap);
	return r->step;
}

/* Outside text, for a message: 80 bytes at most, non-ASCII, '"', '\' as \xHH. */
static const char *esc(char *out, const char *s, size_t n) {
	char *p = out;
	size_t i;
	for (i = 0; i < n && i < 80; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= ' ' && c < 0x7f && c != '"' && c != '\\') { *p++ = (char)c; continue; }
		*p++ = '\\', *p++ = 'x', *p++ = "0123456789abcdef"[c >> 4], *p++ = "0123456789abcdef"[c & 15];
	}
	memcpy(p, n > 80 ? "..." : "", n > 80 ? 4 : 1);
	return out;
}

/* strerror() words differ between libcs, and musl's table alone weighs 2 KB:
 * the errors a step can meet, worded as glibc does; others as "error N". */
static const char *errtext(int e, char *buf) {
	static const char t[] = "\1Operation not permitted\0\2No such file or directory\0\4Interrupted "
	"system call\0\5Input/output error\0\6No such device or address\0\7Argument list too long\0"
	"\13Resource temporarily unavailable\0\14Cannot allocate memory\0\15Permission denied\0"
	"\16Bad address\0\20Device or resource busy\0\21File exists\0\22Invalid cross-device link\0"
	"\23No such device\0\24Not a directory\0\25Is a directory\0\26Invalid argument\0\30Too many"
	" open files\0\34No space left on device\0\36Read-only file system\0\44File name too long\0"
	"\50Too many levels of symbolic links\0\107Protocol error\0\112Bad message\0\132Message too "
	"long\0\135Protocol not supported\0\137Operation not supported\0\141Address family not "
	"supported by protocol\0\142Address already in use\0\143Cannot assign requested address\0"
	"\144Network is down\0\145Network is unreachable\0\151No buffer space available\0\156Connection"
	" timed out\0\161No route to host\0\172Disk quota exceeded\0";
	for (size_t i = 0; i < sizeof t - 1; i += strlen(t + i) + 1)
		if (t[i] == e) return t + i + 1;
	return memcpy(buf, "error ", 7), env_num_format(buf + 6, (unsigned)e), buf;
}

/* "guestnet: STEP: error text (kernel: extended ACK)"; returns exit status 1. */
static int fail(const char *step, int err, const char *ext) {
	char e[325], n[32];
	int k = ext && *ext;
	say(2, "guestnet: ", step, ": ", errtext(err, n), k ? " (kernel: " : "",
	    k ? esc(e, ext, strlen(ext)) : "", k ? ")" : "", END);
	return 1;
}

/* gn_diag: "guestnet: VAR: KEY: message", the text in place of its '%'. */
static void diag(void *ctx, const char *var, const char *key, const char *msg,
		 const char *text, size_t len) {
	const char *pct = memchr(msg, '%', strlen(msg));
	size_t k = pct ? (size_t)(pct - msg) : strlen(msg);
	char m[200], e[325];
	(void)ctx, memcpy(m, msg, k), m[k] = '\0';
	say(2, "guestnet: ", var, ": ", key ? key : "", key ? ": " : "", m,
	    pct ? esc(e, text, len) : "", pct ? pct + 1 : "", END);
}

/* Start the step named: a dry run prints it and skips it; --verbose reports it. */
static int begin(struct run *r) {
	if (r->dry || r->verbose) say(r->dry ? 1 : 2, r->dry ? "" : "guestnet: ", r->step, END);
	return !r->dry;
}

/* Replace DIR/etc/NAME with data (lines), opening DIR/etc first; a dry run shows them. */
static int file_step(struct run *r, const char *name, char *data) {
	const char *op;
	char *p, *nl;
	int err;
	step(r, "write ", r->etc, "/", name, r->dry ? ":" : "", END);
	if (!begin(r)) {
		for (p = data; (nl = memchr(p, '\n', strlen(p))); p = nl + 1)
			*nl = '\0', say(1, "    ", p, END);
		return 0;
	}
	if (r->etcfd < 0 && (err = r->etcfd = etc_open(r->etc, &op)) < 0)
		return r->etcfd = -1, fail(step(r, r->etc, ": ", op, END), -err, NULL);
	if ((err = file_replace(r->etcfd, name, data, strlen(data), &op)))
		return fail(step(r, r->etc, "/", name, ": ", op, END), -err, NULL);
	return 0;
}

/* A batch of netlink requests, each with its step. An errno in ok[] counts as
 * done (EEXIST: the address is there already); v6opt[] marks a request that a
 * kernel without IPv6 (EOPNOTSUPP) or with it disabled (EACCES) may refuse. */
struct batch { struct nl_batch nb; char desc[NL_MAXREQ][128];
	       int ok[NL_MAXREQ], v6opt[NL_MAXREQ]; };

/* Queue the request about to be built, under the step just named. */
static void queue(struct run *r, struct batch *b, int ok, int v6opt) {
	unsigned i = b->nb.n;
	begin(r);
	memcpy(b->desc[i], r->step, sizeof b->desc[i]), b->desc[i][sizeof b->desc[i] - 1] = '\0';
	b->ok[i] = ok, b->v6opt[i] = v6opt;
}

static void addr_req(struct run *r, struct batch *b, const char *dev, int family,
		     const uint8_t *a, unsigned plen, int index, int v6opt) {
	char t[48], p[24];
	ip_format(t, family, a), env_num_format(p, plen);
	step(r, dev, family == GN_AF_INET ? ": add IPv4 address " : ": add IPv6 address ",
	     t, "/", p, END);
	queue(r, b, EEXIST, v6opt);
	nl_addr_add(&b->nb, family, index, a, plen,
		    !strcmp(dev, "lo") ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE);
}

/* A gateway outside the address's prefix (a /32, say) is on-link; an IPv6
 * link-local gateway needs only the device. */
static void route_req(struct run *r, struct batch *b, const struct gn_ip *ip, int index) {
	int ll = ip->family == GN_AF_INET6 && ip->gw[0] == 0xfe && (ip->gw[1] & 0xc0) == 0x80;
	int onlink = !ll && !ip_in_prefix(ip->family, ip->gw, ip->addr, ip->plen);
	char t[48];
	ip_format(t, ip->family, ip->gw);
	step(r, r->c.iface, ip->family == GN_AF_INET ? ": add IPv4" : ": add IPv6",
	     " default route via ", t, onlink ? " on-link" : "", END);
	queue(r, b, 0, 0);
	nl_route_default(&b->nb, ip->family, index, ip->gw, onlink);
}

static int batch_run(struct run *r, struct batch *b) {
	unsigned i;
	int err;
	if (r->dry) return 0;
	if ((err = nl_talk(&r->nl, &b->nb)))
		return fail(step(r, b->desc[0], ": netlink", END), -err, NULL);
	for (i = 0; i < b->nb.n; i++) {
		int e = b->nb.err[i];
		if (e && b->v6opt[i] && (e == EOPNOTSUPP || e == EAFNOSUPPORT || e == EACCES))
			say(2, "guestnet: ", b->desc[i], ": skipped, IPv6 is off in this kernel", END);
		else if (e && e != b->ok[i]) return fail(b->desc[i], e, b->nb.ext[i]);
	}
	return 0;
}

static int hosts_step(struct run *r) {
	char b[HOSTS_MAX];
	return hosts_render(b, &r->c), file_step(r, "hosts", b);
}

static int hostname_step(struct run *r) {
	char buf[80], *name = r->c.hostname;
	if (!*name) return 0;
	if (step(r, "set hostname ", name, END) && begin(r) && sethostname(name, strlen(name)))
		return fail(r->step, errno, NULL);
	memcpy(buf, name, strlen(name)), memcpy(buf + strlen(name), "\n", 2);
	return file_step(r, "hostname", buf);
}

static int netlink_step(struct run *r) {
	int err = r->dry ? 0 : nl_open(&r->nl);
	return err ? fail("netlink: open socket", -err, NULL) : 0;
}

static int loopback_step(struct run *r) {
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };
	struct batch b;
	int err;
	if (step(r, "lo: set up", END) && begin(r) && (err = dev_up(r->nl.fd, "lo")))
		return fail(r->step, -err, NULL);
	/* Loopback is index 1 in every namespace (the kernel's LOOPBACK_IFINDEX). */
	nl_batch_init(&b.nb, r->nl.seq);
	addr_req(r, &b, "lo", GN_AF_INET, lo4, 8, 1, 0);
	addr_req(r, &b, "lo", GN_AF_INET6, lo6, 128, 1, !r->c.v6.set);
	return batch_run(r, &b);
}

/* The interface's index; with --wait, polled every 100 ms for that many
 * seconds while a driver may still be loading. */
static int iface_find(struct run *r, int *index) {
	struct timespec nap = { 0, 100000000 };
	int err = dev_index(r->nl.fd, r->c.iface, index);
	unsigned long i;
	for (i = 0; err == -ENODEV && i < r->wait * 10; i++) {
		nanosleep(&nap, NULL);
		err = dev_index(r->nl.fd, r->c.iface, index);
	}
	return err;
}

static int iface_step(struct run *r) {
	const struct gn_config *c = &r->c;
	char mac[18], mtu[24];
	struct batch b;
	int index = 0, err = 0, i;
	if (!c->has_net) return 0;
	for (i = 0; i < 6; i++)
		mac[3 * i] = "0123456789abcdef"[c->mac[i] >> 4],
		mac[3 * i + 1] = "0123456789abcdef"[c->mac[i] & 15], mac[3 * i + 2] = ':';
	mac[17] = '\0';
	env_num_format(mtu, c->mtu);
	if ((step(r, c->iface, ": find interface", END) && begin(r) && (err = iface_find(r, &index))) ||
	    (step(r, c->iface, ": set MAC ", mac, END) && begin(r) &&
	     (err = dev_set_mac(r->nl.fd, c->iface, c->mac))) ||
	    (step(r, c->iface, ": set MTU ", mtu, END) && begin(r) &&
	     (err = dev_set_mtu(r->nl.fd, c->iface, c->mtu))))
		return fail(r->step, -err, NULL);
	nl_batch_init(&b.nb, r->nl.seq);
	if (c->v4.set) addr_req(r, &b, c->iface, GN_AF_INET, c->v4.addr, c->v4.plen, index, 0);
	if (c->v6.set) addr_req(r, &b, c->iface, GN_AF_INET6, c->v6.addr, c->v6.plen, index, 0);
	if (batch_run(r, &b)) return 1;
	/* Up before the routes: the kernel refuses an IPv4 gateway on a down link. */
	if (step(r, c->iface, ": set up", END) && begin(r) && (err = dev_up(r->nl.fd, c->iface)))
		return fail(r->step, -err, NULL);
	nl_batch_init(&b.nb, r->nl.seq);
	if (c->v4.set) route_req(r, &b, &c->v4, index);
	if (c->v6.set) route_req(r, &b, &c->v6, index);
	return batch_run(r, &b);
}

static int resolv_step(struct run *r) {
	char buf[HOSTS_MAX];
	return resolv_render(buf, &r->c) ? file_step(r, "resolv.conf", buf) : 0;
}

static const char usage[] =
	"usage: guestnet [options]\n"
	"Set up the network from MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6, MSB_HOSTNAME and\n"
	"MSB_HOST_ALIAS: /etc/hosts, hostname, lo, MAC, MTU, addresses, routes, DNS.\n\n"
	"  -n, --dry-run         check input, print every step and file; change nothing\n"
	"  -r, --root DIR        write hosts, hostname and resolv.conf under DIR/etc\n"
	"  -c, --cmdline[=FILE]  take MSB_* values the environment lacks from the kernel\n"
	"                        command line in FILE (default /proc/cmdline)\n"
	"  -w, --wait SECONDS    wait up to SECONDS (0-3600) for the interface; default 0\n"
	"  -v, --verbose         report each step as it is done\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n\n"
	"Exit status: 0 done; 1 a step failed (the message names it; earlier steps\n"
	"stay applied); 2 bad usage or invalid input (nothing changed).\n";

static int usage_error(const char *what, const char *arg) {
	char e[325];
	say(2, "guestnet: ", what, " \"", esc(e, arg, strlen(arg)),
	    "\"\nTry 'guestnet --help'.", END);
	return 2;
}

/* Apply option o with its value v ("" when none): an exit status, or -1. */
static int option(struct run *r, char o, const char *v, const char **root) {
	unsigned long n;
	if (o == 'n' || o == 'v') *(o == 'n' ? &r->dry : &r->verbose) = 1;
	else if (o == 'c') r->cmdline = *v ? v : "/proc/cmdline";
	else if (o == 'r' && !*v) return usage_error("--root: empty directory name", v);
	else if (o == 'r') *root = v;
	else if (o == 'w' && (env_dec_parse(v, strlen(v), &n) || n > 3600))
		return usage_error("--wait: not a number of seconds 0-3600:", v);
	else if (o == 'w') r->wait = n;
	else
		return write(1, o == 'h' ? usage : "guestnet " GN_VERSION "\n",
			     o == 'h' ? sizeof usage - 1 : sizeof GN_VERSION + 9) < 0;
	return -1;
}

/* getopt_long() is not in every libc. Short options cluster (-nv) and take a
 * value attached or as the next argument; long ones as --name=VALUE or --name
 * VALUE; -c's FILE is optional, so only attached. An exit status, or -1. */
static int args_parse(struct run *r, int argc, char **argv, const char **root) {
	static const char *const names[] = { "dry-run", "root", "cmdline", "wait", "verbose",
					     "help", "version" }, letters[] = "nrcwvhV";
	int i, k, rc = -1;
	for (i = 1; i < argc && rc < 0; i++) {
		const char *a = argv[i], *o = a + 1, *v;
		size_t n;
		if ((!strcmp(a, "--") && ++i) || a[0] != '-' || !a[1]) break;
		for (n = 0; a[2 + n] && a[2 + n] != '='; n++) ;
		if (a[1] == '-') {
			for (o = NULL, k = 0; k < 7; k++)
				if (strlen(names[k]) == n && !memcmp(names[k], a + 2, n))
					o = letters + k;
			v = a[2 + n] ? a + 3 + n : NULL;
			if (!o || (v && !memchr("rcw", *o, 3)))
				return usage_error(o ? "this option takes no value:" : "unknown option", a);
		} else {
			while (rc < 0 && o[1] && memchr("nvhV", *o, 4))
				rc = option(r, *o++, "", root);
			if (rc >= 0 || !memchr(letters, *o, 7))
				return rc >= 0 ? rc : usage_error("unknown option", a);
			v = o[1] ? o + 1 : NULL;
		}
		if (!v && memchr("rw", *o, 2) && !(v = argv[++i]))
			return usage_error("this option needs a value:", a);
		rc = option(r, *o, v ? v : "", root);
	}
	return rc < 0 && i < argc ? usage_error("unexpected argument", argv[i]) : rc;
}

/* The kernel's own split (next_arg() in kernel/params.c): white space
 * outside double quotes ends a parameter, quotes around the value or the
 * whole parameter are dropped, and "--" ends the kernel's part. A name
 * given twice: the last wins, as in init's environment. */
static void cmdline_split(char *s, const char *val[GN_NVARS]) {
	while (*s) {
		char *p, *v = NULL;
		size_t i;
		int q, quoted, k;
		while (env_is_space(*s)) s++;
		if ((q = quoted = *s == '"')) s++;
		for (p = s, i = 0; p[i] && (q || !env_is_space(p[i])); i++) {
			if (!v && p[i] == '=') v = p + i + 1;
			if (p[i] == '"') q = !q;
		}
		s = p[i] ? p + i + 1 : p + i;
		p[i] = '\0';
		if (v && (v[-1] = '\0', *v == '"') && (v++, i && p[i - 1] == '"')) p[i - 1] = '\0';
		if (quoted && i && p[i - 1] == '"') p[i - 1] = '\0';
		if (!v && !strcmp(p, "--")) break;
		for (k = 0; v && k < GN_NVARS; k++)
			if (!strcmp(p, gn_var[k])) val[k] = v;
	}
}

/* Read FILE (NULs read as spaces) and split it; 0 or -errno. */
static int cmdline_read(const char *path, const char *val[GN_NVARS]) {
	static char cmdbuf[16384];
	size_t len = 0, i;
	ssize_t n = 1;
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC), err = 0;
	if (fd < 0) return -errno;
	while (n && len < sizeof cmdbuf - 1 && !err)
		if ((n = read(fd, cmdbuf + len, sizeof cmdbuf - 1 - len)) > 0) len += (size_t)n;
		else if (n < 0 && errno != EINTR) err = -errno;
	close(fd), cmdbuf[len] = '\0';
	for (i = 0; i < len; i++) cmdbuf[i] = cmdbuf[i] ? cmdbuf[i] : ' ';
	if (!err && len == sizeof cmdbuf - 1) err = -E2BIG;
	if (!err) cmdline_split(cmdbuf, val);
	return err;
}

/* The environment's values, and the command line's where it lacks one
 * (an empty or all-white value counts as lacking). */
static int inputs_read(struct run *r, const char *val[GN_NVARS]) {
	const char *cmd[GN_NVARS] = { NULL };
	int k, err;
	if (r->cmdline && (err = cmdline_read(r->cmdline, cmd)))
		return fail(step(r, "--cmdline: ", r->cmdline, END), -err, NULL) + 1;
	for (k = 0; k < GN_NVARS; k++) {
		const char *e = getenv(gn_var[k]), *t = e;
		while (t && env_is_space(*t)) t++;
		val[k] = t && *t ? e : cmd[k];
	}
	return -1;
}

int main(int argc, char **argv) {
	static struct run r;
	const char *val[GN_NVARS], *root = "";
	size_t n;
	int rc;
	r.etcfd = -1;
	if ((rc = args_parse(&r, argc, argv, &root)) >= 0) return rc;
	for (n = strlen(root); n && root[n - 1] == '/'; n--) ;
	if (n + sizeof "/etc" > sizeof r.etc) return usage_error("--root: path too long:", root);
	memcpy(r.etc, root, n), memcpy(r.etc + n, "/etc", sizeof "/etc");
	if ((rc = inputs_read(&r, val)) >= 0) return rc;
	if (env_parse(val, &r.c, diag, NULL)) return 2;
	if (!r.dry) umask(0); /* files 0644 and /etc 0755, whatever the umask */
	return hosts_step(&r) || hostname_step(&r) || netlink_step(&r) ||
	       loopback_step(&r) || iface_step(&r) || resolv_step(&r);
}
