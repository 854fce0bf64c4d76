/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/fuzz/fuzz_plan.c - libFuzzer harness: the plan (plan.c), a pure
 * function, fed a configuration and a state snapshot built from the input.
 *
 * Input: a stream of bytes read one at a time (0 once exhausted). The
 * configuration: 1-4 interfaces, each with a MAC (or none), an MTU, 0-2
 * addresses of each family it configures, a default route per family
 * (on-link when its gateway is outside every prefix) and maybe one more; a
 * hostname and DNS servers or none. The snapshot: netlink, lo and each
 * interface found or not, up or down, its MAC and MTU, its addresses
 * (IPv4 secondaries flagged as the kernel flags them), routes and
 * neighbours, from small pools of values so that they meet the
 * configured ones, or many (up to STATE_*_MAX) from a generator; read
 * failures now and then.
 *
 * Properties (the behaviour contract's, on the plan): at most PLAN_MAX
 * changes; the files and hostname first and last; per interface the kinds
 * in the contract's order, each link change at most once and only when it
 * differs; nothing on an interface not found or without netlink, no
 * address or route change when its read failed; every ADDR_DEL an
 * unconfigured address of the state, every ADDR_ADD a configured one not
 * there (or a secondary going with its primary); every ROUTE_DEL a managed
 * route that is there when it runs (none the kernel flushed with the last
 * IPv4 address); neighbours forgotten only on a link up keeping its MAC;
 * each change's text fits a line (1200 bytes, not cut); and convergence:
 * the plan applied by test/plan.c's model of the kernel and planned again
 * holds only the files and the hostname.
 */
#define _GNU_SOURCE
#include <stdlib.h>

#define PLAN_TEST_NO_MAIN
#include "../../out.c"
#include "../../plan.c"
#include "../plan.c"

static void plan_dump(void);

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz_plan: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                           \
			plan_dump();                                        \
			abort();                                            \
		}                                                           \
	} while (0)

struct fz {
	const uint8_t *p;
	size_t n;
	uint32_t rng; /* the generator of long lists */
};

static unsigned fz_byte(struct fz *f)
{
	unsigned b;

	if (f->n == 0)
		return 0;
	b = f->p[0];
	f->p++;
	f->n--;
	return b;
}

static unsigned fz_pick(struct fz *f, unsigned n)
{
	return fz_byte(f) % n;
}

static uint32_t fz_rand(struct fz *f)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 17;
	f->rng ^= f->rng << 5;
	return f->rng;
}

/* Pools: few values, so that the state meets the configuration. */
static const char *const v4_addrs[] = {
	"192.0.2.2",	"192.0.2.3",	"192.0.2.10",  "192.0.2.130",
	"198.51.100.7", "198.51.100.8", "203.0.113.1", "192.0.2.1",
};
static const char *const v6_addrs[] = {
	"2001:db8::2", "2001:db8::3",	"2001:db8:1::7", "2001:db8:1::8",
	"2001:db8::1", "2001:db8:2::2", "2001:db8::2:0", "fe80::1",
};
static const unsigned v4_plens[] = { 24, 25, 32, 28, 16 };
static const unsigned v6_plens[] = { 64, 48, 128, 56 };
static const char *const v4_dsts[] = { "default", "default", "203.0.113.0/24",
				       "198.51.100.0/24" };
static const char *const v6_dsts[] = { "default", "default", "2001:db8:5::/48",
				       "2001:db8:1::/64" };
static const char *const macs[] = { "02:00:00:00:00:01", "02:00:00:00:00:02",
				    "52:54:00:12:34:56" };
static const unsigned mtus[] = { 0, 1500, 9000, 1400 };
static const unsigned protocols[] = { RTPROT_BOOT, RTPROT_BOOT, 2, 4, 9, 16 };
static const uint32_t metrics[] = { 0, 1024, 100, 5, 256 };

static struct gn_config C;
static struct gn_state S, S2;
static struct gn_plan P, P2;

/* An address (fe80::1, link-scope, only as a gateway or neighbour). */
static const char *fz_ip(struct fz *f, int v6)
{
	return v6 ? v6_addrs[fz_pick(f, 7)] : v4_addrs[fz_pick(f, 8)];
}

