/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hosts.c - the /etc files: /etc/hosts byte for byte as the reference agent
 * renders it, resolv.conf, and the atomic replacement of one file.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <sys/stat.h>
#include <unistd.h>

#include "guestnet.h"

#define HOSTS_LOCALHOST4 "127.0.0.1\tlocalhost"
#define HOSTS_LOCALHOST6 "::1\tlocalhost ip6-localhost ip6-loopback"
#define HOSTS_IP6_NAMES             \
	"fe00::\tip6-localnet\n"    \
	"ff00::\tip6-mcastprefix\n" \
	"ff02::1\tip6-allnodes\n"   \
	"ff02::2\tip6-allrouters\n"

/* The longest /etc/hosts: both localhost lines with the longest hostname,
 * an alias line per family with the longest address text, the ip6- names. */
#define HOSTS_NAMED_LINE(fixed) (sizeof(fixed) - 1 + 1 + GN_HOSTNAME_MAX + 1)
#define HOSTS_ALIAS_LINE (GN_IP_TEXT_SIZE - 1 + 1 + GN_ALIAS_MAX + 1)
#define HOSTS_LONGEST                                                \
	(HOSTS_NAMED_LINE(HOSTS_LOCALHOST4) +                        \
	 HOSTS_NAMED_LINE(HOSTS_LOCALHOST6) + 2 * HOSTS_ALIAS_LINE + \
	 sizeof HOSTS_IP6_NAMES - 1)
_Static_assert(HOSTS_LONGEST < HOSTS_FILE_SIZE, "room for the longest hosts");

/* "ADDRESS\tNAME\n" */
static void hosts_line_add(struct text *t, int family, const uint8_t *addr,
			   const char *name)
{
	text_add_ip(t, family, addr);
	text_add(t, "\t");
	text_add(t, name);
	text_add(t, "\n");
}

/* A localhost line, with the hostname when one is set. */
static void hosts_localhost_add(struct text *t, const char *fixed,
				const char *hostname)
{
	text_add(t, fixed);
	if (*hostname) {
		text_add(t, " ");
		text_add(t, hostname);
	}
	text_add(t, "\n");
}

/* The reference's hosts_file_contents(): localhost lines (with the hostname
 * when set), the alias on each configured gateway, then the ip6- names. */
size_t hosts_render(char *out, size_t size, const struct gn_config *c)
{
	struct text t;

	text_init(&t, out, size);
	hosts_localhost_add(&t, HOSTS_LOCALHOST4, c->hostname);
	hosts_localhost_add(&t, HOSTS_LOCALHOST6, c->hostname);
	if (*c->alias && c->v4.set)
		hosts_line_add(&t, GN_AF_INET, c->v4.gw, c->alias);
	if (*c->alias && c->v6.set)
		hosts_line_add(&t, GN_AF_INET6, c->v6.gw, c->alias);
	text_add(&t, HOSTS_IP6_NAMES);
	return t.len;
}

static void hosts_nameserver_add(struct text *t, int family,
				 const uint8_t *addr)
{
	text_add(t, "nameserver ");
	text_add_ip(t, family, addr);
	text_add(t, "\n");
}

/* "nameserver X" per DNS server, IPv4 first. */
size_t hosts_resolv_render(char *out, size_t size, const struct gn_config *c)
{
	struct text t;

	text_init(&t, out, size);
	if (c->v4.set && c->v4.has_dns)
		hosts_nameserver_add(&t, GN_AF_INET, c->v4.dns);
	if (c->v6.set && c->v6.has_dns)
		hosts_nameserver_add(&t, GN_AF_INET6, c->v6.dns);
	return t.len;
}

static int hosts_etc_openat(const char *path)
{
	return openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Opened, and created only when it is not there (one system call less on
 * every guest that has an /etc). */
int hosts_etc_open(const char *path, const char **op)
{
	int fd;

	*op = "open directory";
	fd = hosts_etc_openat(path);
	if (fd >= 0)
		return fd;
	if (errno != ENOENT)
		return -errno;
	*op = "create directory";
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	*op = "open directory";
	fd = hosts_etc_openat(path);
	if (fd < 0)
		return -errno;
	return fd;
}

int hosts_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ".NAME.guestnet", the temporary file beside NAME (or beside a symlink's
 * target, whose name may be longer). */
#define HOSTS_TEMP_NAME_SIZE 256 /* NAME_MAX and its NUL */

static int hosts_temp_name(char *out, size_t size, const char *name)
{
	struct text t;

	text_init(&t, out, size);
	text_add(&t, ".");
	text_add(&t, name);
	text_add(&t, ".guestnet");
	if (t.cut)
		return -ENAMETOOLONG;
	return 0;
}

/* A new temporary file; one a crash left behind is removed first. */
static int hosts_temp_create(int dirfd, const char *temp)
{
	const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd;

	fd = openat(dirfd, temp, flags, 0644);
	if (fd < 0 && errno == EEXIST && unlinkat(dirfd, temp, 0) == 0)
		fd = openat(dirfd, temp, flags, 0644);
	if (fd < 0)
		return -errno;
	return fd;
}

/* Write the temporary file and close it; no flush (see
 * hosts_files_sync()). */
static int hosts_temp_fill(int fd, const char *data, size_t len,
			   const char **op)
{
	int err;

	*op = "write";
	err = hosts_write_all(fd, data, len);
	if (close(fd) && errno != EINTR && !err) {
		*op = "close";
		err = -errno;
	}
	return err;
}

int hosts_file_stage(int dirfd, const char *name, const char *data, size_t len,
		     const char **op)
{
	char temp[HOSTS_TEMP_NAME_SIZE];
	int err;
	int fd;

	*op = "create temporary file";
	err = hosts_temp_name(temp, sizeof temp, name);
	if (err)
		return err;
	fd = hosts_temp_create(dirfd, temp);
	if (fd < 0)
		return fd;
	err = hosts_temp_fill(fd, data, len, op);
	if (err)
		unlinkat(dirfd, temp, 0);
	return err;
}

int hosts_file_commit(int dirfd, const char *name, const char **op)
{
	char temp[HOSTS_TEMP_NAME_SIZE];

	*op = "rename";
	if (hosts_temp_name(temp, sizeof temp, name))
		return -ENAMETOOLONG; /* staged, so it cannot be */
	if (renameat(dirfd, temp, dirfd, name) == 0)
		return 0;
	unlinkat(dirfd, temp, 0);
	return -errno;
}

void hosts_file_abandon(int dirfd, const char *name)
{
	char temp[HOSTS_TEMP_NAME_SIZE];

	if (hosts_temp_name(temp, sizeof temp, name) == 0)
		unlinkat(dirfd, temp, 0);
}

/*
 * The one flush of a run. Every temporary file is written, then this, then
 * the renames: each rename then either did not happen (a crash leaves the
 * old file) or names data already on the disk. It relies on syncfs()
 * returning only once the file system's data and metadata are on stable
 * storage (the journal committed, the disk's cache flushed), and on a
 * rename being atomic in the journal. klibc has no syncfs(): sync() there
 * flushes every file system, once as well. On tmpfs it costs nothing.
 */
int hosts_files_sync(int dirfd)
{
#ifdef __KLIBC__
	(void)dirfd;
	sync();
	return 0;
#else
	while (syncfs(dirfd)) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
#endif
}
