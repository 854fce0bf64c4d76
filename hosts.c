/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hosts.c - the /etc files: /etc/hosts byte for byte as the reference agent
 * renders it, resolv.conf, and their writing under the root directory DIR
 * (--root, "/" by default) as one transaction rooted at a descriptor:
 *   the root   DIR opened once; DIR/etc and every link target resolved
 *              beneath it (openat2 RESOLVE_IN_ROOT, or a component walk on
 *              kernels without it), so that no path leaves DIR;
 *   a dest     what writing /etc/NAME meets: the file in DIR/etc, or, when
 *              DIR/etc is read-only and NAME a symlink, the link's target;
 *              looked at up front only by a dry run (a real run learns the
 *              odd cases from its errors, at no extra system call);
 *   the steps  staged in a temporary file beside it and left open; at the
 *              commit that file alone flushed (fsync), closed and renamed
 *              over it (or the temporary removed).
 * Nothing here prints; failures are -errno with a short phrase in *op.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h> /* renameat */
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "iface.h"

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
	const struct gn_route *gw4;
	const struct gn_route *gw6;
	struct text t;

	text_init(&t, out, size);
	hosts_localhost_add(&t, HOSTS_LOCALHOST4, c->hostname);
	hosts_localhost_add(&t, HOSTS_LOCALHOST6, c->hostname);
	gw4 = gn_config_default_route(c, GN_AF_INET);
	gw6 = gn_config_default_route(c, GN_AF_INET6);
	if (*c->alias && gw4)
		hosts_line_add(&t, GN_AF_INET, gw4->gw, c->alias);
	if (*c->alias && gw6)
		hosts_line_add(&t, GN_AF_INET6, gw6->gw, c->alias);
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

	unsigned i;

	text_init(&t, out, size);
	for (i = 0; i < c->dns_count; i++)
		hosts_nameserver_add(&t, c->dns[i].family, c->dns[i].addr);
	return t.len;
}

/* "NAME\n" */
size_t hosts_hostname_render(char *out, size_t size, const struct gn_config *c)
{
	struct text t;

	text_init(&t, out, size);
	text_add(&t, c->hostname);
	text_add(&t, "\n");
	return t.len;
}

/* ---- the root: DIR, and directories resolved beneath it ---------------- */

/* The kernel's MAXSYMLINKS: links followed in one resolution. */
#define HOSTS_LINKS_MAX 40

/* linux/openat2.h */
struct hosts_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
_Static_assert(sizeof(struct hosts_open_how) == 24, "struct open_how");
#define HOSTS_RESOLVE_NO_MAGICLINKS 0x02
#define HOSTS_RESOLVE_IN_ROOT 0x10

/* openat2 has number 437 on every architecture of the unified table; the
 * others (alpha, ia64, mips) are left to the libc's headers. */
#if !defined(SYS_openat2) &&                                                 \
	(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
	 defined(__arm__) || defined(__riscv) || defined(__powerpc__) ||     \
	 defined(__s390__) || defined(__loongarch__))
#define SYS_openat2 437
#endif

/* klibc's headers lack O_PATH; this is its value but on alpha, parisc and
 * sparc, where klibc builds are not made. */
#ifndef O_PATH
#define O_PATH 010000000
#endif

#define HOSTS_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/* path opened as a directory beneath rootfd by the kernel: an absolute link
 * is taken relative to rootfd, ".." stops there, a magic link (/proc/PID/fd)
 * is refused. A descriptor, or -errno. */
static int hosts_openat2(int rootfd, const char *path)
{
#if defined(SYS_openat2) && !defined(__KLIBC__) && !defined(__dietlibc__)
	struct hosts_open_how how = {
		.flags = HOSTS_DIR_FLAGS,
		.resolve = HOSTS_RESOLVE_IN_ROOT | HOSTS_RESOLVE_NO_MAGICLINKS,
	};
	long fd = -1;
	int tries;

	/* EAGAIN: a rename raced with a ".."; the kernel asks for a retry. */
	for (tries = 0; tries < 3; tries++) {
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0)
		return -errno;
	return (int)fd;
#else
	(void)rootfd;
	(void)path;
	return -ENOSYS;
#endif
}

