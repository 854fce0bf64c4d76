/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipparam.c - the kernel command line's static network parameters, ip=,
 * nameserver=, rd.route= and ifname=, read as the union of the kernel's,
 * dracut's and systemd-network-generator's forms and checked as strictly as
 * the MSB_* values, into a struct gn_config (IP-DECISIONS.md: the grammar,
 * and why each choice). Pure: no system call.
 */
#include "guestnet.h"

/* ip='s fields read one by one: the ten of the static form, and one more
 * to tell that text follows them. A MAC after the MTU is read from field 9
 * to the end, its own ':' included. */
#define IPP_FIELDS 11

/* A part of a value: s[0..n). */
struct ipp_field {
	const char *s;
	size_t n;
};

/* A run: the model filled, and where its diagnostics go. */
struct ipp {
	struct gn_config *c;
	gn_param_diag *diag;
	void *ctx;
	const struct gn_param *p; /* the parameter being read */
	int problems;
};

/* One static ip=, before it joins the model. */
struct ipp_static {
	struct gn_addr a;
	int has_gw;
	uint8_t gw[16];
	char name[GN_IFNAME_SIZE]; /* "": the one Ethernet interface */
	unsigned mtu;		   /* 0: not given */
	int has_mac;
	uint8_t mac[6];
	struct ipp_field mac_text;
};

const char *const ipparam_names[IPPARAM_NAMES] = { "ip", "nameserver",
						   "rd.route", "ifname" };
enum { IPP_IP, IPP_NAMESERVER, IPP_ROUTE, IPP_IFNAME };

/* <autoconf> words: the first two static, the others dynamic. */
static const char *const ipp_autoconf[] = {
	"off",	 "none",  "on",	     "any",   "dhcp",
	"dhcp6", "auto6", "either6", "link6", "link-local",
	"ibft",	 "bootp", "rarp",    "both",  "single-dhcp",
};
enum { IPP_STATIC, IPP_DYNAMIC, IPP_UNKNOWN };

/* The index of s[0..n) in words[0..count), or -1. */
static int ipp_word_find(const char *const *words, unsigned count,
			 const char *s, size_t n)
{
	unsigned i;

	for (i = 0; i < count; i++) {
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return (int)i;
	}
	return -1;
}

int ipparam_name_find(const char *name, size_t n)
{
	return ipp_word_find(ipparam_names, IPPARAM_NAMES, name, n);
}

/* A diagnostic about the parameter being read; f is the text of its '%'. */
static void ipp_say(struct ipp *r, int warning, const char *field,
		    const char *msg, const struct ipp_field *f)
{
	r->diag(r->ctx, r->p, warning, field, msg, f->s, f->n);
	if (!warning)
		r->problems++;
}

/* s[0..n) split at each ':' outside brackets into f[0..IPP_FIELDS), the
 * fields past the last one given empty. Returns how many there are. */
static unsigned ipp_split(const char *s, size_t n, struct ipp_field *f)
{
	unsigned k = 0;
	size_t start = 0;
	int inside = 0;
	size_t i;

	for (i = 0; i < IPP_FIELDS; i++) {
		f[i].s = s + n;
		f[i].n = 0;
	}
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] == '[')
			inside = 1;
		if (i < n && s[i] == ']')
			inside = 0;
		if (i < n && (inside || s[i] != ':'))
			continue;
		if (k < IPP_FIELDS) {
			f[k].s = s + start;
			f[k].n = i - start;
		}
		k++;
		start = i + 1;
	}
	return k;
}

/* IPv4, IPv6 in brackets, or IPv6 bare (nameserver=): *family and out. */
static const char *ipp_addr_parse(const struct ipp_field *f, int *family,
				  uint8_t out[16])
{
	int bracket = f->n >= 2 && f->s[0] == '[' && f->s[f->n - 1] == ']';

	memset(out, 0, 16);
	*family = GN_AF_INET6;
	if (bracket && env_ip6_parse(f->s + 1, f->n - 2, out) == 0)
		return NULL;
	if (!bracket && memchr(f->s, ':', f->n) &&
	    env_ip6_parse(f->s, f->n, out) == 0)
		return NULL;
	*family = GN_AF_INET;
	if (bracket || env_ip4_parse(f->s, f->n, out))
		return "\"%\" is not an IPv4 address or an IPv6 one in brackets";
	return NULL;
}

