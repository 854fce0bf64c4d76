/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/plan.c - the plan (plan.c) as a pure function: built (configuration,
 * state) pairs, each plan rendered as the dry run prints it (etc shown as
 * /R/etc) and compared line by line with the lines the behaviour contract
 * asks for, written here by hand; then convergence: the plan applied to the
 * state by a model of the kernel (plan_simulate) and planned again leaves
 * nothing but the files and the hostname.
 *
 * Prints "PASS name" / "FAIL name: why" (test/CONVENTIONS.md). Built by
 * test/plan.sh with every product source but main.c. test/fuzz/fuzz_plan.c
 * includes this file with PLAN_TEST_NO_MAIN for the builders and the model.
 */
#include <stdarg.h>
#include <stdio.h>

#include "../iface.h"

/* ---- builders: text forms into the model and the snapshot ---------------- */

/* "192.0.2.2/24", "2001:db8::2/64", "192.0.2.1" (plen: the family's full). */
static int pt_prefix(const char *text, int *family, uint8_t addr[16],
		     unsigned *plen)
{
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long v = 0;

	memset(addr, 0, 16);
	*family = memchr(text, ':', n) ? GN_AF_INET6 : GN_AF_INET;
	if (*family == GN_AF_INET && env_ip4_parse(text, n, addr))
		return -1;
	if (*family == GN_AF_INET6 && env_ip6_parse(text, n, addr))
		return -1;
	*plen = *family == GN_AF_INET ? 32 : 128;
	if (!slash)
		return 0;
	if (env_decimal_parse(slash + 1, strlen(slash + 1), &v) || v > *plen)
		return -1;
	*plen = (unsigned)v;
	return 0;
}

static void pt_mac(const char *text, uint8_t mac[6])
{
	unsigned v[6] = { 0 };
	int i;

	sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
	       &v[5]);
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
}

static void pt_config_init(struct gn_config *c, const char *hostname)
{
	memset(c, 0, sizeof *c);
	snprintf(c->hostname, sizeof c->hostname, "%s", hostname);
}

static void pt_config_dns(struct gn_config *c, const char *ip)
{
	unsigned plen;

	pt_prefix(ip, &c->dns[c->dns_count].family, c->dns[c->dns_count].addr,
		  &plen);
	c->dns_count++;
}

/* mac NULL: none configured; mtu 0: the device's own. */
static struct gn_iface *pt_config_iface(struct gn_config *c, const char *name,
					const char *mac, unsigned mtu)
{
	struct gn_iface *ci = &c->ifaces[c->iface_count];

	c->iface_count++;
	snprintf(ci->name, sizeof ci->name, "%s", name);
	ci->has_mac = mac != NULL;
	if (mac)
		pt_mac(mac, ci->mac);
	ci->mtu = mtu;
	return ci;
}

static void pt_config_addr(struct gn_iface *ci, const char *prefix)
{
	struct gn_addr *a = &ci->addrs[ci->addr_count];

	ci->addr_count++;
	pt_prefix(prefix, &a->family, a->addr, &a->plen);
	ci->families |= a->family == GN_AF_INET ? GN_FAMILY_V4 : GN_FAMILY_V6;
}

/* dst "default" or a prefix. */
static void pt_config_route(struct gn_iface *ci, const char *dst,
			    const char *gw, int onlink)
{
	struct gn_route *r = &ci->routes[ci->route_count];
	unsigned plen;

	ci->route_count++;
	pt_prefix(gw, &r->family, r->gw, &plen);
	if (strcmp(dst, "default") != 0)
		pt_prefix(dst, &r->family, r->dst, &r->dst_len);
	r->onlink = onlink;
}

/* lo up with its two addresses, or down with none. */
static void pt_state_init(struct gn_state *s, int lo_up)
{
	memset(s, 0, sizeof *s);
	s->lo_up = lo_up;
	s->lo_has[0] = lo_up;
	s->lo_has[1] = lo_up;
	s->lo_ipv6 = 1; /* the kernel has IPv6 */
}

/* Interface i found, ifindex 2 + i; its neighbours read when it is up. */
static struct state_iface *pt_state_iface(struct gn_state *s, int i,
					  const char *name, const char *mac,
					  unsigned mtu, int up)
{
	struct state_iface *si = &s->ifaces[i];

	memset(si, 0, sizeof *si);
	si->link.index = 2 + i;
	si->link.type = 1; /* ARPHRD_ETHER */
	si->link.flags = up ? GN_IFF_UP : 0;
	si->link.mtu = mtu;
	snprintf(si->link.name, sizeof si->link.name, "%s", name);
	si->link.has_addr = 1;
	pt_mac(mac, si->link.addr);
	si->neighs_read = up;
	return si;
}

static void pt_state_addr(struct state_iface *si, const char *prefix,
			  uint32_t flags)
{
	struct nl_addr_info *a = &si->addrs[si->addr_count];

	si->addr_count++;
	memset(a, 0, sizeof *a);
	pt_prefix(prefix, &a->family, a->addr, &a->plen);
	a->scope = RT_SCOPE_UNIVERSE;
	a->index = si->link.index;
	a->flags = flags;
}

/* dst "default" or a prefix; gw NULL: none. */
static void pt_state_route(struct state_iface *si, const char *dst,
			   const char *gw, unsigned protocol, uint32_t metric,
			   unsigned flags)
{
	struct nl_route_info *r = &si->routes[si->route_count];
	unsigned plen;

	si->route_count++;
	memset(r, 0, sizeof *r);
	if (gw) {
		pt_prefix(gw, &r->family, r->gw, &plen);
		r->has_gw = 1;
	}
	if (strcmp(dst, "default") != 0)
		pt_prefix(dst, &r->family, r->dst, &r->dst_len);
	r->table = RT_TABLE_MAIN;
	r->protocol = protocol;
	r->scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	r->type = 1; /* RTN_UNICAST */
	r->flags = flags;
	r->oif = si->link.index;
	r->priority = metric;
}

