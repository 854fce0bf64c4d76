/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - guestnet: bring up a microVM guest's network from MSB_* values.
 *
 * A run parses its options, reads the values (the environment, and the
 * kernel command line with --cmdline) and checks them all: bad input ends
 * the run with exit 2 before anything changes. Then the steps of run_steps[]
 * are done in order over one netlink socket. They make the interface match
 * the input whatever they find (a fresh boot, a re-run, a restored clone):
 * the state is read with dumps, and what differs is changed. A step that
 * fails is reported and counted (exit 1); the steps that need what it
 * failed to do are skipped, the others are all done.
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

extern char **environ; /* POSIX: the program declares it */

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

/* The parts of a run that later steps need: one that failed (or was not
 * there) makes those steps skip. */
enum {
	PART_ETC,      /* DIR/etc */
	PART_FILE,     /* one of the files */
	PART_HOSTNAME, /* sethostname() */
	PART_NETLINK,  /* the socket */
	PART_LO,       /* lo up, its addresses */
	PART_IFACE,    /* the interface found */
	PART_ADDRS,    /* the addresses read */
	PART_MAC,
	PART_MTU,
	PART_ADDR4, /* the IPv4 address */
	PART_ADDR6, /* the IPv6 address */
	PART_LINK,  /* the link up */
	PART_ROUTES,
	PART_NEIGH,
	PART_ANNOUNCE,
	PART_COUNT,
};

#define STATE_ADDRS_MAX 32  /* global and site addresses on the interface */
#define STATE_ROUTES_MAX 16 /* default routes through it */
#define STATE_NEIGHS_MAX 64 /* its learned neighbours */
#define DUMP_TRIES 4	    /* a dump the kernel interrupts is started again */
#define LINK_NAMES_SIZE 256 /* the interfaces' names in a message */
#define SOURCE_SIZE 160	    /* "FILE, line N": where a value came from */
#define ENV_FILE_SIZE 65536 /* the longest --env-file */

/* A file written to its temporary name, renamed at the end of the run. */
#define FILES_MAX 3 /* hosts, hostname, resolv.conf */

struct staged {
	int dirfd;	/* DIR/etc, or the directory of a symlink's target */
	char name[256]; /* its name there (NAME_MAX) */
	char shown[ETC_PATH_SIZE + 32]; /* DIR/etc/NAME, for messages */
	int sync_err;			/* its file system's flush */
};

struct run {
	struct gn_config c;
	struct nl nl;
	int dry;	      /* --dry-run */
	int verbose;	      /* --verbose */
	char info;	      /* 'h' or 'V': show that instead of running */
	unsigned long wait;   /* --wait SECONDS */
	const char *root;     /* --root DIR; "" for / */
	const char *cmdline;  /* --cmdline FILE, or NULL */
	int cmdline_bare;     /* the last option was -c without its FILE */
	const char *env_file; /* --env-file FILE, or NULL */
	char source[GN_NVARS][SOURCE_SIZE]; /* where a value came from, or "" */
	char link_target[ETC_PATH_SIZE];    /* a file's symlink's target */
	struct staged staged[FILES_MAX]; /* files written, not in place yet */
	unsigned staged_count;
	char etc[ETC_PATH_SIZE];   /* DIR/etc */
	int etcfd;		   /* DIR/etc once opened, or -1 */
	char step[STEP_NAME_SIZE]; /* the step under way */
	int failures;		   /* reported: exit 1 */
	int failed[PART_COUNT];	   /* the parts that failed */

	/* the interfaces there are, read when none has the name iface= */
	char link_names_buf[LINK_NAMES_SIZE]; /* "lo, ens3", for messages */
	struct text link_names;
	int mac_matches;		   /* how many have the MAC */
	char mac_match[2][GN_IFNAME_SIZE]; /* the first two */
	int found_by_mac;
	struct nl_link_info link; /* the interface, as read before the run */

