/* SPDX-License-Identifier: Apache-2.0 */
/*
 * env.c - the rules for the five MSB_* values, the text forms of numbers
 * and addresses, and the model of checked values (struct gn_config). Pure
 * functions: no system call, and no C library parsers: inet_pton, strtol and ether_aton
 * differ between libcs (klibc's inet_pton cannot read IPv6 at all), so the
 * same bytes are accepted or refused here on every libc and architecture.
 */
#include "guestnet.h"

const char *const gn_var[GN_NVARS] = {
	[GN_NET] = "MSB_NET",	       [GN_IPV4] = "MSB_NET_IPV4",
	[GN_IPV6] = "MSB_NET_IPV6",    [GN_HOSTNAME] = "MSB_HOSTNAME",
	[GN_ALIAS] = "MSB_HOST_ALIAS",
};

size_t env_ip_format(char *out, size_t size, int family, const uint8_t *a)
{
	struct text t;

	text_init(&t, out, size);
	text_add_ip(&t, family, a);
	return t.len;
}

/* ---- numbers and addresses ------------------------------------------------ */

int env_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int hex_digit_value(int c)
{
	int lower = c | 32;

	if (is_digit(c))
		return c - '0';
	if (lower >= 'a' && lower <= 'f')
		return lower - 'a' + 10;
	return -1;
}

/* No sign and no leading zero: "010" reads as octal elsewhere. */
int env_decimal_parse(const char *s, size_t n, unsigned long *v)
{
	size_t i;

	if (n == 0)
		return -EINVAL;
	if (s[0] == '0' && n > 1)
		return -EINVAL;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -EINVAL;
		if (*v < 10000000)
			*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

int env_ip4_parse(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	size_t start;
	unsigned long v;
	int k;

	for (k = 0; k < 4; k++) {
		start = i;
		while (i < n && i - start < 4 && is_digit(s[i]))
			i++;
		if (env_decimal_parse(s + start, i - start, &v) || v > 255)
			return -EINVAL;
		out[k] = (uint8_t)v;
		if (k == 3)
			break;
		if (i >= n || s[i] != '.')
			return -EINVAL;
		i++;
	}
	if (i != n)
		return -EINVAL;
	return 0;
}

/* The hex digits of one group at s[*i], four at most: their value, and *i
 * moved past them. */
static unsigned ip6_group_scan(const char *s, size_t n, size_t *i)
{
	size_t start = *i;
	unsigned v = 0;

	while (*i < n && *i - start < 4 && hex_digit_value(s[*i]) >= 0) {
		v = v << 4 | (unsigned)hex_digit_value(s[*i]);
		(*i)++;
	}
	return v;
}

/* The groups read, w[0..k), with the "::" at byte gap (or none, -1), into
 * the 16 bytes of out. */
static int ip6_gap_expand(const uint8_t *w, size_t k, int gap, uint8_t out[16])
{
	size_t head = k;
	size_t tail = 0;

	if (gap < 0 && k != 16)
		return -EINVAL; /* too few groups */
	if (gap >= 0 && k == 16)
		return -EINVAL; /* "::" stands for no group */
	if (gap >= 0) {
		head = (size_t)gap;
		tail = k - head;
	}
	memset(out, 0, 16);
	memcpy(out, w, head);
	memcpy(out + 16 - tail, w + head, tail);
	return 0;
}

/* Past the ':' after a group at s[*i]; a second ':' there is the "::",
 * which stands at byte k of the groups read. */
static int ip6_colon_skip(const char *s, size_t n, size_t *i, int *gap,
			  size_t k)
{
	(*i)++;
	if (*i == n)
		return -EINVAL; /* a ':' ends the text */
	if (s[*i] != ':')
		return 0;
	if (*gap >= 0)
		return -EINVAL; /* a second "::" */
	*gap = (int)k;
	(*i)++;
	return 0;
}

/* RFC 4291 2.2: groups of 1-4 hex digits, one "::" at most, and an optional
 * dotted-quad tail in the last 32 bits. No zone, no brackets. */
int env_ip6_parse(const char *s, size_t n, uint8_t out[16])
{
	uint8_t w[16]; /* the bytes of the groups read, the gap not counted */
	size_t k = 0;  /* bytes in w */
	int gap = -1;  /* where "::" stands in w */
	size_t i = 0;
	size_t start;
	unsigned v;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	}
	while (i < n) {
		start = i;
		v = ip6_group_scan(s, n, &i);
		if (i < n && s[i] == '.') {
			if (k > 12 ||
			    env_ip4_parse(s + start, n - start, w + k))
				return -EINVAL;
			k += 4;
			break;
		}
		if (i == start || k == 16)
			return -EINVAL;
		if (i < n && s[i] != ':')
			return -EINVAL;
		w[k] = (uint8_t)(v >> 8);
		w[k + 1] = (uint8_t)v;
		k += 2;
		if (i == n)
			break;
		if (ip6_colon_skip(s, n, &i, &gap, k))
			return -EINVAL;
	}
	return ip6_gap_expand(w, k, gap, out);
}