static void pt_state_neigh(struct state_iface *si, const char *ip)
{
	struct nl_neigh_info *n = &si->neighs[si->neigh_count];
	unsigned plen;

	si->neigh_count++;
	memset(n, 0, sizeof *n);
	pt_prefix(ip, &n->family, n->dst, &plen);
	n->index = si->link.index;
	n->state = 0x02; /* NUD_REACHABLE */
	n->has_dst = 1;
}

/* ---- the model of the kernel: a plan applied to a snapshot ---------------- */

static size_t pt_len(int family)
{
	return family == GN_AF_INET ? 4 : 16;
}

static int pt_addr_find(const struct state_iface *si, int family,
			const uint8_t *addr, unsigned plen)
{
	const struct nl_addr_info *a;
	unsigned i;

	for (i = 0; i < si->addr_count; i++) {
		a = &si->addrs[i];
		if (a->family != family || !gn_ip_equal(family, a->addr, addr))
			continue;
		/* IPv6: one address whatever its prefix; IPv4: by both */
		if (family == GN_AF_INET6 || a->plen == plen)
			return (int)i;
	}
	return -1;
}

static void pt_addr_drop(struct state_iface *si, unsigned k)
{
	si->addr_count--;
	memmove(&si->addrs[k], &si->addrs[k + 1],
		(si->addr_count - k) * sizeof si->addrs[0]);
}

static void pt_route_drop(struct state_iface *si, unsigned k)
{
	si->route_count--;
	memmove(&si->routes[k], &si->routes[k + 1],
		(si->route_count - k) * sizeof si->routes[0]);
}

/* The same IPv4 subnet as a of prefix plen: the kernel's primary and
 * secondary relation. */
static int pt_same_subnet(const struct nl_addr_info *a, const uint8_t *addr,
			  unsigned plen)
{
	return a->family == GN_AF_INET && a->plen == plen &&
	       env_ip_in_prefix(GN_AF_INET, a->addr, addr, plen);
}

static unsigned pt_v4_count(const struct state_iface *si)
{
	unsigned i;
	unsigned n = si->v4_other;

	for (i = 0; i < si->addr_count; i++)
		n += si->addrs[i].family == GN_AF_INET;
	return n;
}

/* RTM_DELADDR: a primary IPv4 address takes the secondaries of its subnet
 * (promote_secondaries 0); the last IPv4 address the IPv4 routes. */
static void pt_sim_addr_del(struct state_iface *si, const struct change *ch)
{
	int k = pt_addr_find(si, ch->family, ch->addr, ch->plen);
	struct nl_addr_info gone;
	unsigned i;

	if (k < 0 || si->addrs[k].plen != ch->plen)
		return; /* EADDRNOTAVAIL */
	gone = si->addrs[k];
	pt_addr_drop(si, (unsigned)k);
	if (gone.family != GN_AF_INET)
		return;
	for (i = si->addr_count; i-- > 0;) {
		if (!(gone.flags & IFA_F_SECONDARY) &&
		    (si->addrs[i].flags & IFA_F_SECONDARY) &&
		    pt_same_subnet(&si->addrs[i], gone.addr, gone.plen))
			pt_addr_drop(si, i);
	}
	if (pt_v4_count(si) > 0)
		return;
	for (i = si->route_count; i-- > 0;) {
		if (si->routes[i].family == GN_AF_INET)
			pt_route_drop(si, i);
	}
}

/* RTM_NEWADDR: EEXIST when there; a secondary when its subnet has a
 * primary. */
static void pt_sim_addr_add(struct state_iface *si, const struct change *ch)
{
	struct nl_addr_info *a;
	unsigned i;

	if (pt_addr_find(si, ch->family, ch->addr, ch->plen) >= 0)
		return;
	if (si->addr_count == STATE_ADDRS_MAX) {
		si->addrs_unkept++;
		return;
	}
	a = &si->addrs[si->addr_count];
	memset(a, 0, sizeof *a);
	a->family = ch->family;
	a->plen = ch->plen;
	memcpy(a->addr, ch->addr, pt_len(ch->family));
	a->index = si->link.index;
	a->flags = IFA_F_PERMANENT;
	for (i = 0; i < si->addr_count; i++) {
		if (!(si->addrs[i].flags & IFA_F_SECONDARY) &&
		    pt_same_subnet(&si->addrs[i], a->addr, a->plen))
			a->flags |= IFA_F_SECONDARY;
	}
	si->addr_count++;
}

static int pt_route_same(const struct nl_route_info *r, int family,
			 unsigned dst_len, const uint8_t *dst)
{
	return r->family == family && r->dst_len == dst_len &&
	       gn_ip_equal(family, r->dst, dst);
}

static void pt_sim_route_del(struct state_iface *si, const struct change *ch)
{
	const struct nl_route_info *r;
	unsigned i;

	for (i = 0; i < si->route_count; i++) {
		r = &si->routes[i];
		if (!pt_route_same(r, ch->family, ch->plen, ch->addr) ||
		    r->priority != ch->priority || r->has_gw != ch->has_gw)
			continue;
		if (ch->has_gw && !gn_ip_equal(ch->family, r->gw, ch->gw))
			continue;
		pt_route_drop(si, i);
		return;
	}
}

/* RTM_NEWROUTE with NLM_F_REPLACE: the route of the same destination and
 * metric replaced, else one added. */