/* An address in a role (GN_ROLE_*): of *family unless that is 0, then
 * set. 0, or -1 once the problem is said. */
static int ipp_addr_read(struct ipp *r, const char *field,
			 const struct ipp_field *f, int role, int *family,
			 uint8_t out[16])
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	char role_msg[GN_ROLE_MSG_SIZE];
	const char *msg;
	struct text t;
	int fam;

	msg = ipp_addr_parse(f, &fam, out);
	if (!msg && *family && fam != *family)
		msg = "% is not of the family of the first field";
	if (!msg && fam == GN_AF_INET6 && memcmp(out, mapped, 12) == 0)
		msg = "% is IPv4-mapped: write it as IPv4, without brackets";
	text_init(&t, role_msg, sizeof role_msg);
	if (!msg && ip_role_problem(&t, fam, role, out))
		msg = role_msg;
	if (msg) {
		ipp_say(r, 0, field, msg, f);
		return -1;
	}
	*family = fam;
	return 0;
}

/* A prefix length, or an IPv4 dotted mask of contiguous ones. */
static const char *ipp_plen_parse(const struct ipp_field *f, int family,
				  unsigned *plen)
{
	unsigned full = family == GN_AF_INET ? 32 : 128;
	unsigned long v = 0;
	uint8_t m[4];
	uint32_t bits;

	if (f->n == 0)
		return "empty: write a prefix length (24) or a dotted mask "
		       "(255.255.255.0)";
	if (env_decimal_parse(f->s, f->n, &v) == 0) {
		*plen = (unsigned)v;
		if (v > 0 && v <= full)
			return NULL;
		if (family == GN_AF_INET)
			return "prefix length % out of range 1-32";
		return "prefix length % out of range 1-128";
	}
	v = 0;
	if (family == GN_AF_INET6 || env_ip4_parse(f->s, f->n, m))
		return "\"%\" is not a prefix length or a dotted IPv4 mask";
	bits = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
	       (uint32_t)m[2] << 8 | m[3];
	while (v < 32 && (bits << v & 0x80000000u))
		v++;
	if (v == 0 || (v < 32 && bits << v))
		return "mask % is not 1-32 ones, then zeros";
	*plen = (unsigned)v;
	return NULL;
}

/* What an <autoconf> field says; a comma list (dracut's) is dynamic when
 * one of its words is. *bad: the word not known. */
static int ipp_autoconf_kind(const struct ipp_field *f, struct ipp_field *bad)
{
	int kind = IPP_STATIC;
	size_t start = 0;
	size_t i;
	int k;

	for (i = 0; i <= f->n; i++) {
		if (i < f->n && f->s[i] != ',')
			continue;
		bad->s = f->s + start;
		bad->n = i - start;
		k = ipp_word_find(ipp_autoconf, ARRAY_SIZE(ipp_autoconf),
				  bad->s, bad->n);
		if (bad->n > 0 && k < 0)
			return IPP_UNKNOWN;
		if (k >= 2)
			kind = IPP_DYNAMIC;
		start = i + 1;
	}
	return kind;
}

/* An IPv4 network or broadcast address, or the IPv6 subnet-router anycast
 * address as the client's, in the client's prefix (env.c's rule), "of the
 * prefix". */
static void ipp_subnet_check(struct ipp *r, const char *field,
			     const struct ipp_field *f,
			     const struct ipp_static *st, int role,
			     const uint8_t *a)
{
	const char *words = ip_subnet_problem(st->a.family, st->a.addr,
					      st->a.plen, role, a);
	char msg[GN_ROLE_MSG_SIZE];
	struct text t;

	if (!words)
		return;
	text_init(&t, msg, sizeof msg);
	text_add(&t, words);
	text_add(&t, "the prefix");
	ipp_say(r, 0, field, msg, f);
}

