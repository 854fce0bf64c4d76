/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan.c - the plan: from the checked configuration and the snapshot of
 * the state, the ordered list of changes that makes the system match. A
 * pure function: no system call, no output, so that it can be tested and
 * fuzzed alone, and so that a dry run prints exactly what a real run does.
 *
 * The order is the run's: /etc/hosts, the hostname, lo, then each
 * interface (the link down for a new MAC when it is up, MAC, MTU, its IPv6
 * settings, addresses removed then added, the link up, routes removed then
 * added, neighbours forgotten, the alternative name, announcements),
 * resolv.conf. What the kernel does by itself is not planned: lo's
 * addresses when lo comes up, the neighbours it flushes when the MAC
 * changes, the IPv4 routes through an interface that loses its last IPv4
 * address, what a link that goes down loses (its routes, its neighbours,
 * its IPv6 addresses) and what it gets when it comes up (its link-local
 * address, from the MAC it has).
 */
#include "iface.h"

const char *const file_names[FILE_COUNT] = {
	[FILE_HOSTS] = "hosts",
	[FILE_HOSTNAME] = "hostname",
	[FILE_RESOLV] = "resolv.conf",
};

const char *const sysctl_names[SYSCTL_COUNT] = {
	[SYSCTL_ACCEPT_RA] = "accept_ra",
	[SYSCTL_AUTOCONF] = "autoconf",
};

static const uint8_t lo_addr4[4] = { 127, 0, 0, 1 };
static const uint8_t lo_addr6[16] = { [15] = 1 };

/* A new change at the end of the plan, all zero but its kind and
 * interface; NULL (counted) when the plan is full. */
static struct change *plan_add(struct gn_plan *p, int kind, int iface)
{
	struct change *ch;

	if (p->count == PLAN_MAX) {
		p->unkept++;
		return NULL;
	}
	ch = &p->changes[p->count];
	p->count++;
	memset(ch, 0, sizeof *ch);
	ch->kind = (uint8_t)kind;
	ch->iface = (int8_t)iface;
	return ch;
}

static void plan_file(struct gn_plan *p, int file)
{
	struct change *ch = plan_add(p, CHANGE_FILE, CHANGE_NO_IFACE);

	if (ch)
		ch->file = (uint8_t)file;
}

/* An address change; peer: its point-to-point peer, or NULL. */
static void plan_addr(struct gn_plan *p, int kind, int iface, int family,
		      const uint8_t *addr, unsigned plen, const uint8_t *peer)
{
	struct change *ch = plan_add(p, kind, iface);
	size_t len = family == GN_AF_INET ? 4 : 16;

	if (!ch)
		return;
	ch->family = family;
	ch->plen = plen;
	memcpy(ch->addr, addr, len);
	ch->has_gw = peer != NULL;
	if (peer)
		memcpy(ch->gw, peer, len);
	if (kind == CHANGE_ADDR_ADD)
		ch->done_errno = EEXIST; /* there already */
	if (kind == CHANGE_ADDR_DEL)
		ch->done_errno = EADDRNOTAVAIL; /* gone with its primary */
	if (kind == CHANGE_NEIGH_DEL)
		ch->done_errno = ENOENT; /* gone meanwhile */
}

/* lo up brings 127.0.0.1/8 and, when the kernel has IPv6, ::1/128 with
 * it (the kernel adds them); on a lo that is up, a missing one is added.
 * Without IPv6, ::1 is asked for only when IPv6 is configured: then its
 * refusal is a failure (else state_report() says it is skipped). */
static void plan_loopback(struct gn_plan *p, const struct gn_config *c,
			  const struct gn_state *s)
{
	int v6_missing = !s->lo_has[1];

	if (s->nl_err || s->lo_err)
		return;
	if (!s->lo_up)
		plan_add(p, CHANGE_LINK_UP, CHANGE_LO);
	if (s->lo_up && !s->lo_has[0])
		plan_addr(p, CHANGE_ADDR_ADD, CHANGE_LO, GN_AF_INET, lo_addr4,
			  8, NULL);
	if (s->lo_ipv6 && !s->lo_up)
		v6_missing = 0; /* it comes with lo up */
	if (!s->lo_ipv6)
		v6_missing = gn_config_has_family(c, GN_FAMILY_V6);
	if (v6_missing)
		plan_addr(p, CHANGE_ADDR_ADD, CHANGE_LO, GN_AF_INET6, lo_addr6,
			  128, NULL);
}