static void pt_sim_route_add(struct state_iface *si, const struct change *ch)
{
	uint32_t metric = ch->family == GN_AF_INET ? 0 : 1024;
	struct nl_route_info *r;
	unsigned i;

	for (i = si->route_count; i-- > 0;) {
		r = &si->routes[i];
		if (pt_route_same(r, ch->family, ch->plen, ch->addr) &&
		    r->priority == metric)
			pt_route_drop(si, i);
	}
	if (si->route_count == STATE_ROUTES_MAX) {
		si->routes_unkept++;
		return;
	}
	r = &si->routes[si->route_count];
	si->route_count++;
	memset(r, 0, sizeof *r);
	r->family = ch->family;
	r->dst_len = ch->plen;
	memcpy(r->dst, ch->addr, pt_len(ch->family));
	r->has_gw = ch->has_gw;
	memcpy(r->gw, ch->gw, pt_len(ch->family));
	r->table = RT_TABLE_MAIN;
	r->protocol = RTPROT_BOOT;
	r->type = 1;
	r->flags = ch->onlink ? RTNH_F_ONLINK : 0;
	r->oif = si->link.index;
	r->priority = metric;
}

static void pt_sim_neigh_del(struct state_iface *si, const struct change *ch)
{
	unsigned i;

	for (i = 0; i < si->neigh_count; i++) {
		if (si->neighs[i].family != ch->family ||
		    !gn_ip_equal(ch->family, si->neighs[i].dst, ch->addr))
			continue;
		si->neigh_count--;
		memmove(&si->neighs[i], &si->neighs[i + 1],
			(si->neigh_count - i) * sizeof si->neighs[0]);
		return;
	}
}

static void pt_sim_lo(struct gn_state *s, const struct change *ch)
{
	if (ch->kind == CHANGE_LINK_UP) {
		s->lo_up = 1;
		s->lo_has[0] = 1; /* the kernel adds them */
		s->lo_has[1] = s->lo_ipv6;
	}
	if (ch->kind == CHANGE_ADDR_ADD)
		s->lo_has[ch->family == GN_AF_INET6] = 1;
}

/* The link down (addrconf_ifdown, fib_sync_down_dev): every route
 * through it and its neighbours go, its IPv6 addresses too unless
 * keep_addr_on_down keeps the permanent ones; IPv4 addresses stay. */
static void pt_sim_link_down(struct state_iface *si)
{
	const struct nl_addr_info *a;
	unsigned i;

	si->link.flags &= ~(unsigned)GN_IFF_UP;
	si->route_count = 0;
	si->neigh_count = 0;
	for (i = si->addr_count; i-- > 0;) {
		a = &si->addrs[i];
		if (a->family != GN_AF_INET6)
			continue;
		if (si->link.keep_addr_on_down > 0 &&
		    (a->flags & IFA_F_PERMANENT))
			continue;
		pt_addr_drop(si, i);
	}
}

/* The link's own changes: a new MAC flushes the neighbours
 * (NETDEV_CHANGEADDR); arp_notify and announcements leave nothing the
 * snapshot holds. */
static void pt_sim_link(const struct gn_iface *ci, struct state_iface *si,
			const struct change *ch)
{
	if (ch->kind == CHANGE_LINK_DOWN)
		pt_sim_link_down(si);
	if (ch->kind == CHANGE_SYSCTL && ch->file == SYSCTL_ACCEPT_RA)
		si->link.accept_ra = 0;
	if (ch->kind == CHANGE_SYSCTL && ch->file == SYSCTL_AUTOCONF)
		si->link.autoconf = 0;
	if (ch->kind == CHANGE_MAC) {
		memcpy(si->link.addr, ci->mac, 6);
		si->link.has_addr = 1;
		si->neigh_count = 0;
	}
	if (ch->kind == CHANGE_MTU)
		si->link.mtu = ch->mtu;
	if (ch->kind == CHANGE_LINK_UP)
		si->link.flags |= GN_IFF_UP;
	if (ch->kind == CHANGE_ALTNAME) { /* the next run finds it by it */
		si->by_mac = 0;
		si->by_altname = 1;
	}
}

typedef void pt_sim_fn(struct state_iface *si, const struct change *ch);

static pt_sim_fn *const pt_sims[CHANGE_KINDS] = {
	[CHANGE_ADDR_DEL] = pt_sim_addr_del,
	[CHANGE_ADDR_ADD] = pt_sim_addr_add,
	[CHANGE_ROUTE_DEL] = pt_sim_route_del,
	[CHANGE_ROUTE_ADD] = pt_sim_route_add,
	[CHANGE_NEIGH_DEL] = pt_sim_neigh_del,
};

static void pt_sim_change(const struct gn_config *c, struct gn_state *s,
			  const struct change *ch)
{
	struct state_iface *si;

	if (ch->iface == CHANGE_LO) {
		pt_sim_lo(s, ch);
		return;
	}
	if (ch->iface < 0)
		return; /* files, hostname */
	si = &s->ifaces[ch->iface];
	if (ch->kind < CHANGE_KINDS && pt_sims[ch->kind])
		pt_sims[ch->kind](si, ch);
	else
		pt_sim_link(&c->ifaces[ch->iface], si, ch);
}

/*
 * *out: the snapshot the next run reads after p is applied to *s. The read
 * failures stay (the next read fails alike); neighbours are read, as
 * state_read() reads them, only on a link that is up and has the
 * configured MAC.
 */