/* Nameserver f, once, in command-line order. */
static void ipp_dns_add(struct ipp *r, const char *field,
			const struct ipp_field *f)
{
	struct gn_config *c = r->c;
	struct gn_addr a = { 0 };
	unsigned i;

	if (ipp_addr_read(r, field, f, GN_ROLE_DNS, &a.family, a.addr))
		return;
	for (i = 0; i < c->dns_count; i++) {
		if (c->dns[i].family == a.family &&
		    gn_ip_equal(a.family, c->dns[i].addr, a.addr))
			return;
	}
	if (c->dns_count == GN_DNS_MAX) {
		ipp_say(r, 0, field, "% is a ninth nameserver: 8 at most", f);
		return;
	}
	c->dns[c->dns_count] = a;
	c->dns_count++;
	if (c->dns_count == 4)
		ipp_say(r, 1, field,
			"% is a fourth nameserver: glibc and musl read only "
			"the first three",
			f);
}

/* The tail after <autoconf>: DNS servers when it holds an address (a '.'
 * or a '['), else [<mtu>][:<mac>]. */
static void ipp_tail_read(struct ipp *r, const struct ipp_field *f, unsigned nf,
			  const char *end, struct ipp_static *st)
{
	struct ipp_field tail = { f[7].s, (size_t)(end - f[7].s) };
	struct ipp_field mtu = f[7];
	const char *msg;

	if (memchr(tail.s, '.', tail.n) || memchr(tail.s, '[', tail.n)) {
		if (f[7].n)
			ipp_dns_add(r, "dns1", &f[7]);
		if (f[8].n)
			ipp_dns_add(r, "dns2", &f[8]);
		if (f[9].n)
			ipp_say(r, 1, "ntp",
				"% ignored: guestnet sets no NTP server",
				&f[9]);
		if (nf > 10)
			ipp_say(r, 0, NULL, "\"%\" follows the last field, ntp",
				&f[10]);
		return;
	}
	msg = mtu.n ? key_mtu_parse(&st->mtu, 0, &mtu.s, &mtu.n) : NULL;
	if (msg)
		ipp_say(r, 0, "mtu", msg, &mtu);
	if (nf <= 8)
		return;
	st->mac_text.s = f[8].s;
	st->mac_text.n = (size_t)(end - f[8].s);
	msg = key_mac_parse(st->mac, 0, &st->mac_text.s, &st->mac_text.n);
	if (msg)
		ipp_say(r, 0, "mac", msg, &st->mac_text);
	st->has_mac = 1;
}

/* The hostname of field 5: the whole of it, once. */
static void ipp_hostname_read(struct ipp *r, const struct ipp_field *f)
{
	char *host = r->c->hostname;
	char msg[GN_NAME_MSG_SIZE];

	if (name_problem(msg, sizeof msg, f->s, f->n, GN_HOSTNAME_MAX)) {
		ipp_say(r, 0, "hostname", msg, f);
		return;
	}
	if (*host && (strlen(host) != f->n || memcmp(host, f->s, f->n))) {
		ipp_say(r, 0, "hostname", "\"%\" differs from an earlier one",
			f);
		return;
	}
	memcpy(host, f->s, f->n);
	host[f->n] = '\0';
}

/* Fields 1-4 of a static ip=: client, peer, gateway, netmask. */
static int ipp_addrs_read(struct ipp *r, const struct ipp_field *f,
			  struct ipp_static *st)
{
	struct gn_addr *a = &st->a;
	unsigned full;
	const char *msg;
	int family = 0;