static unsigned family_bit(int family)
{
	if (family == GN_AF_INET)
		return GN_FAMILY_V4;
	return GN_FAMILY_V6;
}

/* What one interface's plan needs to know as it goes. */
struct iface_plan {
	const struct gn_iface *ci;
	const struct state_iface *si;
	int index;	 /* in the configuration */
	int mac_changed; /* the MAC (is to be) set */
	int was_up;	 /* IFF_UP before the run */
	/* up, with a new MAC: set down for it, then up again, so that the
	 * kernel makes the link-local address of the new MAC, as at boot */
	int cycled;
	int comes_up;	/* the run sets the link up: it was down, or cycled */
	int added[2];	/* an IPv4, IPv6 address added */
	int v4_flushed; /* every IPv4 address removed: routes gone too */
	int have[GN_IFACE_ADDRS_MAX]; /* configured address there already */
};

static int addr_configured(const struct gn_iface *ci,
			   const struct nl_addr_info *a)
{
	const struct gn_addr *want;
	unsigned i;

	if (!(ci->families & family_bit(a->family)))
		return -1;
	for (i = 0; i < ci->addr_count; i++) {
		want = &ci->addrs[i];
		if (want->family != a->family || want->plen != a->plen)
			continue;
		if (want->has_peer != a->has_peer)
			continue;
		if (a->has_peer && !gn_ip_equal(a->family, want->peer, a->peer))
			continue;
		if (gn_ip_equal(a->family, want->addr, a->addr))
			return (int)i;
	}
	return -1;
}

/* A secondary IPv4 address whose primary is removed goes with it (when
 * promote_secondaries is 0): one that is configured is added again. */
static int addr_primary_removed(const struct iface_plan *ip,
				const struct nl_addr_info *a)
{
	const struct nl_addr_info *other;
	unsigned i;

	if (a->family != GN_AF_INET || !(a->flags & IFA_F_SECONDARY))
		return 0;
	for (i = 0; i < ip->si->addr_count; i++) {
		other = &ip->si->addrs[i];
		if (other->family != GN_AF_INET || other->plen != a->plen)
			continue;
		if (other->flags & IFA_F_SECONDARY)
			continue;
		if (!env_ip_in_prefix(GN_AF_INET, other->addr, a->addr,
				      a->plen))
			continue;
		if (addr_configured(ip->ci, other) < 0)
			return 1;
	}
	return 0;
}

/*
 * An IPv6 address the link loses as it goes down for its new MAC: all of
 * them, unless keep_addr_on_down is set (then the permanent ones stay).
 * The interface's value is the one the dump has; a positive
 * net.ipv6.conf.all.keep_addr_on_down, which overrides it, is not there:
 * then a configured address is there still (its add is done, EEXIST), and
 * one not configured stays until the next run.
 */
static int addr_flushed(const struct iface_plan *ip,
			const struct nl_addr_info *a)
{
	if (!ip->cycled || a->family != GN_AF_INET6)
		return 0;
	if (ip->si->link.keep_addr_on_down > 0)
		return !(a->flags & IFA_F_PERMANENT);
	return 1;
}

/* Exactly the configured addresses of each configured family among the
 * interface's global and site ones (none of a family not configured):
 * the others removed first, since removing a primary IPv4 address takes
 * its secondaries with it; then the missing ones added. */
static void plan_addresses(struct gn_plan *p, struct iface_plan *ip)
{
	const struct nl_addr_info *a;
	const struct gn_addr *want;
	unsigned v4_kept = ip->si->v4_other;
	unsigned v4_had = 0;
	unsigned i;
	int k;

	for (i = 0; i < ip->si->addr_count; i++) {
		a = &ip->si->addrs[i];
		if (addr_flushed(ip, a))
			continue; /* gone with the link down */
		k = addr_configured(ip->ci, a);
		v4_had += a->family == GN_AF_INET;
		if (k >= 0 && !addr_primary_removed(ip, a)) {
			ip->have[k] = 1;
			v4_kept += a->family == GN_AF_INET;
			continue;
		}
		if (k >= 0)
			continue; /* the kernel removes it with its primary */
		plan_addr(p, CHANGE_ADDR_DEL, ip->index, a->family, a->addr,
			  a->plen, a->has_peer ? a->peer : NULL);
	}
	ip->v4_flushed = v4_had > 0 && v4_kept == 0;
	for (i = 0; i < ip->ci->addr_count; i++) {
		want = &ip->ci->addrs[i];
		if (ip->have[i])
			continue;
		ip->added[want->family == GN_AF_INET6] = 1;
		plan_addr(p, CHANGE_ADDR_ADD, ip->index, want->family,
			  want->addr, want->plen,
			  want->has_peer ? want->peer : NULL);
	}
}