static void plan_simulate(const struct gn_config *c, const struct gn_state *s,
			  const struct gn_plan *p, struct gn_state *out)
{
	struct state_iface *si;
	unsigned i;

	memcpy(out, s, sizeof *out);
	for (i = 0; i < p->count; i++)
		pt_sim_change(c, out, &p->changes[i]);
	for (i = 0; i < c->iface_count; i++) {
		si = &out->ifaces[i];
		si->neighs_read =
			(si->link.flags & GN_IFF_UP) && si->neighs_err == 0 &&
			(!c->ifaces[i].has_mac ||
			 memcmp(si->link.addr, c->ifaces[i].mac, 6) == 0);
		if (!si->neighs_read)
			si->neigh_count = 0;
	}
}

/*
 * Convergence: the plan made on the simulated state holds only the
 * changes every run makes (the files and the hostname: always written).
 * Neighbours are forgotten again only when learned again (the model
 * learns none) and announcements follow a change: neither repeats. 0, or
 * the index + 1 of the first change that repeats.
 */
static unsigned plan_converged(const struct gn_plan *p)
{
	unsigned i;

	for (i = 0; i < p->count; i++) {
		if (p->changes[i].kind != CHANGE_FILE &&
		    p->changes[i].kind != CHANGE_HOSTNAME)
			return i + 1;
	}
	return 0;
}

/* The plan as lines, "\n" after each. */
static void plan_lines(const struct gn_config *c, const struct gn_state *s,
		       const struct gn_plan *p, char *out, size_t size)
{
	char buf[OUT_LINE_SIZE];
	struct text t;
	size_t n = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < p->count && n < size; i++) {
		text_init(&t, buf, sizeof buf);
		plan_change_text(&t, c, s, &p->changes[i], "/R/etc");
		n += (size_t)snprintf(out + n, size - n, "%s\n", buf);
	}
}

#ifndef PLAN_TEST_NO_MAIN

/* ---- the cases ---------------------------------------------------------- */

static int failures;

static void check(int line, const char *name, int ok, const char *why)
{
	printf("%s plan:%d %s%s%s\n", ok ? "PASS" : "FAIL", line, name,
	       ok ? "" : ": ", ok ? "" : why);
	failures += !ok;
}

static struct gn_config C;
static struct gn_state S, S2;
static struct gn_plan P, P2;
static char got[1 << 17], want[1 << 17], why[1 << 12];

/* The expected lines, built with want_add(). */
static void want_add(const char *fmt, ...)
{
	size_t n = strlen(want);
	va_list ap;

	va_start(ap, fmt);
	n += (size_t)vsnprintf(want + n, sizeof want - n, fmt, ap);
	va_end(ap);
	if (n + 1 < sizeof want) {
		want[n] = '\n';
		want[n + 1] = '\0';
	}
}

/* The first line where a and b differ, into why. */
static void diff_say(const char *a, const char *b)
{
	unsigned line = 1;
	size_t i = 0;
	size_t start = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	snprintf(why, sizeof why, "line %u: got \"%.*s\", want \"%.*s\"", line,
		 (int)strcspn(a + start, "\n"), a + start,
		 (int)strcspn(b + start, "\n"), b + start);
}

/* The plan of (C, S) against want; then, unless a read failed, its
 * convergence. */
static void plan_case(int line, const char *name, int converges)
{
	char label[200];
	unsigned k;

	plan_make(&C, &S, &P);
	plan_lines(&C, &S, &P, got, sizeof got);
	diff_say(got, want);
	check(line, name, strcmp(got, want) == 0 && P.unkept == 0, why);
	want[0] = '\0';
	if (!converges)
		return;
	plan_simulate(&C, &S, &P, &S2);
	plan_make(&C, &S2, &P2);
	k = plan_converged(&P2);
	snprintf(label, sizeof label, "%s: converges", name);
	plan_lines(&C, &S2, &P2, got, sizeof got);
	snprintf(why, sizeof why, "the second plan:\n%.3000s", got);
	check(line, label, k == 0, why);
}

#define MAC1 "02:00:00:00:00:01"
#define MAC2 "02:00:00:00:00:02"

/* The model of the usual input: eth0 with MAC1, MTU 1500, 192.0.2.2/24 via
 * .1, 2001:db8::2/64 via ::1, a hostname and one DNS server. */
static struct gn_iface *config_usual(int v4, int v6)
{
	struct gn_iface *ci;

	pt_config_init(&C, "worker-01");
	pt_config_dns(&C, "192.0.2.53");
	ci = pt_config_iface(&C, "eth0", MAC1, 1500);
	if (v4) {
		pt_config_addr(ci, "192.0.2.2/24");
		pt_config_route(ci, "default", "192.0.2.1", 0);
	}
	if (v6) {
		pt_config_addr(ci, "2001:db8::2/64");
		pt_config_route(ci, "default", "2001:db8::1", 0);
	}
	return ci;
}

/* What a run with config_usual() leaves: lo up, eth0 up with its MAC,
 * MTU, addresses, default routes and the kernel's prefix routes. */
static struct state_iface *state_usual(void)
{
	struct state_iface *si;

	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	pt_state_addr(si, "192.0.2.2/24", IFA_F_PERMANENT);
	pt_state_addr(si, "2001:db8::2/64", IFA_F_PERMANENT | IFA_F_NODAD);
	pt_state_route(si, "192.0.2.0/24", NULL, 2, 0, 0); /* kernel */
	pt_state_route(si, "default", "192.0.2.1", RTPROT_BOOT, 0, 0);
	pt_state_route(si, "2001:db8::/64", NULL, 2, 256, 0);
	pt_state_route(si, "default", "2001:db8::1", RTPROT_BOOT, 1024, 0);
	return si;
}

static void want_head(void)
{
	want[0] = '\0';
	want_add("write /R/etc/hosts");
	want_add("set hostname worker-01");
	want_add("write /R/etc/hostname");
}

