/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - guestnet: bring up a microVM guest's network from MSB_* values.
 *
 * A run parses its options, reads the values (the environment, and the
 * kernel command line with --cmdline) and checks them all: bad input ends
 * the run with exit 2 before anything changes. Then the steps of run_steps[]
 * are done in order over one netlink socket; the first that fails ends the
 * run with exit 1 and a line naming it.
 *
 * A step names itself (step_name(), step_start()), which a dry run prints instead of
 * doing it and --verbose reports; a failure is reported with that name
 * (step_fail()). Only this file prints or decides the exit status. Lines are
 * built in fixed buffers and written with write(2): no stdio, no format
 * strings.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestnet.h"

/* The end of a list of strings (step_name()). */
#define END ((const char *)0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses */
enum {
	STATUS_DONE = 0,
	STATUS_FAILED = 1, /* a step failed */
	STATUS_USAGE = 2,  /* bad usage or invalid input: nothing changed */
};

#define LINE_SIZE 1200	      /* a line of output, its newline included */
#define STEP_NAME_SIZE 512    /* what the step under way does */
#define REQUEST_NAME_SIZE 128 /* a netlink request's step, kept until sent */
#define ETC_PATH_SIZE 4096    /* DIR/etc */
#define CMDLINE_SIZE 16384    /* the kernel's COMMAND_LINE_SIZE is 4096 */
#define OUTSIDE_TEXT_SHOWN 80 /* bytes of outside text quoted in a message */
#define WAIT_SECONDS_MAX 3600
#define WAIT_POLLS_PER_SECOND 10
#define LOOPBACK_IFINDEX 1 /* lo's index in every namespace */

struct run {
	struct gn_config c;
	struct nl nl;
	int dry;		 /* --dry-run */
	int verbose;		 /* --verbose */
	char info;		 /* 'h' or 'V': show that instead of running */
	unsigned long wait;	 /* --wait SECONDS */
	const char *root;	 /* --root DIR; "" for / */
	const char *cmdline;	 /* --cmdline FILE, or NULL */
	char etc[ETC_PATH_SIZE]; /* DIR/etc */
	int etcfd;		 /* DIR/etc once opened, or -1 */
	char step[STEP_NAME_SIZE]; /* the step under way */
};

/* ---- output ----------------------------------------------------------------- */

/* A line being built: its text, and room for the newline. */
struct line {
	char buf[LINE_SIZE];
	struct text t;
};

static void line_start(struct line *l)
{
	text_init(&l->t, l->buf, sizeof l->buf - 1);
}

/* A line that starts "guestnet: WHAT: ". */
static void line_start_about(struct line *l, const char *what)
{
	line_start(l);
	text_add(&l->t, "guestnet: ");
	text_add(&l->t, what);
	text_add(&l->t, ": ");
}

static void line_write(struct line *l, int fd)
{
	l->buf[l->t.len] = '\n';
	/* a failure is dropped: there is nowhere else to say it */
	(void)hosts_write_all(fd, l->buf, l->t.len + 1);
}

static void text_add_list(struct text *t, const char *s, va_list ap)
{
	for (; s; s = va_arg(ap, const char *))
		text_add(t, s);
}

/* Outside text, quoted in a message: OUTSIDE_TEXT_SHOWN bytes at most, then
 * "..."; bytes outside printable ASCII, '"' and '\' as \xHH. */
static void text_add_escaped(struct text *t, const char *s, size_t n)
{
	size_t shown = n < OUTSIDE_TEXT_SHOWN ? n : OUTSIDE_TEXT_SHOWN;
	unsigned char c;
	size_t i;

	for (i = 0; i < shown; i++) {
		c = (unsigned char)s[i];
		if (c >= ' ' && c < 0x7f && c != '"' && c != '\\') {
			text_add_bytes(t, &s[i], 1);
			continue;
		}
		text_add(t, "\\x");
		text_add_hex_byte(t, c);
	}
	if (n > OUTSIDE_TEXT_SHOWN)
		text_add(t, "...");
}