	/* the interface, and what it had before the run */
	char iface_shown[GN_IFNAME_SIZE * 4]; /* its name in messages */
	int ifindex;			      /* 0 until found */
	int lo_has[2];			      /* 127.0.0.1/8, ::1/128 on lo */
	int link_was_up;		      /* up before the run */
	int mac_changed;		      /* a new MAC (to be) set */
	int added[2];	     /* an IPv4, IPv6 address (to be) added */
	int16_t iface_flags; /* as read before the run changed them */
	int mtu_to_set;	     /* the MTU differs: set it */
	struct nl_addr_info addrs[STATE_ADDRS_MAX];
	unsigned addr_count;
	struct nl_route_info routes[STATE_ROUTES_MAX];
	unsigned route_count;
	struct nl_neigh_info neighs[STATE_NEIGHS_MAX];
	unsigned neigh_count;
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

/* A name from the input as it is, but for bytes outside printable ASCII,
 * shown as \xHH (an interface may be named so; a log line may not hold
 * them). */
static void text_add_visible(struct text *t, const char *s)
{
	unsigned char c;

	for (; *s; s++) {
		c = (unsigned char)*s;
		if (c >= ' ' && c < 0x7f) {
			text_add_bytes(t, s, 1);
			continue;
		}
		text_add(t, "\\x");
		text_add_hex_byte(t, c);
	}
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

/* "guestnet: TEXT" */
static void out_notice(const char *text)
{
	struct line l;

	line_start(&l);
	text_add(&l.t, "guestnet: ");
	text_add(&l.t, text);
	line_write(&l, 2);
}

/* "guestnet: WHAT: NOTICE" */
static void notice_report(const char *what, const char *notice)
{
	struct line l;

	line_start_about(&l, what);
	text_add(&l.t, notice);
	line_write(&l, 2);
}

/* msg, the outside text in place of its '%' (if it has one). */
static void text_add_message(struct text *t, const char *msg, const char *text,
			     size_t len)
{
	const char *percent = memchr(msg, '%', strlen(msg));

	if (!percent) {
		text_add(t, msg);
		return;
	}
	text_add_bytes(t, msg, (size_t)(percent - msg));
	text_add_escaped(t, text, len);
	text_add(t, percent + 1);
}

/* gn_diag: "guestnet: VAR (from SOURCE): KEY: message", where SOURCE is
 * said when the value did not come from the environment. */
static void input_problem_report(void *ctx, const char *var, const char *key,
				 const char *msg, const char *text, size_t len)
{
	const struct run *r = ctx;
	const char *source = "";
	struct line l;
	int k;

	for (k = 0; r && k < GN_NVARS; k++) {
		if (gn_var[k] == var)
			source = r->source[k];
	}
	line_start(&l);
	text_add(&l.t, "guestnet: ");
	text_add(&l.t, var);
	if (*source) {
		text_add(&l.t, " (from ");
		text_add(&l.t, source);
		text_add(&l.t, ")");
	}
	text_add(&l.t, ": ");
	if (key) {
		text_add(&l.t, key);
		text_add(&l.t, ": ");
	}
	text_add_message(&l.t, msg, text, len);
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

/* A failure of the run: reported, counted (exit 1), and the part it
 * belongs to marked, so that the steps needing it are skipped. */
static int run_fail(struct run *r, int part, const char *what, int err,
		    const char *ext)
{
	r->failures++;
	r->failed[part] = 1;
	return failure_report(what, err, ext);
}

/* What is as configured already, under --verbose: no change is claimed. */
static void verbose_report(struct run *r)
{
	if (r->verbose)
		out_notice(r->step);
}

/* The step under way failed with err (-errno). Returns err. */
static int step_fail(struct run *r, int part, int err)
{
	return run_fail(r, part, r->step, err, NULL);
}

/* "guestnet: WHAT: skipped, WHY" for a step whose prerequisite failed. */
static void skip_report(const char *what, const char *why)
{
	struct line l;

	line_start_about(&l, what);
	text_add(&l.t, "skipped, ");
	text_add(&l.t, why);
	line_write(&l, 2);
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

/* DIR/etc, opened for the first file written; created when missing. */
static int etc_dir_open(struct run *r)
{
	const char *op;
	int fd;

	if (r->etcfd >= 0)
		return 0;
	if (r->failed[PART_ETC]) {
		skip_report(r->step, "the directory could not be opened");
		return -ENOENT;
	}
	fd = hosts_etc_open(r->etc, &op);
	if (fd < 0) {
		step_name(r, r->etc, ": ", op, END);
		return step_fail(r, PART_ETC, fd);
	}
	r->etcfd = fd;
	return 0;
}

/* The target of the symlink DIR/etc/NAME into r->link_target: a path under
 * DIR when absolute (the guest's own, once DIR is its root), else beside
 * NAME. -EINVAL when NAME is no symlink. */
static int link_target_read(struct run *r, const char *name)
{
	char target[ETC_PATH_SIZE];
	size_t root_len = strlen(r->etc) - strlen("/etc");
	struct text path;
	ssize_t n;

	n = readlinkat(r->etcfd, name, target, sizeof target - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	text_init(&path, r->link_target, sizeof r->link_target);
	if (target[0] == '/') {
		text_add_bytes(&path, r->etc, root_len);
	} else {
		text_add(&path, r->etc);
		text_add(&path, "/");
	}
	text_add(&path, target);
	if (path.cut)
		return -ENAMETOOLONG;
	return 0;
}

static char *last_slash(char *path)
{
	char *slash = NULL;

	for (; *path; path++) {
		if (*path == '/')
			slash = path;
	}
	return slash;
}

/* A file staged in dirfd, to be put in place by files_commit_step(); the
 * step just named names it. */
static void file_staged(struct run *r, int dirfd, const char *name)
{
	struct staged *f = &r->staged[r->staged_count];
	struct text t;

	f->dirfd = dirfd;
	text_init(&t, f->name, sizeof f->name);
	text_add(&t, name);
	text_init(&t, f->shown, sizeof f->shown);
	text_add(&t, r->step);
	r->staged_count++;
}

/*
 * /etc is read-only (an image's erofs or squashfs), and NAME is a symlink
 * into a place that may be writable (resolv.conf -> /run/...): the link's
 * target is replaced instead, as atomically, in its own directory.
 */
static void link_target_replace(struct run *r, const char *name,
				const char *data)
{
	char *slash = last_slash(r->link_target);
	const char *op = "open directory";
	int err = 0;
	int dirfd;

	step_name(r, r->etc, "/", name, ": read-only: writing its target ",
		  r->link_target, END);
	verbose_report(r);
	*slash = '\0'; /* r->link_target holds a '/': the path is absolute */
	dirfd = openat(AT_FDCWD, r->link_target[0] ? r->link_target : "/",
		       O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		err = -errno;
	if (!err)
		err = hosts_file_stage(dirfd, slash + 1, data, strlen(data),
				       &op);
	*slash = '/';
	step_name(r, r->etc, "/", name, " (a link to ", r->link_target, ")",
		  END);
	if (!err) {
		file_staged(r, dirfd,
			    slash + 1); /* dirfd is the staged file's */
		return;
	}
	if (dirfd >= 0)
		close(dirfd);
	step_name(r, r->etc, "/", name, " (a link to ", r->link_target,
		  "): ", op, END);
	step_fail(r, PART_FILE, err);
}

/* Replace DIR/etc/NAME with data (staged now, in place at the end of the
 * run); a dry run shows its lines instead. */
static void file_write_step(struct run *r, const char *name, const char *data)
{
	const char *op;
	int err;

	step_name(r, "write ", r->etc, "/", name, r->dry ? ":" : "", END);
	if (!step_start(r)) {
		file_lines_show(data);
		return;
	}
	err = etc_dir_open(r);
	if (err)
		return;
	err = hosts_file_stage(r->etcfd, name, data, strlen(data), &op);
	if (err == -EROFS && link_target_read(r, name) == 0) {
		link_target_replace(r, name, data);
		return;
	}
	step_name(r, r->etc, "/", name, END);
	if (!err) {
		file_staged(r, r->etcfd, name);
		return;
	}
	step_name(r, r->etc, "/", name, ": ", op, END);
	step_fail(r, PART_FILE, err);
}

/*
 * The files staged by the run, put in place: one flush for each file
 * system they are in (DIR/etc's, and a link target's: another one, since
 * /etc was read-only), then each renamed (see hosts_files_sync()). A failed
 * flush leaves that file system's files old.
 */
static void files_commit_step(struct run *r)
{
	struct staged *f;
	const char *op;
	unsigned i;
	int err;

	for (i = 0; i < r->staged_count; i++) {
		f = &r->staged[i];
		if (i > 0 && f->dirfd == r->staged[i - 1].dirfd) {
			f->sync_err = r->staged[i - 1].sync_err;
			continue;
		}
		f->sync_err = hosts_files_sync(f->dirfd);
		if (!f->sync_err)
			continue;
		/* DIR/etc's, or a symlink's target's file system */
		if (f->dirfd == r->etcfd)
			step_name(r, r->etc, ": flush to disk", END);
		else
			step_name(r, f->shown, ": flush to disk", END);
		step_fail(r, PART_FILE, f->sync_err);
	}
	for (i = 0; i < r->staged_count; i++) {
		f = &r->staged[i];
		if (f->sync_err) {
			hosts_file_abandon(f->dirfd, f->name);
			continue;
		}
		err = hosts_file_commit(f->dirfd, f->name, &op);
		if (err) {
			step_name(r, f->shown, ": ", op, END);
			step_fail(r, PART_FILE, err);
		}
	}
}

/*
 * A batch of netlink requests, each with the name of its step and the part
 * of the run it belongs to. An errno in done_errno[] counts as done (EEXIST:
 * the address is there already); ipv6_optional[] marks a request that a
 * kernel without IPv6 (EOPNOTSUPP, EAFNOSUPPORT) or with IPv6 disabled
 * (EACCES) may refuse. A full batch is sent before the next request.
 */
struct batch {
	struct nl_batch nl;
	char name[NL_BATCH_MAX][REQUEST_NAME_SIZE];
	int done_errno[NL_BATCH_MAX];
	int ipv6_optional[NL_BATCH_MAX];
	int part[NL_BATCH_MAX];
};

static void batch_init(struct run *r, struct batch *b)
{
	nl_batch_init(&b->nl, r->nl.seq);
}

static int ipv6_is_off(int err)
{
	return err == EOPNOTSUPP || err == EAFNOSUPPORT || err == EACCES;
}

/* Request i's outcome: done, skipped (said so), or a failure of its part. */
static void batch_outcome_check(struct run *r, const struct batch *b,
				unsigned i)
{
	int err = b->nl.err[i];

	if (err == 0 || err == b->done_errno[i])
		return;
	if (b->ipv6_optional[i] && ipv6_is_off(err)) {
		notice_report(b->name[i],
			      "skipped, IPv6 is off in this kernel");
		return;
	}
	run_fail(r, b->part[i], b->name[i], -err, b->nl.ext[i]);
}

/* Send the batch (not in a dry run), check every request's outcome, and
 * start it anew. */
static void batch_send(struct run *r, struct batch *b)
{
	unsigned i;
	int err;

	if (r->dry || b->nl.n == 0) {
		batch_init(r, b);
		return;
	}
	err = nl_talk(&r->nl, &b->nl);
	for (i = 0; err && i < b->nl.n; i++) {
		/* the exchange failed: no request's outcome is known */
		step_name(r, b->name[i], ": netlink", END);
		step_fail(r, b->part[i], err);
	}
	for (i = 0; !err && i < b->nl.n; i++)
		batch_outcome_check(r, b, i);
	batch_init(r, b);
}

/* The request about to be added belongs to the step just named; it is
 * sent with its batch. */
static void batch_request_begin(struct run *r, struct batch *b, int part,
				int done_errno, int ipv6_optional)
{
	unsigned i;
	struct text name;

	if (b->nl.n == NL_BATCH_MAX)
		batch_send(r, b);
	i = b->nl.n;
	step_start(r);
	text_init(&name, b->name[i], sizeof b->name[i]);
	text_add(&name, r->step);
	b->part[i] = part;
	b->done_errno[i] = done_errno;
	b->ipv6_optional[i] = ipv6_optional;
}

static const char *family_name(int family)
{
	if (family == GN_AF_INET)
		return "IPv4";
	return "IPv6";
}

static int family_part(int family)
{
	if (family == GN_AF_INET)
		return PART_ADDR4;
	return PART_ADDR6;
}

/* "DEV: VERB IPv4 address A/N" as the name of the step. */
static void addr_step_name(struct run *r, const char *dev, const char *verb,
			   int family, const uint8_t *addr, unsigned plen)
{
	char addr_text[GN_IP_TEXT_SIZE];
	char plen_text[GN_DECIMAL_SIZE];

	env_ip_format(addr_text, sizeof addr_text, family, addr);
	decimal_format(plen_text, sizeof plen_text, plen);
	step_name(r, dev, verb, family_name(family), " address ", addr_text,
		  "/", plen_text, END);
}

static void batch_addr_add(struct run *r, struct batch *b, const char *dev,
			   int index, int family, const uint8_t *addr,
			   unsigned plen, int ipv6_optional)
{
	int scope = RT_SCOPE_UNIVERSE;

	if (index == LOOPBACK_IFINDEX)
		scope = RT_SCOPE_HOST;
	addr_step_name(r, dev, ": add ", family, addr, plen);
	batch_request_begin(r, b, family_part(family), EEXIST, ipv6_optional);
	nl_addr_add(&b->nl, family, index, addr, plen, scope);
}

/* An address gone already (with the primary it was secondary to) is done. */
static void batch_addr_del(struct run *r, struct batch *b,
			   const struct nl_addr_info *a)
{
	addr_step_name(r, r->iface_shown, ": remove ", a->family, a->addr,
		       a->plen);
	batch_request_begin(r, b, family_part(a->family), EADDRNOTAVAIL, 0);
	nl_addr_del(&b->nl, a->family, r->ifindex, a->addr, a->plen);
}

/* ---- the steps of a run, in order ----------------------------------------- */

static void hosts_step(struct run *r)
{
	char data[HOSTS_FILE_SIZE];

	hosts_render(data, sizeof data, &r->c);
	file_write_step(r, "hosts", data);
}

/* The running hostname, and /etc/hostname for the next boot. */
static void hostname_step(struct run *r)
{
	const char *name = r->c.hostname;
	char data[GN_HOSTNAME_MAX + 2]; /* the name and a newline */
	struct text t;
	int err;

	if (!*name)
		return;
	step_name(r, "set hostname ", name, END);
	if (step_start(r)) {
		err = sethostname(name, strlen(name));
		if (err)
			step_fail(r, PART_HOSTNAME, -errno);
	}
	text_init(&t, data, sizeof data);
	text_add(&t, name);
	text_add(&t, "\n");
	file_write_step(r, "hostname", data);
}

/* The one socket for every netlink request and ioctl; a dry run opens it
 * too, to read the state it would change. */
static void netlink_open_step(struct run *r)
{
	int err;

	err = nl_open(&r->nl);
	if (!err)
		return;
	run_fail(r, PART_NETLINK, "netlink: open socket", err, NULL);
	skip_report(r->c.has_net ? "lo and the interface" : "lo",
		    "no netlink socket");
}

/* IFF_UP on dev (flags read first), shown as shown in messages; *was_up
 * says if it was up already. */
static int link_up(struct run *r, const char *dev, const char *shown,
		   int *was_up)
{
	int16_t flags;
	int err;

	err = dev_flags_get(r->nl.fd, dev, &flags);
	if (err) {
		step_name(r, shown, ": read flags", END);
		return err;
	}
	*was_up = (flags & GN_IFF_UP) != 0;
	if (*was_up) {
		step_name(r, shown, ": already up", END);
		verbose_report(r);
		return 0;
	}
	step_name(r, shown, ": set up", END);
	if (!step_start(r))
		return 0;
	return dev_flags_set(r->nl.fd, dev, (int16_t)(flags | GN_IFF_UP));
}

static void loopback_up_step(struct run *r)
{
	int was_up;
	int err;

	if (r->failed[PART_NETLINK])
		return;
	err = link_up(r, "lo", "lo", &was_up);
	if (err)
		step_fail(r, PART_LO, err);
}

/* An interface that has the MAC, permanent or current. */
static int link_has_mac(const struct nl_link_info *l, const uint8_t mac[6])
{
	if (l->has_perm && memcmp(l->perm, mac, 6) == 0)
		return 1;
	return l->has_addr && memcmp(l->addr, mac, 6) == 0;
}

/* RTM_NEWLINK of the interface asked for by name. */
static int state_link_get(void *ctx, uint16_t type, const unsigned char *p,
			  size_t len)
{
	struct run *r = ctx;

	if (type != RTM_NEWLINK)
		return -EBADMSG;
	return nl_link_info_parse(p, len, &r->link);
}

/* RTM_NEWLINK: every interface's name, for messages, and those that have
 * the configured MAC. */
static int state_link_read(void *ctx, uint16_t type, const unsigned char *p,
			   size_t len)
{
	struct run *r = ctx;
	struct nl_link_info l;
	int err;

	if (type != RTM_NEWLINK)
		return 0;
	err = nl_link_info_parse(p, len, &l);
	if (err)
		return err;
	if (r->link_names.len > 0)
		text_add(&r->link_names, ", ");
	text_add_visible(&r->link_names, l.name);
	if (!link_has_mac(&l, r->c.mac))
		return 0;
	if (r->mac_matches < 2)
		memcpy(r->mac_match[r->mac_matches], l.name, sizeof l.name);
	r->link = l;
	r->mac_matches++;
	return 0;
}

static int state_dump(struct run *r, uint16_t type, nl_dump_fn *fn);

/* By name; else the one interface whose MAC is the configured one (udev
 * may have renamed it: eth0 became ens3). */
static int iface_lookup(struct run *r)
{
	struct batch b;
	int err;

	batch_init(r, &b);
	nl_link_get_request(&b.nl, r->c.iface);
	err = nl_get(&r->nl, &b.nl, state_link_get, r);
	if (err != -ENODEV)
		return err;
	err = state_dump(r, RTM_GETLINK, state_link_read);
	if (err)
		return err;
	if (r->mac_matches != 1)
		return -ENODEV; /* none, or more than one: said when it fails */
	r->found_by_mac = 1;
	return 0;
}

/* The interface's index; with --wait, asked again every 1/10 s for that
 * many seconds while a driver may still be loading. */
static int iface_find(struct run *r)
{
	const struct timespec poll_interval = {
		.tv_nsec = 1000000000 / WAIT_POLLS_PER_SECOND,
	};
	unsigned long polls = r->wait * WAIT_POLLS_PER_SECOND;
	unsigned long i;
	int err;

	err = iface_lookup(r);
	for (i = 0; err == -ENODEV && i < polls; i++) {
		nanosleep(&poll_interval, NULL);
		err = iface_lookup(r);
	}
	return err;
}

/* "guestnet: eth0: find interface: ...", ending at what there is. */
static void iface_find_fail(struct run *r, int err)
{
	char wait_text[GN_DECIMAL_SIZE];
	struct line l;

	r->failures++;
	r->failed[PART_IFACE] = 1;
	line_start_about(&l, r->step);
	if (err == -ENODEV && r->mac_matches > 1) {
		text_add(&l.t, "no interface of that name, and more than one "
			       "has its MAC: ");
		text_add_visible(&l.t, r->mac_match[0]);
		text_add(&l.t, ", ");
		text_add_visible(&l.t, r->mac_match[1]);
		line_write(&l, 2);
		return;
	}
	text_add_errno(&l.t, -err);
	if (err == -ENODEV) {
		text_add(&l.t, " (");
		if (r->wait > 0) {
			decimal_format(wait_text, sizeof wait_text, r->wait);
			step_name(r, "waited ", wait_text, " s; ", END);
			text_add(&l.t, r->step);
		}
		text_add(&l.t, "there are: ");
		text_add(&l.t, r->link_names_buf);
		text_add(&l.t, ")");
	}
	line_write(&l, 2);
}

/* Configured under its own name from now on, with a line saying so. */
static void iface_rename(struct run *r)
{
	const char *found = r->mac_match[0];
	char mac_text[GN_MAC_TEXT_SIZE];
	struct text shown;
	struct line l;

	mac_format(mac_text, sizeof mac_text, r->c.mac);
	line_start_about(&l, r->iface_shown);
	text_add(&l.t, "no interface of that name: configuring ");
	text_add_visible(&l.t, found);
	text_add(&l.t, ", whose MAC is ");
	text_add(&l.t, mac_text);
	line_write(&l, 2);
	memcpy(r->c.iface, found, sizeof r->c.iface);
	text_init(&shown, r->iface_shown, sizeof r->iface_shown);
	text_add_visible(&shown, r->c.iface);
}

/* Found, or nothing is done on it (a dry run looks as well). */
static void iface_find_step(struct run *r)
{
	int err;

	if (!r->c.has_net)
		return;
	if (r->failed[PART_NETLINK]) {
		r->failed[PART_IFACE] = 1;
		return;
	}
	step_name(r, r->iface_shown, ": find interface", END);
	err = iface_find(r);
	if (!err && r->found_by_mac)
		iface_rename(r);
	if (!err) {
		/* whether it was up: then it may have learned neighbours, and
		 * the kernel will not announce its addresses by itself */
		r->ifindex = r->link.index;
		r->iface_flags = (int16_t)r->link.flags;
		r->link_was_up = (r->link.flags & GN_IFF_UP) != 0;
		return;
	}
	iface_find_fail(r, err);
	step_name(r, r->iface_shown, ": MAC, MTU, addresses, routes", END);
	skip_report(r->step, "the interface is not there");
}

/* ---- reading the state ----------------------------------------------------- */

static int ip_equal(int family, const uint8_t *a, const uint8_t *b)
{
	size_t len = family == GN_AF_INET ? 4 : 16;

	return memcmp(a, b, len) == 0;
}

/* RTM_NEWADDR: lo's own two, and the interface's global and site ones
 * (link-local and host-scope addresses are left alone). */
static int state_addr_read(void *ctx, uint16_t type, const unsigned char *p,
			   size_t len)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };
	struct run *r = ctx;
	struct nl_addr_info a;
	int err;

	if (type != RTM_NEWADDR)
		return 0;
	err = nl_addr_info_parse(p, len, &a);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (a.index == LOOPBACK_IFINDEX && a.family == GN_AF_INET)
		r->lo_has[0] |= a.plen == 8 && ip_equal(a.family, a.addr, lo4);
	if (a.index == LOOPBACK_IFINDEX && a.family == GN_AF_INET6)
		r->lo_has[1] |= a.plen == 128 &&
				ip_equal(a.family, a.addr, lo6);
	if (a.index != r->ifindex || r->ifindex == 0)
		return 0;
	if (a.scope != RT_SCOPE_UNIVERSE && a.scope != RT_SCOPE_SITE)
		return 0;
	if (r->addr_count == STATE_ADDRS_MAX)
		return -E2BIG;
	r->addrs[r->addr_count] = a;
	r->addr_count++;
	return 0;
}

/* A dump into the state, started again when the kernel interrupts it. */
static int state_dump(struct run *r, uint16_t type, nl_dump_fn *fn)
{
	struct batch b;
	int tries;
	int err = 0;

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		r->addr_count = 0;
		r->route_count = 0;
		r->neigh_count = 0;
		r->lo_has[0] = 0;
		r->lo_has[1] = 0;
		r->mac_matches = 0;
		text_init(&r->link_names, r->link_names_buf,
			  sizeof r->link_names_buf);
		batch_init(r, &b);
		nl_dump_request(&b.nl, type, r->ifindex);
		err = nl_dump(&r->nl, &b.nl, fn, r);
		if (err != -EAGAIN)
			return err;
	}
	return err;
}

static void addrs_read_step(struct run *r)
{
	int err;

	if (r->failed[PART_NETLINK])
		return;
	err = state_dump(r, RTM_GETADDR, state_addr_read);
	if (!err)
		return;
	run_fail(r, PART_ADDRS, "netlink: read addresses", err, NULL);
	skip_report("addresses and routes", "the addresses could not be read");
}

static void loopback_addrs_step(struct run *r)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };
	struct batch b;

	if (r->failed[PART_NETLINK] || r->failed[PART_ADDRS])
		return;
	batch_init(r, &b);
	if (!r->lo_has[0])
		batch_addr_add(r, &b, "lo", LOOPBACK_IFINDEX, GN_AF_INET, lo4,
			       8, 0);
	if (!r->lo_has[1])
		batch_addr_add(r, &b, "lo", LOOPBACK_IFINDEX, GN_AF_INET6, lo6,
			       128, !r->c.v6.set);
	batch_send(r, &b);
}

/* ---- the interface ----------------------------------------------------------- */

/* Some drivers refuse a new MAC while the link is up (EBUSY): then it is
 * set with the link down for a moment. */
static int mac_set_while_down(struct run *r)
{
	const char *dev = r->c.iface;
	int16_t flags;
	int err;

	if (r->verbose)
		notice_report(r->step, "refused while up: the link goes down "
				       "for it");
	err = dev_flags_get(r->nl.fd, dev, &flags);
	if (err)
		return err;
	err = dev_flags_set(r->nl.fd, dev, (int16_t)(flags & ~GN_IFF_UP));
	if (err)
		return err;
	err = dev_mac_set(r->nl.fd, dev, r->c.mac);
	if (err)
		return err;
	return dev_flags_set(r->nl.fd, dev, flags);
}

static void iface_mac_step(struct run *r)
{
	char mac_text[GN_MAC_TEXT_SIZE];
	int err;

	if (r->failed[PART_IFACE] || !r->c.has_net)
		return;
	mac_format(mac_text, sizeof mac_text, r->c.mac);
	if (r->link.has_addr && memcmp(r->link.addr, r->c.mac, 6) == 0) {
		step_name(r, r->iface_shown, ": MAC already ", mac_text, END);
		verbose_report(r);
		return;
	}
	r->mac_changed = 1;
	step_name(r, r->iface_shown, ": set MAC ", mac_text, END);
	if (!step_start(r))
		return;
	err = dev_mac_set(r->nl.fd, r->c.iface, r->c.mac);
	if (err == -EBUSY)
		err = mac_set_while_down(r);
	if (err)
		step_fail(r, PART_MAC, err);
}

/* The MTU (read with the interface) goes first in the address batch, when
 * it is not the configured one already: an IPv6 address needs 1280 on the
 * device. No system call of its own. */
static void iface_mtu_step(struct run *r)
{
	char mtu_text[GN_DECIMAL_SIZE];

	if (r->failed[PART_IFACE] || !r->c.has_net)
		return;
	r->mtu_to_set = r->link.mtu != r->c.mtu;
	if (r->mtu_to_set)
		return;
	decimal_format(mtu_text, sizeof mtu_text, r->c.mtu);
	step_name(r, r->iface_shown, ": MTU already ", mtu_text, END);
	verbose_report(r);
}

static void mtu_plan(struct run *r, struct batch *b)
{
	char mtu_text[GN_DECIMAL_SIZE];

	if (!r->mtu_to_set)
		return;
	decimal_format(mtu_text, sizeof mtu_text, r->c.mtu);
	step_name(r, r->iface_shown, ": set MTU ", mtu_text, END);
	batch_request_begin(r, b, PART_MTU, 0, 0);
	nl_link_mtu(&b->nl, r->ifindex, r->c.mtu);
}

static const struct gn_ip *family_config(const struct run *r, int family)
{
	if (family == GN_AF_INET)
		return &r->c.v4;
	return &r->c.v6;
}

/*
 * Exactly the configured address of the family among the interface's
 * global and site ones: any other is removed (an equal one with another
 * prefix length too: the kernel keeps both, or the old one), first, since
 * removing a primary IPv4 address takes its secondaries with it.
 */
static void family_addrs_plan(struct run *r, struct batch *b, int family)
{
	const struct gn_ip *ip = family_config(r, family);
	const struct nl_addr_info *a;
	int have = 0;
	unsigned i;

	for (i = 0; i < r->addr_count; i++) {
		a = &r->addrs[i];
		if (a->family != family)
			continue;
		if (ip->set && a->plen == ip->plen &&
		    ip_equal(family, a->addr, ip->addr)) {
			have = 1;
			continue;
		}
		batch_addr_del(r, b, a);
	}
	if (!ip->set || have)
		return;
	r->added[family == GN_AF_INET6] = 1;
	batch_addr_add(r, b, r->iface_shown, r->ifindex, family, ip->addr,
		       ip->plen, 0);
}

/* On a link that comes up now, the kernel announces the IPv4 address
 * itself once arp_notify is set: a packet socket of guestnet's own would
 * cost an RCU grace period as it closes (about 15 ms, most of a run). */
static void arp_notify_plan(struct run *r, struct batch *b)
{
	if (!r->c.v4.set || r->link_was_up)
		return;
	if (!r->mac_changed && !r->added[0])
		return;
	step_name(r, r->iface_shown, ": set arp_notify", END);
	batch_request_begin(r, b, PART_ANNOUNCE, 0, 0);
	nl_link_arp_notify(&b->nl, r->ifindex);
}

static void iface_addrs_step(struct run *r)
{
	struct batch b;

	if (r->failed[PART_IFACE] || !r->c.has_net)
		return;
	batch_init(r, &b);
	mtu_plan(r, &b); /* needs no address read */
	if (!r->failed[PART_ADDRS]) {
		family_addrs_plan(r, &b, GN_AF_INET);
		family_addrs_plan(r, &b, GN_AF_INET6);
		arp_notify_plan(r, &b);
	}
	batch_send(r, &b);
}

/* Up before the routes, in their batch: the kernel refuses an IPv4
 * gateway on a down link, and handles a batch in order. */
static void link_up_plan(struct run *r, struct batch *b)
{
	if (r->link_was_up) {
		step_name(r, r->iface_shown, ": already up", END);
		verbose_report(r);
		return;
	}
	step_name(r, r->iface_shown, ": set up", END);
	batch_request_begin(r, b, PART_LINK, 0, 0);
	nl_link_up(&b->nl, r->ifindex);
}

/* RTM_NEWROUTE: the interface's default routes in the main table. */
static int state_route_read(void *ctx, uint16_t type, const unsigned char *p,
			    size_t len)
{
	struct run *r = ctx;
	struct nl_route_info route;
	int err;

	if (type != RTM_NEWROUTE)
		return 0;
	err = nl_route_info_parse(p, len, &route);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (route.dst_len != 0 || route.table != RT_TABLE_MAIN)
		return 0;
	if (route.oif != r->ifindex)
		return 0;
	if (r->route_count == STATE_ROUTES_MAX)
		return -E2BIG;
	r->routes[r->route_count] = route;
	r->route_count++;
	return 0;
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

/* The metric a default route added without one gets. */
static uint32_t route_default_priority(int family)
{
	if (family == GN_AF_INET)
		return 0;
	return 1024;
}

/* The route a fresh run adds: via the gateway, its default metric, on-link
 * as needed, installed at boot. */
static int route_is_configured(const struct nl_route_info *route,
			       const struct gn_ip *ip)
{
	unsigned onlink = route_onlink(ip) ? RTNH_F_ONLINK : 0;

	if (!ip->set || !route->has_gw)
		return 0;
	if (!ip_equal(ip->family, route->gw, ip->gw))
		return 0;
	if (route->priority != route_default_priority(ip->family))
		return 0;
	if (route->protocol != RTPROT_BOOT)
		return 0;
	return (route->flags & RTNH_F_ONLINK) == onlink;
}

static void batch_route_del(struct run *r, struct batch *b,
			    const struct nl_route_info *route)
{
	char gw_text[GN_IP_TEXT_SIZE] = "";
	const uint8_t *gw = NULL;

	if (route->has_gw) {
		gw = route->gw;
		env_ip_format(gw_text, sizeof gw_text, route->family, gw);
	}
	step_name(r, r->iface_shown, ": remove ", family_name(route->family),
		  " default route", gw ? " via " : "", gw_text, END);
	batch_request_begin(r, b, PART_ROUTES, ESRCH, 0);
	nl_route_default_del(&b->nl, route->family, r->ifindex, gw,
			     route->priority);
}

static void batch_route_add(struct run *r, struct batch *b,
			    const struct gn_ip *ip)
{
	int onlink = route_onlink(ip);
	char gw_text[GN_IP_TEXT_SIZE];

	env_ip_format(gw_text, sizeof gw_text, ip->family, ip->gw);
	step_name(r, r->iface_shown, ": add ", family_name(ip->family),
		  " default route via ", gw_text, onlink ? " on-link" : "",
		  END);
	if (r->failed[family_part(ip->family)]) {
		skip_report(r->step, "its address failed");
		return;
	}
	batch_request_begin(r, b, PART_ROUTES, 0, 0);
	nl_route_default(&b->nl, ip->family, r->ifindex, ip->gw, onlink);
}

/* The configured default route of the family, and no other through the
 * interface. */
static void family_routes_plan(struct run *r, struct batch *b, int family)
{
	const struct gn_ip *ip = family_config(r, family);
	int have = 0;
	unsigned i;

	for (i = 0; i < r->route_count; i++) {
		if (r->routes[i].family != family)
			continue;
		if (route_is_configured(&r->routes[i], ip))
			have = 1;
		else
			batch_route_del(r, b, &r->routes[i]);
	}
	if (ip->set && !have)
		batch_route_add(r, b, ip);
}

/* The link up, and exactly the configured default routes. */
static void link_and_routes_step(struct run *r)
{
	struct batch b;
	int err = 0;

	if (r->failed[PART_IFACE] || !r->c.has_net)
		return;
	if (!r->failed[PART_ADDRS])
		err = state_dump(r, RTM_GETROUTE, state_route_read);
	if (err) {
		step_name(r, r->iface_shown, ": read routes", END);
		step_fail(r, PART_ROUTES, err);
	}
	batch_init(r, &b);
	link_up_plan(r, &b);
	if (!err && !r->failed[PART_ADDRS]) {
		family_routes_plan(r, &b, GN_AF_INET);
		family_routes_plan(r, &b, GN_AF_INET6);
	}
	batch_send(r, &b);
}

/* RTM_NEWNEIGH: the interface's learned entries (not permanent ones). */
static int state_neigh_read(void *ctx, uint16_t type, const unsigned char *p,
			    size_t len)
{
	struct run *r = ctx;
	struct nl_neigh_info n;
	int err;

	if (type != RTM_NEWNEIGH)
		return 0;
	err = nl_neigh_info_parse(p, len, &n);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (n.index != r->ifindex || !n.has_dst)
		return 0;
	if (n.state & (NUD_PERMANENT | NUD_NOARP))
		return 0;
	if (r->neigh_count == STATE_NEIGHS_MAX)
		return -E2BIG;
	r->neighs[r->neigh_count] = n;
	r->neigh_count++;
	return 0;
}

/*
 * Forget the neighbours the interface learned, so that a restored guest
 * asks again where its gateway is. None to read when the link was down
 * (the kernel forgets them when it goes down) or the MAC changed (the
 * kernel forgets them then too).
 */
static void neighbours_step(struct run *r)
{
	char addr_text[GN_IP_TEXT_SIZE];
	const struct nl_neigh_info *n;
	struct batch b;
	unsigned i;
	int err;

	if (r->failed[PART_IFACE] || !r->c.has_net)
		return;
	if (!r->link_was_up || (r->mac_changed && !r->dry))
		return;
	err = state_dump(r, RTM_GETNEIGH, state_neigh_read);
	if (err == -EOPNOTSUPP) {
		/* no kernel lacks them, but qemu-user's netlink does: said
		 * under --verbose only, as it cannot happen on a real kernel */
		step_name(r, r->iface_shown, ": neighbours", END);
		if (r->verbose)
			notice_report(r->step, "not read, none forgotten: the "
					       "kernel does not dump them");
		return;
	}
	if (err) {
		step_name(r, r->iface_shown, ": read neighbours", END);
		step_fail(r, PART_NEIGH, err);
		return;
	}
	batch_init(r, &b);
	for (i = 0; i < r->neigh_count; i++) {
		n = &r->neighs[i];
		env_ip_format(addr_text, sizeof addr_text, n->family, n->dst);
		step_name(r, r->iface_shown, ": forget neighbour ", addr_text,
			  END);
		/* one that went meanwhile is done */
		batch_request_begin(r, &b, PART_NEIGH, ENOENT, 0);
		nl_neigh_del(&b.nl, n->family, r->ifindex, n->dst);
	}
	batch_send(r, &b);
}

/*
 * Peers learn at once where an address is after the MAC or the address
 * changed: a gratuitous ARP, an unsolicited neighbour advertisement. On a
 * link that came up in this run the kernel sent the ARP (arp_notify).
 */
static void family_announce(struct run *r, int family)
{
	const struct gn_ip *ip = family_config(r, family);
	char addr_text[GN_IP_TEXT_SIZE];
	char mac_text[GN_MAC_TEXT_SIZE];
	int err;

	if (!ip->set || r->failed[family_part(family)] || r->failed[PART_ADDRS])
		return;
	if (!r->mac_changed && !r->added[family == GN_AF_INET6])
		return;
	if (family == GN_AF_INET && !r->link_was_up)
		return;
	env_ip_format(addr_text, sizeof addr_text, family, ip->addr);
	mac_format(mac_text, sizeof mac_text, r->c.mac);
	step_name(r, r->iface_shown, ": announce ", addr_text, " at ", mac_text,
		  END);
	if (!step_start(r))
		return;
	if (family == GN_AF_INET)
		err = dev_arp_announce(r->ifindex, ip->addr, r->c.mac);
	else
		err = dev_na_announce(r->ifindex, ip->addr, r->c.mac);
	/* ENETUNREACH: a link that came up a moment ago has no route to
	 * ff02::1 until the kernel adds its multicast route (and none other
	 * when the default route is not there). The peers then learn the
	 * address when they next ask; nothing is misconfigured. */
	if (err == -EAFNOSUPPORT)
		notice_report(r->step,
			      "skipped, the kernel has no such sockets");
	else if (err == -ENETUNREACH)
		notice_report(r->step, "not sent, the link has no route to "
				       "its peers yet");
	else if (err)
		step_fail(r, PART_ANNOUNCE, err);
}

static void announce_step(struct run *r)
{
	if (r->failed[PART_IFACE] || r->failed[PART_LINK] || !r->c.has_net)
		return;
	if (r->failed[PART_MAC])
		return; /* the peers would be told a MAC the interface lacks */
	family_announce(r, GN_AF_INET);
	family_announce(r, GN_AF_INET6);
}

/* Written only when a DNS server is set; otherwise left alone. */
static void resolv_step(struct run *r)
{
	char data[HOSTS_FILE_SIZE];
	size_t len;

	len = hosts_resolv_render(data, sizeof data, &r->c);
	if (len > 0)
		file_write_step(r, "resolv.conf", data);
}

/*
 * The steps of a run, in order. Each reports its own failures and marks
 * the part of the run it failed; a step whose prerequisite failed is
 * skipped, and the others are all done.
 */
static void (*const run_steps[])(struct run *r) = {
	hosts_step,	      /* /etc/hosts */
	hostname_step,	      /* sethostname(), /etc/hostname */
	netlink_open_step,    /* the run's one socket */
	loopback_up_step,     /* lo up */
	iface_find_step,      /* the interface's index (--wait) */
	addrs_read_step,      /* the addresses there are */
	loopback_addrs_step,  /* 127.0.0.1/8 and ::1/128, when missing */
	iface_mac_step,	      /* the MAC */
	iface_mtu_step,	      /* the MTU */
	iface_addrs_step,     /* exactly the configured addresses */
	link_and_routes_step, /* the link up, exactly the configured routes */
	neighbours_step,      /* learned neighbours forgotten */
	announce_step,	      /* peers told of a new MAC or address */
	resolv_step,	      /* /etc/resolv.conf */
	files_commit_step,    /* one flush, then the files renamed into place */
};

/* ---- command line and input ------------------------------------------------- */

static const char usage[] =
	"usage: guestnet [options]\n"
	"Set up the network from MSB_NET, MSB_NET_IPV4, MSB_NET_IPV6, "
	"MSB_HOSTNAME and\n"
	"MSB_HOST_ALIAS: /etc/hosts, hostname, lo, MAC, MTU, addresses, "
	"routes, DNS.\n\n"
	"  -n, --dry-run         read the state, print every change and file;\n"
	"                        change nothing\n"
	"  -r, --root DIR        write hosts, hostname and resolv.conf under "
	"DIR/etc\n"
	"  -e, --env-file FILE   read NAME=VALUE lines from FILE (- for standard "
	"input)\n"
	"                        instead of the environment's MSB_* values\n"
	"  -c, --cmdline[=FILE]  take MSB_* values the environment (or -e FILE) "
	"lacks from\n"
	"                        the kernel command line in FILE (/proc/cmdline)\n"
	"  -w, --wait SECONDS    wait up to SECONDS (0-3600) for the interface; "
	"default 0\n"
	"  -v, --verbose         report each change as it is made\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n\n"
	"Re-runs converge: the interface ends as a fresh boot with this input "
	"leaves it.\n\n"
	"Exit status: 0 done; 1 a step failed (each failure is named; what did "
	"not\n"
	"depend on it is done); 2 bad usage or invalid input (nothing changed).\n";

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

/* "guestnet: WHAT "ARG"[: HINT]" and the pointer to --help. Returns
 * -EINVAL. */
static int usage_error_hint(const char *what, const char *arg, const char *hint)
{
	struct line l;

	line_start(&l);
	text_add(&l.t, "guestnet: ");
	text_add(&l.t, what);
	text_add(&l.t, " \"");
	text_add_escaped(&l.t, arg, strlen(arg));
	text_add(&l.t, "\"");
	if (hint) {
		text_add(&l.t, ": ");
		text_add(&l.t, hint);
	}
	text_add(&l.t, "\nTry 'guestnet --help'.");
	line_write(&l, 2);
	return -EINVAL;
}

static int usage_error(const char *what, const char *arg)
{
	return usage_error_hint(what, arg, NULL);
}

/* An argument after a bare -c or --cmdline: its FILE is only ever
 * attached, as it is optional. */
static int cmdline_hint(const char *arg)
{
	char hint[LINE_SIZE];
	struct text t;

	text_init(&t, hint, sizeof hint);
	text_add(&t, "the FILE of -c or --cmdline is only taken attached: "
		     "write --cmdline=");
	text_add_escaped(&t, arg, strlen(arg));
	return usage_error_hint("unexpected argument", arg, hint);
}

/* How an option takes its value. */
enum {
	VALUE_NONE,
	VALUE_NEEDED,	/* attached, or else the next argument */
	VALUE_OPTIONAL, /* attached only: -cFILE, --cmdline=FILE */
};

#define OPTION_NAME_SIZE 9 /* "env-file", its NUL included */

struct option {
	char name[OPTION_NAME_SIZE];
	char letter;
	char value; /* VALUE_NONE ... */
};

static const struct option options[] = {
	{ "dry-run", 'n', VALUE_NONE },	   { "root", 'r', VALUE_NEEDED },
	{ "env-file", 'e', VALUE_NEEDED }, { "cmdline", 'c', VALUE_OPTIONAL },
	{ "wait", 'w', VALUE_NEEDED },	   { "verbose", 'v', VALUE_NONE },
	{ "help", 'h', VALUE_NONE },	   { "version", 'V', VALUE_NONE },
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
		r->cmdline_bare = !*value;
		return 0;
	case 'e':
		r->env_file = value;
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
		r->cmdline_bare = 0;
		if (arg[1] == '-')
			err = args_long_parse(r, argv, &i);
		else
			err = args_short_parse(r, argv, &i);
		if (err)
			return err;
		if (r->info)
			return 0;
	}
	if (i < argc && r->cmdline_bare)
		return cmdline_hint(argv[i]);
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

/* The file at path ("-": standard input) into buf (size bytes, NUL
 * terminated); *len its bytes. -E2BIG when it does not fit. */
static int file_read(const char *path, char *buf, size_t size, size_t *len)
{
	int is_stdin = strcmp(path, "-") == 0;
	int err = 0;
	ssize_t n;
	int fd = 0;

	*len = 0;
	if (!is_stdin)
		fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (*len < size - 1) {
		n = read(fd, buf + *len, size - 1 - *len);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		*len += (size_t)n;
	}
	if (!is_stdin)
		close(fd);
	buf[*len] = '\0';
	if (err)
		return err;
	if (*len == size - 1)
		return -E2BIG;
	return 0;
}

/* The kernel command line, its NULs read as spaces (as /proc/cmdline may
 * hold them). */
static int cmdline_read(const char *path, char *buf, size_t size)
{
	size_t len;
	size_t i;
	int err;

	err = file_read(path, buf, size, &len);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	return err;
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

/* A name of the environment that looks like a misspelt MSB_NET...: said,
 * not refused (a newer host may send more). */
static void environment_names_check(void)
{
	const char *eq;
	char **e;
	struct line l;

	for (e = environ; *e; e++) {
		eq = memchr(*e, '=', strlen(*e));
		if (!eq || !env_name_misspelt(*e, (size_t)(eq - *e)))
			continue;
		line_start(&l);
		text_add(&l.t, "guestnet: warning: ");
		text_add_escaped(&l.t, *e, (size_t)(eq - *e));
		text_add(&l.t,
			 " in the environment is not a name guestnet reads "
			 "(MSB_NET, MSB_NET_IPV4 and MSB_NET_IPV6 are); "
			 "ignored");
		line_write(&l, 2);
	}
}

/* gn_line_diag for --env-file: "guestnet: --env-file FILE: line N: ..." */
static void env_file_problem_report(void *ctx, unsigned line, int warning,
				    const char *msg, const char *text,
				    size_t len)
{
	struct run *r = ctx;
	struct line l;

	line_start(&l);
	text_add(&l.t, "guestnet: --env-file ");
	text_add_visible(&l.t, r->env_file);
	text_add(&l.t, ": line ");
	text_add_decimal(&l.t, line);
	text_add(&l.t, warning ? ": warning: " : ": ");
	text_add_message(&l.t, msg, text, len);
	line_write(&l, 2);
}

/* The values of --env-file, in place of the environment's. */
static int env_file_load(struct run *r, const char *val[GN_NVARS])
{
	static char text[ENV_FILE_SIZE];
	unsigned line[GN_NVARS] = { 0 };
	struct text source;
	size_t len;
	int err;
	int k;

	err = file_read(r->env_file, text, sizeof text, &len);
	if (err) {
		step_name(r, "--env-file ", r->env_file, END);
		return failure_report(r->step, err, NULL);
	}
	if (env_file_parse(text, len, val, line, env_file_problem_report, r))
		return -EINVAL;
	for (k = 0; k < GN_NVARS; k++) {
		if (!val[k])
			continue;
		text_init(&source, r->source[k], sizeof r->source[k]);
		text_add_visible(&source, r->env_file);
		text_add(&source, ", line ");
		text_add_decimal(&source, line[k]);
	}
	return 0;
}

/* The MSB_* values of the environment, or of --env-file in its place; the
 * kernel command line's where they give none. */
static int inputs_read(struct run *r, const char *val[GN_NVARS])
{
	static char cmdline[CMDLINE_SIZE];
	const char *from_cmdline[GN_NVARS] = { NULL };
	struct text source;
	int err;
	int k;

	for (k = 0; k < GN_NVARS; k++)
		val[k] = NULL;
	if (r->env_file) {
		err = env_file_load(r, val);
		if (err)
			return err;
	} else {
		for (k = 0; k < GN_NVARS; k++)
			val[k] = getenv(gn_var[k]);
		environment_names_check();
	}
	if (r->cmdline) {
		err = cmdline_read(r->cmdline, cmdline, sizeof cmdline);
		if (err) {
			step_name(r, "--cmdline: ", r->cmdline, END);
			return failure_report(r->step, err, NULL);
		}
		env_cmdline_split(cmdline, from_cmdline);
	}
	for (k = 0; k < GN_NVARS; k++) {
		if (value_given(val[k]) || !from_cmdline[k])
			continue;
		val[k] = from_cmdline[k];
		text_init(&source, r->source[k], sizeof r->source[k]);
		text_add(&source, "kernel command line in ");
		text_add_visible(&source, r->cmdline);
	}
	return 0;
}

/* A guest booted without networking gets /etc/hosts and lo: said once. */
static void no_values_check(const char *const val[GN_NVARS])
{
	int k;

	for (k = 0; k < GN_NVARS; k++) {
		if (value_given(val[k]))
			return;
	}
	notice_report("no MSB_* value", "writing /etc/hosts and bringing lo "
					"up only");
}

int main(int argc, char **argv)
{
	static struct run r;
	const char *val[GN_NVARS];
	struct text shown;
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
	no_values_check(val);
	if (env_config_parse(val, &r.c, input_problem_report, &r))
		return STATUS_USAGE;

	text_init(&shown, r.iface_shown, sizeof r.iface_shown);
	text_add_visible(&shown, r.c.iface);
	if (!r.dry)
		umask(0); /* files 0644 and /etc 0755, whatever the umask */
	for (i = 0; i < ARRAY_SIZE(run_steps); i++)
		run_steps[i](&r);
	if (r.failures)
		return STATUS_FAILED;
	return STATUS_DONE;
}