/* On a link that comes up now, the kernel announces the IPv4 address
 * itself once arp_notify is set: a packet socket of guestnet's own would
 * cost an RCU grace period as it closes (about 15 ms, most of a run). */
static void plan_arp_notify(struct gn_plan *p, const struct iface_plan *ip)
{
	if (!(ip->ci->families & GN_FAMILY_V4) || !ip->comes_up)
		return;
	if (ip->mac_changed || ip->added[0])
		plan_add(p, CHANGE_ARP_NOTIFY, ip->index);
}

/* The metric a route added without one gets. */
static uint32_t route_default_priority(int family)
{
	if (family == GN_AF_INET)
		return 0;
	return 1024;
}

/* The route is the prefix route of a configured address. */
static int route_of_configured_prefix(const struct gn_iface *ci,
				      const struct nl_route_info *r)
{
	const struct gn_addr *want;
	unsigned i;

	for (i = 0; i < ci->addr_count; i++) {
		want = &ci->addrs[i];
		if (want->family == r->family && want->plen == r->dst_len &&
		    env_ip_in_prefix(r->family, r->dst, want->addr, want->plen))
			return 1;
	}
	return 0;
}

/*
 * A route guestnet manages on the interface: a default route (of any
 * origin), one installed at boot (guestnet's own, the kernel's ip=), and,
 * beside a static IPv6 configuration, the IPv6 ones router advertisements
 * left (proto ra, or the kernel's with a lifetime: an advertised prefix),
 * which a fresh boot with router advertisements off lacks. But for an
 * advertised prefix that is a configured address's: that is the address's
 * prefix route, which the kernel makes permanent as it adds the address
 * (fib6_add_rt2node clears the lifetime of the route there).
 */
static int route_is_managed(const struct iface_plan *ip,
			    const struct nl_route_info *r)
{
	if (r->dst_len == 0 || r->protocol == RTPROT_BOOT)
		return 1;
	if (r->family != GN_AF_INET6 || !(ip->ci->families & GN_FAMILY_V6))
		return 0;
	if (r->protocol == RTPROT_RA)
		return 1;
	return r->expires && !route_of_configured_prefix(ip->ci, r);
}

/* The route a fresh run adds: to its destination via its gateway, the
 * default metric, on-link as needed, installed at boot. */
static int route_matches(const struct nl_route_info *r,
			 const struct gn_route *want)
{
	unsigned onlink = want->onlink ? RTNH_F_ONLINK : 0;

	if (r->family != want->family || r->dst_len != want->dst_len)
		return 0;
	if (!gn_ip_equal(r->family, r->dst, want->dst))
		return 0;
	if (!r->has_gw || !gn_ip_equal(r->family, r->gw, want->gw))
		return 0;
	if (r->priority != route_default_priority(r->family))
		return 0;
	if (r->protocol != RTPROT_BOOT)
		return 0;
	return (r->flags & RTNH_F_ONLINK) == onlink;
}

static int route_configured(const struct gn_iface *ci,
			    const struct nl_route_info *r)
{
	unsigned i;

	for (i = 0; i < ci->route_count; i++) {
		if (route_matches(r, &ci->routes[i]))
			return (int)i;
	}
	return -1;
}

static void plan_route_del(struct gn_plan *p, const struct iface_plan *ip,
			   const struct nl_route_info *r)
{
	struct change *ch = plan_add(p, CHANGE_ROUTE_DEL, ip->index);
	size_t len = r->family == GN_AF_INET ? 4 : 16;

	if (!ch)
		return;
	ch->family = r->family;
	ch->plen = r->dst_len;
	memcpy(ch->addr, r->dst, len);
	ch->has_gw = r->has_gw;
	memcpy(ch->gw, r->gw, len);
	ch->priority = r->priority;
	ch->done_errno = ESRCH; /* gone already */
}