/*
 * strerror()'s words differ between libcs, and musl's table alone weighs
 * 2 KB: the errors a step can meet, worded as glibc words them. Each X(err,
 * text) is one entry; the table is kept as a list of codes and one string of
 * the texts, each ended by its NUL, in the same order.
 */
#define ERRNO_TEXTS(X)                                              \
	X(EPERM, "Operation not permitted")                         \
	X(ENOENT, "No such file or directory")                      \
	X(EINTR, "Interrupted system call")                         \
	X(EIO, "Input/output error")                                \
	X(ENXIO, "No such device or address")                       \
	X(E2BIG, "Argument list too long")                          \
	X(EAGAIN, "Resource temporarily unavailable")               \
	X(ENOMEM, "Cannot allocate memory")                         \
	X(EACCES, "Permission denied")                              \
	X(EFAULT, "Bad address")                                    \
	X(EBUSY, "Device or resource busy")                         \
	X(EEXIST, "File exists")                                    \
	X(EXDEV, "Invalid cross-device link")                       \
	X(ENODEV, "No such device")                                 \
	X(ENOTDIR, "Not a directory")                               \
	X(EISDIR, "Is a directory")                                 \
	X(EINVAL, "Invalid argument")                               \
	X(EMFILE, "Too many open files")                            \
	X(ENOSPC, "No space left on device")                        \
	X(EROFS, "Read-only file system")                           \
	X(ENAMETOOLONG, "File name too long")                       \
	X(ELOOP, "Too many levels of symbolic links")               \
	X(EPROTO, "Protocol error")                                 \
	X(EBADMSG, "Bad message")                                   \
	X(EMSGSIZE, "Message too long")                             \
	X(EPROTONOSUPPORT, "Protocol not supported")                \
	X(EOPNOTSUPP, "Operation not supported")                    \
	X(EAFNOSUPPORT, "Address family not supported by protocol") \
	X(EADDRINUSE, "Address already in use")                     \
	X(EADDRNOTAVAIL, "Cannot assign requested address")         \
	X(ENETDOWN, "Network is down")                              \
	X(ENETUNREACH, "Network is unreachable")                    \
	X(ENOBUFS, "No buffer space available")                     \
	X(ETIMEDOUT, "Connection timed out")                        \
	X(EHOSTUNREACH, "No route to host")                         \
	X(EDQUOT, "Disk quota exceeded")
#define ERRNO_CODE(err, text) err,
#define ERRNO_TEXT(err, text) text "\0"
static const unsigned char errno_codes[] = { ERRNO_TEXTS(ERRNO_CODE) };
static const char errno_text_list[] = ERRNO_TEXTS(ERRNO_TEXT);

/* err: a positive errno; one without a text of its own as "error N". */
static void text_add_errno(struct text *t, int err)
{
	const char *text = errno_text_list;
	size_t i;

	for (i = 0; i < sizeof errno_codes; i++) {
		if (errno_codes[i] == err) {
			text_add(t, text);
			return;
		}
		text += strlen(text) + 1;
	}
	text_add(t, "error ");
	text_add_decimal(t, (unsigned)err);
}

/* "guestnet: WHAT: error text (kernel: extended ACK)". err: -errno; ext:
 * the kernel's text, or NULL. Returns err. */
static int failure_report(const char *what, int err, const char *ext)
{
	struct line l;

	line_start_about(&l, what);
	text_add_errno(&l.t, -err);
	if (ext && *ext) {
		text_add(&l.t, " (kernel: ");
		text_add_escaped(&l.t, ext, strlen(ext));
		text_add(&l.t, ")");
	}
	line_write(&l, 2);
	return err;
}

/* "guestnet: WHAT: NOTICE" */
static void notice_report(const char *what, const char *notice)
{
	struct line l;

	line_start_about(&l, what);
	text_add(&l.t, notice);
	line_write(&l, 2);
}

