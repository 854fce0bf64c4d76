/* SPDX-License-Identifier: Apache-2.0 */
/* env.c - the input stage: SPEC section 1 as code. Pure functions, no system
 * calls, and no C library parsers: inet_pton, strtol and ether_aton differ
 * between libcs (klibc's inet_pton cannot read IPv6 at all), so the same bytes
 * are accepted or refused here on every libc and architecture. */
#include "guestnet.h"

const char *const gn_var[GN_NVARS] = {
	"MSB_NET", "MSB_NET_IPV4", "MSB_NET_IPV6", "MSB_HOSTNAME", "MSB_HOST_ALIAS",
};
static const char hexdig[] = "0123456789abcdef";

int env_is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int hex_val(int c) {
	return is_digit(c) ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
}

/* No sign and no leading zero: "010" reads as octal elsewhere. */
int env_dec_parse(const char *s, size_t n, unsigned long *v) {
	size_t i;
	if (!n || (s[0] == '0' && n > 1)) return -1;
	for (*v = 0, i = 0; i < n; i++) {
		if (!is_digit(s[i])) return -1;
		if (*v < 10000000) *v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

int ip4_parse(const char *s, size_t n, uint8_t out[4]) {
	size_t i = 0, start;
	unsigned long v;
	int k;
	for (k = 0; k < 4; k++) {
		for (start = i; i < n && i - start < 4 && is_digit(s[i]); i++) ;
		if (env_dec_parse(s + start, i - start, &v) || v > 255) return -1;
		out[k] = (uint8_t)v;
		if (k < 3 && (i >= n || s[i++] != '.')) return -1;
	}
	return i == n ? 0 : -1;
}

/* RFC 4291 2.2: groups of 1-4 hex digits, one "::" at most, and an optional
 * dotted-quad tail in the last 32 bits. No zone, no brackets. */
int ip6_parse(const char *s, size_t n, uint8_t out[16]) {
	uint8_t w[16];
	size_t i = 0, k = 0, start;
	int gap = -1;
	unsigned v;
	if (n >= 2 && s[0] == ':' && s[1] == ':') gap = 0, i = 2;
	while (i < n) {
		for (start = i, v = 0; i < n && i - start < 4 && hex_val(s[i]) >= 0; i++)
			v = v << 4 | (unsigned)hex_val(s[i]);
		if (i < n && s[i] == '.') {
			if (k > 12 || ip4_parse(s + start, n - start, w + k)) return -1;
			k += 4;
			break;
		}
		if (i == start || k == 16 || (i < n && s[i] != ':')) return -1;
		w[k++] = (uint8_t)(v >> 8), w[k++] = (uint8_t)v;
		if (i == n) break;
		if (++i < n && s[i] == ':') {
			if (gap >= 0) return -1;
			gap = (int)k, i++;
		} else if (i == n) {
			return -1;
		}
	}
	if (gap < 0 ? k != 16 : k == 16) return -1;
	if (gap < 0) gap = 16;
	memset(out, 0, 16);
	memcpy(out, w, (size_t)gap);
	memcpy(out + 16 - (k - (size_t)gap), w + gap, k - (size_t)gap);
	return 0;
}

size_t env_num_format(char *out, unsigned long v) {
	char t[20];
	size_t i = 0, n = 0;
	do t[i++] = (char)('0' + v % 10); while (v /= 10);
	while (i) out[n++] = t[--i];
	out[n] = '\0';
	return n;
}

static size_t ip4_format(char *out, const uint8_t *a) {
	size_t n = 0;
	int i;
	for (i = 0; i < 4; i++) n += env_num_format(out + n, a[i]), out[n++] = '.';
	return out[--n] = '\0', n;
}

/* RFC 5952, as Rust's Ipv6Addr Display (the reference) writes it: lower
 * case, the first longest run of two or more zero groups as "::", and
 * IPv4-mapped addresses as ::ffff:a.b.c.d. */
size_t ip_format(char *out, int family, const uint8_t *a) {
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	int i, sh, run = 0, best = -1, bestlen = 1;
	char *p = out;
	if (family == GN_AF_INET) return ip4_format(out, a);
	if (!memcmp(a, mapped, 12)) return 7 + ip4_format((char *)memcpy(out, "::ffff:", 8) + 7, a + 12);
	for (i = 0; i < 8; i++) {
		run = a[2 * i] | a[2 * i + 1] ? 0 : run + 1;
		if (run > bestlen) bestlen = run, best = i - run + 1;
	}
	for (i = 0; i < 8; i++) {
		unsigned g = (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
		if (i == best) {
			*p++ = ':', *p++ = ':';
			i += bestlen - 1;
			continue;
		}
		if (p > out && p[-1] != ':') *p++ = ':';
		for (sh = 12; sh > 0 && !(g >> sh); sh -= 4) ;
		for (; sh >= 0; sh -= 4) *p++ = hexdig[g >> sh & 15];
	}
	*p = '\0';
	return (size_t)(p - out);
}

int ip_in_prefix(int family, const uint8_t *a, const uint8_t *b, unsigned plen) {
	unsigned i, bits;
	for (i = 0; i < (family == GN_AF_INET ? 4u : 16u) && plen; i++, plen -= bits) {
		bits = plen < 8 ? plen : 8;
		if ((a[i] ^ b[i]) & (0xff00u >> bits)) return 0;
	}
	return 1;
}

/* The parse state; bad() counts a problem and reports the first 32 (100,000 commas
 * must not flood a serial console). A key's parser returns its message on failure,
 * and may narrow s/n to the part of the value at fault. */
struct pctx { gn_diag *diag; void *ctx; int var, bad; };
typedef const char *key_fn(void *dst, int family, const char **s, size_t *n);

static int bad(struct pctx *p, const char *key, const char *msg, const char *t, size_t n) {
	if (p->bad < 32) p->diag(p->ctx, gn_var[p->var], key, msg, t, n);
	if (p->bad == 32) p->diag(p->ctx, gn_var[p->var], NULL, "further problems not shown", "", 0);
	return ++p->bad;
}

static const char *ip_parse(int family, const char *s, size_t n, uint8_t *out) {
	if (family == GN_AF_INET)
		return ip4_parse(s, n, out) ? "\"%\" is not a dotted-quad IPv4 address" : NULL;
	return ip6_parse(s, n, out) ? "\"%\" is not an IPv6 address" : NULL;
}

static const char *key_ip(void *dst, int family, const char **s, size_t *n) {
	return ip_parse(family, *s, *n, dst);
}

static const char *key_addr(void *dst, int family, const char **s, size_t *n) {
	struct gn_ip *ip = dst;
	const char *slash = memchr(*s, '/', *n), *msg;
	unsigned long v;
	if (!slash) return "\"%\" lacks a /prefix length";
	if ((msg = ip_parse(family, *s, (size_t)(slash - *s), ip->addr)))
		return *n = (size_t)(slash - *s), msg;
	*n -= (size_t)(slash + 1 - *s), *s = slash + 1;
	if (env_dec_parse(*s, *n, &v)) return "prefix length \"%\" is not a plain decimal number";
	if (v > (family == GN_AF_INET ? 32u : 128u))
		return family == GN_AF_INET ? "prefix length % out of range 0-32"
					    : "prefix length % out of range 0-128";
	ip->plen = (unsigned)v;
	return NULL;
}

/* The kernel's dev_valid_name(), whose isspace() counts 0xa0 too; control
 * bytes are refused as well, since no interface is named so. */
static const char *key_iface(void *dst, int family, const char **s, size_t *n) {
	int ok = *n <= 15 && (*n > 2 || memcmp(*s, "..", *n));
	size_t i;
	(void)family;
	for (i = 0; ok && i < *n; i++) {
		unsigned char ch = (unsigned char)(*s)[i];
		ok = ch > ' ' && ch != '/' && ch != ':' && ch != 0x7f && ch != 0xa0;
	}
	if (!ok)
		return "invalid interface name \"%\" (1-15 bytes; not . or ..; no '/', ':', "
		       "white space or control bytes)";
	return memcpy(dst, *s, *n), ((char *)dst)[*n] = '\0', NULL;
}

static const char *key_mac(void *dst, int family, const char **s, size_t *n) {
	uint8_t *m = dst;
	size_t i;
	(void)family;
	for (i = 0; *n == 17 && i < 6; i++) {
		const char *o = *s + 3 * i;
		if (hex_val(o[0]) < 0 || hex_val(o[1]) < 0 || (i < 5 && o[2] != ':')) break;
		m[i] = (uint8_t)(hex_val(o[0]) << 4 | hex_val(o[1]));
	}
	if (i < 6) return "invalid MAC address \"%\" (six two-digit hex octets joined by ':')";
	if (m[0] & 1) return "MAC address % is multicast";
	if (!(m[0] | m[1] | m[2] | m[3] | m[4] | m[5])) return "MAC address % is all zero";
	return NULL;
}

static const char *key_mtu(void *dst, int family, const char **s, size_t *n) {
	unsigned long v;
	(void)family;
	if (env_dec_parse(*s, *n, &v)) return "MTU \"%\" is not a plain decimal number";
	if (v < 68 || v > 65535) return "MTU % out of range 68-65535";
	*(unsigned *)dst = (unsigned)v;
	return NULL;
}

struct key { const char *name; key_fn *fn; size_t off; int required; };

static const struct key net_keys[] = {
	{ "iface", key_iface, offsetof(struct gn_config, iface), 1 },
	{ "mac", key_mac, offsetof(struct gn_config, mac), 1 },
	{ "mtu", key_mtu, offsetof(struct gn_config, mtu), 0 },
	{ NULL, NULL, 0, 0 },
}, ip_keys[] = {
	{ "addr", key_addr, 0, 1 },
	{ "gw", key_ip, offsetof(struct gn_ip, gw), 1 },
	{ "dns", key_ip, offsetof(struct gn_ip, dns), 0 },
	{ NULL, NULL, 0, 0 },
};

/* One key=value element of a list; *seen collects the keys met so far. */
static int elem_parse(struct pctx *p, const struct key *keys, void *base, int family,
		      const char *s, size_t n, unsigned *seen) {
	const char *eq = memchr(s, '=', n), *v, *msg;
	size_t vn;
	int k;
	if (!n) return bad(p, NULL, "empty element in the list", "", 0);
	if (!eq) return bad(p, NULL, "\"%\" is not key=value", s, n);
	for (k = 0; keys[k].name; k++)
		if (strlen(keys[k].name) == (size_t)(eq - s) && !memcmp(keys[k].name, s, (size_t)(eq - s)))
			break;
	if (!keys[k].name) return bad(p, NULL, "unknown key \"%\"", s, (size_t)(eq - s));
	if (*seen & 1u << k) return bad(p, keys[k].name, "given more than once", "", 0);
	*seen |= 1u << k;
	v = eq + 1, vn = n - (size_t)(v - s);
	if (!vn) return bad(p, keys[k].name, "empty value", "", 0);
	if ((msg = keys[k].fn((char *)base + keys[k].off, family, &v, &vn)))
		return bad(p, keys[k].name, msg, v, vn);
	return 0;
}

/* A list of key=value elements joined by ','. Returns the problems found. */
static int list_parse(struct pctx *p, const struct key *keys, void *base, int family,
		      const char *s, size_t n, unsigned *seen) {
	const char *comma;
	int before = p->bad, k;
	for (;; s = comma + 1) {
		size_t len = (comma = memchr(s, ',', n)) ? (size_t)(comma - s) : n;
		elem_parse(p, keys, base, family, s, len, seen);
		if (!comma) break;
		n -= len + 1;
	}
	for (k = 0; keys[k].name; k++)
		if (keys[k].required && !(*seen & 1u << k))
			bad(p, keys[k].name, "required key missing", "", 0);
	return p->bad - before;
}

/* Cross-checks of one family (SPEC 1, "beyond"): a usable address and gateway. */
static void ip_check(struct pctx *p, const struct gn_ip *ip) {
	static const uint8_t zero[16];
	const uint8_t *a[2] = { ip->addr, ip->gw };
	size_t len = ip->family == GN_AF_INET ? 4 : 16;
	char t[48];
	int i;
	for (i = 0; i < 2; i++) {
		size_t tn = ip_format(t, ip->family, a[i]);
		const char *key = i ? "gw" : "addr";
		int mc = ip->family == GN_AF_INET ? (a[i][0] & 0xf0) == 0xe0 : a[i][0] == 0xff;
		if (i && !memcmp(ip->gw, ip->addr, len))
			bad(p, key, "gateway % is the address itself", t, tn);
		else if (!memcmp(a[i], zero, len))
			bad(p, key, i ? "gateway % is unspecified" : "address % is unspecified", t, tn);
		else if (mc)
			bad(p, key, i ? "gateway % is multicast" : "address % is multicast", t, tn);
	}
}

static void ip_var_parse(struct pctx *p, struct gn_ip *ip, int family,
			 const char *s, size_t n, int have_net) {
	unsigned seen = 0;
	ip->family = family;
	if (!have_net) bad(p, NULL, "set without MSB_NET", "", 0);
	if (list_parse(p, ip_keys, ip, family, s, n, &seen)) return;
	ip->has_dns = seen >> 2 & 1;
	ip_check(p, ip);
	ip->set = 1;
}

/* Hostname and alias: printable ASCII without white space or '#', so that
 * no name can break /etc/hosts. */
static void name_parse(struct pctx *p, char *dst, size_t max, const char *s, size_t n) {
	size_t i;
	for (i = 0; i < n && n <= max && s[i] > ' ' && s[i] < 0x7f && s[i] != '#'; i++) ;
	if (i < n || n > max)
		bad(p, NULL, max == 64 ? "\"%\" is not 1-64 printable ASCII bytes without white space or '#'"
				       : "\"%\" is not 1-253 printable ASCII bytes without white space or '#'",
		    s, n);
	else memcpy(dst, s, n), dst[n] = '\0';
}

/* The value trimmed of ASCII white space; 0 when absent. White space inside
 * is reported (and the value then skipped). */
static size_t value_trim(struct pctx *p, const char **s) {
	size_t n, i;
	if (!*s) return 0;
	while (env_is_space(**s)) (*s)++;
	for (n = strlen(*s); n && env_is_space((*s)[n - 1]); n--) ;
	for (i = 0; i < n; i++)
		if (env_is_space((*s)[i])) return bad(p, NULL, "white space inside the value \"%\"", *s, n), 0;
	return n;
}

int env_parse(const char *const val[GN_NVARS], struct gn_config *c, gn_diag *diag, void *ctx) {
	struct pctx p = { diag, ctx, 0, 0 };
	const char *s[GN_NVARS];
	size_t n[GN_NVARS];
	unsigned seen = 0;
	int i, present[GN_NVARS];
	char t[24];
	memset(c, 0, sizeof *c), c->mtu = 1500;
	for (i = 0; i < GN_NVARS; i++) {
		int before = p.bad;
		p.var = i, s[i] = val[i];
		n[i] = value_trim(&p, &s[i]);
		present[i] = n[i] || p.bad > before;
	}
	if (n[p.var = GN_NET]) c->has_net = !list_parse(&p, net_keys, c, 0, s[GN_NET], n[GN_NET], &seen);
	if (present[GN_IPV6] && c->mtu < 1280)
		bad(&p, "mtu", "MTU % is below 1280, the minimum with MSB_NET_IPV6", t,
		    env_num_format(t, c->mtu));
	for (p.var = GN_IPV4; p.var <= GN_IPV6; p.var++)
		if (n[p.var])
			ip_var_parse(&p, p.var == GN_IPV4 ? &c->v4 : &c->v6,
				     p.var == GN_IPV4 ? GN_AF_INET : GN_AF_INET6, s[p.var], n[p.var],
				     present[GN_NET]);
	if (n[p.var = GN_HOSTNAME]) name_parse(&p, c->hostname, 64, s[GN_HOSTNAME], n[GN_HOSTNAME]);
	if (n[p.var = GN_ALIAS]) name_parse(&p, c->alias, 253, s[GN_ALIAS], n[GN_ALIAS]);
	return p.bad;
}
