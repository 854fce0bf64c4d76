/* SPDX-License-Identifier: Apache-2.0 */
/*
 * guestnet.h - the checked configuration, and the input and file modules:
 * env.c turns the five MSB_* values into a struct gn_config and makes no
 * system calls; hosts.c renders and atomically writes the /etc files. */
#ifndef GUESTNET_H
#define GUESTNET_H
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "nl.h"

#define GN_VERSION "1.0.0"
enum { GN_AF_INET = 2, GN_AF_INET6 = 10 }; /* AF_INET, AF_INET6 on every Linux */
enum { GN_NET, GN_IPV4, GN_IPV6, GN_HOSTNAME, GN_ALIAS, GN_NVARS };
extern const char *const gn_var[GN_NVARS];

struct gn_ip { int set, has_dns, family; unsigned plen; uint8_t addr[16], gw[16], dns[16]; };
struct gn_config {
	int has_net; char iface[16]; uint8_t mac[6]; unsigned mtu; struct gn_ip v4, v6;
	char hostname[65], alias[254]; /* "" when not set */
};

/* One input problem: "VAR: KEY: MSG", where '%' in MSG stands for TEXT. */
typedef void gn_diag(void *ctx, const char *var, const char *key, const char *msg,
		     const char *text, size_t len);
/* Check the five values (NULL when absent) and fill *c. Every problem goes
 * to diag; returns how many there were (0: *c is usable). */
int env_parse(const char *const val[GN_NVARS], struct gn_config *c, gn_diag *diag, void *ctx);
/* Decimal digits only, no sign, no leading zero; *v saturates at 10^7. */
int env_dec_parse(const char *s, size_t n, unsigned long *v);
int env_is_space(int c); /* ASCII white space, as the kernel splits its command line */
size_t env_num_format(char *out, unsigned long v); /* out: 21 bytes */
/* The exact text forms of SPEC 1: 0, or -1 when s[0..n) is not one. */
int ip4_parse(const char *s, size_t n, uint8_t out[4]);
int ip6_parse(const char *s, size_t n, uint8_t out[16]);
/* Canonical text (RFC 5952 for IPv6) into out (46 bytes); returns its length. */
size_t ip_format(char *out, int family, const uint8_t *a);
int ip_in_prefix(int family, const uint8_t *a, const uint8_t *b, unsigned plen);

#define HOSTS_MAX 1024
/* NUL-terminated file contents into out (HOSTS_MAX bytes); returns the length. */
size_t hosts_render(char *out, const struct gn_config *c);
size_t resolv_render(char *out, const struct gn_config *c);
int etc_open(const char *path, const char **op);
/* Replace dirfd/name with data: temporary file, fsync, rename; mode 0644. */
int file_replace(int dirfd, const char *name, const char *data, size_t len, const char **op);
#endif