int env_ip_in_prefix(int family, const uint8_t *a, const uint8_t *b,
		     unsigned plen)
{
	unsigned len = family == GN_AF_INET ? 4 : 16;
	unsigned bits;
	unsigned i;

	for (i = 0; i < len && plen > 0; i++) {
		bits = plen < 8 ? plen : 8;
		/* the byte's first bits */
		if ((a[i] ^ b[i]) & (0xff00u >> bits))
			return 0;
		plen -= bits;
	}
	return 1;
}

/* ---- the MSB_* values ------------------------------------------------------ */

/* A problem is counted, and the first PROBLEMS_SHOWN are reported: a value
 * of 100,000 commas must not flood a serial console. */
#define PROBLEMS_SHOWN 32

struct parse {
	gn_diag *diag;
	void *ctx;
	int var;      /* the variable being parsed, GN_NET... */
	int problems; /* counted so far */
};

static void problem(struct parse *p, const char *key, const char *msg,
		    const char *text, size_t len)
{
	const char *var = gn_var[p->var];

	if (p->problems < PROBLEMS_SHOWN)
		p->diag(p->ctx, var, key, msg, text, len);
	if (p->problems == PROBLEMS_SHOWN)
		p->diag(p->ctx, var, NULL, "further problems not shown", "", 0);
	p->problems++;
}

/*
 * A key's parser: reads the value s[0..n) into dst. Returns NULL, or the
 * message of the problem ('%' standing for the text), having narrowed *s
 * and *n to the part of the value at fault.
 */
typedef const char *key_parse_fn(void *dst, int family, const char **s,
				 size_t *n);

static const char *ip_text_parse(int family, const char *s, size_t n,
				 uint8_t *out)
{
	if (family == GN_AF_INET) {
		if (env_ip4_parse(s, n, out))
			return "\"%\" is not a dotted-quad IPv4 address";
		return NULL;
	}
	if (memchr(s, '%', n))
		return "\"%\" has a zone: zones are not taken (every address "
		       "here is on the interface of MSB_NET, which says it)";
	if (env_ip6_parse(s, n, out))
		return "\"%\" is not an IPv6 address";
	return NULL;
}

static const char *key_ip_parse(void *dst, int family, const char **s,
				size_t *n)
{
	return ip_text_parse(family, *s, *n, dst);
}

/* ADDR/PLEN into a struct gn_ip. */
static const char *key_addr_parse(void *dst, int family, const char **s,
				  size_t *n)
{
	struct gn_ip *ip = dst;
	const char *slash = memchr(*s, '/', *n);
	const char *msg;
	size_t addr_len;
	unsigned long plen;

	if (!slash)
		return "\"%\" lacks a /prefix length";
	addr_len = (size_t)(slash - *s);
	msg = ip_text_parse(family, *s, addr_len, ip->addr);
	if (msg) {
		*n = addr_len;
		return msg;
	}
	*n -= addr_len + 1;
	*s = slash + 1;
	if (env_decimal_parse(*s, *n, &plen))
		return "prefix length \"%\" is not a plain decimal number";
	/* /0 puts every destination on-link: the gateway is never reached */
	if (family == GN_AF_INET && (plen == 0 || plen > 32))
		return "prefix length % out of range 1-32";
	if (family == GN_AF_INET6 && (plen == 0 || plen > 128))
		return "prefix length % out of range 1-128";
	ip->plen = (unsigned)plen;
	return NULL;
}

/* The kernel's dev_valid_name(), whose isspace() counts 0xa0 too; control
 * bytes are refused as well, since no interface is named so. */