/* gn_diag: "guestnet: VAR: KEY: message", the outside text in place of the
 * message's '%'. */
static void input_problem_report(void *ctx, const char *var, const char *key,
				 const char *msg, const char *text, size_t len)
{
	const char *percent = memchr(msg, '%', strlen(msg));
	struct line l;

	(void)ctx;
	line_start_about(&l, var);
	if (key) {
		text_add(&l.t, key);
		text_add(&l.t, ": ");
	}
	if (!percent) {
		text_add(&l.t, msg);
	} else {
		text_add_bytes(&l.t, msg, (size_t)(percent - msg));
		text_add_escaped(&l.t, text, len);
		text_add(&l.t, percent + 1);
	}
	line_write(&l, 2);
}

static void decimal_format(char *out, size_t size, unsigned long v)
{
	struct text t;

	text_init(&t, out, size);
	text_add_decimal(&t, v);
}

static void mac_format(char *out, size_t size, const uint8_t mac[6])
{
	struct text t;
	int i;

	text_init(&t, out, size);
	for (i = 0; i < 6; i++) {
		if (i > 0)
			text_add(&t, ":");
		text_add_hex_byte(&t, mac[i]);
	}
}

/* ---- steps ------------------------------------------------------------------ */

/* Name what is being done (the strings up to END), for messages. */
static void step_name(struct run *r, const char *s, ...)
{
	struct text t;
	va_list ap;

	text_init(&t, r->step, sizeof r->step);
	va_start(ap, s);
	text_add_list(&t, s, ap);
	va_end(ap);
}

/*
 * Start the step just named: a dry run prints it (and does not do it),
 * --verbose says it on standard error. Returns 1 when the step is to be
 * done: always but in a dry run.
 */
static int step_start(struct run *r)
{
	struct line l;

	if (!r->dry && !r->verbose)
		return 1;
	line_start(&l);
	if (!r->dry)
		text_add(&l.t, "guestnet: ");
	text_add(&l.t, r->step);
	line_write(&l, r->dry ? 1 : 2);
	return !r->dry;
}

/* The step under way failed with err (-errno): say so. Returns err. */
static int step_fail(struct run *r, int err)
{
	return failure_report(r->step, err, NULL);
}

/* Each line of data, indented, on standard output. */
static void file_lines_show(const char *data)
{
	const char *newline = memchr(data, '\n', strlen(data));
	struct line l;

	while (newline) {
		line_start(&l);
		text_add(&l.t, "    ");
		text_add_bytes(&l.t, data, (size_t)(newline - data));
		line_write(&l, 1);
		data = newline + 1;
		newline = memchr(data, '\n', strlen(data));
	}
}

/* DIR/etc, opened (and created when missing) for the first file written. */
static int etc_dir_open(struct run *r)
{
	const char *op;
	int fd;

	if (r->etcfd >= 0)
		return 0;
	fd = hosts_etc_open(r->etc, &op);
	if (fd < 0) {
		step_name(r, r->etc, ": ", op, END);
		return step_fail(r, fd);
	}
	r->etcfd = fd;
	return 0;
}

/* Replace DIR/etc/NAME with data; a dry run shows its lines instead. */
static int file_write_step(struct run *r, const char *name, const char *data)
{
	const char *op;
	int err;

	step_name(r, "write ", r->etc, "/", name, r->dry ? ":" : "", END);
	if (!step_start(r)) {
		file_lines_show(data);
		return 0;
	}
	err = etc_dir_open(r);
	if (err)
		return err;
	err = hosts_file_replace(r->etcfd, name, data, strlen(data), &op);
	if (err) {
		step_name(r, r->etc, "/", name, ": ", op, END);
		return step_fail(r, err);
	}
	return 0;
}