	if (ipp_addr_read(r, "client", &f[0], GN_ROLE_ADDR, &family, a->addr))
		return -1;
	a->family = family;
	full = family == GN_AF_INET ? 32 : 128;
	msg = ipp_plen_parse(&f[3], family, &a->plen);
	if (msg) {
		ipp_say(r, 0, "netmask", msg, &f[3]);
		return -1;
	}
	ipp_subnet_check(r, "client", &f[0], st, GN_ROLE_ADDR, a->addr);
	a->has_peer = f[1].n > 0;
	if (a->has_peer &&
	    ipp_addr_read(r, "peer", &f[1], GN_ROLE_ADDR, &family, a->peer))
		return -1;
	if (a->has_peer && a->plen < full &&
	    !env_ip_in_prefix(family, a->peer, a->addr, a->plen))
		ipp_say(r, 0, "peer",
			"% is outside the client's prefix: empty for a boot "
			"server, netmask 32 (128) for a point-to-point peer",
			&f[1]);
	st->has_gw = f[2].n > 0;
	if (!st->has_gw ||
	    ipp_addr_read(r, "gateway", &f[2], GN_ROLE_GW, &family, st->gw))
		return 0;
	if (gn_ip_equal(family, st->gw, a->addr))
		ipp_say(r, 0, "gateway", "gateway % is the address itself",
			&f[2]);
	ipp_subnet_check(r, "gateway", &f[2], st, GN_ROLE_GW, st->gw);
	return 0;
}

/* The interface a static ip= names, found or added. NULL once said. */
static struct gn_iface *ipp_iface_get(struct ipp *r, const char *name,
				      const struct ipp_field *f)
{
	struct gn_config *c = r->c;
	struct gn_iface *ci;
	unsigned i;

	for (i = 0; i < c->iface_count; i++) {
		if (strcmp(c->ifaces[i].name, name) == 0)
			return &c->ifaces[i];
	}
	if (c->iface_count > 0 && (*name == '\0' || c->ifaces[0].any_ether)) {
		ipp_say(r, 0, "interface",
			"empty in one ip= and named in another: name it in "
			"every ip=",
			f);
		return NULL;
	}
	if (c->iface_count == GN_IFACES_MAX) {
		ipp_say(r, 0, "interface", "% is a fifth interface: 4 at most",
			f);
		return NULL;
	}
	ci = &c->ifaces[c->iface_count];
	c->iface_count++;
	memcpy(ci->name, name, sizeof ci->name);
	ci->any_ether = *name == '\0';
	return ci;
}

/* The default route of a static ip=: one per family in all. */
static void ipp_default_add(struct ipp *r, struct gn_iface *ci,
			    const struct ipp_static *st,
			    const struct ipp_field *f)
{
	const struct gn_config *c = r->c;
	struct gn_route *rt;
	unsigned i;
	unsigned k;

	for (i = 0; i < c->iface_count; i++) {
		for (k = 0; k < c->ifaces[i].route_count; k++) {
			rt = &r->c->ifaces[i].routes[k];
			if (rt->family != st->a.family || rt->dst_len)
				continue;
			if (&c->ifaces[i] == ci &&
			    gn_ip_equal(rt->family, rt->gw, st->gw))
				return;
			ipp_say(r, 0, "gateway",
				"% is a second default gateway of its family",
				f);
			return;
		}
	}
	rt = &ci->routes[ci->route_count];
	ci->route_count++;
	rt->family = st->a.family;
	memcpy(rt->gw, st->gw, sizeof rt->gw);
}

/* The MTU and MAC of a static ip= onto its interface: the same as any
 * earlier ip='s for it. */
static void ipp_link_merge(struct ipp *r, const struct ipp_field *f,
			   const struct ipp_static *st, struct gn_iface *ci)
{
	if (st->mtu && ci->mtu && st->mtu != ci->mtu)
		ipp_say(r, 0, "mtu", "% differs from an earlier ip='s", &f[7]);
	if (st->has_mac && ci->has_mac && memcmp(st->mac, ci->mac, 6))
		ipp_say(r, 0, "mac", "% differs from an earlier ip='s",
			&st->mac_text);
	if (st->mtu)
		ci->mtu = st->mtu;
	if (st->mtu)
		ci->mtu_from = GN_MTU_FROM_IP;
	if (st->has_mac)
		memcpy(ci->mac, st->mac, sizeof ci->mac);
	ci->has_mac |= st->has_mac;
}