static const char *fz_gw(struct fz *f, int v6)
{
	return v6 ? v6_addrs[fz_pick(f, 8)] : v4_addrs[fz_pick(f, 8)];
}

static int addr_in_config(const struct gn_iface *ci, int family,
			  const uint8_t *addr)
{
	unsigned i;

	for (i = 0; i < ci->addr_count; i++) {
		if (ci->addrs[i].family == family &&
		    gn_ip_equal(family, ci->addrs[i].addr, addr))
			return 1;
	}
	return 0;
}

/* The gateway outside every prefix of its family: on-link. */
static int gw_onlink(const struct gn_iface *ci, const struct gn_route *r)
{
	unsigned i;

	for (i = 0; i < ci->addr_count; i++) {
		if (ci->addrs[i].family == r->family &&
		    env_ip_in_prefix(r->family, ci->addrs[i].addr, r->gw,
				     ci->addrs[i].plen))
			return 0;
	}
	return 1;
}

static void config_family(struct fz *f, struct gn_iface *ci, int v6)
{
	int family = v6 ? GN_AF_INET6 : GN_AF_INET;
	unsigned n = 1 + fz_pick(f, 2);
	char text[64];
	unsigned i;
	int fam;
	uint8_t a[16];
	unsigned plen;
	struct gn_route *r;

	for (i = 0; i < n; i++) {
		snprintf(text, sizeof text, "%s/%u", fz_ip(f, v6),
			 v6 ? v6_plens[fz_pick(f, 4)] :
			      v4_plens[fz_pick(f, 5)]);
		pt_prefix(text, &fam, a, &plen);
		if (!addr_in_config(ci, family, a))
			pt_config_addr(ci, text);
	}
	pt_config_route(ci, "default", fz_gw(f, v6), 0);
	r = &ci->routes[ci->route_count - 1];
	r->onlink = gw_onlink(ci, r);
	if (fz_pick(f, 4) == 0) {
		pt_config_route(ci, v6 ? v6_dsts[2] : v4_dsts[2], fz_gw(f, v6),
				0);
		r = &ci->routes[ci->route_count - 1];
		r->onlink = gw_onlink(ci, r);
	}
}

static void config_build(struct fz *f)
{
	struct gn_iface *ci;
	unsigned n = 1 + fz_pick(f, 4);
	unsigned b;
	char name[8];
	unsigned i;

	pt_config_init(&C, fz_pick(f, 2) ? "worker-01" : "");
	for (i = fz_pick(f, 3); i > 0; i--)
		pt_config_dns(&C, fz_ip(f, i == 2));
	for (i = 0; i < n; i++) {
		b = fz_byte(f);
		snprintf(name, sizeof name, "eth%u", i);
		ci = pt_config_iface(&C, name, b & 0x80 ? NULL : macs[b % 3],
				     mtus[(b >> 2) % 4]);
		if (b & 0x10)
			config_family(f, ci, 0);
		if (b & 0x20)
			config_family(f, ci, 1);
	}
}

/* The kernel's flag: a secondary when an earlier primary has its subnet. */
static void state_addr_add(struct state_iface *si, const char *text,
			   uint32_t flags, int site)
{
	struct nl_addr_info *a;
	int fam;
	uint8_t addr[16];
	unsigned plen;
	unsigned i;

	if (si->addr_count == STATE_ADDRS_MAX)
		return;
	pt_prefix(text, &fam, addr, &plen);
	if (pt_addr_find(si, fam, addr, plen) >= 0)
		return; /* the kernel holds one */
	pt_state_addr(si, text, flags & (IFA_F_PERMANENT | IFA_F_NODAD));
	a = &si->addrs[si->addr_count - 1];
	a->scope = site ? RT_SCOPE_SITE : RT_SCOPE_UNIVERSE;
	for (i = 0; fam == GN_AF_INET && i + 1 < si->addr_count; i++) {
		if (!(si->addrs[i].flags & IFA_F_SECONDARY) &&
		    pt_same_subnet(&si->addrs[i], a->addr, a->plen))
			a->flags |= IFA_F_SECONDARY;
	}
}