static void want_tail(void)
{
	want_add("write /R/etc/resolv.conf");
}

static void test_fresh(void)
{
	config_usual(1, 1);
	pt_state_init(&S, 0);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 0);
	want_head();
	want_add("lo: set up");
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "fresh guest", 1);

	config_usual(1, 1);
	pt_state_init(&S, 0);
	pt_state_iface(&S, 0, "eth0", "52:54:00:12:34:56", 1500, 0);
	want_head();
	want_add("lo: set up");
	want_add("eth0: set MAC " MAC1);
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "fresh guest, another MAC", 1);

	pt_config_init(&C, "");
	pt_config_addr(pt_config_iface(&C, "eth0", MAC1, 9000), "192.0.2.2/32");
	pt_config_route(&C.ifaces[0], "default", "192.0.2.1", 1);
	pt_state_init(&S, 0);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 0);
	want_add("write /R/etc/hosts");
	want_add("lo: set up");
	want_add("eth0: set MTU 9000");
	want_add("eth0: add IPv4 address 192.0.2.2/32");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1 on-link");
	plan_case(__LINE__, "fresh guest, /32, on-link gateway, MTU 9000", 1);

	pt_config_init(&C, "");
	pt_config_iface(&C, "eth0", MAC1, 0);
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "eth0", MAC1, 1400, 0);
	want_add("write /R/etc/hosts");
	want_add("eth0: set up");
	plan_case(__LINE__, "no address, MTU 0: the device's own", 1);
}

static void test_rerun(void)
{
	config_usual(1, 1);
	state_usual();
	want_head();
	want_tail();
	plan_case(__LINE__, "re-run: nothing", 1);

	config_usual(1, 1);
	pt_state_addr(state_usual(), "2001:db8::2:0/64", 0);
	S.ifaces[0].addrs[2].scope = RT_SCOPE_SITE;
	S.ifaces[0].v4_other = 1; /* a link-scope 169.254 address: kept */
	want_head();
	want_add("eth0: remove IPv6 address 2001:db8::2:0/64");
	want_tail();
	plan_case(__LINE__, "a site-scope address removed", 1);
}

static void test_clone(void)
{
	struct state_iface *si;
	struct gn_iface *ci;

	pt_config_init(&C, "worker-02");
	pt_config_dns(&C, "198.51.100.53");
	ci = pt_config_iface(&C, "eth0", MAC2, 1500);
	pt_config_addr(ci, "198.51.100.7/24");
	pt_config_route(ci, "default", "198.51.100.1", 0);
	pt_config_addr(ci, "2001:db8:1::7/64");
	pt_config_route(ci, "default", "2001:db8:1::1", 0);
	si = state_usual();
	pt_state_neigh(si, "192.0.2.1");
	pt_state_neigh(si, "2001:db8::1");
	si->neighs_read = 0; /* state_read: not read, the MAC changes */
	want_add("write /R/etc/hosts");
	want_add("set hostname worker-02");
	want_add("write /R/etc/hostname");
	/* the link goes down for the MAC: its IPv6 addresses, routes and
	 * neighbours go with it, and it comes up with the new MAC's
	 * link-local address; the kernel announces IPv4 (arp_notify) */
	want_add("eth0: set down for the new MAC");
	want_add("eth0: set MAC " MAC2);
	want_add("eth0: remove IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv4 address 198.51.100.7/24");
	want_add("eth0: add IPv6 address 2001:db8:1::7/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 198.51.100.1");
	want_add("eth0: add IPv6 default route via 2001:db8:1::1");
	want_add("eth0: announce 2001:db8:1::7 at " MAC2);
	want_tail();
	plan_case(__LINE__, "clone: new MAC and subnets", 1);

	/* keep_addr_on_down: the permanent IPv6 addresses stay down, the
	 * learned one (no IFA_F_PERMANENT) goes; routes go either way */
	config_usual(1, 1);
	si = state_usual();
	pt_mac("52:54:00:12:34:56", si->link.addr);
	pt_state_addr(si, "2001:db8::5054:ff:fe12:3456/64", 0);
	pt_state_addr(si, "2001:db8:9::9/64", IFA_F_PERMANENT);
	si->link.keep_addr_on_down = 1;
	si->neighs_read = 0;
	want_head();
	want_add("eth0: set down for the new MAC");
	want_add("eth0: set MAC " MAC1);
	want_add("eth0: remove IPv6 address 2001:db8:9::9/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "clone, keep_addr_on_down: the permanent ones stay",
		  1);

	/* a new MAC on a link that is down: no down and up again */
	config_usual(1, 1);
	si = state_usual();
	pt_mac("52:54:00:12:34:56", si->link.addr);
	si->link.flags = 0;
	si->route_count = 2; /* the IPv4 ones the link kept */
	si->neighs_read = 0;
	want_head();
	want_add("eth0: set MAC " MAC1);
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "new MAC on a link down: set, then up", 1);
}

/* The kernel's IPv6 settings of the interface, as the link dump has them
 * (a fresh interface: accept_ra 1, autoconf 1). */
static void pt_state_ipv6_conf(struct state_iface *si, int accept_ra,
			       int autoconf)
{
	si->link.has_inet6_conf = 1;
	si->link.accept_ra = accept_ra;
	si->link.autoconf = autoconf;
}