static void plan_route_add(struct gn_plan *p, const struct iface_plan *ip,
			   const struct gn_route *want)
{
	struct change *ch = plan_add(p, CHANGE_ROUTE_ADD, ip->index);
	size_t len = want->family == GN_AF_INET ? 4 : 16;

	if (!ch)
		return;
	ch->family = want->family;
	ch->plen = want->dst_len;
	memcpy(ch->addr, want->dst, len);
	ch->has_gw = 1;
	memcpy(ch->gw, want->gw, len);
	ch->onlink = (uint8_t)want->onlink;
}

/* Exactly the configured routes: the others guestnet manages removed
 * (but for the IPv4 ones the kernel removes with the last address, and
 * every one when the link goes down for its new MAC), the missing ones
 * added. */
static void plan_routes(struct gn_plan *p, const struct iface_plan *ip)
{
	int have[GN_IFACE_ROUTES_MAX] = { 0 };
	const struct nl_route_info *r;
	unsigned i;
	int k;

	for (i = 0; !ip->cycled && i < ip->si->route_count; i++) {
		r = &ip->si->routes[i];
		if (!route_is_managed(ip, r))
			continue;
		if (r->family == GN_AF_INET && ip->v4_flushed)
			continue;
		k = route_configured(ip->ci, r);
		if (k >= 0)
			have[k] = 1;
		else
			plan_route_del(p, ip, r);
	}
	for (i = 0; i < ip->ci->route_count; i++) {
		if (!have[i])
			plan_route_add(p, ip, &ip->ci->routes[i]);
	}
}

/* The neighbours a link that was up learned, forgotten (a restored clone
 * asks again where its gateway is). None when the link was down or the
 * MAC changes: the kernel forgets them then. */
static void plan_neighbours(struct gn_plan *p, const struct iface_plan *ip)
{
	const struct nl_neigh_info *n;
	unsigned i;

	if (!ip->si->neighs_read || ip->mac_changed || !ip->was_up)
		return;
	for (i = 0; i < ip->si->neigh_count; i++) {
		n = &ip->si->neighs[i];
		plan_addr(p, CHANGE_NEIGH_DEL, ip->index, n->family, n->dst, 0,
			  NULL);
	}
}

/* Found by its MAC under another name (udev's ens3, say): the configured
 * name added as an alternative name, so that a later run finds it by
 * name when the MAC is another (a restored clone's). */
static void plan_altname(struct gn_plan *p, const struct iface_plan *ip)
{
	if (ip->si->by_mac && !ip->ci->any_ether && !ip->si->renamed)
		plan_add(p, CHANGE_ALTNAME, ip->index);
}

/* Peers learn at once where the first address of each family is after
 * the MAC or the address changed; on a link that comes up now the kernel
 * sends the ARP itself (arp_notify). */
static void plan_announce(struct gn_plan *p, const struct iface_plan *ip)
{
	const struct gn_addr *a;
	int done[2] = { 0 };
	int v6;
	unsigned i;

	for (i = 0; i < ip->ci->addr_count; i++) {
		a = &ip->ci->addrs[i];
		v6 = a->family == GN_AF_INET6;
		if (done[v6] || !(ip->ci->has_mac || ip->si->link.has_addr))
			continue;
		done[v6] = 1;
		if (!ip->mac_changed && !ip->added[v6])
			continue;
		if (!v6 && ip->comes_up)
			continue; /* the kernel's, arp_notify */
		plan_addr(p, CHANGE_ANNOUNCE, ip->index, a->family, a->addr,
			  a->plen, NULL);
	}
}

static void plan_link(struct gn_plan *p, struct iface_plan *ip)
{
	const struct nl_link_info *l = &ip->si->link;
	struct change *ch;

	ip->was_up = (l->flags & GN_IFF_UP) != 0;
	ip->mac_changed =
		ip->ci->has_mac &&
		!(l->has_addr && memcmp(l->addr, ip->ci->mac, 6) == 0);
	ip->cycled = ip->mac_changed && ip->was_up;
	ip->comes_up = !ip->was_up || ip->cycled;
	if (ip->cycled)
		plan_add(p, CHANGE_LINK_DOWN, ip->index);
	if (ip->mac_changed)
		plan_add(p, CHANGE_MAC, ip->index);
	if (ip->ci->mtu && l->mtu != ip->ci->mtu) {
		ch = plan_add(p, CHANGE_MTU, ip->index);
		if (ch)
			ch->mtu = ip->ci->mtu;
	}
}

