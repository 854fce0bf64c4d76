/* SPDX-License-Identifier: Apache-2.0 */
/*
 * guestnet.h - the checked configuration and the modules around it:
 *   env.c    the input stage: the five MSB_* values and the kernel command
 *            line into a struct gn_config, with no system calls; the text
 *            forms of numbers and addresses, and the text builder
 *   hosts.c  the /etc files: rendered, then atomically replaced, every
 *            path resolved beneath the root directory
 * Functions that can fail return 0 or -errno unless their comment says
 * otherwise.
 */
#ifndef GUESTNET_H
#define GUESTNET_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nl.h"

#define GN_VERSION "1.0.0"

/* AF_INET and AF_INET6: the same numbers on every Linux. */
enum {
	GN_AF_INET = 2,
	GN_AF_INET6 = 10,
};

/* The input variables, in the order they are checked and reported. */
enum {
	GN_NET,
	GN_IPV4,
	GN_IPV6,
	GN_HOSTNAME,
	GN_ALIAS,
	GN_NVARS,
};
extern const char *const gn_var[GN_NVARS];

/* Longest values, and sizes of text forms with their NUL. */
#define GN_IFNAME_SIZE 16   /* the kernel's IFNAMSIZ */
#define GN_HOSTNAME_MAX 64  /* the kernel's __NEW_UTS_LEN */
#define GN_ALIAS_MAX 253    /* a DNS name */
#define GN_IP_TEXT_SIZE 46  /* INET6_ADDRSTRLEN */
#define GN_DECIMAL_SIZE 21  /* 2^64 - 1 in decimal */
#define GN_MAC_TEXT_SIZE 18 /* aa:bb:cc:dd:ee:ff */

/* One address family, from MSB_NET_IPV4 or MSB_NET_IPV6. */
struct gn_ip {
	int set;	  /* given and valid */
	int has_dns;	  /* dns= was given */
	int family;	  /* GN_AF_INET or GN_AF_INET6 */
	unsigned plen;	  /* prefix length of addr */
	uint8_t addr[16]; /* 4 or 16 bytes used, network order */
	uint8_t gw[16];
	uint8_t dns[16];
};

struct gn_config {
	int has_net; /* MSB_NET was given and valid */
	char iface[GN_IFNAME_SIZE];
	uint8_t mac[6];
	unsigned mtu; /* 1500 unless given */
	struct gn_ip v4;
	struct gn_ip v6;
	char hostname[GN_HOSTNAME_MAX + 1]; /* "" when not set */
	char alias[GN_ALIAS_MAX + 1];	    /* "" when not set */
};

/*
 * Text built in a buffer of the caller's. Every append is bounded by the
 * buffer's size: what does not fit is cut (and cut is set), and the buffer
 * always holds a NUL-terminated string.
 */
struct text {
	char *buf;
	size_t size; /* bytes at buf, the NUL's included; at least 1 */
	size_t len;  /* bytes of text so far */
	int cut;     /* an append did not fit */
};

/* One copy of text_init(), not one inlined into each of its twenty callers:
 * that costs 480 bytes of the static musl binary. */
#if defined(__GNUC__)
#define GN_NOINLINE __attribute__((noinline))
#else
#define GN_NOINLINE
#endif

GN_NOINLINE void text_init(struct text *t, char *buf, size_t size);
void text_add(struct text *t, const char *s);
void text_add_bytes(struct text *t, const char *s, size_t n);
void text_add_decimal(struct text *t, unsigned long v);
/* Two lower-case hex digits. */
void text_add_hex_byte(struct text *t, unsigned byte);
/* The canonical text form: dotted quad, or RFC 5952 for IPv6. */
void text_add_ip(struct text *t, int family, const uint8_t *addr);

/*
 * One input problem: "VAR: KEY: MSG" (KEY may be NULL), where a '%' in MSG
 * stands for the len bytes of text (outside text, to be escaped).
 */
typedef void gn_diag(void *ctx, const char *var, const char *key,
		     const char *msg, const char *text, size_t len);