/* openat2 is not there (kernels before 5.6: ENOSYS), refused by a seccomp
 * filter (EPERM, or ENOSYS) or does not know the struct (E2BIG, EINVAL);
 * or it kept answering EAGAIN: any rename or mount anywhere on the machine
 * during a lookup that has a ".." makes it ask for a retry, and on a busy
 * machine every retry may meet one. The walk gives the same answer without
 * that condition. */
static int hosts_openat2_missing(int err)
{
	return err == -ENOSYS || err == -EPERM || err == -EINVAL ||
	       err == -E2BIG || err == -EAGAIN;
}

/*
 * The component walk, for kernels without openat2, as systemd's chase()
 * does it: each component opened O_PATH|O_NOFOLLOW from the directory
 * reached so far; a symlink's text read and put in front of what is left
 * (an absolute one starting again at DIR); ".." at DIR stays at DIR; at most
 * HOSTS_LINKS_MAX links. Unlike openat2 it cannot see a directory moved out
 * of DIR while it walks (no run of guestnet races with itself).
 */
struct hosts_walk {
	int rootfd;
	struct stat root_st;	    /* DIR's identity, where ".." stops */
	int cur;		    /* the directory reached so far (O_PATH) */
	unsigned links;		    /* links followed so far */
	char rest[HOSTS_PATH_SIZE]; /* what is left to resolve */
};