static int iface_name_valid(const char *s, size_t n)
{
	size_t i;

	if (n > GN_IFNAME_SIZE - 1)
		return 0;
	if (n <= 2 && memcmp(s, "..", n) == 0)
		return 0; /* "." or ".." */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '/' || c == ':' || c == 0x7f || c == 0xa0)
			return 0;
	}
	return 1;
}

const char *key_iface_parse(void *dst, int family, const char **s, size_t *n)
{
	char *iface = dst;

	(void)family;
	if (!iface_name_valid(*s, *n))
		return "invalid interface name \"%\" (1-15 bytes; not . or ..; "
		       "no '/', ':', white space or control bytes)";
	memcpy(iface, *s, *n);
	iface[*n] = '\0';
	return NULL;
}

/* Six octets of two hex digits each, joined by ':'. */
static int mac_parse(const char *s, size_t n, uint8_t mac[6])
{
	const char *octet;
	int high;
	int low;
	int i;

	if (n != GN_MAC_TEXT_SIZE - 1)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		octet = s + 3 * i;
		high = hex_digit_value(octet[0]);
		low = hex_digit_value(octet[1]);
		if (high < 0 || low < 0)
			return -EINVAL;
		if (i < 5 && octet[2] != ':')
			return -EINVAL;
		mac[i] = (uint8_t)(high << 4 | low);
	}
	return 0;
}

const char *key_mac_parse(void *dst, int family, const char **s, size_t *n)
{
	static const uint8_t zero[6];
	uint8_t *mac = dst;

	(void)family;
	if (mac_parse(*s, *n, mac))
		return "invalid MAC address \"%\" (six two-digit hex octets "
		       "joined by ':')";
	if (mac[0] & 1)
		return "MAC address % is multicast";
	if (memcmp(mac, zero, sizeof zero) == 0)
		return "MAC address % is all zero";
	return NULL;
}

const char *key_mtu_parse(void *dst, int family, const char **s, size_t *n)
{
	unsigned *mtu = dst;
	unsigned long v;

	(void)family;
	if (env_decimal_parse(*s, *n, &v))
		return "MTU \"%\" is not a plain decimal number";
	if (v < 68 || v > 65535)
		return "MTU % out of range 68-65535";
	*mtu = (unsigned)v;
	return NULL;
}

struct key {
	const char *name;
	key_parse_fn *parse;
	uint16_t offset; /* of the field it fills, in the list's struct */
	uint8_t required;
};

/* MSB_NET's keys, into struct gn_msb */
static const struct key net_keys[] = {
	{ "iface", key_iface_parse, offsetof(struct gn_msb, iface), 1 },
	{ "mac", key_mac_parse, offsetof(struct gn_msb, mac), 1 },
	{ "mtu", key_mtu_parse, offsetof(struct gn_msb, mtu), 0 },
	{ NULL, NULL, 0, 0 },
};

/* MSB_NET_IPV4's and MSB_NET_IPV6's keys, into struct gn_ip */
enum { IP_KEY_ADDR, IP_KEY_GW, IP_KEY_DNS };
static const struct key ip_keys[] = {
	[IP_KEY_ADDR] = { "addr", key_addr_parse, 0, 1 },
	[IP_KEY_GW] = { "gw", key_ip_parse, offsetof(struct gn_ip, gw), 1 },
	[IP_KEY_DNS] = { "dns", key_ip_parse, offsetof(struct gn_ip, dns), 0 },
	{ NULL, NULL, 0, 0 },
};

/* A set of keys met, one bit per index in a key table. */
static unsigned key_bit(int k)
{
	return 1u << k;
}

/* The index of the key called s[0..n), or -1. */
static int key_find(const struct key *keys, const char *s, size_t n)
{
	int k;

	for (k = 0; keys[k].name; k++) {
		if (strlen(keys[k].name) == n &&
		    memcmp(keys[k].name, s, n) == 0)
			return k;
	}
	return -1;
}