/*
 * A batch of netlink requests, each with the name of its step. An errno in
 * done_errno[] counts as done (EEXIST: the address is there already);
 * ipv6_optional[] marks a request that a kernel without IPv6 (EOPNOTSUPP,
 * EAFNOSUPPORT) or with IPv6 disabled (EACCES) may refuse.
 */
struct batch {
	struct nl_batch nl;
	char name[NL_BATCH_MAX][REQUEST_NAME_SIZE];
	int done_errno[NL_BATCH_MAX];
	int ipv6_optional[NL_BATCH_MAX];
};

static void batch_init(struct run *r, struct batch *b)
{
	nl_batch_init(&b->nl, r->nl.seq);
}

/* The request about to be added belongs to the step just named. */
static void batch_request_begin(struct run *r, struct batch *b, int done_errno,
				int ipv6_optional)
{
	unsigned i = b->nl.n;
	struct text name;

	step_start(r); /* the request is sent with its batch */
	if (i >= NL_BATCH_MAX)
		return; /* the add that follows breaks the batch */
	text_init(&name, b->name[i], sizeof b->name[i]);
	text_add(&name, r->step);
	b->done_errno[i] = done_errno;
	b->ipv6_optional[i] = ipv6_optional;
}

static const char *family_name(int family)
{
	if (family == GN_AF_INET)
		return "IPv4";
	return "IPv6";
}

static void batch_addr_add(struct run *r, struct batch *b, const char *dev,
			   int index, int family, const uint8_t *addr,
			   unsigned plen, int ipv6_optional)
{
	int scope = RT_SCOPE_UNIVERSE;
	char addr_text[GN_IP_TEXT_SIZE];
	char plen_text[GN_DECIMAL_SIZE];

	if (index == LOOPBACK_IFINDEX)
		scope = RT_SCOPE_HOST;
	env_ip_format(addr_text, sizeof addr_text, family, addr);
	decimal_format(plen_text, sizeof plen_text, plen);
	step_name(r, dev, ": add ", family_name(family), " address ", addr_text,
		  "/", plen_text, END);
	batch_request_begin(r, b, EEXIST, ipv6_optional);
	nl_addr_add(&b->nl, family, index, addr, plen, scope);
}

/* A gateway outside the address's prefix (a /32, say) is on-link; an IPv6
 * link-local gateway needs only the device. */
static int route_onlink(const struct gn_ip *ip)
{
	int link_local = ip->family == GN_AF_INET6 && ip->gw[0] == 0xfe &&
			 (ip->gw[1] & 0xc0) == 0x80;

	if (link_local)
		return 0;
	return !env_ip_in_prefix(ip->family, ip->gw, ip->addr, ip->plen);
}

static void batch_route_add(struct run *r, struct batch *b,
			    const struct gn_ip *ip, int index)
{
	int onlink = route_onlink(ip);
	char gw_text[GN_IP_TEXT_SIZE];

	env_ip_format(gw_text, sizeof gw_text, ip->family, ip->gw);
	step_name(r, r->c.iface, ": add ", family_name(ip->family),
		  " default route via ", gw_text, onlink ? " on-link" : "",
		  END);
	batch_request_begin(r, b, 0, 0);
	nl_route_default(&b->nl, ip->family, index, ip->gw, onlink);
}

static int ipv6_is_off(int err)
{
	return err == EOPNOTSUPP || err == EAFNOSUPPORT || err == EACCES;
}

/* Request i's outcome: 0 when done (or skipped, said so), else its -errno,
 * reported. */
static int batch_outcome_check(const struct batch *b, unsigned i)
{
	int err = b->nl.err[i];

	if (err == 0 || err == b->done_errno[i])
		return 0;
	if (b->ipv6_optional[i] && ipv6_is_off(err)) {
		notice_report(b->name[i],
			      "skipped, IPv6 is off in this kernel");
		return 0;
	}
	return failure_report(b->name[i], -err, b->nl.ext[i]);
}