static void state_addrs(struct fz *f, struct state_iface *si)
{
	unsigned n = fz_pick(f, 6);
	unsigned many = fz_pick(f, 8) == 0 ? fz_byte(f) * 4 + 3 : 0;
	char text[64];
	unsigned b;
	unsigned i;
	uint32_t r;

	for (i = 0; i < n; i++) {
		b = fz_byte(f);
		snprintf(text, sizeof text, "%s/%u", fz_ip(f, b & 1),
			 b & 1 ? v6_plens[(b >> 1) % 4] :
				 v4_plens[(b >> 1) % 5]);
		state_addr_add(si, text, b, b >> 7);
	}
	for (i = 0; i < many; i++) {
		r = fz_rand(f);
		if (r & 1)
			snprintf(text, sizeof text, "2001:db8:%x::%x/64",
				 (r >> 1) & 0xff, (r >> 9) & 0xfff);
		else
			snprintf(text, sizeof text, "198.51.100.%u/%u",
				 (r >> 1) & 0xff, 24 + (r >> 9) % 9);
		state_addr_add(si, text, r >> 16, 0);
	}
	si->v4_other = fz_pick(f, 4) == 0;
}

/* An earlier route of the same destination, metric and gateway. */
static int route_twin(const struct state_iface *si,
		      const struct nl_route_info *r)
{
	const struct nl_route_info *o;
	unsigned i;

	for (i = 0; i + 1 < si->route_count; i++) {
		o = &si->routes[i];
		if (pt_route_same(o, r->family, r->dst_len, r->dst) &&
		    o->priority == r->priority && o->has_gw == r->has_gw &&
		    gn_ip_equal(r->family, o->gw, r->gw))
			return 1;
	}
	return 0;
}

static void state_route_add(struct fz *f, struct state_iface *si, unsigned b)
{
	int v6 = b & 1;
	const char *dst = v6 ? v6_dsts[(b >> 1) % 4] : v4_dsts[(b >> 1) % 4];
	struct nl_route_info *r;

	if (si->route_count == STATE_ROUTES_MAX)
		return;
	pt_state_route(si, dst, b & 0x08 ? NULL : fz_gw(f, v6),
		       protocols[fz_pick(f, 6)], metrics[fz_pick(f, 5)],
		       b & 0x10 ? RTNH_F_ONLINK : 0);
	r = &si->routes[si->route_count - 1];
	r->family = v6 ? GN_AF_INET6 : GN_AF_INET;
	r->expires = (b & 0x20) != 0; /* a lifetime: learned */
	if (route_twin(si, r))
		si->route_count--; /* the kernel: EEXIST */
}

static void state_routes(struct fz *f, struct state_iface *si)
{
	unsigned n = fz_pick(f, 8);
	unsigned many = fz_pick(f, 8) == 0 ? fz_byte(f) + 1 : 0;
	unsigned i;

	for (i = 0; i < n; i++)
		state_route_add(f, si, fz_byte(f));
	for (i = 0; i < many; i++)
		state_route_add(f, si, fz_rand(f) & 0xff);
}

static void state_neighs(struct fz *f, const struct gn_iface *ci,
			 struct state_iface *si)
{
	unsigned n = fz_pick(f, 4);
	unsigned many = fz_pick(f, 8) == 0 ? fz_byte(f) * 4 + 4 : 0;
	char text[64];
	unsigned i;
	uint32_t r;

	/* state_read(): only on a link up keeping its MAC */
	si->neighs_read =
		(si->link.flags & GN_IFF_UP) &&
		(!ci->has_mac || memcmp(si->link.addr, ci->mac, 6) == 0);
	if (si->neighs_read && fz_pick(f, 16) == 0) {
		si->neighs_err = -EOPNOTSUPP;
		si->neighs_read = 0;
	}
	if (!si->neighs_read)
		return;
	for (i = 0; i < n; i++)
		pt_state_neigh(si, fz_gw(f, i & 1));
	for (i = 0; i < many && si->neigh_count < STATE_NEIGHS_MAX; i++) {
		r = fz_rand(f);
		snprintf(text, sizeof text, "2001:db8:9::%x", r & 0xffff);
		pt_state_neigh(si, text);
	}
}