/* One key=value element s[0..n) of a list; *seen collects the keys met. */
static void element_parse(struct parse *p, const struct key *keys, void *base,
			  int family, const char *s, size_t n, unsigned *seen)
{
	const char *eq = memchr(s, '=', n);
	const char *value;
	const char *msg;
	size_t name_len;
	size_t value_len;
	int k;

	if (n == 0) {
		problem(p, NULL, "empty element in the list", "", 0);
		return;
	}
	if (!eq) {
		problem(p, NULL, "\"%\" is not key=value", s, n);
		return;
	}
	name_len = (size_t)(eq - s);
	k = key_find(keys, s, name_len);
	if (k < 0) {
		problem(p, NULL, "unknown key \"%\"", s, name_len);
		return;
	}
	if (*seen & key_bit(k)) {
		problem(p, keys[k].name, "given more than once", "", 0);
		return;
	}
	*seen |= key_bit(k);
	value = eq + 1;
	value_len = n - name_len - 1;
	if (value_len == 0) {
		problem(p, keys[k].name, "empty value", "", 0);
		return;
	}
	msg = keys[k].parse((char *)base + keys[k].offset, family, &value,
			    &value_len);
	if (msg)
		problem(p, keys[k].name, msg, value, value_len);
}

/* A list of key=value elements joined by ',', s[0..n), into base. Returns
 * how many problems it had. */
static int list_parse(struct parse *p, const struct key *keys, void *base,
		      int family, const char *s, size_t n, unsigned *seen)
{
	int before = p->problems;
	const char *comma;
	size_t len;
	int k;

	for (;;) {
		comma = memchr(s, ',', n);
		len = comma ? (size_t)(comma - s) : n;
		element_parse(p, keys, base, family, s, len, seen);
		if (!comma)
			break;
		s = comma + 1;
		n -= len + 1;
	}
	for (k = 0; keys[k].name; k++) {
		if (keys[k].required && !(*seen & key_bit(k)))
			problem(p, keys[k].name, "required key missing", "", 0);
	}
	return p->problems - before;
}

/* What an address is, beyond being unicast (README "Input"). */
enum ip_class {
	IP_UNICAST,
	IP_UNSPECIFIED, /* 0.0.0.0, :: */
	IP_MULTICAST,	/* 224.0.0.0/4, ff00::/8 */
	IP_LOOPBACK,	/* 127.0.0.0/8, ::1 */
	IP_THIS_NET,	/* 0.0.0.0/8, "this network" */
	IP_BROADCAST,	/* 255.255.255.255, the limited broadcast */
	IP_MAPPED,	/* ::ffff:0:0/96, an IPv4 address in IPv6 */
	IP_COMPAT,	/* ::/96, IPv4-compatible, deprecated */
	IP_LINK_LOCAL,	/* fe80::/10 */
	IP_CLASS_COUNT,
};

static int ip_class4(const uint8_t *a)
{
	static const uint8_t ones[4] = { 255, 255, 255, 255 };
	static const uint8_t zero[4];

	if (memcmp(a, zero, 4) == 0)
		return IP_UNSPECIFIED;
	if (a[0] == 0)
		return IP_THIS_NET;
	if (a[0] == 127)
		return IP_LOOPBACK;
	if ((a[0] & 0xf0) == 0xe0)
		return IP_MULTICAST;
	if (memcmp(a, ones, 4) == 0)
		return IP_BROADCAST;
	return IP_UNICAST; /* 240.0.0.0/4 too: Linux takes it as unicast */
}

/* ::/96 less :: and ::1 is IPv4-compatible; ::ffff:0:0/96 IPv4-mapped. */
static int ip_class6(const uint8_t *a)
{
	static const uint8_t zero[12];

	if (a[0] == 0xff)
		return IP_MULTICAST;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return IP_LINK_LOCAL;
	if (memcmp(a, zero, 10) != 0)
		return IP_UNICAST;
	if (a[10] == 0xff && a[11] == 0xff)
		return IP_MAPPED;
	if (a[10] != 0 || a[11] != 0)
		return IP_UNICAST;
	if (memcmp(a + 12, zero, 3) != 0 || a[15] > 1)
		return IP_COMPAT;
	return a[15] == 0 ? IP_UNSPECIFIED : IP_LOOPBACK;
}

/* The class of an address of family (4 or 16 bytes at a). */
static int ip_class(int family, const uint8_t *a)
{
	if (family == GN_AF_INET)
		return ip_class4(a);
	return ip_class6(a);
}

/* The keys an address is checked for, in the order of ip_class_msgs. */
enum { ROLE_ADDR, ROLE_GW, ROLE_DNS, ROLE_COUNT };
static const char *const ip_role_keys[ROLE_COUNT] = { "addr", "gw", "dns" };