/* Send the batch (not in a dry run) and check every request's outcome. */
static int batch_send(struct run *r, struct batch *b)
{
	unsigned i;
	int err;

	if (r->dry)
		return 0;
	err = nl_talk(&r->nl, &b->nl);
	if (err) {
		step_name(r, b->name[0], ": netlink", END);
		return step_fail(r, err);
	}
	for (i = 0; i < b->nl.n; i++) {
		err = batch_outcome_check(b, i);
		if (err)
			return err;
	}
	return 0;
}

static int hosts_step(struct run *r)
{
	char data[HOSTS_FILE_SIZE];

	hosts_render(data, sizeof data, &r->c);
	return file_write_step(r, "hosts", data);
}

static int hostname_step(struct run *r)
{
	const char *name = r->c.hostname;
	char data[GN_HOSTNAME_MAX + 2]; /* the name and a newline */
	struct text t;
	int err;

	if (!*name)
		return 0;
	step_name(r, "set hostname ", name, END);
	if (step_start(r)) {
		err = sethostname(name, strlen(name));
		if (err)
			return step_fail(r, -errno);
	}
	text_init(&t, data, sizeof data);
	text_add(&t, name);
	text_add(&t, "\n");
	return file_write_step(r, "hostname", data);
}

static int netlink_open_step(struct run *r)
{
	int err;

	if (r->dry)
		return 0;
	err = nl_open(&r->nl);
	if (err)
		return failure_report("netlink: open socket", err, NULL);
	return 0;
}

/* lo up, then 127.0.0.1/8 and ::1/128 (the kernel may have added them). */
static int loopback_step(struct run *r)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };
	struct batch b;
	int err;

	step_name(r, "lo: set up", END);
	if (step_start(r)) {
		err = dev_link_up(r->nl.fd, "lo");
		if (err)
			return step_fail(r, err);
	}
	batch_init(r, &b);
	batch_addr_add(r, &b, "lo", LOOPBACK_IFINDEX, GN_AF_INET, lo4, 8, 0);
	batch_addr_add(r, &b, "lo", LOOPBACK_IFINDEX, GN_AF_INET6, lo6, 128,
		       !r->c.v6.set);
	return batch_send(r, &b);
}

/* The interface's index; with --wait, asked again every 1/10 s for that
 * many seconds while a driver may still be loading. */
static int iface_find(struct run *r, int *index)
{
	const struct timespec poll_interval = {
		.tv_nsec = 1000000000 / WAIT_POLLS_PER_SECOND,
	};
	unsigned long polls = r->wait * WAIT_POLLS_PER_SECOND;
	unsigned long i;
	int err;

	err = dev_index_get(r->nl.fd, r->c.iface, index);
	for (i = 0; err == -ENODEV && i < polls; i++) {
		nanosleep(&poll_interval, NULL);
		err = dev_index_get(r->nl.fd, r->c.iface, index);
	}
	return err;
}

/* Find the interface, then set its MAC and MTU. */
static int iface_device_set(struct run *r, int *index)
{
	const struct gn_config *c = &r->c;
	char mac_text[GN_MAC_TEXT_SIZE];
	char mtu_text[GN_DECIMAL_SIZE];
	int err;

	mac_format(mac_text, sizeof mac_text, c->mac);
	decimal_format(mtu_text, sizeof mtu_text, c->mtu);
	step_name(r, c->iface, ": find interface", END);
	if (step_start(r)) {
		err = iface_find(r, index);
		if (err)
			return step_fail(r, err);
	}
	step_name(r, c->iface, ": set MAC ", mac_text, END);
	if (step_start(r)) {
		err = dev_mac_set(r->nl.fd, c->iface, c->mac);
		if (err)
			return step_fail(r, err);
	}
	step_name(r, c->iface, ": set MTU ", mtu_text, END);
	if (step_start(r)) {
		err = dev_mtu_set(r->nl.fd, c->iface, c->mtu);
		if (err)
			return step_fail(r, err);
	}
	return 0;
}