/*
 * Check the five values (val[i] NULL when absent) and fill *c. Every
 * problem goes to diag. Returns how many problems there were: 0 means *c
 * is usable.
 */
int env_config_parse(const char *const val[GN_NVARS], struct gn_config *c,
		     gn_diag *diag, void *ctx);
/*
 * Split a kernel command line in place, as the kernel splits it, and point
 * val[i] at the value of each MSB_* parameter found (the last one given
 * wins). Parameters after "--" belong to init and are not read.
 */
void env_cmdline_split(char *line, const char *val[GN_NVARS]);
/* A problem in line `line` of an env file (a warning: the run goes on),
 * where a '%' in msg stands for the len bytes of text. */
typedef void gn_line_diag(void *ctx, unsigned line, int warning,
			  const char *msg, const char *text, size_t len);
/*
 * NAME=VALUE lines of an env file, text[0..len) (text[len] is a NUL), split
 * in place: val[i] points at the value of each MSB_* name, taken verbatim,
 * and line[i] says where it was. Blank lines and # comments are skipped;
 * other names are ignored (a misspelt MSB_NET... with a warning). Returns
 * how many problems there were.
 */
int env_file_parse(char *text, size_t len, const char *val[GN_NVARS],
		   unsigned line[GN_NVARS], gn_line_diag *diag, void *ctx);
/* A name that starts as MSB_NET does but is none of the three: a typo. */
int env_name_misspelt(const char *name, size_t n);
/* Decimal digits only, no sign, no leading zero; *v saturates at 10^7. */
int env_decimal_parse(const char *s, size_t n, unsigned long *v);
/* ASCII white space, as the kernel splits its command line. */
int env_is_space(int c);
/* The text forms of README "Input" in s[0..n), into out (4 or 16 bytes). */
int env_ip4_parse(const char *s, size_t n, uint8_t out[4]);
int env_ip6_parse(const char *s, size_t n, uint8_t out[16]);
/* Canonical text into out (size bytes); returns its length. */
size_t env_ip_format(char *out, size_t size, int family, const uint8_t *a);
/* 1 when a and b agree in their first plen bits, else 0. */
int env_ip_in_prefix(int family, const uint8_t *a, const uint8_t *b,
		     unsigned plen);

/* Room for the longest file guestnet writes (hosts.c checks it). */
#define HOSTS_FILE_SIZE 1024

/* The file's contents into out (size bytes, NUL-terminated); returns the
 * length. resolv.conf's is empty when no DNS server is set. */
size_t hosts_render(char *out, size_t size, const struct gn_config *c);
size_t hosts_resolv_render(char *out, size_t size, const struct gn_config *c);
/*
 * The root of a run's file writes: DIR (--root, "" for "/") opened once,
 * and DIR/etc resolved beneath it. Every path opened under it is resolved
 * beneath DIR (openat2 RESOLVE_IN_ROOT; on kernels without openat2 a
 * component walk): an absolute link is taken relative to DIR, ".." stops at
 * DIR, a link in the middle of a path resolves under DIR too. Nothing
 * written leaves DIR.
 */
#define HOSTS_NAME_SIZE 256  /* NAME_MAX and its NUL */
#define HOSTS_PATH_SIZE 4096 /* PATH_MAX, its NUL included */

struct hosts_root {
	int rootfd;	/* DIR (O_PATH) */
	int etcfd;	/* DIR/etc, or -1: missing in a dry run */
	int walk;	/* resolve by the component walk, not openat2 */
	int etc_access; /* dry run: 0 when files can be made in DIR/etc, else
			 * -errno (-EROFS, -EACCES; -ENOENT: to be made) */
};

enum {
	HOSTS_ROOT_DRY_RUN = 1, /* DIR/etc not made when missing; etc_access */
	HOSTS_ROOT_WALK = 2,	/* the walk even where openat2 is (tests) */
};