/*
 * A static IPv6 configuration turns router advertisements and
 * autoconfiguration off on its interface, before it comes up, as a fresh
 * boot with that configuration has it (systemd-network-generator's
 * IPv6AcceptRA=no); an interface without one keeps the kernel's settings.
 * Only a value the dump says differs is set.
 */
static void plan_sysctls(struct gn_plan *p, const struct iface_plan *ip)
{
	const struct nl_link_info *l = &ip->si->link;
	const int32_t value[SYSCTL_COUNT] = {
		[SYSCTL_ACCEPT_RA] = l->accept_ra,
		[SYSCTL_AUTOCONF] = l->autoconf,
	};
	struct change *ch;
	unsigned i;

	if (!(ip->ci->families & GN_FAMILY_V6) || !l->has_inet6_conf)
		return;
	for (i = 0; i < SYSCTL_COUNT; i++) {
		ch = value[i] ? plan_add(p, CHANGE_SYSCTL, ip->index) : NULL;
		if (ch)
			ch->file = (uint8_t)i;
	}
}

static void plan_iface(struct gn_plan *p, const struct gn_config *c,
		       const struct gn_state *s, int index)
{
	struct iface_plan ip = {
		.ci = &c->ifaces[index],
		.si = &s->ifaces[index],
		.index = index,
	};

	if (s->nl_err || ip.si->err)
		return;
	plan_link(p, &ip);
	plan_sysctls(p, &ip);
	if (!ip.si->addrs_err) {
		plan_addresses(p, &ip);
		plan_arp_notify(p, &ip);
	}
	if (ip.comes_up)
		plan_add(p, CHANGE_LINK_UP, index);
	if (!ip.si->addrs_err && !ip.si->routes_err)
		plan_routes(p, &ip);
	plan_neighbours(p, &ip);
	plan_altname(p, &ip);
	if (!ip.si->addrs_err)
		plan_announce(p, &ip);
}

/* ifname=: each link whose MAC is named takes its name, before anything
 * is configured (udev may have named it otherwise). */
static void plan_renames(struct gn_plan *p, const struct gn_config *c,
			 const struct gn_state *s)
{
	const struct nl_link_info *l;
	struct change *ch;
	unsigned i;

	for (i = 0; !s->nl_err && !s->lo_err && i < c->rename_count; i++) {
		l = &s->renames[i];
		if (l->index == 0 || strcmp(l->name, c->renames[i].name) == 0)
			continue;
		ch = plan_add(p, CHANGE_RENAME, CHANGE_NO_IFACE);
		if (ch)
			ch->file = (uint8_t)i;
	}
}

void plan_make(const struct gn_config *c, const struct gn_state *s,
	       struct gn_plan *p)
{
	unsigned i;

	p->count = 0;
	p->unkept = 0;
	plan_file(p, FILE_HOSTS);
	if (c->hostname[0]) {
		plan_add(p, CHANGE_HOSTNAME, CHANGE_NO_IFACE);
		plan_file(p, FILE_HOSTNAME);
	}
	plan_renames(p, c, s);
	plan_loopback(p, c, s);
	for (i = 0; i < c->iface_count; i++)
		plan_iface(p, c, s, (int)i);
	if (c->dns_count > 0)
		plan_file(p, FILE_RESOLV);
}

/* ---- the changes' text ----------------------------------------------------- */

static const char *family_name(int family)
{
	if (family == GN_AF_INET)
		return "IPv4";
	return "IPv6";
}

void plan_iface_text(struct text *t, const struct gn_config *c,
		     const struct gn_state *s, int iface)
{
	const char *name;

	if (iface == CHANGE_LO) {
		text_add(t, "lo");
		return;
	}
	name = c->ifaces[iface].name;
	if (c->ifaces[iface].any_ether)
		name = "the Ethernet interface";
	if ((s->ifaces[iface].by_mac || s->ifaces[iface].by_altname) &&
	    s->ifaces[iface].err == 0)
		name = s->ifaces[iface].link.name;
	text_add_escaped(t, name, strlen(name));
}