static int iface_addresses_add(struct run *r, int index)
{
	const struct gn_config *c = &r->c;
	struct batch b;

	batch_init(r, &b);
	if (c->v4.set)
		batch_addr_add(r, &b, c->iface, index, GN_AF_INET, c->v4.addr,
			       c->v4.plen, 0);
	if (c->v6.set)
		batch_addr_add(r, &b, c->iface, index, GN_AF_INET6, c->v6.addr,
			       c->v6.plen, 0);
	return batch_send(r, &b);
}

/* Up before the routes: the kernel refuses an IPv4 gateway on a down link. */
static int iface_up(struct run *r)
{
	int err;

	step_name(r, r->c.iface, ": set up", END);
	if (step_start(r)) {
		err = dev_link_up(r->nl.fd, r->c.iface);
		if (err)
			return step_fail(r, err);
	}
	return 0;
}

static int iface_routes_add(struct run *r, int index)
{
	const struct gn_config *c = &r->c;
	struct batch b;

	batch_init(r, &b);
	if (c->v4.set)
		batch_route_add(r, &b, &c->v4, index);
	if (c->v6.set)
		batch_route_add(r, &b, &c->v6, index);
	return batch_send(r, &b);
}

static int iface_step(struct run *r)
{
	int index = 0; /* stays 0 in a dry run */
	int err;

	if (!r->c.has_net)
		return 0;
	err = iface_device_set(r, &index);
	if (err)
		return err;
	err = iface_addresses_add(r, index);
	if (err)
		return err;
	err = iface_up(r);
	if (err)
		return err;
	return iface_routes_add(r, index);
}

/* Written only when a DNS server is set; otherwise left alone. */
static int resolv_step(struct run *r)
{
	char data[HOSTS_FILE_SIZE];
	size_t len;

	len = hosts_resolv_render(data, sizeof data, &r->c);
	if (len == 0)
		return 0;
	return file_write_step(r, "resolv.conf", data);
}

/* The steps of a run, in order. Each returns 0 or -errno, having reported
 * its failure; the first failure ends the run. */
static int (*const run_steps[])(struct run *r) = {
	hosts_step,	   /* /etc/hosts */
	hostname_step,	   /* sethostname(), /etc/hostname */
	netlink_open_step, /* the run's one socket */
	loopback_step,	   /* lo up, 127.0.0.1/8, ::1/128 */
	iface_step,	   /* MAC, MTU, addresses, up, default routes */
	resolv_step,	   /* /etc/resolv.conf */
};

/* ---- command line and input ------------------------------------------------- */

static const char usage[] =
	"usage: guestnet [options]\n"
	"Set up the network from MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6, "
	"MSB_HOSTNAME and\n"
	"MSB_HOST_ALIAS: /etc/hosts, hostname, lo, MAC, MTU, addresses, "
	"routes, DNS.\n\n"
	"  -n, --dry-run         check input, print every step and file; "
	"change nothing\n"
	"  -r, --root DIR        write hosts, hostname and resolv.conf under "
	"DIR/etc\n"
	"  -c, --cmdline[=FILE]  take MSB_* values the environment lacks from "
	"the kernel\n"
	"                        command line in FILE (default /proc/cmdline)\n"
	"  -w, --wait SECONDS    wait up to SECONDS (0-3600) for the interface; "
	"default 0\n"
	"  -v, --verbose         report each step as it is done\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n\n"
	"Exit status: 0 done; 1 a step failed (the message names it; earlier "
	"steps\n"
	"stay applied); 2 bad usage or invalid input (nothing changed).\n";

static const char version[] = "guestnet " GN_VERSION "\n";

/* --help or --version on standard output. */
static int info_show(char info)
{
	ssize_t n;

	if (info == 'h')
		n = write(1, usage, sizeof usage - 1);
	else
		n = write(1, version, sizeof version - 1);
	if (n < 0)
		return -errno;
	return 0;
}