/* An interface with IPv6 needs an MTU of 1280 at least (env.c's rule). */
static void ipp_mtu_check(struct ipp *r, const struct gn_iface *ci)
{
	struct ipp_field shown;
	char mtu[GN_DECIMAL_SIZE];
	struct text t;

	if (!ci->mtu || ci->mtu >= 1280 || !(ci->families & GN_FAMILY_V6))
		return;
	text_init(&t, mtu, sizeof mtu);
	text_add_decimal(&t, ci->mtu);
	shown.s = mtu;
	shown.n = t.len;
	ipp_say(r, 0, "mtu", "% is below 1280, the minimum with IPv6", &shown);
}

/* A checked static ip= into the model: its interface's MTU and MAC, its
 * address (a fifth of its family, or one given twice, refused), its
 * default route. */
static void ipp_static_commit(struct ipp *r, const struct ipp_field *f,
			      const struct ipp_static *st)
{
	struct gn_iface *ci = ipp_iface_get(r, st->name, &f[5]);
	unsigned same = 0;
	unsigned i;

	if (!ci)
		return;
	ipp_link_merge(r, f, st, ci);
	for (i = 0; i < ci->addr_count; i++) {
		if (ci->addrs[i].family != st->a.family)
			continue;
		same++;
		if (gn_ip_equal(st->a.family, ci->addrs[i].addr, st->a.addr))
			same = GN_IFACE_ADDRS_MAX;
	}
	if (same >= GN_IFACE_ADDRS_MAX / 2) {
		ipp_say(r, 0, "client",
			"% is given twice, or a fifth of its family on the "
			"interface",
			&f[0]);
		return;
	}
	ci->addrs[ci->addr_count] = st->a;
	ci->addr_count++;
	ci->families |= st->a.family == GN_AF_INET ? GN_FAMILY_V4 :
						     GN_FAMILY_V6;
	if (st->has_gw)
		ipp_default_add(r, ci, st, &f[2]);
	ipp_mtu_check(r, ci);
}

/* ip=: a static form into the model; a dynamic one said and left alone. */
static void ipp_ip_read(struct ipp *r, const char *s, size_t n)
{
	struct ipp_field f[IPP_FIELDS];
	const struct ipp_field *ac = &f[6];
	struct ipp_field bad;
	struct ipp_static st;
	int before = r->problems;
	const char *msg;
	unsigned nf;
	uint8_t addr[16];
	int family;
	int kind;

	while (n > 0 && s[n - 1] == ':')
		n--;
	nf = ipp_split(s, n, f);
	if (ipp_addr_parse(&f[0], &family, addr))
		ac = nf == 1 ? &f[0] :
			       &f[1]; /* <autoconf>, <iface>:<autoconf> */
	kind = ipp_autoconf_kind(ac, &bad);
	if (kind == IPP_DYNAMIC) {
		ipp_say(r, 1, "autoconf",
			"\"%\" is dynamic configuration, not guestnet's: this "
			"ip= is left alone",
			ac);
		return;
	}
	if (kind == IPP_STATIC && ac == &f[0])
		return; /* off, none or empty: nothing to configure */
	if (kind == IPP_UNKNOWN && ac == &f[6])
		ipp_say(r, 0, "autoconf",
			"\"%\" is neither off, none nor a dynamic method",
			&bad);
	memset(&st, 0, sizeof st);
	if (ipp_addrs_read(r, f, &st))
		return;
	if (f[4].n)
		ipp_hostname_read(r, &f[4]);
	msg = f[5].n ? key_iface_parse(st.name, 0, &f[5].s, &f[5].n) : NULL;
	if (msg)
		ipp_say(r, 0, "interface", msg, &f[5]);
	ipp_tail_read(r, f, nf, s + n, &st);
	if (r->problems == before)
		ipp_static_commit(r, f, &st);
}