/*
 * The problem with an address of a class in a role, or W_NONE when the
 * class is fine there. Why each (the kernel as found in test/semantic.sh):
 * - loopback: the kernel refuses ::1 on an interface and a loopback gateway;
 *   127.0.0.0/8 it takes, but then never sends from it off lo. A loopback
 *   DNS server (127.0.0.53, a local resolver) is fine.
 * - 0.0.0.0/8: an address the kernel takes (Linux 5.3 and later route it),
 *   but it makes no prefix route for it, and no host is reached there.
 * - the limited broadcast: the kernel refuses it as gateway, and nothing
 *   may send from it or to it without SO_BROADCAST, which resolvers lack.
 * - IPv4-mapped: the kernel takes it, but drops every packet that comes
 *   from one (ip6_rcv_core); it is an IPv4 address, for MSB_NET_IPV4. As a
 *   DNS server a dual-stack socket reaches it over IPv4: fine.
 * - IPv4-compatible: deprecated since RFC 4291, and ::/96 is sit0's route.
 * - link-local: the kernel makes one itself, and forwards nothing that
 *   comes from one; a DNS server there needs a zone, which is not taken.
 *   A link-local gateway is the usual thing.
 */
enum {
	W_NONE,
	W_UNSPECIFIED,
	W_MULTICAST,
	W_LOOPBACK_ADDR,
	W_LOOPBACK,
	W_THIS_NET,
	W_BROADCAST,
	W_MAPPED,
	W_COMPAT,
	W_LINK_LOCAL_ADDR,
	W_LINK_LOCAL_DNS,
	W_COUNT,
};
/* Designated initializers, two of them a literal joined across lines:
 * clang-tidy's missing-comma guess does not apply. */
/* NOLINTBEGIN(bugprone-suspicious-missing-comma) */
static const char *const ip_class_words[W_COUNT] = {
	[W_UNSPECIFIED] = "is unspecified",
	[W_MULTICAST] = "is multicast",
	[W_LOOPBACK_ADDR] = "is loopback, which only lo has",
	[W_LOOPBACK] = "is loopback",
	[W_THIS_NET] = "is in 0.0.0.0/8, \"this network\"",
	[W_BROADCAST] = "is the limited broadcast address",
	[W_MAPPED] = "is IPv4-mapped: give it in MSB_NET_IPV4",
	[W_COMPAT] = "is IPv4-compatible, a deprecated form",
	[W_LINK_LOCAL_ADDR] = "is link-local: the kernel makes one itself; "
			      "give a global address",
	[W_LINK_LOCAL_DNS] = "is link-local, which needs a zone: give a "
			     "global address",
};
/* NOLINTEND(bugprone-suspicious-missing-comma) */
/* The message of each class in each role: "NOUN % WORDS" (one table of
 * words and one of nouns, not 24 whole messages: 500 bytes less). */
static const uint8_t ip_class_msgs[IP_CLASS_COUNT][ROLE_COUNT] = {
	[IP_UNSPECIFIED] = { W_UNSPECIFIED, W_UNSPECIFIED, W_UNSPECIFIED },
	[IP_MULTICAST] = { W_MULTICAST, W_MULTICAST, W_MULTICAST },
	[IP_LOOPBACK] = { W_LOOPBACK_ADDR, W_LOOPBACK, W_NONE },
	[IP_THIS_NET] = { W_NONE, W_THIS_NET, W_THIS_NET },
	[IP_BROADCAST] = { W_BROADCAST, W_BROADCAST, W_BROADCAST },
	[IP_MAPPED] = { W_MAPPED, W_MAPPED, W_NONE },
	[IP_COMPAT] = { W_COMPAT, W_COMPAT, W_COMPAT },
	[IP_LINK_LOCAL] = { W_LINK_LOCAL_ADDR, W_NONE, W_LINK_LOCAL_DNS },
};
static const char *const ip_role_nouns[ROLE_COUNT] = { "address", "gateway",
						       "DNS server" };

/* The problem with address a in a role added to t: 1, or 0 when there is
 * none. Pure. */
int ip_role_problem(struct text *t, int family, int role, const uint8_t *a)
{
	unsigned w = ip_class_msgs[ip_class(family, a)][role];

	if (w == W_NONE)
		return 0;
	text_add(t, ip_role_nouns[role]);
	text_add(t, " % ");
	text_add(t, ip_class_words[w]);
	return 1;
}

/* The host part of address a in a prefix of plen bits: 0 when all its bits
 * are 0, 1 when all are 1, else -1 (and for a prefix of the full length). */
