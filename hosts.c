/* SPDX-License-Identifier: Apache-2.0 */
/* hosts.c - the /etc files: /etc/hosts byte for byte as the reference agent
 * renders it, resolv.conf, and the atomic replacement of one file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <sys/stat.h>
#include <unistd.h>
#include "guestnet.h"

/* stpcpy(), which klibc lacks. */
static char *put(char *p, const char *s) { return (char *)memcpy(p, s, strlen(s) + 1) + strlen(s); }

/* "PRE<address>SEP NAME\n" at p; returns the end. */
static char *ip_line(char *p, const char *pre, int family, const uint8_t *a,
		     const char *sep, const char *name) {
	p = put(p, pre);
	p += ip_format(p, family, a);
	p = put(put(p, sep), name);
	return put(p, "\n");
}

/* The reference's hosts_file_contents(): localhost lines (with the hostname
 * when set), the alias on each configured gateway, then the ip6- names. */
size_t hosts_render(char *out, const struct gn_config *c) {
	const char *sp = *c->hostname ? " " : "";
	char *p = out;
	p = put(put(put(p, "127.0.0.1\tlocalhost"), sp), c->hostname);
	p = put(put(put(p, "\n::1\tlocalhost ip6-localhost ip6-loopback"), sp),
		   c->hostname);
	p = put(p, "\n");
	if (*c->alias && c->v4.set) p = ip_line(p, "", GN_AF_INET, c->v4.gw, "\t", c->alias);
	if (*c->alias && c->v6.set) p = ip_line(p, "", GN_AF_INET6, c->v6.gw, "\t", c->alias);
	p = put(p, "fe00::\tip6-localnet\nff00::\tip6-mcastprefix\n"
		      "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
	return (size_t)(p - out);
}

/* "nameserver X" per DNS server, IPv4 first; "" when there is none. */
size_t resolv_render(char *out, const struct gn_config *c) {
	char *p = out;
	*p = '\0';
	if (c->v4.set && c->v4.has_dns)
		p = ip_line(p, "nameserver ", GN_AF_INET, c->v4.dns, "", "");
	if (c->v6.set && c->v6.has_dns)
		p = ip_line(p, "nameserver ", GN_AF_INET6, c->v6.dns, "", "");
	return (size_t)(p - out);
}

/* DIR/etc, created 0755 when missing: a descriptor, or -errno and *op. */
int etc_open(const char *path, const char **op) {
	int fd;
	*op = "create directory";
	if (mkdir(path, 0755) && errno != EEXIST) return -errno;
	*op = "open directory";
	if ((fd = openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) return -errno;
	return fd;
}

static int write_all(int fd, const char *data, size_t len) {
	ssize_t w;
	for (; len; data += w, len -= (size_t)w)
		if ((w = write(fd, data, len)) < 0 && errno == EINTR) w = 0;
		else if (w <= 0) return w ? -errno : -EIO;
	return 0;
}

/* Atomically: a temporary file beside it, fsync, rename. Readers see the old
 * file or the new one, never a part; a failure keeps the old one and removes
 * the temporary; rename() replaces a symlink at name rather than follow it.
 * The caller has set umask(0): the mode is exactly 0644. *op: what failed. */
int file_replace(int dirfd, const char *name, const char *data, size_t len,
		 const char **op) {
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	char tmp[32];
	int fd, err;
	put(put(put(tmp, "."), name), ".guestnet");
	*op = "create temporary file";
	fd = openat(dirfd, tmp, flags, 0644);
	if (fd < 0 && errno == EEXIST && !unlinkat(dirfd, tmp, 0)) /* a crash's leftover */
		fd = openat(dirfd, tmp, flags, 0644);
	if (fd < 0) return -errno;
	*op = "write";
	err = write_all(fd, data, len);
	while (!err && fsync(fd))
		if (errno != EINTR) *op = "fsync", err = -errno;
	if (close(fd) && errno != EINTR && !err) *op = "close", err = -errno;
	if (!err && renameat(dirfd, tmp, dirfd, name)) *op = "rename", err = -errno;
	if (err) unlinkat(dirfd, tmp, 0);
	return err;
}