/* 1 when gw is in a prefix configured on ci (the peer's, for an address
 * with one: the kernel's prefix route is then the peer's). */
static int ipp_iface_reaches(const struct gn_iface *ci, int family,
			     const uint8_t *gw)
{
	const struct gn_addr *a;
	unsigned i;

	for (i = 0; i < ci->addr_count; i++) {
		a = &ci->addrs[i];
		if (a->family == family &&
		    env_ip_in_prefix(family, gw,
				     a->has_peer ? a->peer : a->addr, a->plen))
			return 1;
	}
	return 0;
}

/* rd.route='s interface: the one named, else the one whose prefix holds
 * the gateway. NULL once said. */
static struct gn_iface *ipp_route_iface(struct ipp *r,
					const struct ipp_field *f,
					const struct gn_route *rt)
{
	struct gn_config *c = r->c;
	struct gn_iface *found = NULL;
	struct gn_iface *ci;
	unsigned i;

	for (i = 0; i < c->iface_count; i++) {
		ci = &c->ifaces[i];
		if (f[2].n && strlen(ci->name) == f[2].n &&
		    memcmp(ci->name, f[2].s, f[2].n) == 0)
			return ci;
		if (f[2].n || !ipp_iface_reaches(ci, rt->family, rt->gw))
			continue;
		if (found) {
			ipp_say(r, 0, "gateway",
				"% is in the prefix of more than one interface: "
				"name the interface (third field)",
				&f[1]);
			return NULL;
		}
		found = ci;
	}
	if (!found && f[2].n)
		ipp_say(r, 0, "interface", "no ip= configures %", &f[2]);
	else if (!found)
		ipp_say(r, 0, "gateway",
			"% is in no prefix an ip= configures: name the "
			"interface (third field)",
			&f[1]);
	return found;
}

/* 1 when ci has a route to rt's destination already. */
static int ipp_route_known(const struct gn_iface *ci, const struct gn_route *rt)
{
	const struct gn_route *o;
	unsigned i;

	for (i = 0; i < ci->route_count; i++) {
		o = &ci->routes[i];
		if (o->family == rt->family && o->dst_len == rt->dst_len &&
		    gn_ip_equal(rt->family, o->dst, rt->dst))
			return 1;
	}
	return 0;
}

/* rd.route=<net>/<plen>:<gw>[:<iface>], IPv6 in brackets ("[net/plen]" or
 * "[net]/plen"). */
static void ipp_route_read(struct ipp *r, const char *s, size_t n)
{
	struct ipp_field f[IPP_FIELDS];
	struct ipp_field whole = { s, n };
	const struct ipp_field *shown;
	struct ipp_field dst;
	struct ipp_field len;
	struct gn_route rt = { 0 };
	struct gn_iface *ci;
	const char *slash;
	const char *msg;
	unsigned nf;

	nf = ipp_split(s, n, f);
	slash = memchr(f[0].s, '/', f[0].n);
	if (nf > 3 || !slash) {
		ipp_say(r, 0, NULL, "\"%\" is not <net>/<plen>:<gw>[:<iface>]",
			&whole);
		return;
	}
	dst.s = f[0].s + (f[0].s[0] == '[');
	dst.n = (size_t)(slash - dst.s);
	len.s = slash + 1;
	len.n = (size_t)(f[0].s + f[0].n - len.s);
	dst.n -= dst.n > 0 && dst.s[dst.n - 1] == ']';
	len.n -= len.n > 0 && len.s[len.n - 1] == ']';
	shown = &dst;
	msg = ipp_addr_parse(&dst, &rt.family, rt.dst);
	if (!msg) {
		shown = &len;
		msg = ipp_plen_parse(&len, rt.family, &rt.dst_len);
	}
	if (!msg && rt.dst_len < (rt.family == GN_AF_INET ? 32u : 128u) &&
	    ip_host_part(rt.family, rt.dst, rt.dst_len) != 0) {
		shown = &f[0];
		msg = "\"%\" has bits set past its prefix length";
	}
	if (msg) {
		ipp_say(r, 0, "destination", msg, shown);
		return;
	}
	if (ipp_addr_read(r, "gateway", &f[1], GN_ROLE_GW, &rt.family, rt.gw))
		return;
	ci = ipp_route_iface(r, f, &rt);
	if (!ci)
		return;
	if (ipp_route_known(ci, &rt) ||
	    ci->route_count == GN_IFACE_ROUTES_MAX) {
		ipp_say(r, 0, "destination",
			"% is given twice, or past 16 routes on the interface",
			&f[0]);
		return;
	}
	ci->routes[ci->route_count] = rt;
	ci->route_count++;
}