static void state_iface_build(struct fz *f, int i)
{
	unsigned b = fz_byte(f);
	struct state_iface *si;

	si = pt_state_iface(&S, i, C.ifaces[i].name, macs[b % 3],
			    mtus[1 + (b >> 2) % 3], (b >> 4) & 1);
	if (b & 0x20) { /* found by its MAC, under a name of the kernel's */
		si->by_mac = 1;
		for (b = 0; b < sizeof si->link.name - 1; b++)
			si->link.name[b] = (char)fz_byte(f);
	}
	b = fz_byte(f);
	si->err = b == 0xff ? -ENODEV : 0;
	si->link.has_addr = b != 0xfe;
	si->addrs_err = b == 0xfd ? -EIO : 0;
	si->routes_err = b == 0xfc ? -EIO : 0;
	state_addrs(f, si);
	state_routes(f, si);
	state_neighs(f, &C.ifaces[i], si);
	b = fz_byte(f); /* the IPv6 settings in the link dump */
	si->link.has_inet6_conf = b & 1;
	si->link.accept_ra = (int32_t)((b >> 1) & 3);
	si->link.autoconf = (int32_t)((b >> 3) & 1);
	si->link.keep_addr_on_down = (int32_t)((b >> 4) & 1);
}

static void state_build(struct fz *f)
{
	unsigned b = fz_byte(f);
	unsigned i;

	pt_state_init(&S, b & 1);
	S.lo_has[0] = (b & 3) == 1;
	S.lo_has[1] = (b & 5) == 1;
	S.lo_ipv6 = (b & 0x40) == 0;
	S.lo_has[1] &= S.lo_ipv6; /* no ::1 without IPv6 */
	S.nl_err = b == 0xff ? -EPROTONOSUPPORT : 0;
	S.lo_err = b == 0xfd ? -EIO : 0;
	for (i = 0; i < C.iface_count; i++)
		state_iface_build(f, (int)i);
}

/* ---- the properties -------------------------------------------------------- */

/* The contract's order of an interface's changes. */
static const int kind_rank[CHANGE_KINDS] = {
	[CHANGE_LINK_DOWN] = 1,	 [CHANGE_MAC] = 2,	  [CHANGE_MTU] = 3,
	[CHANGE_SYSCTL] = 4,	 [CHANGE_ADDR_DEL] = 5,	  [CHANGE_ADDR_ADD] = 6,
	[CHANGE_ARP_NOTIFY] = 7, [CHANGE_LINK_UP] = 8,	  [CHANGE_ROUTE_DEL] = 9,
	[CHANGE_ROUTE_ADD] = 10, [CHANGE_NEIGH_DEL] = 11, [CHANGE_ALTNAME] = 12,
	[CHANGE_ANNOUNCE] = 13,
};

/* The files and hostname before lo and the interfaces; resolv.conf last. */
static unsigned check_host_changes(void)
{
	unsigned k = 0;

	CHECK(P.count >= 1 && P.changes[0].kind == CHANGE_FILE &&
	      P.changes[0].file == FILE_HOSTS);
	k = 1;
	if (C.hostname[0]) {
		CHECK(P.count >= 3 && P.changes[1].kind == CHANGE_HOSTNAME &&
		      P.changes[2].kind == CHANGE_FILE &&
		      P.changes[2].file == FILE_HOSTNAME);
		k = 3;
	}
	if (P.unkept == 0) {
		CHECK((C.dns_count > 0) ==
		      (P.changes[P.count - 1].kind == CHANGE_FILE &&
		       P.changes[P.count - 1].file == FILE_RESOLV));
	}
	return k;
}

static void check_lo(const struct change *ch)
{
	CHECK(!S.nl_err && !S.lo_err);
	if (ch->kind == CHANGE_LINK_UP) {
		CHECK(!S.lo_up);
		return;
	}
	CHECK(ch->kind == CHANGE_ADDR_ADD);
	if (ch->family == GN_AF_INET6 && !S.lo_ipv6)
		return; /* asked for, as IPv6 is configured: its refusal says so */
	CHECK(S.lo_up);
	CHECK(!S.lo_has[ch->family == GN_AF_INET6]);
}