int ip_host_part(int family, const uint8_t *a, unsigned plen)
{
	unsigned len = family == GN_AF_INET ? 4 : 16;
	unsigned zero = 0;
	unsigned ones = 0;
	unsigned i;

	if (plen >= len * 8)
		return -1;
	for (i = plen / 8; i < len; i++) {
		unsigned mask = i == plen / 8 ? 0xffu >> plen % 8 : 0xffu;

		zero |= a[i] & mask;
		ones |= (a[i] ^ 0xffu) & mask;
	}
	if (zero == 0)
		return 0;
	if (ones == 0)
		return 1;
	return -1;
}

/* The subnet address that a (the address, a gateway or a DNS server) is in
 * the prefix of addr/plen, or NULL: an IPv4 network or broadcast address,
 * an IPv6 subnet-router anycast address for the address only (a gateway
 * there is any of the routers). None in an IPv4 /31 or /32 or an IPv6 /127
 * or /128, where every address is a host's (RFC 3021, RFC 6164). Pure. */
const char *ip_subnet_problem(int family, const uint8_t *addr, unsigned plen,
			      int role, const uint8_t *a)
{
	unsigned len = family == GN_AF_INET ? 32 : 128;
	int host;

	if (plen >= len - 1)
		return NULL;
	if (!env_ip_in_prefix(family, a, addr, plen))
		return NULL;
	host = ip_host_part(family, a, plen);
	if (family == GN_AF_INET6)
		host = role == ROLE_ADDR && host == 0 ? 2 : -1;
	if (host == 0)
		return "% is the network address of ";
	if (host == 1)
		return "% is the broadcast address of ";
	if (host == 2)
		return "% is the subnet-router anycast address of ";
	return NULL;
}

/* The message of a subnet address (above) in a role, into whole: "% is
 * the broadcast address of 192.0.2.2/24", or for the address "... of its
 * prefix", the text then with the prefix length. */
static void ip_subnet_msg(struct text *whole, struct text *t,
			  const struct gn_ip *ip, int role, const char *msg)
{
	text_add(whole, msg);
	if (role == ROLE_ADDR) {
		text_add(t, "/");
		text_add_decimal(t, ip->plen);
		text_add(whole, "its prefix");
		return;
	}
	text_add_ip(whole, ip->family, ip->addr);
	text_add(whole, "/");
	text_add_decimal(whole, ip->plen);
}

/* Address a of ip in a role: for the gateway not the address itself, of a
 * class that can work in the role, and not a subnet address of the prefix;
 * one problem at most. */
static void ip_role_check(struct parse *p, const struct gn_ip *ip, int role,
			  const uint8_t *a)
{
	size_t len = ip->family == GN_AF_INET ? 4 : 16;
	char whole[GN_ROLE_MSG_SIZE];
	char text[GN_IP_TEXT_SIZE + 4];
	const char *msg;
	struct text m;
	struct text t;

	text_init(&m, whole, sizeof whole);
	text_init(&t, text, sizeof text);
	text_add_ip(&t, ip->family, a);
	if (role == ROLE_GW && memcmp(a, ip->addr, len) == 0) {
		text_add(&m, "gateway % is the address itself");
	} else if (!ip_role_problem(&m, ip->family, role, a)) {
		msg = ip_subnet_problem(ip->family, ip->addr, ip->plen, role,
					a);
		if (!msg)
			return;
		ip_subnet_msg(&m, &t, ip, role, msg);
	}
	problem(p, ip_role_keys[role], whole, text, t.len);
}

/* Cross-checks of one family (README "Input"): an address that a host can
 * have, a gateway other than it, and a DNS server that can answer. */
static void ip_check(struct parse *p, const struct gn_ip *ip)
{
	ip_role_check(p, ip, ROLE_ADDR, ip->addr);
	ip_role_check(p, ip, ROLE_GW, ip->gw);
	if (ip->has_dns)
		ip_role_check(p, ip, ROLE_DNS, ip->dns);
}

/* MSB_NET_IPV4 or MSB_NET_IPV6, s[0..n), into *ip. */
static void ip_list_parse(struct parse *p, struct gn_ip *ip, int family,
			  const char *s, size_t n, int have_net)
{
	unsigned seen = 0;

	ip->family = family;
	if (!have_net)
		problem(p, NULL, "set without MSB_NET", "", 0);
	if (list_parse(p, ip_keys, ip, family, s, n, &seen))
		return;
	ip->has_dns = (seen & key_bit(IP_KEY_DNS)) != 0;
	ip_check(p, ip);
	ip->set = 1;
}