/* ifname=<name>:<MAC>: the interface with that MAC takes that name. */
static void ipp_rename_read(struct ipp *r, const char *s, size_t n)
{
	struct gn_config *c = r->c;
	struct gn_rename *rn = &c->renames[c->rename_count];
	const char *colon = memchr(s, ':', n);
	struct ipp_field whole = { s, n };
	struct ipp_field name = { s, colon ? (size_t)(colon - s) : n };
	struct ipp_field mac = { s + name.n + 1, n - name.n - 1 };
	const struct ipp_field *shown = &whole;
	const char *msg = NULL;
	unsigned i;

	if (!colon)
		msg = "\"%\" is not <name>:<MAC>";
	else if (c->rename_count == GN_IFACES_MAX)
		msg = "\"%\" is a fifth ifname=: 4 at most";
	if (!msg) {
		shown = &name;
		msg = key_iface_parse(rn->name, 0, &name.s, &name.n);
	}
	if (!msg) {
		shown = &mac;
		msg = key_mac_parse(rn->mac, 0, &mac.s, &mac.n);
	}
	for (i = 0; !msg && i < c->rename_count; i++) {
		shown = &whole;
		if (strcmp(c->renames[i].name, rn->name) == 0 ||
		    memcmp(c->renames[i].mac, rn->mac, 6) == 0)
			msg = "\"%\": its name or MAC is in an earlier ifname=";
	}
	if (msg) {
		ipp_say(r, 0, NULL, msg, shown);
		return;
	}
	c->rename_count++;
}

/* Every route's gateway outside the interface's prefixes is on-link; an
 * IPv6 link-local one needs only the device. */
static void ipp_onlink_set(struct gn_config *c)
{
	struct gn_iface *ci;
	struct gn_route *rt;
	unsigned i;
	unsigned k;
	int link_local;

	for (i = 0; i < c->iface_count; i++) {
		ci = &c->ifaces[i];
		for (k = 0; k < ci->route_count; k++) {
			rt = &ci->routes[k];
			link_local = rt->family == GN_AF_INET6 &&
				     rt->gw[0] == 0xfe &&
				     (rt->gw[1] & 0xc0) == 0x80;
			rt->onlink = !link_local &&
				     !ipp_iface_reaches(ci, rt->family, rt->gw);
		}
	}
}

int ipparam_parse(const struct gn_param *p, unsigned n, struct gn_config *c,
		  gn_param_diag *diag, void *ctx)
{
	struct ipp r = { .c = c, .diag = diag, .ctx = ctx };
	struct ipp_field v;
	unsigned pass;
	unsigned i;
	int k;

	memset(c, 0, sizeof *c);
	/* rd.route= last: it needs the prefixes of every ip= */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			k = ipparam_name_find(p[i].name, strlen(p[i].name));
			if ((k == IPP_ROUTE) != (pass == 1))
				continue;
			r.p = &p[i];
			v.s = p[i].value;
			v.n = strlen(v.s);
			if (k == IPP_IP)
				ipp_ip_read(&r, v.s, v.n);
			if (k == IPP_NAMESERVER)
				ipp_dns_add(&r, NULL, &v);
			if (k == IPP_ROUTE)
				ipp_route_read(&r, v.s, v.n);
			if (k == IPP_IFNAME)
				ipp_rename_read(&r, v.s, v.n);
		}
	}
	ipp_onlink_set(c);
	return r.problems;
}