/* "guestnet: WHAT "ARG"" and the pointer to --help. Returns -EINVAL. */
static int usage_error(const char *what, const char *arg)
{
	struct line l;

	line_start(&l);
	text_add(&l.t, "guestnet: ");
	text_add(&l.t, what);
	text_add(&l.t, " \"");
	text_add_escaped(&l.t, arg, strlen(arg));
	text_add(&l.t, "\"\nTry 'guestnet --help'.");
	line_write(&l, 2);
	return -EINVAL;
}

/* How an option takes its value. */
enum {
	VALUE_NONE,
	VALUE_NEEDED,	/* attached, or else the next argument */
	VALUE_OPTIONAL, /* attached only: -cFILE, --cmdline=FILE */
};

#define OPTION_NAME_SIZE 8 /* "dry-run", its NUL included */

struct option {
	char name[OPTION_NAME_SIZE];
	char letter;
	char value; /* VALUE_NONE ... */
};

static const struct option options[] = {
	{ "dry-run", 'n', VALUE_NONE },	    { "root", 'r', VALUE_NEEDED },
	{ "cmdline", 'c', VALUE_OPTIONAL }, { "wait", 'w', VALUE_NEEDED },
	{ "verbose", 'v', VALUE_NONE },	    { "help", 'h', VALUE_NONE },
	{ "version", 'V', VALUE_NONE },
};

static const struct option *option_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (strlen(options[i].name) == len &&
		    memcmp(options[i].name, name, len) == 0)
			return &options[i];
	}
	return NULL;
}

static const struct option *option_by_letter(char letter)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (options[i].letter == letter)
			return &options[i];
	}
	return NULL;
}

/* Apply an option with its value ("" when none is given). 0, or -EINVAL
 * once a bad value is reported. */
static int option_apply(struct run *r, char letter, const char *value)
{
	unsigned long seconds;

	switch (letter) {
	case 'n':
		r->dry = 1;
		return 0;
	case 'v':
		r->verbose = 1;
		return 0;
	case 'c':
		r->cmdline = *value ? value : "/proc/cmdline";
		return 0;
	case 'r':
		if (!*value)
			return usage_error("--root: empty directory name",
					   value);
		r->root = value;
		return 0;
	case 'w':
		if (env_decimal_parse(value, strlen(value), &seconds) ||
		    seconds > WAIT_SECONDS_MAX)
			return usage_error(
				"--wait: not a number of seconds 0-3600:",
				value);
		r->wait = seconds;
		return 0;
	default: /* 'h', 'V' */
		r->info = letter;
		return 0;
	}
}

/* Apply option o of argv[*i] with its attached value (or NULL); one that
 * needs a value and has none attached takes the next argument. */
static int option_value_take(struct run *r, const struct option *o,
			     const char *value, char **argv, int *i)
{
	const char *arg = argv[*i];

	if (!value && o->value == VALUE_NEEDED) {
		value = argv[*i + 1];
		if (!value)
			return usage_error("this option needs a value:", arg);
		(*i)++;
	}
	if (!value)
		value = "";
	return option_apply(r, o->letter, value);
}

/* argv[*i], a long option: --NAME, --NAME=VALUE or --NAME VALUE. */
static int args_long_parse(struct run *r, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *name = arg + 2;
	const char *value = NULL;
	const struct option *o;
	size_t len = 0;

	while (name[len] != '\0' && name[len] != '=')
		len++;
	if (name[len] == '=')
		value = name + len + 1;
	o = option_by_name(name, len);
	if (!o)
		return usage_error("unknown option", arg);
	if (value && o->value == VALUE_NONE)
		return usage_error("this option takes no value:", arg);
	return option_value_take(r, o, value, argv, i);
}

