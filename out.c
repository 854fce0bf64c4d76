/* SPDX-License-Identifier: Apache-2.0 */
/*
 * out.c - every line guestnet prints. Lines are built in fixed buffers by
 * the text builder and written with write(2): no stdio, no format strings.
 * Text from outside (values, file contents, link targets, names the kernel
 * gives) is shown escaped, so that no byte of it can forge a line or move a
 * terminal's cursor; every stream of diagnostics is capped, so that no
 * input can flood a serial console.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "guestnet.h"

static const char hex_digits[] = "0123456789abcdef";

/* ---- the text builder ---------------------------------------------------------------- */

void text_init(struct text *t, char *buf, size_t size)
{
	t->buf = buf;
	t->size = size;
	t->len = 0;
	t->cut = 0;
	buf[0] = '\0';
}

void text_add_bytes(struct text *t, const char *s, size_t n)
{
	size_t room = t->size - 1 - t->len;

	if (n > room) {
		n = room;
		t->cut = 1;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void text_add(struct text *t, const char *s)
{
	text_add_bytes(t, s, strlen(s));
}

void text_add_decimal(struct text *t, unsigned long v)
{
	char digits[GN_DECIMAL_SIZE];
	size_t start = sizeof digits;

	do {
		start--;
		digits[start] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	text_add_bytes(t, digits + start, sizeof digits - start);
}

void text_add_hex_byte(struct text *t, unsigned byte)
{
	char hex[2];

	hex[0] = hex_digits[byte >> 4 & 15];
	hex[1] = hex_digits[byte & 15];
	text_add_bytes(t, hex, sizeof hex);
}

static void text_add_ip4(struct text *t, const uint8_t *a)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			text_add(t, ".");
		text_add_decimal(t, a[i]);
	}
}

static unsigned ip6_group(const uint8_t *a, int i)
{
	return (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
}

/* The first longest run of two or more zero groups: its first group and,
 * in *run_len, its length; -1 when there is none. */
static int ip6_zero_run_find(const uint8_t *a, int *run_len)
{
	int best = -1;
	int best_len = 1;
	int run = 0;
	int i;

	for (i = 0; i < 8; i++) {
		if (ip6_group(a, i) == 0)
			run++;
		else
			run = 0;
		if (run > best_len) {
			best_len = run;
			best = i - run + 1;
		}
	}
	*run_len = best_len;
	return best;
}

/* A group in hex without leading zeros. */
static void text_add_ip6_group(struct text *t, unsigned group)
{
	int shift = 12;

	while (shift > 0 && (group >> shift) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		text_add_bytes(t, &hex_digits[group >> shift & 15], 1);
}

/* RFC 5952, as Rust's Ipv6Addr Display (the reference) writes it: lower
 * case, the first longest run of two or more zero groups as "::", and
 * IPv4-mapped addresses as ::ffff:a.b.c.d. */
static void text_add_ip6(struct text *t, const uint8_t *a)
{
	static const uint8_t mapped_prefix[12] = { [10] = 0xff, [11] = 0xff };
	int run_len;
	int run = ip6_zero_run_find(a, &run_len);
	int after_group = 0; /* a group was written last: ':' comes next */
	int i;

	if (memcmp(a, mapped_prefix, sizeof mapped_prefix) == 0) {
		text_add(t, "::ffff:");
		text_add_ip4(t, a + sizeof mapped_prefix);
		return;
	}
	for (i = 0; i < 8; i++) {
		if (i == run) {
			text_add(t, "::");
			i += run_len - 1;
			after_group = 0;
			continue;
		}
		if (after_group)
			text_add(t, ":");
		text_add_ip6_group(t, ip6_group(a, i));
		after_group = 1;
	}
}

void text_add_ip(struct text *t, int family, const uint8_t *addr)
{
	if (family == GN_AF_INET)
		text_add_ip4(t, addr);
	else
		text_add_ip6(t, addr);
}

void text_add_prefix(struct text *t, int family, const uint8_t *addr,
		     unsigned plen)
{
	text_add_ip(t, family, addr);
	text_add(t, "/");
	text_add_decimal(t, plen);
}

void text_add_mac(struct text *t, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		if (i > 0)
			text_add(t, ":");
		text_add_hex_byte(t, mac[i]);
	}
}

void text_add_escaped(struct text *t, const char *s, size_t n)
{
	size_t shown = n < OUT_SHOWN_MAX ? n : OUT_SHOWN_MAX;
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
	if (n > OUT_SHOWN_MAX)
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
void text_add_errno(struct text *t, int err)
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

/* ---- lines ------------------------------------------------------------------ */

/* A descriptor of 0-2 closed at exec is opened on /dev/null: poll() tells
 * which, in one system call. */
void out_fds_ready(void)
{
	struct pollfd fds[3] = {
		{ .fd = 0 },
		{ .fd = 1 },
		{ .fd = 2 },
	};
	int fd;
	int i;

	if (poll(fds, 3, 0) <= 0)
		return;
	for (i = 0; i < 3; i++) {
		if (!(fds[i].revents & POLLNVAL))
			continue;
		fd = openat(AT_FDCWD, "/dev/null", O_RDWR);
		if (fd != i)
			_exit(2); /* nowhere to say it: 0-2 cannot be made valid */
	}
}

void out_line_start(struct out_line *l)
{
	text_init(&l->t, l->buf, sizeof l->buf - 1);
	text_add(&l->t, "guestnet: ");
}

void out_line_write(struct out_line *l, int fd)
{
	l->buf[l->t.len] = '\n';
	/* a failure is dropped: there is nowhere else to say it */
	(void)hosts_write_all(fd, l->buf, l->t.len + 1);
}

int out_stream_write(struct out_stream *s, struct out_line *l)
{
	s->count++;
	if (s->count > OUT_STREAM_MAX)
		return 0;
	out_line_write(l, 2);
	return 1;
}

void out_stream_end(const struct out_stream *s)
{
	struct out_line l;

	if (s->count <= OUT_STREAM_MAX)
		return;
	out_line_start(&l);
	text_add_decimal(&l.t, s->count - OUT_STREAM_MAX);
	text_add(&l.t, " more ");
	text_add(&l.t, s->what);
	text_add(&l.t, " not shown");
	out_line_write(&l, 2);
}

void out_failure(const char *what, int err, const char *ext)
{
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, what);
	text_add(&l.t, ": ");
	text_add_errno(&l.t, -err);
	if (ext && *ext) {
		text_add(&l.t, " (kernel: ");
		text_add_escaped(&l.t, ext, strlen(ext));
		text_add(&l.t, ")");
	}
	out_line_write(&l, 2);
}

void out_notice(const char *what, const char *notice)
{
	struct out_line l;

	out_line_start(&l);
	if (what) {
		text_add(&l.t, what);
		text_add(&l.t, ": ");
	}
	text_add(&l.t, notice);
	out_line_write(&l, 2);
}

void out_file_lines(const char *data)
{
	const char *newline = memchr(data, '\n', strlen(data));
	struct out_line l;

	while (newline) {
		text_init(&l.t, l.buf, sizeof l.buf - 1);
		text_add(&l.t, "    ");
		text_add_bytes(&l.t, data, (size_t)(newline - data));
		out_line_write(&l, 1);
		data = newline + 1;
		newline = memchr(data, '\n', strlen(data));
	}
}