/* "IPv4 default route" or "IPv4 route 198.51.100.0/24" */
static void route_text(struct text *t, const struct change *ch)
{
	text_add(t, family_name(ch->family));
	if (ch->plen == 0) {
		text_add(t, " default route");
	} else {
		text_add(t, " route ");
		text_add_prefix(t, ch->family, ch->addr, ch->plen);
	}
	if (ch->has_gw) {
		text_add(t, " via ");
		text_add_ip(t, ch->family, ch->gw);
	}
}

const uint8_t *plan_iface_mac(const struct gn_config *c,
			      const struct gn_state *s, int iface)
{
	if (c->ifaces[iface].has_mac)
		return c->ifaces[iface].mac;
	return s->ifaces[iface].link.addr;
}

/* "add IPv4 address 192.0.2.2/30", "remove ...", with " peer GW" when the
 * address has one */
static void change_addr_text(struct text *t, const struct change *ch)
{
	text_add(t, ch->kind == CHANGE_ADDR_ADD ? "add " : "remove ");
	text_add(t, family_name(ch->family));
	text_add(t, " address ");
	text_add_prefix(t, ch->family, ch->addr, ch->plen);
	if (ch->has_gw) {
		text_add(t, " peer ");
		text_add_ip(t, ch->family, ch->gw);
	}
}

/* "add IPv4 default route via 192.0.2.1", "remove ...", " on-link" */
static void change_route_text(struct text *t, const struct change *ch)
{
	text_add(t, ch->kind == CHANGE_ROUTE_ADD ? "add " : "remove ");
	route_text(t, ch);
	if (ch->onlink)
		text_add(t, " on-link");
}

static void change_iface_text(struct text *t, const struct gn_config *c,
			      const struct gn_state *s, const struct change *ch)
{
	const char *name;

	switch (ch->kind) {
	case CHANGE_LINK_UP:
		text_add(t, "set up");
		break;
	case CHANGE_LINK_DOWN:
		text_add(t, "set down for the new MAC");
		break;
	case CHANGE_SYSCTL:
		text_add(t, "set ");
		text_add(t, sysctl_names[ch->file]);
		text_add(t, " 0");
		break;
	case CHANGE_MAC:
		text_add(t, "set MAC ");
		text_add_mac(t, plan_iface_mac(c, s, ch->iface));
		break;
	case CHANGE_MTU:
		text_add(t, "set MTU ");
		text_add_decimal(t, ch->mtu);
		break;
	case CHANGE_ADDR_DEL:
	case CHANGE_ADDR_ADD:
		change_addr_text(t, ch);
		break;
	case CHANGE_ARP_NOTIFY:
		text_add(t, "set arp_notify");
		break;
	case CHANGE_ROUTE_DEL:
	case CHANGE_ROUTE_ADD:
		change_route_text(t, ch);
		break;
	case CHANGE_NEIGH_DEL:
		text_add(t, "forget neighbour ");
		text_add_ip(t, ch->family, ch->addr);
		break;
	case CHANGE_ALTNAME:
		text_add(t, "add alternative name ");
		name = c->ifaces[ch->iface].name;
		text_add_escaped(t, name, strlen(name));
		break;
	default: /* CHANGE_ANNOUNCE */
		text_add(t, "announce ");
		text_add_ip(t, ch->family, ch->addr);
		text_add(t, " at ");
		text_add_mac(t, plan_iface_mac(c, s, ch->iface));
		break;
	}
}

void plan_change_text(struct text *t, const struct gn_config *c,
		      const struct gn_state *s, const struct change *ch,
		      const char *etc_shown)
{
	const char *name;

	if (ch->kind == CHANGE_FILE) {
		text_add(t, "write ");
		text_add(t, etc_shown);
		text_add(t, "/");
		text_add(t, file_names[ch->file]);
		return;
	}
	if (ch->kind == CHANGE_HOSTNAME) {
		text_add(t, "set hostname ");
		text_add(t, c->hostname);
		return;
	}
	if (ch->kind == CHANGE_RENAME) {
		name = s->renames[ch->file].name;
		text_add_escaped(t, name, strlen(name));
		text_add(t, ": rename to ");
		text_add(t, c->renames[ch->file].name);
		return;
	}
	plan_iface_text(t, c, s, ch->iface);
	text_add(t, ": ");
	change_iface_text(t, c, s, ch);
}