static int addr_configured_as(const struct gn_iface *ci, int family,
			      const uint8_t *addr, unsigned plen)
{
	unsigned i;
	unsigned bit = family == GN_AF_INET ? GN_FAMILY_V4 : GN_FAMILY_V6;

	for (i = 0; (ci->families & bit) && i < ci->addr_count; i++) {
		if (ci->addrs[i].family == family &&
		    ci->addrs[i].plen == plen &&
		    gn_ip_equal(family, ci->addrs[i].addr, addr))
			return 1;
	}
	return 0;
}

/* A secondary of the state whose primary the plan removes. */
static int addr_goes_with_primary(int iface, const struct nl_addr_info *a)
{
	const struct change *ch;
	unsigned i;

	if (!(a->flags & IFA_F_SECONDARY))
		return 0;
	for (i = 0; i < P.count; i++) {
		ch = &P.changes[i];
		if (ch->iface == iface && ch->kind == CHANGE_ADDR_DEL &&
		    ch->family == GN_AF_INET && ch->plen == a->plen &&
		    env_ip_in_prefix(GN_AF_INET, ch->addr, a->addr, a->plen))
			return 1;
	}
	return 0;
}

static int mac_differs(const struct gn_iface *ci, const struct state_iface *si)
{
	return ci->has_mac &&
	       !(si->link.has_addr && memcmp(si->link.addr, ci->mac, 6) == 0);
}

/* Up with a new MAC: set down for it, then up again. */
static int link_cycles(int iface)
{
	const struct state_iface *si = &S.ifaces[iface];

	return (si->link.flags & GN_IFF_UP) && mac_differs(&C.ifaces[iface], si);
}

/* An IPv6 address the link loses as it goes down for its new MAC. */
static int addr_flushed_down(int iface, const struct nl_addr_info *a)
{
	const struct state_iface *si = &S.ifaces[iface];

	if (!link_cycles(iface) || a->family != GN_AF_INET6)
		return 0;
	return si->link.keep_addr_on_down <= 0 ||
	       !(a->flags & IFA_F_PERMANENT);
}

static void check_addr(int iface, const struct change *ch)
{
	const struct gn_iface *ci = &C.ifaces[iface];
	const struct state_iface *si = &S.ifaces[iface];
	int k = pt_addr_find(si, ch->family, ch->addr, ch->plen);
	int conf = addr_configured_as(ci, ch->family, ch->addr, ch->plen);

	if (ch->kind == CHANGE_ADDR_DEL) {
		CHECK(k >= 0 && si->addrs[k].plen == ch->plen && !conf);
		CHECK(!addr_flushed_down(iface, &si->addrs[k]));
		return;
	}
	CHECK(conf);
	CHECK(k < 0 || si->addrs[k].plen != ch->plen ||
	      addr_goes_with_primary(iface, &si->addrs[k]) ||
	      addr_flushed_down(iface, &si->addrs[k]));
}

static int route_is_configured(const struct gn_iface *ci,
			       const struct change *ch)
{
	const struct gn_route *r;
	unsigned i;

	for (i = 0; i < ci->route_count; i++) {
		r = &ci->routes[i];
		if (r->family == ch->family && r->dst_len == ch->plen &&
		    gn_ip_equal(r->family, r->dst, ch->addr) &&
		    gn_ip_equal(r->family, r->gw, ch->gw) && ch->has_gw &&
		    r->onlink == ch->onlink)
			return 1;
	}
	return 0;
}

/* A ROUTE_DEL: a managed route there when it runs (sim: the state the
 * changes before it left): a default route, one of guestnet's, or beside
 * a static IPv6 configuration one router advertisements left. */