static void test_ra(void)
{
	struct state_iface *si;

	/* a fresh boot: both off before the link comes up */
	config_usual(1, 1);
	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1400, 0);
	pt_state_ipv6_conf(si, 1, 1);
	want_head();
	want_add("eth0: set MTU 1500");
	want_add("eth0: set accept_ra 0");
	want_add("eth0: set autoconf 0");
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "static IPv6: accept_ra and autoconf off first", 1);

	/* only the value that differs; accept_ra 2 is on too */
	config_usual(1, 1);
	pt_state_ipv6_conf(state_usual(), 2, 0);
	want_head();
	want_add("eth0: set accept_ra 0");
	want_tail();
	plan_case(__LINE__, "static IPv6: only what differs (accept_ra 2)", 1);

	config_usual(1, 1);
	pt_state_ipv6_conf(state_usual(), 0, 0);
	want_head();
	want_tail();
	plan_case(__LINE__, "static IPv6, both off already: nothing", 1);

	/* what router advertisements left beside the static configuration:
	 * a SLAAC address (not permanent), the default route and a route of
	 * a route information option (proto ra), an advertised prefix's
	 * route (the kernel's, with a lifetime) */
	config_usual(1, 1);
	si = state_usual();
	pt_state_ipv6_conf(si, 1, 1);
	pt_state_addr(si, "2001:db8:5::ff:fe00:1/64", 0);
	pt_state_route(si, "default", "fe80::1", RTPROT_RA, 1024, 0);
	pt_state_route(si, "2001:db8:6::/64", "fe80::1", RTPROT_RA, 1024, 0);
	pt_state_route(si, "2001:db8:5::/64", NULL, RTPROT_KERNEL, 256, 0);
	si->routes[si->route_count - 1].expires = 1;
	want_head();
	want_add("eth0: set accept_ra 0");
	want_add("eth0: set autoconf 0");
	want_add("eth0: remove IPv6 address 2001:db8:5::ff:fe00:1/64");
	want_add("eth0: remove IPv6 default route via fe80::1");
	want_add("eth0: remove IPv6 route 2001:db8:6::/64 via fe80::1");
	want_add("eth0: remove IPv6 route 2001:db8:5::/64");
	want_tail();
	plan_case(__LINE__, "static IPv6: what advertisements left removed",
		  1);

	/* an advertised prefix that is the static address's: its route is
	 * the address's, made permanent by the kernel as it adds the address
	 * (only the SLAAC address and the default route go) */
	config_usual(1, 1);
	si = state_usual();
	pt_state_ipv6_conf(si, 0, 0);
	pt_state_addr(si, "2001:db8::ff:fe00:1/64", 0);
	si->routes[2].expires = 1; /* 2001:db8::/64, the kernel's, 256 */
	pt_state_route(si, "default", "fe80::1", RTPROT_RA, 1024, 0);
	want_head();
	want_add("eth0: remove IPv6 address 2001:db8::ff:fe00:1/64");
	want_add("eth0: remove IPv6 default route via fe80::1");
	want_tail();
	plan_case(__LINE__, "advertised prefix of the static address: kept", 1);

	/* no IPv6 configured: the kernel's settings and its routes stay
	 * (a default route is guestnet's to remove, as ever) */
	config_usual(1, 0);
	si = state_usual();
	si->route_count = 2; /* the IPv4 ones */
	si->addr_count = 1;
	pt_state_ipv6_conf(si, 1, 1);
	pt_state_route(si, "2001:db8:6::/64", "fe80::1", RTPROT_RA, 1024, 0);
	pt_state_route(si, "2001:db8:5::/64", NULL, RTPROT_KERNEL, 256, 0);
	si->routes[si->route_count - 1].expires = 1;
	want_head();
	want_tail();
	plan_case(__LINE__, "IPv4 only: IPv6 settings and routes left", 1);
}

static void test_families(void)
{
	config_usual(1, 0);
	state_usual();
	want_head();
	want_add("eth0: remove IPv6 address 2001:db8::2/64");
	want_add("eth0: remove IPv6 default route via 2001:db8::1");
	want_tail();
	plan_case(__LINE__, "dual stack -> IPv4 only", 1);

	config_usual(0, 1);
	C.dns_count = 0;
	state_usual();
	S.ifaces[0].v4_other = 1; /* a link-scope address stays: no flush */
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.2/24");
	want_add("eth0: remove IPv4 default route via 192.0.2.1");
	plan_case(__LINE__, "dual stack -> IPv6 only, a link-scope IPv4 left",
		  1);

	config_usual(0, 1);
	C.dns_count = 0;
	state_usual();
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.2/24");
	plan_case(__LINE__, "dual stack -> IPv6 only: the kernel flushes", 1);

	config_usual(0, 0);
	state_usual();
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.2/24");
	want_add("eth0: remove IPv6 address 2001:db8::2/64");
	want_add("eth0: remove IPv6 default route via 2001:db8::1");
	want_tail();
	plan_case(__LINE__, "no family configured: none kept", 1);
}

static void test_prefix(void)
{
	struct gn_iface *ci = config_usual(0, 1);

	pt_config_addr(ci, "192.0.2.2/25");
	pt_config_route(ci, "default", "192.0.2.1", 0);
	state_usual();
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv4 address 192.0.2.2/25");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: announce 192.0.2.2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "IPv4 prefix change: replaced, route again", 1);

	ci = config_usual(1, 0);
	pt_config_addr(ci, "2001:db8::2/48");
	pt_config_route(ci, "default", "2001:db8::1", 0);
	state_usual();
	want_head();
	want_add("eth0: remove IPv6 address 2001:db8::2/64");
	want_add("eth0: add IPv6 address 2001:db8::2/48");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "IPv6 prefix change: replaced", 1);
}