static void mtu_ipv6_check(struct parse *p, unsigned mtu)
{
	char text[GN_DECIMAL_SIZE];
	struct text t;

	if (mtu >= 1280)
		return;
	text_init(&t, text, sizeof text);
	text_add_decimal(&t, mtu);
	problem(p, "mtu", "MTU % is below 1280, the minimum with MSB_NET_IPV6",
		text, t.len);
}

/*
 * A host name by the rules of systemd's hostname_is_valid(s, 0)
 * (src/basic/hostname-util.c): labels of letters, digits and '-' joined by
 * single dots, no '-' at either end of a label, no dot at either end of
 * the name (a trailing dot is refused, not dropped: the name is the
 * host's, not a DNS query's). Beyond systemd, '_' counts as a letter:
 * microsandbox names a guest after its sandbox, and a sandbox name may
 * hold one (older systemd took it too, as basu's copy of
 * hostname_is_valid still does). No byte that could break /etc/hosts, a
 * prompt or a shell passes. The length is the caller's.
 */
static int name_rules_kept(const char *s, size_t n)
{
	int before = '.'; /* the name starts as a label after a dot does */
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '.' || c == '-') {
			if (before == '.' || (c == '.' && before == '-'))
				return 0;
		} else if (c != '_' && !is_digit(c) &&
			   ((c | 32) < 'a' || (c | 32) > 'z')) {
			return 0;
		}
		before = c;
	}
	return before != '.' && before != '-';
}

const char *name_problem(char *buf, size_t size, const char *s, size_t n,
			 size_t max)
{
	struct text t;

	if (n <= max && name_rules_kept(s, n))
		return NULL;
	text_init(&t, buf, size);
	text_add(&t, "\"%\" is not a host name (at most ");
	text_add_decimal(&t, max);
	text_add(&t, " bytes; labels of letters, digits, '_' and '-' joined "
		     "by single dots; no '-' or dot first or last in a label)");
	return buf;
}