static void check_route_del(const struct state_iface *sim,
			    const struct change *ch)
{
	const struct gn_iface *ci = &C.ifaces[ch->iface];
	const struct nl_route_info *r;
	unsigned i;

	for (i = 0; i < sim->route_count; i++) {
		r = &sim->routes[i];
		if (pt_route_same(r, ch->family, ch->plen, ch->addr) &&
		    r->priority == ch->priority && r->has_gw == ch->has_gw &&
		    (!ch->has_gw || gn_ip_equal(ch->family, r->gw, ch->gw)))
			break;
	}
	CHECK(i < sim->route_count);
	r = &sim->routes[i];
	CHECK(r->dst_len == 0 || r->protocol == RTPROT_BOOT ||
	      (r->family == GN_AF_INET6 && (ci->families & GN_FAMILY_V6) &&
	       (r->protocol == RTPROT_RA || r->expires)));
	CHECK(!link_cycles(ch->iface)); /* gone with the link down */
}

static void check_link(int iface, const struct change *ch)
{
	const struct gn_iface *ci = &C.ifaces[iface];
	const struct state_iface *si = &S.ifaces[iface];
	int up = (si->link.flags & GN_IFF_UP) != 0;

	if (ch->kind == CHANGE_LINK_DOWN)
		CHECK(link_cycles(iface));
	if (ch->kind == CHANGE_MAC)
		CHECK(mac_differs(ci, si));
	if (ch->kind == CHANGE_MTU)
		CHECK(ci->mtu && ci->mtu != si->link.mtu && ch->mtu == ci->mtu);
	if (ch->kind == CHANGE_SYSCTL)
		CHECK((ci->families & GN_FAMILY_V6) && si->link.has_inet6_conf &&
		      (ch->file == SYSCTL_ACCEPT_RA ? si->link.accept_ra
						    : si->link.autoconf) != 0);
	if (ch->kind == CHANGE_LINK_UP)
		CHECK(!up || link_cycles(iface));
	if (ch->kind == CHANGE_ARP_NOTIFY)
		CHECK((!up || link_cycles(iface)) &&
		      (ci->families & GN_FAMILY_V4));
	if (ch->kind == CHANGE_NEIGH_DEL)
		CHECK(up && !mac_differs(ci, si));
	if (ch->kind == CHANGE_ANNOUNCE)
		CHECK(ch->family == GN_AF_INET6 || (up && !link_cycles(iface)));
}

/* One interface's change k, against the state and the order so far. */
static void check_iface_change(const struct change *ch, int *last_iface,
			       int *last_rank, unsigned *once)
{
	int iface = ch->iface;
	const struct state_iface *si;
	int rank;

	CHECK(iface >= 0 && (unsigned)iface < C.iface_count);
	si = &S.ifaces[iface];
	CHECK(!S.nl_err && !si->err);
	CHECK(ch->kind < CHANGE_KINDS && kind_rank[ch->kind] > 0);
	rank = kind_rank[ch->kind];
	CHECK(iface >= *last_iface);
	if (iface > *last_iface) {
		*last_iface = iface;
		*last_rank = 0;
		*once = 0;
	}
	CHECK(rank >= *last_rank);
	*last_rank = rank;
	if (ch->kind != CHANGE_ANNOUNCE && rank != 5 && rank != 6 && rank < 9) {
		if (ch->kind == CHANGE_SYSCTL) /* once per setting */
			rank = 16 + ch->file;
		CHECK(!(*once & (1u << rank)));
		*once |= 1u << rank;
	}
	if (ch->kind == CHANGE_ANNOUNCE) {
		rank = 14 + (ch->family == GN_AF_INET6);
		CHECK(!(*once & (1u << rank)));
		*once |= 1u << rank;
	}
	rank = kind_rank[ch->kind];
	if ((rank >= 5 && rank <= 7) || rank >= 13)
		CHECK(!si->addrs_err);
	if (ch->kind == CHANGE_ALTNAME)
		CHECK(si->by_mac && !C.ifaces[iface].any_ether);
	if (rank == 9 || rank == 10)
		CHECK(!si->addrs_err && !si->routes_err);
	if (rank == 5 || rank == 6)
		check_addr(iface, ch);
	if (rank == 10)
		CHECK(route_is_configured(&C.ifaces[iface], ch));
	check_link(iface, ch);
}

static void check_text(const struct change *ch)
{
	char buf[OUT_LINE_SIZE];
	struct text t;

	memset(buf, 'x', sizeof buf);
	text_init(&t, buf, sizeof buf);
	plan_change_text(&t, &C, &S, ch, "/R/etc");
	CHECK(!t.cut && t.len < sizeof buf && buf[t.len] == '\0');
	CHECK(strlen(buf) == t.len && t.len > 0);
}