static void test_secondary(void)
{
	struct state_iface *si;

	config_usual(1, 0);
	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	pt_state_addr(si, "192.0.2.10/24", 0);
	pt_state_addr(si, "192.0.2.2/24", IFA_F_SECONDARY);
	pt_state_route(si, "default", "192.0.2.1", RTPROT_BOOT, 0, 0);
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.10/24");
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: announce 192.0.2.2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "configured secondary, its primary removed", 1);

	config_usual(1, 0);
	pt_config_addr(&C.ifaces[0], "192.0.2.10/24");
	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	pt_state_addr(si, "192.0.2.10/24", 0);
	pt_state_addr(si, "192.0.2.2/24", IFA_F_SECONDARY);
	pt_state_route(si, "default", "192.0.2.1", RTPROT_BOOT, 0, 0);
	want_head();
	want_tail();
	plan_case(__LINE__, "configured secondary and primary: kept", 1);

	config_usual(1, 0);
	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	pt_state_addr(si, "192.0.2.2/24", 0);
	pt_state_addr(si, "192.0.2.10/24", IFA_F_SECONDARY);
	pt_state_addr(si, "198.51.100.10/24", 0);
	pt_state_addr(si, "198.51.100.11/24", IFA_F_SECONDARY);
	pt_state_route(si, "default", "192.0.2.1", RTPROT_BOOT, 0, 0);
	want_head();
	want_add("eth0: remove IPv4 address 192.0.2.10/24");
	want_add("eth0: remove IPv4 address 198.51.100.10/24");
	want_add("eth0: remove IPv4 address 198.51.100.11/24");
	want_tail();
	plan_case(__LINE__, "secondaries not configured: removed", 1);
}

static void test_many(void)
{
	struct state_iface *si;
	char a[64];
	int i;

	config_usual(1, 1);
	si = state_usual();
	want_head();
	for (i = 0; i < 200; i++) {
		if (i % 2)
			snprintf(a, sizeof a, "2001:db8:0:%x::1/64", i + 1);
		else
			snprintf(a, sizeof a, "198.51.100.%d/32", i / 2 + 1);
		pt_state_addr(si, a, 0);
		*strchr(a, '/') = '\0';
		want_add("eth0: remove IPv%d address %s/%d", i % 2 ? 6 : 4, a,
			 i % 2 ? 64 : 32);
	}
	want_tail();
	plan_case(__LINE__, "200 addresses removed", 1);

	config_usual(1, 1);
	pt_state_init(&S, 1);
	si = pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	pt_state_addr(si, "192.0.2.2/24", IFA_F_PERMANENT);
	pt_state_addr(si, "2001:db8::2/64", IFA_F_PERMANENT);
	want_head();
	for (i = 0; i < 10; i++) {
		pt_state_route(si, "default", "192.0.2.1", 16, 100 + i, 0);
		want_add("eth0: remove IPv4 default route via 192.0.2.1");
	}
	for (i = 0; i < 10; i++) {
		snprintf(a, sizeof a, "2001:db8::%x", i + 1);
		pt_state_route(si, "default", a, 9, 1024 + i, 0);
		want_add("eth0: remove IPv6 default route via %s", a);
	}
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_tail();
	plan_case(__LINE__, "20 default routes: removed, ours added", 1);
}

static void test_routes(void)
{
	struct state_iface *si;

	config_usual(1, 1);
	si = state_usual();
	pt_state_route(si, "default", "192.0.2.254", 16, 100, 0);
	pt_state_route(si, "198.51.100.0/24", "192.0.2.254", 4, 0, 0);
	pt_state_route(si, "203.0.113.0/24", "192.0.2.1", RTPROT_BOOT, 0, 0);
	pt_state_route(si, "2001:db8:5::/48", "2001:db8::1", RTPROT_BOOT, 1024,
		       0);
	want_head();
	want_add("eth0: remove IPv4 default route via 192.0.2.254");
	want_add("eth0: remove IPv4 route 203.0.113.0/24 via 192.0.2.1");
	want_add("eth0: remove IPv6 route 2001:db8:5::/48 via 2001:db8::1");
	want_tail();
	plan_case(__LINE__, "a foreign default route and boot routes removed",
		  1);

	config_usual(1, 1);
	si = state_usual();
	si->routes[1].protocol = 4; /* ip route add default via: static */
	si->routes[3].flags = RTNH_F_ONLINK;
	want_head();
	want_add("eth0: remove IPv4 default route via 192.0.2.1");
	want_add("eth0: remove IPv6 default route via 2001:db8::1");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_tail();
	plan_case(__LINE__, "our gateway, another protocol or flag: replaced",
		  1);

	config_usual(1, 1);
	si = state_usual();
	si->routes[1].priority = 5;
	pt_state_route(si, "default", NULL, RTPROT_BOOT, 0, 0);
	si->routes[4].family = GN_AF_INET;
	want_head();
	want_add("eth0: remove IPv4 default route via 192.0.2.1");
	want_add("eth0: remove IPv4 default route");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_tail();
	plan_case(__LINE__, "another metric, no gateway: replaced", 1);
}

static void test_lo(void)
{
	pt_config_init(&C, "");
	pt_state_init(&S, 0);
	want_add("write /R/etc/hosts");
	want_add("lo: set up");
	plan_case(__LINE__, "lo down: set up, its addresses come with it", 1);

	pt_config_init(&C, "");
	pt_state_init(&S, 1);
	S.lo_has[1] = 0;
	want_add("write /R/etc/hosts");
	want_add("lo: add IPv6 address ::1/128");
	plan_case(__LINE__, "lo up without ::1", 1);

	pt_config_init(&C, "");
	pt_state_init(&S, 1);
	S.lo_has[0] = 0;
	S.lo_has[1] = 0;
	want_add("write /R/etc/hosts");
	want_add("lo: add IPv4 address 127.0.0.1/8");
	want_add("lo: add IPv6 address ::1/128");
	plan_case(__LINE__, "lo up without its addresses", 1);

	pt_config_init(&C, "");
	pt_state_init(&S, 0);
	S.lo_err = -EIO;
	want_add("write /R/etc/hosts");
	plan_case(__LINE__, "lo not read: nothing on it", 1);
}