/* Back at DIR. */
static int hosts_walk_restart(struct hosts_walk *w)
{
	int fd = openat(w->rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(w->cur);
	w->cur = fd;
	return 0;
}

/* "..": the parent, unless the walk is at DIR. */
static int hosts_walk_parent(struct hosts_walk *w)
{
	struct stat st;
	int fd;

	if (fstat(w->cur, &st))
		return -errno;
	if (st.st_dev == w->root_st.st_dev && st.st_ino == w->root_st.st_ino)
		return 0;
	fd = openat(w->cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(w->cur);
	w->cur = fd;
	return 0;
}

/* The link at fd: its text put in front of after (a tail of w->rest). */
static int hosts_walk_link(struct hosts_walk *w, int fd, const char *after)
{
	char target[HOSTS_PATH_SIZE];
	size_t after_len = strlen(after);
	ssize_t n;

	w->links++;
	if (w->links > HOSTS_LINKS_MAX)
		return -ELOOP;
	n = readlinkat(fd, "", target, sizeof target);
	if (n < 0)
		return -errno;
	if ((size_t)n + 1 + after_len + 1 > sizeof w->rest)
		return -ENAMETOOLONG;
	memmove(w->rest + n + 1, after, after_len + 1);
	memcpy(w->rest, target, (size_t)n);
	w->rest[n] = '/';
	if (target[0] == '/')
		return hosts_walk_restart(w);
	return 0;
}

/* One component, name, of w->rest; after is what follows it there. */
static int hosts_walk_step(struct hosts_walk *w, const char *name,
			   const char *after)
{
	struct stat st;
	int err = 0;
	int dir = 0;
	int fd;

	if (strcmp(name, ".") == 0)
		return 0;
	if (strcmp(name, "..") == 0)
		return hosts_walk_parent(w);
	fd = openat(w->cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (S_ISLNK(st.st_mode))
		err = hosts_walk_link(w, fd, after);
	else if (!S_ISDIR(st.st_mode))
		err = -ENOTDIR;
	else
		dir = 1;
	if (!dir) {
		close(fd);
		return err;
	}
	close(w->cur);
	w->cur = fd;
	return 0;
}

/* The next component of w->rest into name (size bytes), and w->rest left
 * holding what follows it; 0 when none is left. */
static int hosts_walk_next(struct hosts_walk *w, char *name, size_t size)
{
	const char *s = w->rest;
	size_t n;

	while (*s == '/')
		s++;
	n = 0;
	while (s[n] && s[n] != '/')
		n++; /* a loop, not strcspn(): 200 bytes of musl less */
	if (n == 0)
		return 0;
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(name, s, n);
	name[n] = '\0';
	memmove(w->rest, s + n, strlen(s + n) + 1);
	return 1;
}

static int hosts_walk_open(int rootfd, const char *path)
{
	struct hosts_walk w = { .rootfd = rootfd, .cur = -1 };
	char name[HOSTS_NAME_SIZE];
	int err;
	int fd;

	if (strlen(path) >= sizeof w.rest)
		return -ENAMETOOLONG;
	memcpy(w.rest, path, strlen(path) + 1);
	if (fstat(rootfd, &w.root_st))
		return -errno;
	fd = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w.cur = fd;
	err = hosts_walk_next(&w, name, sizeof name);
	while (err > 0) {
		err = hosts_walk_step(&w, name, w.rest);
		if (!err)
			err = hosts_walk_next(&w, name, sizeof name);
	}
	fd = -1;
	if (!err)
		fd = openat(w.cur, ".", HOSTS_DIR_FLAGS);
	if (!err && fd < 0)
		err = -errno;
	close(w.cur);
	if (err)
		return err;
	return fd;
}

/* path, a directory beneath rootfd: openat2, or the walk when *walk is set
 * or openat2 turns out missing (then *walk is set). */
static int hosts_dir_open(int rootfd, int *walk, const char *path)
{
	int fd;

	if (!*walk) {
		fd = hosts_openat2(rootfd, path);
		if (!hosts_openat2_missing(fd))
			return fd;
		*walk = 1;
	}
	return hosts_walk_open(rootfd, path);
}

/* 0 when a file could be created in dirfd, else -errno (-EROFS, -EACCES),
 * asked without writing. faccessat with the real ids, not AT_EACCESS: the
 * libcs emulate that flag where the kernel lacks faccessat2, and their
 * emulation cannot see a read-only mount; guestnet runs with the same
 * real and effective ids. */
static int hosts_dir_writable(int dirfd)
{
	long err;

#if defined(SYS_faccessat) && !defined(__KLIBC__) && !defined(__dietlibc__)
	/* the system call itself: musl's faccessat() carries its AT_EACCESS
	 * emulation (a child process) into the binary, 1 KB */
	err = syscall(SYS_faccessat, dirfd, ".", W_OK);
#else
	err = faccessat(dirfd, ".", W_OK, 0);
#endif
	if (err)
		return -errno;
	return 0;
}

/* DIR/etc, made 0755 when missing but in a dry run. */
static int hosts_etc_find(struct hosts_root *root, int dry_run, const char **op)
{
	int fd;

	*op = "open directory";
	fd = hosts_dir_open(root->rootfd, &root->walk, "etc");
	if (fd == -ENOENT && dry_run) {
		root->etc_access = -ENOENT;
		return 0;
	}
	if (fd == -ENOENT) {
		*op = "create directory";
		if (mkdirat(root->rootfd, "etc", 0755) && errno != EEXIST)
			return -errno;
		*op = "open directory";
		fd = hosts_dir_open(root->rootfd, &root->walk, "etc");
	}
	if (fd < 0)
		return fd;
	root->etcfd = fd;
	if (dry_run)
		root->etc_access = hosts_dir_writable(fd);
	return 0;
}

int hosts_root_open(struct hosts_root *root, const char *dir, int flags,
		    const char **op)
{
	int err;

	root->etcfd = -1;
	root->walk = (flags & HOSTS_ROOT_WALK) != 0;
	root->etc_access = 0;
	*op = "open directory";
	/* openat, not open: musl's open() adds an fcntl for O_CLOEXEC */
	root->rootfd = openat(AT_FDCWD, *dir ? dir : "/",
			      O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root->rootfd < 0)
		return -errno;
	err = hosts_etc_find(root, (flags & HOSTS_ROOT_DRY_RUN) != 0, op);
	if (err)
		hosts_root_close(root);
	return err;
}

void hosts_root_close(struct hosts_root *root)
{
	if (root->etcfd >= 0)
		close(root->etcfd);
	if (root->rootfd >= 0)
		close(root->rootfd);
	root->etcfd = -1;
	root->rootfd = -1;
}

/* ---- the steps of one file -------------------------------------------- */

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

/* NAME's new contents in a new temporary file in dirfd, left open for the
 * commit's flush (a failure closes and removes it): the file's descriptor,
 * or -errno with *op. */
static int hosts_file_stage(int dirfd, const char *name, const char *data,
			    size_t len, const char **op)
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
	*op = "write";
	err = hosts_write_all(fd, data, len);
	if (!err)
		return fd;
	close(fd);
	unlinkat(dirfd, temp, 0);
	return err;
}

/* fsync(), an interruption retried a few times. */
#define HOSTS_FSYNC_TRIES 8

static int hosts_fsync(int fd)
{
	unsigned tries;

	for (tries = 1; fsync(fd); tries++) {
		if (errno != EINTR || tries == HOSTS_FSYNC_TRIES)
			return -errno;
	}
	return 0;
}

/*
 * The temporary file's bytes on stable storage, then the file closed.
 * fsync() flushes this file alone (its data, its inode, and on ext4 the
 * journal commit holding its creation), not the data other programs left
 * dirty on the same file system, which syncfs() would write first: the
 * flush costs what guestnet wrote. Linux closes the descriptor whatever
 * close() returns, so an interrupted close() is a closed file.
 */
static int hosts_temp_flush(int fd, const char **op)
{
	int err;

	*op = "flush to disk";
	err = hosts_fsync(fd);
	if (close(fd) && errno != EINTR && !err) {
		*op = "close";
		err = -errno;
	}
	return err;
}

/*
 * The temporary file flushed, closed and renamed over NAME (a symlink there
 * replaced); any failure removes it, and NAME keeps its old contents.
 *
 * Why a power cut leaves NAME old or new, never empty or torn: the rename
 * comes only once fsync() has returned, so the new bytes and the new inode
 * are on stable storage before any directory names them, and a rename is
 * one atomic update of the file system's journal (ext4's jbd2, xfs's log;
 * replayed in order after a crash): a replay holds either the old entry
 * (the old file, still whole) or the new one (a file already on disk).
 * No fsync() of the directory follows: it would make the rename itself
 * durable (the new name surviving a power cut just after the run), which
 * the journal's next commit does anyway (every 5 s on ext4 by default, the
 * periodic log force on xfs), and which the old-or-new promise does not
 * need; it would cost one more journal commit and disk flush per run. A file system without a
 * journal (ext2, vfat) promises neither rename's atomicity after a crash;
 * there nothing guestnet could add would.
 */
static int hosts_file_commit(int dirfd, const char *name, int fd,
			     const char **op)
{
	char temp[HOSTS_TEMP_NAME_SIZE];
	int err;

	if (hosts_temp_name(temp, sizeof temp, name)) {
		close(fd);
		*op = "rename";
		return -ENAMETOOLONG; /* staged, so it cannot be */
	}
	err = hosts_temp_flush(fd, op);
	if (!err) {
		*op = "rename";
		if (renameat(dirfd, temp, dirfd, name) == 0)
			return 0;
		err = -errno;
	}
	unlinkat(dirfd, temp, 0);
	return err;
}

/* The temporary file closed and removed: NAME keeps its old contents. */
static void hosts_file_abandon(int dirfd, const char *name, int fd)
{
	char temp[HOSTS_TEMP_NAME_SIZE];

	close(fd);
	if (hosts_temp_name(temp, sizeof temp, name) == 0)
		unlinkat(dirfd, temp, 0);
}

/* ---- a destination: what writing /etc/NAME meets ------------------------ */

int hosts_dest_init(const struct hosts_root *root, const char *name,
		    struct hosts_dest *d)
{
	struct text t;

	memset(d, 0, sizeof *d);
	d->dirfd = root->etcfd;
	d->fd = -1;
	d->kind = HOSTS_KIND_UNKNOWN;
	text_init(&t, d->name, sizeof d->name);
	text_add(&t, name);
	if (t.cut)
		return -ENAMETOOLONG;
	text_init(&t, d->path, sizeof d->path);
	text_add(&t, "/etc/");
	text_add(&t, name);
	return 0;
}

/* What the stat of an entry says it is. */
static int hosts_kind_of(mode_t mode)
{
	if (S_ISREG(mode))
		return HOSTS_KIND_FILE;
	if (S_ISLNK(mode))
		return HOSTS_KIND_LINK;
	if (S_ISDIR(mode))
		return HOSTS_KIND_DIR;
	return HOSTS_KIND_SPECIAL;
}

/* d->kind: what is at d->name in d->dirfd (one fstatat, the link itself). */
static int hosts_dest_look(struct hosts_dest *d, const char **op)
{
	struct stat st;

	*op = "look at file";
	if (fstatat(d->dirfd, d->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		d->kind = hosts_kind_of(st.st_mode);
		return 0;
	}
	if (errno != ENOENT)
		return -errno;
	d->kind = HOSTS_KIND_NONE;
	return 0;
}

/*
 * d->target: the link's text as a path under DIR ("/etc/" and the text
 * when it is relative: beside the link, whatever /etc resolves to), and
 * d->name its last component. A text ending in a directory ("/run/",
 * "..") names no file: -EISDIR.
 */
static int hosts_dest_target_set(struct hosts_dest *d, const char *link,
				 const char **op)
{
	const char *base = d->target;
	const char *p;
	struct text t;

	text_init(&t, d->target, sizeof d->target);
	if (link[0] != '/')
		text_add(&t, "/etc/");
	text_add(&t, link);
	*op = "read link";
	if (t.cut)
		return -ENAMETOOLONG;
	for (p = d->target; *p; p++) { /* the text starts with a '/' */
		if (*p == '/')
			base = p + 1;
	}
	*op = "not a regular file";
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EISDIR;
	text_init(&t, d->name, sizeof d->name);
	text_add(&t, base);
	*op = "read link";
	if (t.cut)
		return -ENAMETOOLONG;
	return 0;
}

/* The directory of d->target, opened beneath DIR. */
static int hosts_dest_target_open(const struct hosts_root *root,
				  struct hosts_dest *d, const char **op)
{
	char dir[HOSTS_PATH_SIZE];
	size_t len = strlen(d->target) - strlen(d->name) - 1;
	int walk = root->walk;
	int fd;

	memcpy(dir, d->target, len);
	dir[len] = '\0';
	*op = "open the link target's directory";
	fd = hosts_dir_open(root->rootfd, &walk, len ? dir : "/");
	if (fd < 0)
		return fd;
	d->dirfd = fd;
	d->via_link = 1;
	return 0;
}

/* /etc is read-only: d becomes the target of the link /etc/NAME. -EINVAL
 * when NAME is no link (or nothing). */
static int hosts_dest_follow(const struct hosts_root *root,
			     struct hosts_dest *d, const char **op)
{
	char link[HOSTS_PATH_SIZE];
	ssize_t n;
	int err;

	*op = "read link";
	n = readlinkat(root->etcfd, d->name, link, sizeof link);
	if (n < 0 && errno == ENOENT)
		return -EINVAL; /* nothing at NAME: no link either */
	if (n < 0)
		return -errno;
	if ((size_t)n == sizeof link)
		return -ENAMETOOLONG;
	link[n] = '\0';
	err = hosts_dest_target_set(d, link, op);
	if (err)
		return err;
	return hosts_dest_target_open(root, d, op);
}

/*
 * What the real run would meet at a kind of entry, once the temporary file
 * could be made: a directory is not replaced (rename: EISDIR). A FIFO,
 * socket or device node is replaced like a symlink: guestnet never opens
 * what is at the name, it swaps a directory entry inside DIR, so nothing is
 * written into it. Refusing them would cost an fstatat per file in every
 * real run (the run looks at nothing before writing).
 */
static int hosts_kind_check(int kind, const char **op)
{
	*op = "not a regular file";
	if (kind == HOSTS_KIND_DIR)
		return -EISDIR;
	return 0;
}

/* A dry run's look at the link's target, /etc being read-only. */
static int hosts_dest_target_inspect(const struct hosts_root *root,
				     struct hosts_dest *d, const char **op)
{
	int err = hosts_dest_follow(root, d, op);

	if (err)
		return err;
	*op = "create temporary file";
	err = hosts_dir_writable(d->dirfd);
	if (err)
		return err;
	err = hosts_dest_look(d, op);
	if (err)
		return err;
	return hosts_kind_check(d->kind, op);
}

int hosts_dest_inspect(const struct hosts_root *root, struct hosts_dest *d,
		       const char **op)
{
	int err;

	if (root->etcfd < 0) {
		d->kind = HOSTS_KIND_NONE; /* in the /etc to be made */
		return 0;
	}
	err = hosts_dest_look(d, op);
	if (err)
		return err;
	if (root->etc_access == -EROFS && d->kind == HOSTS_KIND_LINK)
		return hosts_dest_target_inspect(root, d, op);
	*op = "create temporary file";
	if (root->etc_access)
		return root->etc_access;
	return hosts_kind_check(d->kind, op);
}

int hosts_dest_stage(const struct hosts_root *root, struct hosts_dest *d,
		     const char *data, size_t len, const char **op)
{
	const char *follow_op;
	int fd;
	int follow_err;

	fd = hosts_file_stage(d->dirfd, d->name, data, len, op);
	if (fd == -EROFS && !d->via_link) {
		follow_err = hosts_dest_follow(root, d, &follow_op);
		if (follow_err == -EINVAL)
			return fd; /* no link: the read-only /etc is the failure */
		if (follow_err) {
			*op = follow_op;
			return follow_err;
		}
		fd = hosts_file_stage(d->dirfd, d->name, data, len, op);
	}
	if (fd < 0)
		return fd;
	d->fd = fd;
	return 0;
}

int hosts_dest_commit(struct hosts_dest *d, const char **op)
{
	int err = hosts_file_commit(d->dirfd, d->name, d->fd, op);

	d->fd = -1;
	if (err == -EISDIR)
		*op = "not a regular file";
	return err;
}

void hosts_dest_abandon(struct hosts_dest *d)
{
	if (d->fd < 0)
		return;
	hosts_file_abandon(d->dirfd, d->name, d->fd);
	d->fd = -1;
}

void hosts_dest_close(struct hosts_dest *d)
{
	hosts_dest_abandon(d);
	if (d->via_link && d->dirfd >= 0)
		close(d->dirfd);
	d->dirfd = -1;
}

/* ---- the run's files: the plan's CHANGE_FILE and CHANGE_HOSTNAME ---------- */

int files_open(struct files *f, const char *dir, int dry, int verbose,
	       const struct gn_config *c)
{
	size_t len = strlen(dir);
	struct text t;
	int flags = dry ? HOSTS_ROOT_DRY_RUN : 0;

	memset(f, 0, sizeof *f);
	f->c = c;
	f->dry = dry;
	f->verbose = verbose;
	while (len > 0 && dir[len - 1] == '/')
		len--;
	text_init(&t, f->dir_shown, sizeof f->dir_shown);
	text_add_escaped(&t, dir, len);
	text_init(&t, f->etc_shown, sizeof f->etc_shown);
	text_add(&t, f->dir_shown);
	text_add(&t, "/etc");
	f->open_err = hosts_root_open(&f->root, dir, flags, &f->open_op);
	return 0;
}

static size_t files_render(const struct files *f, int file, char *data,
			   size_t size)
{
	if (file == FILE_HOSTS)
		return hosts_render(data, size, f->c);
	if (file == FILE_HOSTNAME)
		return hosts_hostname_render(data, size, f->c);
	return hosts_resolv_render(data, size, f->c);
}

/* "DIR/etc/NAME", and " (a link to DIR/TARGET" and end when link is set
 * (a failure's words: d->target[0], a link whose target is written, or
 * failed). */
static void dest_text(struct text *t, const struct files *f,
		      const struct hosts_dest *d, int link, const char *end)
{
	text_add(t, f->dir_shown);
	text_add(t, d->path);
	if (link) {
		text_add(t, " (a link to ");
		text_add(t, f->dir_shown);
		text_add_escaped(t, d->target, strlen(d->target));
		text_add(t, end);
	}
}

static int file_fail(const struct files *f, const struct hosts_dest *d, int err,
		     const char *op)
{
	char what[OUT_LINE_SIZE];
	struct text t;

	text_init(&t, what, sizeof what);
	dest_text(&t, f, d, d->target[0], ")");
	text_add(&t, ": ");
	text_add(&t, op);
	out_failure(what, err, NULL);
	return err;
}

/* "write DIR/etc/NAME", and "(a link to DIR/TARGET: /etc is read-only)"
 * when the link's target is written: on standard output in a dry run,
 * under --verbose on standard error, the same words either way. */
static void file_change_show(const struct files *f, const struct hosts_dest *d)
{
	struct out_line l;

	if (!f->dry && !f->verbose)
		return;
	out_line_start(&l);
	if (f->dry)
		text_init(&l.t, l.buf, sizeof l.buf - 1);
	text_add(&l.t, "write ");
	dest_text(&l.t, f, d, d->via_link, ": /etc is read-only)");
	out_line_write(&l, f->dry ? 1 : 2);
}

/* The directory could not be opened: said once, then each file skipped. */
static int files_root_failed(struct files *f, const struct change *ch)
{
	char what[OUT_LINE_SIZE];
	struct text t;

	text_init(&t, what, sizeof what);
	if (!f->open_reported) {
		f->open_reported = 1;
		text_add(&t, f->etc_shown);
		text_add(&t, ": ");
		text_add(&t, f->open_op);
		out_failure(what, f->open_err, NULL);
		return f->open_err;
	}
	text_add(&t, "write ");
	text_add(&t, f->etc_shown);
	text_add(&t, "/");
	text_add(&t, file_names[ch->file]);
	out_notice(what, "skipped, the directory could not be opened");
	return 0;
}

/* A dry run: the file's lines, and what its write would meet. */
static int file_show(struct files *f, const char *data, struct hosts_dest *d)
{
	const char *op;
	int err;

	err = hosts_dest_inspect(&f->root, d, &op);
	file_change_show(f, d);
	out_file_lines(data);
	if (err)
		file_fail(f, d, err, op);
	hosts_dest_close(d);
	return err;
}

static int file_change(struct files *f, const struct change *ch)
{
	struct hosts_dest *d = &f->staged[f->staged_count];
	char data[HOSTS_FILE_SIZE];
	const char *op;
	int err;

	files_render(f, ch->file, data, sizeof data);
	err = hosts_dest_init(&f->root, file_names[ch->file], d);
	if (err)
		return file_fail(f, d, err, "name");
	if (f->open_err) {
		file_change_show(f, d);
		return files_root_failed(f, ch);
	}
	if (f->dry)
		return file_show(f, data, d);
	err = hosts_dest_stage(&f->root, d, data, strlen(data), &op);
	file_change_show(f, d);
	if (err) {
		file_fail(f, d, err, op);
		hosts_dest_close(d);
		return err;
	}
	f->staged_count++;
	return 0;
}

/* The running hostname (its file is a change of its own). */
static int hostname_change(const struct files *f)
{
	char what[OUT_LINE_SIZE];
	const char *name = f->c->hostname;
	struct text t;
	int err;

	if (f->dry)
		return 0;
	err = sethostname(name, strlen(name));
	if (!err)
		return 0;
	err = -errno;
	text_init(&t, what, sizeof what);
	text_add(&t, "set hostname ");
	text_add(&t, name);
	out_failure(what, err, NULL);
	return err;
}

int files_change(void *ctx, const struct change *ch)
{
	struct files *f = ctx;

	if (ch->kind == CHANGE_HOSTNAME)
		return hostname_change(f);
	return file_change(f, ch);
}

int files_commit(struct files *f)
{
	struct hosts_dest *d;
	int failures = 0;
	const char *op;
	unsigned i;
	int err;

	for (i = 0; i < f->staged_count; i++) {
		d = &f->staged[i];
		err = hosts_dest_commit(d, &op);
		if (err)
			failures += file_fail(f, d, err, op) != 0;
		hosts_dest_close(d);
	}
	return failures;
}