static void name_parse(struct parse *p, char *dst, size_t max, const char *s,
		       size_t n)
{
	char msg[GN_NAME_MSG_SIZE];

	if (name_problem(msg, sizeof msg, s, n, max)) {
		problem(p, NULL, msg, s, n);
		return;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "..." or '...': quotes a shell or a unit file would have dropped. */
static int value_is_quoted(const char *v, size_t n)
{
	if (n < 2 || v[0] != v[n - 1])
		return 0;
	return v[0] == '"' || v[0] == '\'';
}

/*
 * The value at *s trimmed of ASCII white space: *s moved past the leading
 * white space, and the length returned; 0 when absent. White space inside
 * is a problem, and the value then counts as absent.
 */
static size_t value_trim(struct parse *p, const char **s)
{
	const char *v = *s;
	size_t n;
	size_t i;

	if (!v)
		return 0;
	while (env_is_space(*v))
		v++;
	n = strlen(v);
	while (n > 0 && env_is_space(v[n - 1]))
		n--;
	*s = v;
	if (value_is_quoted(v, n)) {
		problem(p, NULL,
			"the value is wrapped in quotes: write it "
			"without them (%)",
			v, n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (env_is_space(v[i])) {
			problem(p, NULL, "white space inside the value \"%\"",
				v, n);
			return 0;
		}
	}
	return n;
}

int env_msb_parse(const char *const val[GN_NVARS], struct gn_msb *c,
		  gn_diag *diag, void *ctx)
{
	struct parse p = { .diag = diag, .ctx = ctx };
	const char *s[GN_NVARS];
	size_t n[GN_NVARS];
	int given[GN_NVARS]; /* not absent, even if refused */
	int before;
	int i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < GN_NVARS; i++) {
		before = p.problems;
		p.var = i;
		s[i] = val[i];
		n[i] = value_trim(&p, &s[i]);
		given[i] = n[i] > 0 || p.problems > before;
	}

	p.var = GN_NET;
	if (n[GN_NET]) {
		unsigned seen = 0;

		c->has_net = !list_parse(&p, net_keys, c, 0, s[GN_NET],
					 n[GN_NET], &seen);
	}
	c->mtu_default = c->mtu == 0;
	if (c->mtu_default)
		c->mtu = 1500; /* the reference agent's, kept */
	if (given[GN_IPV6])
		mtu_ipv6_check(&p, c->mtu);

	p.var = GN_IPV4;
	if (n[GN_IPV4])
		ip_list_parse(&p, &c->v4, GN_AF_INET, s[GN_IPV4], n[GN_IPV4],
			      given[GN_NET]);
	p.var = GN_IPV6;
	if (n[GN_IPV6])
		ip_list_parse(&p, &c->v6, GN_AF_INET6, s[GN_IPV6], n[GN_IPV6],
			      given[GN_NET]);

	p.var = GN_HOSTNAME;
	if (n[GN_HOSTNAME])
		name_parse(&p, c->hostname, GN_HOSTNAME_MAX, s[GN_HOSTNAME],
			   n[GN_HOSTNAME]);
	p.var = GN_ALIAS;
	if (n[GN_ALIAS])
		name_parse(&p, c->alias, GN_ALIAS_MAX, s[GN_ALIAS],
			   n[GN_ALIAS]);
	return p.problems;
}

/* ---- the model ------------------------------------------------------------ */

int gn_ip_equal(int family, const uint8_t *a, const uint8_t *b)
{
	size_t len = family == GN_AF_INET ? 4 : 16;

	return memcmp(a, b, len) == 0;
}

const struct gn_route *gn_config_default_route(const struct gn_config *c,
					       int family)
{
	const struct gn_iface *ci = &c->ifaces[0];
	unsigned i;

	for (i = 0; c->iface_count > 0 && i < ci->route_count; i++) {
		if (ci->routes[i].family == family &&
		    ci->routes[i].dst_len == 0)
			return &ci->routes[i];
	}
	return NULL;
}

int gn_config_has_family(const struct gn_config *c, unsigned family)
{
	unsigned i;

	for (i = 0; i < c->iface_count; i++) {
		if (c->ifaces[i].families & family)
			return 1;
	}
	return 0;
}

/* A gateway outside the address's prefix (a /32, say) is on-link; an IPv6
 * link-local gateway needs only the device. */
static int msb_gw_onlink(const struct gn_ip *ip)
{
	int link_local = ip->family == GN_AF_INET6 && ip->gw[0] == 0xfe &&
			 (ip->gw[1] & 0xc0) == 0x80;

	if (link_local)
		return 0;
	return !env_ip_in_prefix(ip->family, ip->gw, ip->addr, ip->plen);
}

/* One family of MSB_*: its address, its default route, its DNS server. */
static void msb_family_model(const struct gn_ip *ip, struct gn_iface *ci,
			     struct gn_config *c)
{
	struct gn_addr *a = &ci->addrs[ci->addr_count];
	struct gn_route *r = &ci->routes[ci->route_count];

	if (!ip->set)
		return;
	ci->families |= ip->family == GN_AF_INET ? GN_FAMILY_V4 : GN_FAMILY_V6;
	a->family = ip->family;
	a->plen = ip->plen;
	memcpy(a->addr, ip->addr, sizeof a->addr);
	ci->addr_count++;
	r->family = ip->family;
	memcpy(r->gw, ip->gw, sizeof r->gw);
	r->onlink = msb_gw_onlink(ip);
	ci->route_count++;
	if (!ip->has_dns)
		return;
	c->dns[c->dns_count].family = ip->family;
	memcpy(c->dns[c->dns_count].addr, ip->dns, sizeof ip->dns);
	c->dns_count++;
}

void env_msb_model(const struct gn_msb *m, struct gn_config *c)
{
	struct gn_iface *ci = &c->ifaces[0];

	memset(c, 0, sizeof *c);
	memcpy(c->hostname, m->hostname, sizeof c->hostname);
	memcpy(c->alias, m->alias, sizeof c->alias);
	if (!m->has_net)
		return;
	c->iface_count = 1;
	memcpy(ci->name, m->iface, sizeof ci->name);
	ci->has_mac = 1;
	memcpy(ci->mac, m->mac, sizeof ci->mac);
	ci->mtu = m->mtu;
	ci->mtu_from = GN_MTU_FROM_MSB_NET;
	if (m->mtu_default)
		ci->mtu_from = GN_MTU_FROM_MSB_DEFAULT;
	msb_family_model(&m->v4, ci, c);
	msb_family_model(&m->v6, ci, c);
}