static void test_failures(void)
{
	struct gn_iface *ci;

	config_usual(1, 1);
	ci = pt_config_iface(&C, "eth1", MAC2, 0);
	pt_config_addr(ci, "198.51.100.7/24");
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 0);
	S.ifaces[0].err = -ENODEV;
	pt_state_iface(&S, 1, "eth1", MAC2, 1500, 0);
	want_head();
	want_add("eth1: add IPv4 address 198.51.100.7/24");
	want_add("eth1: set arp_notify");
	want_add("eth1: set up");
	want_tail();
	plan_case(__LINE__, "interface not found: nothing on it", 1);

	config_usual(1, 1);
	pt_state_init(&S, 0);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 0);
	S.nl_err = -EPROTONOSUPPORT;
	want_head();
	want_tail();
	plan_case(__LINE__, "netlink failed: the files only", 1);

	config_usual(1, 1);
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "eth0", "52:54:00:12:34:56", 1400, 0);
	S.ifaces[0].addrs_err = -EIO;
	want_head();
	want_add("eth0: set MAC " MAC1);
	want_add("eth0: set MTU 1500");
	want_add("eth0: set up");
	want_tail();
	plan_case(__LINE__, "address read failed: no address or route", 1);

	config_usual(1, 1);
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 0);
	S.ifaces[0].routes_err = -EIO;
	pt_state_route(&S.ifaces[0], "default", "192.0.2.254", 16, 0, 0);
	want_head();
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "route read failed: no route change", 1);
}

static void test_neighbours(void)
{
	struct state_iface *si;

	config_usual(1, 1);
	si = state_usual();
	pt_state_neigh(si, "192.0.2.1");
	pt_state_neigh(si, "2001:db8::1");
	pt_state_neigh(si, "fe80::1");
	want_head();
	want_add("eth0: forget neighbour 192.0.2.1");
	want_add("eth0: forget neighbour 2001:db8::1");
	want_add("eth0: forget neighbour fe80::1");
	want_tail();
	plan_case(__LINE__, "neighbours of a link up, same MAC: forgotten", 1);

	config_usual(1, 1);
	si = state_usual();
	pt_mac("52:54:00:12:34:56", si->link.addr);
	pt_state_neigh(si, "192.0.2.1");
	pt_state_neigh(si, "2001:db8::1");
	want_head();
	want_add("eth0: set down for the new MAC");
	want_add("eth0: set MAC " MAC1);
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: set arp_notify");
	want_add("eth0: set up");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "neighbours, new MAC: the kernel flushes them", 1);

	config_usual(1, 1);
	si = state_usual();
	si->neighs_read = 0;
	si->neighs_err = -EOPNOTSUPP;
	want_head();
	want_tail();
	plan_case(__LINE__, "neighbours not dumped (qemu-user): none", 1);
}

static void test_link_up(void)
{
	config_usual(1, 1);
	C.ifaces[0].mtu = 9000;
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "eth0", MAC1, 1500, 1);
	want_head();
	want_add("eth0: set MTU 9000");
	want_add("eth0: add IPv4 address 192.0.2.2/24");
	want_add("eth0: add IPv6 address 2001:db8::2/64");
	want_add("eth0: add IPv4 default route via 192.0.2.1");
	want_add("eth0: add IPv6 default route via 2001:db8::1");
	want_add("eth0: announce 192.0.2.2 at " MAC1);
	want_add("eth0: announce 2001:db8::2 at " MAC1);
	want_tail();
	plan_case(__LINE__, "link already up: no arp_notify, announced", 1);
}

static void test_by_mac(void)
{
	config_usual(1, 0);
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "enp0s3", MAC1, 1500, 0);
	S.ifaces[0].by_mac = 1;
	want_head();
	want_add("enp0s3: add IPv4 address 192.0.2.2/24");
	want_add("enp0s3: set arp_notify");
	want_add("enp0s3: set up");
	want_add("enp0s3: add IPv4 default route via 192.0.2.1");
	want_add("enp0s3: add alternative name eth0");
	want_tail();
	plan_case(__LINE__, "found by its MAC: named as found, given the name as an alternative one", 1);
}

/* A restored clone whose NIC udev renamed: found by the alternative name
 * an earlier run gave it, with its new MAC. */
static void test_by_altname(void)
{
	config_usual(1, 0);
	pt_state_init(&S, 1);
	pt_state_iface(&S, 0, "ens3", MAC2, 1500, 1);
	S.ifaces[0].by_altname = 1;
	want_head();
	/* up with a new MAC: down for it and up again (the kernel announces
	 * IPv4 as it comes up: arp_notify) */
	want_add("ens3: set down for the new MAC");
	want_add("ens3: set MAC " MAC1);
	want_add("ens3: add IPv4 address 192.0.2.2/24");
	want_add("ens3: set arp_notify");
	want_add("ens3: set up");
	want_add("ens3: add IPv4 default route via 192.0.2.1");
	want_tail();
	plan_case(__LINE__, "found by its alternative name: no name added again", 1);
}

int main(void)
{
	test_fresh();
	test_rerun();
	test_clone();
	test_families();
	test_prefix();
	test_secondary();
	test_many();
	test_routes();
	test_lo();
	test_failures();
	test_neighbours();
	test_link_up();
	test_by_mac();
	test_by_altname();
	test_ra();
	return failures != 0;
}

#endif