/* argv[*i], short options: -n, -nv (a cluster), -rDIR, -r DIR, -cFILE. */
static int args_short_parse(struct run *r, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *p = arg + 1;
	const struct option *o;
	const char *attached;
	int err;

	for (;;) {
		o = option_by_letter(*p);
		if (!o)
			return usage_error("unknown option", arg);
		if (o->value != VALUE_NONE || p[1] == '\0')
			break;
		err = option_apply(r, o->letter, "");
		if (err || r->info)
			return err;
		p++;
	}
	attached = NULL;
	if (p[1] != '\0')
		attached = p + 1;
	return option_value_take(r, o, attached, argv, i);
}

/*
 * The options into r. getopt_long() is not in every libc: short options
 * cluster (-nv) and take a value attached or as the next argument; long
 * ones as --name=VALUE or --name VALUE; -c's FILE is optional, so only
 * attached. Parsing stops at --help or --version (r->info). 0, or -EINVAL
 * once the problem is reported.
 */
static int args_parse(struct run *r, int argc, char **argv)
{
	const char *arg;
	int err;
	int i;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (arg[1] == '-')
			err = args_long_parse(r, argv, &i);
		else
			err = args_short_parse(r, argv, &i);
		if (err)
			return err;
		if (r->info)
			return 0;
	}
	if (i < argc)
		return usage_error("unexpected argument", argv[i]);
	return 0;
}

/* DIR/etc from --root DIR, without DIR's trailing '/'. */
static int etc_path_set(struct run *r)
{
	size_t len = strlen(r->root);

	while (len > 0 && r->root[len - 1] == '/')
		len--;
	if (len + sizeof "/etc" > sizeof r->etc)
		return usage_error("--root: path too long:", r->root);
	memcpy(r->etc, r->root, len);
	memcpy(r->etc + len, "/etc", sizeof "/etc");
	return 0;
}

/* The file at path into buf (size bytes, NUL-terminated), its NULs read as
 * spaces (as /proc/cmdline may hold them). */
static int cmdline_read(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int err = 0;
	ssize_t n;
	size_t i;
	int fd;

	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	if (err)
		return err;
	if (len == size - 1)
		return -E2BIG;
	return 0;
}

/* Absent, empty and all-white values are not given. */
static int value_given(const char *v)
{
	if (!v)
		return 0;
	while (env_is_space(*v))
		v++;
	return *v != '\0';
}

/* The environment's values, and the kernel command line's where the
 * environment gives none. */
static int inputs_read(struct run *r, const char *val[GN_NVARS])
{
	static char cmdline[CMDLINE_SIZE];
	const char *from_cmdline[GN_NVARS] = { NULL };
	const char *from_env;
	int err;
	int k;

	if (r->cmdline) {
		err = cmdline_read(r->cmdline, cmdline, sizeof cmdline);
		if (err) {
			step_name(r, "--cmdline: ", r->cmdline, END);
			return step_fail(r, err);
		}
		env_cmdline_split(cmdline, from_cmdline);
	}
	for (k = 0; k < GN_NVARS; k++) {
		from_env = getenv(gn_var[k]);
		if (value_given(from_env))
			val[k] = from_env;
		else
			val[k] = from_cmdline[k];
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct run r;
	const char *val[GN_NVARS];
	size_t i;
	int err;

	memset(&r, 0, sizeof r);
	r.root = "";
	r.etcfd = -1;
	err = args_parse(&r, argc, argv);
	if (err)
		return STATUS_USAGE;
	if (r.info) {
		err = info_show(r.info);
		if (err)
			return STATUS_FAILED;
		return STATUS_DONE;
	}
	err = etc_path_set(&r);
	if (err)
		return STATUS_USAGE;
	err = inputs_read(&r, val);
	if (err)
		return STATUS_USAGE;
	if (env_config_parse(val, &r.c, input_problem_report, NULL))
		return STATUS_USAGE;

	if (!r.dry)
		umask(0); /* files 0644 and /etc 0755, whatever the umask */
	for (i = 0; i < ARRAY_SIZE(run_steps); i++) {
		err = run_steps[i](&r);
		if (err)
			return STATUS_FAILED;
	}
	return STATUS_DONE;
}