static void check_plan(void)
{
	int last_iface = -1;
	int last_rank = 0;
	unsigned once = 0;
	const struct change *ch;
	unsigned k;
	unsigned i;

	CHECK(P.count <= PLAN_MAX && (P.unkept == 0 || P.count == PLAN_MAX));
	k = check_host_changes();
	memcpy(&S2, &S, sizeof S2);
	for (i = 0; i < P.count; i++) {
		ch = &P.changes[i];
		check_text(ch);
		if (ch->kind == CHANGE_ROUTE_DEL)
			check_route_del(&S2.ifaces[ch->iface], ch);
		pt_sim_change(&C, &S2, ch);
		if (i < k || (ch->kind == CHANGE_FILE &&
			      ch->file == FILE_RESOLV && i == P.count - 1))
			continue;
		CHECK(ch->kind != CHANGE_FILE && ch->kind != CHANGE_HOSTNAME);
		if (ch->iface == CHANGE_LO) {
			CHECK(last_iface == -1);
			check_lo(ch);
			continue;
		}
		check_iface_change(ch, &last_iface, &last_rank, &once);
	}
}

static int state_unkept(const struct gn_state *s)
{
	unsigned i;

	for (i = 0; i < C.iface_count; i++) {
		if (s->ifaces[i].addrs_unkept || s->ifaces[i].routes_unkept ||
		    s->ifaces[i].neighs_unkept)
			return 1;
	}
	return 0;
}

/* The state's addresses and routes and the plan, for a failure's log. */
static void plan_dump(void)
{
	static char lines[1 << 16];
	const struct state_iface *si;
	char buf[OUT_LINE_SIZE];
	struct text t;
	unsigned i;
	unsigned k;

	for (i = 0; i < C.iface_count; i++) {
		si = &S.ifaces[i];
		fprintf(stderr, "state %s: up %u err %d/%d/%d v4_other %u\n",
			C.ifaces[i].name, si->link.flags & GN_IFF_UP, si->err,
			si->addrs_err, si->routes_err, si->v4_other);
		for (k = 0; k < si->addr_count && k < 64; k++) {
			text_init(&t, buf, sizeof buf);
			text_add_prefix(&t, si->addrs[k].family,
					si->addrs[k].addr, si->addrs[k].plen);
			fprintf(stderr, "  addr %s flags %x\n", buf,
				si->addrs[k].flags);
		}
		for (k = 0; k < si->route_count && k < 64; k++) {
			text_init(&t, buf, sizeof buf);
			text_add_prefix(&t, si->routes[k].family,
					si->routes[k].dst,
					si->routes[k].dst_len);
			text_add(&t, " via ");
			text_add_ip(&t, si->routes[k].family, si->routes[k].gw);
			fprintf(stderr, "  route %s gw %d proto %u metric %u\n",
				buf, si->routes[k].has_gw,
				si->routes[k].protocol, si->routes[k].priority);
		}
	}
	plan_lines(&C, &S, &P, lines, sizeof lines);
	fprintf(stderr, "plan:\n%.4000s", lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { .p = data, .n = size, .rng = 2463534242u };
	char lines[256];

	if (size >= 4)
		f.rng ^= (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
			 (uint32_t)data[size - 1] << 8 | data[size - 2];
	config_build(&f);
	state_build(&f);
	plan_make(&C, &S, &P);
	check_plan();
	if (P.unkept)
		return 0;
	plan_simulate(&C, &S, &P, &S2);
	if (state_unkept(&S2))
		return 0;
	if (!S.lo_ipv6 && gn_config_has_family(&C, GN_FAMILY_V6))
		return 0; /* IPv6 asked of a kernel without it: fails each run */
	plan_make(&C, &S2, &P2);
	if (plan_converged(&P2)) {
		plan_lines(&C, &S2, &P2, lines, sizeof lines);
		fprintf(stderr, "fuzz_plan: the second plan: %s\n", lines);
	}
	CHECK(plan_converged(&P2) == 0);
	return 0;
}
