/* SPDX-License-Identifier: Apache-2.0 */
/*
 * guestnet.h - the checked configuration and the modules around it:
 *   env.c    the input stage: the five MSB_* values and the kernel command
 *            line into a struct gn_config, with no system calls; the text
 *            forms of numbers and addresses, and the text builder
 *   hosts.c  the /etc files: rendered, then atomically replaced
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
/* DIR/etc, created 0755 when missing: a descriptor, or -errno with *op
 * saying what failed. */
int hosts_etc_open(const char *path, const char **op);
/* All of data to fd, going on after interruptions; -EIO when the file takes
 * no more. */
int hosts_write_all(int fd, const char *data, size_t len);
/*
 * A file replaced atomically, in three steps: its new contents staged in a
 * temporary file beside it (mode 0644: the caller has set umask(0)), one
 * flush for every file staged in its file system, then the temporary
 * renamed over it (a symlink at name is replaced, not followed). Readers
 * see the old file or the new one; a crash leaves one or the other; a
 * failure leaves the old one and removes the temporary. -errno with *op
 * saying what failed.
 */
int hosts_file_stage(int dirfd, const char *name, const char *data, size_t len,
		     const char **op);
int hosts_files_sync(int dirfd);
int hosts_file_commit(int dirfd, const char *name, const char **op);
void hosts_file_abandon(int dirfd, const char *name);

#endif