/* DIR and DIR/etc (made 0755 when missing, but in a dry run) into *root.
 * 0, or -errno with *op saying what failed (root then holds nothing). */
int hosts_root_open(struct hosts_root *root, const char *dir, int flags,
		    const char **op);
void hosts_root_close(struct hosts_root *root);

/* What is at a destination's name (hosts_dest_inspect()). */
enum hosts_kind {
	HOSTS_KIND_UNKNOWN, /* not looked at: a real run does not look */
	HOSTS_KIND_NONE,    /* nothing: a new file */
	HOSTS_KIND_FILE,    /* a regular file: replaced */
	HOSTS_KIND_LINK,    /* a symlink: replaced, not followed */
	HOSTS_KIND_DIR,	    /* a directory: refused */
	HOSTS_KIND_SPECIAL, /* a FIFO, socket or device node: replaced */
};

/*
 * One file to write, /etc/NAME: replaced in DIR/etc; or, when DIR/etc is
 * read-only and NAME is a symlink, the link's target replaced in its own
 * directory, resolved beneath DIR (via_link).
 */
struct hosts_dest {
	int dirfd;			/* where name is replaced */
	char name[HOSTS_NAME_SIZE];	/* NAME, or the target's last part */
	char path[HOSTS_NAME_SIZE + 5]; /* "/etc/NAME": under DIR */
	char target[HOSTS_PATH_SIZE];	/* via_link: the target under DIR,
					 * "/run/x/NAME" or "/etc/../x/NAME" */
	int via_link;			/* dirfd is the target's (closed by
					 * hosts_dest_close()) */
	int kind;			/* enum hosts_kind */
};

/* /etc/NAME in root, looked at by no system call. -ENAMETOOLONG. */
int hosts_dest_init(const struct hosts_root *root, const char *name,
		    struct hosts_dest *d);
/*
 * For a dry run (root opened HOSTS_ROOT_DRY_RUN): what a real run's write
 * would meet, without writing. Sets d->kind, follows the link as the real
 * run would (via_link, target) and returns the -errno the real run would
 * fail with, *op saying what: -EROFS/-EACCES "create temporary file",
 * -EISDIR "not a regular file", or the link's target's failures.
 */
int hosts_dest_inspect(const struct hosts_root *root, struct hosts_dest *d,
		       const char **op);
/*
 * The file replaced atomically, in three steps: its contents staged in a
 * temporary file beside it (mode 0644: the caller has set umask(0)), one
 * flush per file system for every file staged (hosts_files_sync() of the
 * dirfds), then the temporary renamed over it. When DIR/etc turns out
 * read-only (EROFS) and NAME is a symlink, staging moves d to the link's
 * target. Only a directory at the name is refused (-EISDIR "not a regular
 * file", at commit). -errno with *op saying what failed; a failure leaves
 * the old file and no temporary.
 */
int hosts_dest_stage(const struct hosts_root *root, struct hosts_dest *d,
		     const char *data, size_t len, const char **op);
int hosts_dest_commit(const struct hosts_dest *d, const char **op);
void hosts_dest_abandon(const struct hosts_dest *d);
/* The link target's directory closed, when d has one. */
void hosts_dest_close(struct hosts_dest *d);
int hosts_files_sync(int dirfd);

/* All of data to fd, going on after interruptions; -EIO when the file takes
 * no more. */
int hosts_write_all(int fd, const char *data, size_t len);

/* ---- until main.c calls the functions above; then these go (static) ---- */

/* DIR/etc, created 0755 when missing: a descriptor, or -errno with *op
 * saying what failed. Follows links out of DIR: replaced by
 * hosts_root_open(). */
int hosts_etc_open(const char *path, const char **op);
/*
 * The same steps in dirfd, by name (a symlink at name is replaced, not
 * followed).
 */
int hosts_file_stage(int dirfd, const char *name, const char *data, size_t len,
		     const char **op);
int hosts_file_commit(int dirfd, const char *name, const char **op);
void hosts_file_abandon(int dirfd, const char *name);

#endif
