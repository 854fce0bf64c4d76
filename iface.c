/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iface.c - the interfaces' state and the plan's application (iface.h).
 *
 * state_read() reads lo and every configured interface on the run's one
 * netlink socket: one dump of the links (each interface by name, else by
 * its MAC; --wait polls), one of the addresses, one of each interface's
 * routes in the main table (the kernel filters it), one of its neighbours
 * when it may have learned some. Each message is decoded once, where it
 * arrives, into the snapshot; what does not fit is counted.
 *
 * apply() executes the plan in order: consecutive netlink changes go in
 * one batch (the kernel handles a batch in order and answers each request),
 * ioctls and announcements on their own; each change's outcome is recorded
 * in the plan, and a change whose prerequisite failed is skipped and says
 * so. A dry run prints each change instead, and a file's lines.
 */
#define _GNU_SOURCE
#include <time.h>

#include "iface.h"

#define DUMP_TRIES 4 /* a dump the kernel interrupts is started again */
#define WAIT_POLLS_PER_SECOND 10

/* ---- the state ------------------------------------------------------------ */

/* What the link dump's callback needs. */
struct link_read {
	const struct gn_config *c;
	struct gn_state *s;
	struct text names;
};

static int link_has_mac(const struct nl_link_info *l, const uint8_t mac[6])
{
	if (l->has_perm && memcmp(l->perm, mac, 6) == 0)
		return 1;
	return l->has_addr && memcmp(l->addr, mac, 6) == 0;
}

/* A link that may be the configured one when none has its name: the one
 * whose MAC is the configured one, or (ip= without an interface) the one
 * Ethernet interface there is. */
static int link_is_candidate(const struct gn_iface *ci,
			     const struct nl_link_info *l)
{
	if (ci->any_ether)
		return l->type == GN_ARPHRD_ETHER &&
		       l->index != LOOPBACK_IFINDEX;
	return ci->has_mac && link_has_mac(l, ci->mac);
}

/* The link that ifname= gives the configured name: the one whose MAC an
 * ifname= of that name names. */
static int link_renamed_to(const struct gn_config *c, const char *name,
			   const struct nl_link_info *l)
{
	unsigned i;

	for (i = 0; i < c->rename_count; i++) {
		if (strcmp(c->renames[i].name, name) != 0)
			continue;
		if (link_has_mac(l, c->renames[i].mac))
			return 1;
	}
	return 0;
}

/* One of the link's alternative names is name (the kernel keeps names
 * and alternative names unique in a namespace). */
static int link_has_altname(const struct nl_link_info *l, const char *name)
{
	unsigned i;

	for (i = 0; i < l->altnames && i < NL_ALTNAMES_MAX; i++) {
		if (strcmp(l->altname[i], name) == 0)
			return 1;
	}
	return 0;
}

/* One interface of the dump against one configured: by name or
 * alternative name, else a candidate (kept until the name is met). */
static void link_match(const struct gn_config *c, const struct gn_iface *ci,
		       struct state_iface *si, const struct nl_link_info *l)
{
	int renamed = !ci->any_ether && link_renamed_to(c, ci->name, l);
	int named = !ci->any_ether && strcmp(l->name, ci->name) == 0;
	int alt = !ci->any_ether && !named && link_has_altname(l, ci->name);

	if (renamed || named || alt) {
		si->link = *l;
		si->err = 0;
		si->by_mac = 0;
		si->renamed = renamed && !named;
		si->by_altname = alt && !renamed;
		return;
	}
	if (si->renamed)
		return; /* ifname= said which it is */
	if (!link_is_candidate(ci, l))
		return;
	if (si->mac_matches < 2)
		memcpy(si->mac_match[si->mac_matches], l->name, sizeof l->name);
	si->mac_matches++;
	if (si->err == 0 && !si->by_mac)
		return; /* found by name already */
	si->link = *l;
	si->by_mac = 1;
}

/* RTM_NEWLINK: lo's flags, every name (for messages), the configured
 * interfaces. */
static int link_read(void *ctx, uint16_t type, const unsigned char *p,
		     size_t len)
{
	struct link_read *lr = ctx;
	struct nl_link_info l;
	unsigned i;
	int err;

	if (type != RTM_NEWLINK)
		return 0;
	err = nl_link_info_parse(p, len, &l);
	if (err)
		return err;
	if (lr->names.len > 0)
		text_add(&lr->names, ", ");
	text_add_escaped(&lr->names, l.name, strlen(l.name));
	if (l.index == LOOPBACK_IFINDEX) {
		lr->s->lo_up = (l.flags & GN_IFF_UP) != 0;
		lr->s->lo_ipv6 = l.has_inet6;
	}
	for (i = 0; i < lr->c->rename_count; i++) {
		if (link_has_mac(&l, lr->c->renames[i].mac))
			lr->s->renames[i] = l;
	}
	for (i = 0; i < lr->c->iface_count; i++)
		link_match(lr->c, &lr->c->ifaces[i], &lr->s->ifaces[i], &l);
	return 0;
}

/* A dump into the state, started again when the kernel interrupts it;
 * reset() clears what a partial one left. */
static int state_dump(struct nl *nl, struct nl_batch *b, nl_dump_fn *fn,
		      void *ctx, void (*reset)(void *ctx))
{
	struct nl_batch again = *b;
	int tries;
	int err = 0;

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		reset(ctx);
		*b = again;
		b->seq0 = nl->seq;
		err = nl_dump(nl, b, fn, ctx);
		if (err != -EAGAIN)
			return err;
	}
	return err;
}

static void links_reset(void *ctx)
{
	struct link_read *lr = ctx;
	unsigned i;

	text_init(&lr->names, lr->s->names, sizeof lr->s->names);
	memset(lr->s->renames, 0, sizeof lr->s->renames);
	for (i = 0; i < lr->c->iface_count; i++) {
		lr->s->ifaces[i].renamed = 0;
		lr->s->ifaces[i].err = -ENODEV;
		lr->s->ifaces[i].by_mac = 0;
		lr->s->ifaces[i].by_altname = 0;
		lr->s->ifaces[i].mac_matches = 0;
	}
}

/* Found: by name, or as the one interface with its MAC. */
static int links_found(const struct gn_config *c, struct gn_state *s)
{
	struct state_iface *si;
	unsigned i;
	int all = 1;

	for (i = 0; i < c->iface_count; i++) {
		si = &s->ifaces[i];
		if (si->by_mac && si->mac_matches == 1)
			si->err = 0;
		all &= si->err == 0;
	}
	return all;
}

static int links_read(struct nl *nl, const struct gn_config *c,
		      struct gn_state *s)
{
	struct link_read lr = { .c = c, .s = s };
	struct nl_batch b;
	int err;

	nl_batch_init(&b, nl->seq);
	nl_dump_request(&b, RTM_GETLINK, 0);
	err = state_dump(nl, &b, link_read, &lr, links_reset);
	s->lo_err = err;
	if (err)
		return err;
	links_found(c, s);
	return 0;
}

/* The links, again every 1/10 s for wait seconds while an interface is
 * missing (a driver still loading). */
static void links_wait(struct nl *nl, const struct gn_config *c,
		       unsigned long wait, struct gn_state *s)
{
	const struct timespec poll_interval = {
		.tv_nsec = 1000000000 / WAIT_POLLS_PER_SECOND,
	};
	unsigned long polls = wait * WAIT_POLLS_PER_SECOND;
	unsigned long i;
	int err;

	err = links_read(nl, c, s);
	for (i = 0; !err && !links_found(c, s) && i < polls; i++) {
		nanosleep(&poll_interval, NULL);
		err = links_read(nl, c, s);
	}
	for (i = 0; err && i < c->iface_count; i++)
		s->ifaces[i].err = err;
}

static int state_iface_of(const struct gn_config *c, const struct gn_state *s,
			  int index)
{
	unsigned i;

	for (i = 0; i < c->iface_count; i++) {
		if (s->ifaces[i].err == 0 && s->ifaces[i].link.index == index)
			return (int)i;
	}
	return -1;
}

struct dump_read {
	const struct gn_config *c;
	struct gn_state *s;
	int iface; /* the interface a dump is of */
};

static void addrs_reset(void *ctx)
{
	struct dump_read *dr = ctx;
	unsigned i;

	dr->s->lo_has[0] = 0;
	dr->s->lo_has[1] = 0;
	for (i = 0; i < dr->c->iface_count; i++) {
		dr->s->ifaces[i].addr_count = 0;
		dr->s->ifaces[i].addrs_unkept = 0;
		dr->s->ifaces[i].v4_other = 0;
	}
}

static void lo_addr_note(struct gn_state *s, const struct nl_addr_info *a)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };

	if (a->family == GN_AF_INET && a->plen == 8)
		s->lo_has[0] |= gn_ip_equal(a->family, a->addr, lo4);
	if (a->family == GN_AF_INET6 && a->plen == 128)
		s->lo_has[1] |= gn_ip_equal(a->family, a->addr, lo6);
}

/* RTM_NEWADDR: lo's own two, and each interface's global and site ones
 * (link-local and host-scope addresses are left alone). */
static int addr_read(void *ctx, uint16_t type, const unsigned char *p,
		     size_t len)
{
	struct dump_read *dr = ctx;
	struct state_iface *si;
	struct nl_addr_info a;
	int err;
	int i;

	if (type != RTM_NEWADDR)
		return 0;
	err = nl_addr_info_parse(p, len, &a);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (a.index == LOOPBACK_IFINDEX)
		lo_addr_note(dr->s, &a);
	i = state_iface_of(dr->c, dr->s, a.index);
	if (i < 0)
		return 0;
	si = &dr->s->ifaces[i];
	if (a.scope != RT_SCOPE_UNIVERSE && a.scope != RT_SCOPE_SITE) {
		si->v4_other += a.family == GN_AF_INET;
		return 0;
	}
	if (si->addr_count == STATE_ADDRS_MAX) {
		si->addrs_unkept++;
		return 0;
	}
	si->addrs[si->addr_count] = a;
	si->addr_count++;
	return 0;
}

static void routes_reset(void *ctx)
{
	struct dump_read *dr = ctx;

	dr->s->ifaces[dr->iface].route_count = 0;
	dr->s->ifaces[dr->iface].routes_unkept = 0;
}

/* RTM_NEWROUTE: the interface's routes in the main table (the kernel has
 * filtered them, unless it is older than 4.20: then here). */
static int route_read(void *ctx, uint16_t type, const unsigned char *p,
		      size_t len)
{
	struct dump_read *dr = ctx;
	struct state_iface *si = &dr->s->ifaces[dr->iface];
	struct nl_route_info r;
	int err;

	if (type != RTM_NEWROUTE)
		return 0;
	err = nl_route_info_parse(p, len, &r);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (r.table != RT_TABLE_MAIN || r.oif != si->link.index)
		return 0;
	if (si->route_count == STATE_ROUTES_MAX) {
		si->routes_unkept++;
		return 0;
	}
	si->routes[si->route_count] = r;
	si->route_count++;
	return 0;
}

static void neighs_reset(void *ctx)
{
	struct dump_read *dr = ctx;

	dr->s->ifaces[dr->iface].neigh_count = 0;
	dr->s->ifaces[dr->iface].neighs_unkept = 0;
}

/* RTM_NEWNEIGH: the interface's learned entries (not permanent ones). */
static int neigh_read(void *ctx, uint16_t type, const unsigned char *p,
		      size_t len)
{
	struct dump_read *dr = ctx;
	struct state_iface *si = &dr->s->ifaces[dr->iface];
	struct nl_neigh_info n;
	int err;

	if (type != RTM_NEWNEIGH)
		return 0;
	err = nl_neigh_info_parse(p, len, &n);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (n.index != si->link.index || !n.has_dst)
		return 0;
	if (n.state & (NUD_PERMANENT | NUD_NOARP))
		return 0;
	if (si->neigh_count == STATE_NEIGHS_MAX) {
		si->neighs_unkept++;
		return 0;
	}
	si->neighs[si->neigh_count] = n;
	si->neigh_count++;
	return 0;
}

/* Neighbours to forget only on a link that was up (the kernel forgets
 * them when it goes down) and keeps its MAC (a new one flushes them). */
static int neighs_wanted(const struct gn_iface *ci,
			 const struct state_iface *si)
{
	const struct nl_link_info *l = &si->link;

	if (!(l->flags & GN_IFF_UP))
		return 0;
	if (!ci->has_mac)
		return 1;
	return l->has_addr && memcmp(l->addr, ci->mac, 6) == 0;
}

static void iface_state_read(struct nl *nl, const struct gn_config *c,
			     struct gn_state *s, int i)
{
	struct dump_read dr = { .c = c, .s = s, .iface = i };
	struct state_iface *si = &s->ifaces[i];
	struct nl_batch b;

	if (si->err || si->addrs_err)
		return;
	nl_batch_init(&b, nl->seq);
	nl_route_dump_request(&b, 0, si->link.index);
	si->routes_err = state_dump(nl, &b, route_read, &dr, routes_reset);
	if (!neighs_wanted(&c->ifaces[i], si))
		return;
	nl_batch_init(&b, nl->seq);
	nl_dump_request(&b, RTM_GETNEIGH, si->link.index);
	si->neighs_err = state_dump(nl, &b, neigh_read, &dr, neighs_reset);
	si->neighs_read = si->neighs_err == 0;
}

void state_read(struct nl *nl, const struct gn_config *c, unsigned long wait,
		struct gn_state *s)
{
	struct dump_read dr = { .c = c, .s = s };
	struct nl_batch b;
	unsigned i;
	int err;

	links_wait(nl, c, wait, s);
	if (s->lo_err)
		return;
	nl_batch_init(&b, nl->seq);
	nl_dump_request(&b, RTM_GETADDR, 0);
	err = state_dump(nl, &b, addr_read, &dr, addrs_reset);
	for (i = 0; i < c->iface_count; i++) {
		s->ifaces[i].addrs_err = err;
		iface_state_read(nl, c, s, (int)i);
	}
}

/* ---- the state's report ------------------------------------------------- */

/* "guestnet: eth0: find interface: ...", ending at what there is. */
static void find_failure_report(const struct gn_config *c,
				const struct gn_state *s, int i,
				unsigned long wait)
{
	const struct state_iface *si = &s->ifaces[i];
	struct out_line l;

	out_line_start(&l);
	plan_iface_text(&l.t, c, s, i);
	text_add(&l.t, ": find interface: ");
	if (si->err == -ENODEV && c->ifaces[i].any_ether &&
	    si->mac_matches > 1) {
		text_add(&l.t, "ip= names no interface, and there is more than "
			       "one Ethernet interface: name one in field 6 "
			       "(there are: ");
		text_add(&l.t, s->names);
		text_add(&l.t, ")");
		out_line_write(&l, 2);
		return;
	}
	if (si->err == -ENODEV && si->mac_matches > 1) {
		text_add(&l.t, "no interface of that name, and more than one "
			       "has its MAC: ");
		text_add_escaped(&l.t, si->mac_match[0],
				 strlen(si->mac_match[0]));
		text_add(&l.t, ", ");
		text_add_escaped(&l.t, si->mac_match[1],
				 strlen(si->mac_match[1]));
		out_line_write(&l, 2);
		return;
	}
	text_add_errno(&l.t, -si->err);
	if (si->err == -ENODEV) {
		text_add(&l.t, " (");
		if (wait > 0) {
			text_add(&l.t, "waited ");
			text_add_decimal(&l.t, wait);
			text_add(&l.t, " s; ");
		}
		text_add(&l.t, "there are: ");
		text_add(&l.t, s->names);
		text_add(&l.t, ")");
	}
	out_line_write(&l, 2);
}

/* "guestnet: eth0: no interface of that name: configuring ens3, whose MAC
 * is ..." */
static void by_mac_notice(const struct gn_config *c, const struct gn_state *s,
			  int i)
{
	const char *name = c->ifaces[i].name;
	struct out_line l;

	out_line_start(&l);
	text_add_escaped(&l.t, name, strlen(name));
	text_add(&l.t, ": no interface of that name: configuring ");
	plan_iface_text(&l.t, c, s, i);
	text_add(&l.t, ", whose MAC is ");
	text_add_mac(&l.t, c->ifaces[i].mac);
	out_line_write(&l, 2);
}

/* "guestnet: eth0: N addresses more than guestnet keeps (1024): ..." */
static void unkept_notice(const struct gn_config *c, const struct gn_state *s,
			  int i, unsigned unkept, const char *what)
{
	struct out_line l;

	if (unkept == 0)
		return;
	out_line_start(&l);
	plan_iface_text(&l.t, c, s, i);
	text_add(&l.t, ": ");
	text_add_decimal(&l.t, unkept);
	text_add(&l.t, " more ");
	text_add(&l.t, what);
	text_add(&l.t, " than one run reads: left as they are; run again to "
		       "remove them");
	out_line_write(&l, 2);
}

static int dump_failure_report(const struct gn_config *c,
			       const struct gn_state *s, int i, int err,
			       const char *what)
{
	char name[OUT_LINE_SIZE];
	struct text t;

	if (!err || err == -EOPNOTSUPP)
		return 0;
	text_init(&t, name, sizeof name);
	plan_iface_text(&t, c, s, i);
	text_add(&t, ": read ");
	text_add(&t, what);
	out_failure(name, err, NULL);
	return 1;
}

/* "guestnet: eth0: another network tool seems to manage it too (seen:
 * ...)": what a DHCP client or router advertisements leave in the state
 * read already: a route of proto dhcp or ra, an address with a finite
 * lifetime (a lease, SLAAC; the kernel marks the others permanent). */
static void conflict_notice(const struct gn_config *c, const struct gn_state *s,
			    int i)
{
	static const char *const seen_text[3] = {
		"a route of proto dhcp",
		"a route of proto ra",
		"an address with a finite lifetime",
	};
	const struct state_iface *si = &s->ifaces[i];
	const char *sep = " (seen: ";
	unsigned seen = 0;
	struct out_line l;
	unsigned k;

	/* the kernel's own, from router advertisements it accepted: a static
	 * IPv6 configuration turns them off and removes what they left */
	int kernel_ra = (c->ifaces[i].families & GN_FAMILY_V6) &&
			si->link.has_inet6_conf && si->link.accept_ra != 0;

	for (k = 0; k < si->route_count; k++) {
		seen |= si->routes[k].protocol == RTPROT_DHCP;
		seen |= (si->routes[k].protocol == RTPROT_RA && !kernel_ra)
			<< 1;
	}
	for (k = 0; k < si->addr_count; k++)
		seen |= (!(si->addrs[k].flags & IFA_F_PERMANENT) &&
			 !(kernel_ra && si->addrs[k].family == GN_AF_INET6))
			<< 2;
	if (!seen)
		return;
	out_line_start(&l);
	plan_iface_text(&l.t, c, s, i);
	text_add(&l.t, ": another network tool seems to manage it too");
	for (k = 0; k < 3; k++) {
		if (!(seen & 1u << k))
			continue;
		text_add(&l.t, sep);
		text_add(&l.t, seen_text[k]);
		sep = ", ";
	}
	text_add(&l.t, "): it may undo what guestnet sets; see CONFLICTING "
		       "TOOLS in guestnet(8)");
	out_line_write(&l, 2);
}

static int iface_state_report(const struct gn_config *c,
			      const struct gn_state *s, int i,
			      unsigned long wait, int verbose)
{
	const struct state_iface *si = &s->ifaces[i];
	int failures = 0;

	char name[OUT_LINE_SIZE];
	struct text t;

	text_init(&t, name, sizeof name);
	plan_iface_text(&t, c, s, i);
	if (si->err) {
		find_failure_report(c, s, i, wait);
		text_add(&t, ": MAC, MTU, addresses, routes");
		out_notice(name, "skipped, the interface is not there");
		return 1;
	}
	if (si->by_mac && !c->ifaces[i].any_ether)
		by_mac_notice(c, s, i);
	if (si->addrs_err) {
		out_failure("netlink: read addresses", si->addrs_err, NULL);
		out_notice("addresses and routes",
			   "skipped, the addresses could not be read");
		failures++;
	}
	failures += dump_failure_report(c, s, i, si->routes_err, "routes");
	failures += dump_failure_report(c, s, i, si->neighs_err, "neighbours");
	if (si->neighs_err == -EOPNOTSUPP && verbose) {
		/* no kernel lacks them, but qemu-user's netlink does */
		text_add(&t, ": neighbours");
		out_notice(name, "not read, none forgotten: the kernel does "
				 "not dump them");
	}
	conflict_notice(c, s, i);
	unkept_notice(c, s, i, si->addrs_unkept, "addresses");
	unkept_notice(c, s, i, si->routes_unkept, "routes");
	unkept_notice(c, s, i, si->neighs_unkept, "neighbours");
	return failures;
}

/* "guestnet: ifname=NAME:MAC: no interface has that MAC: not renamed" */
static void rename_notice(const struct gn_config *c, int i)
{
	struct out_line l;

	out_line_start(&l);
	text_add(&l.t, "ifname=");
	text_add(&l.t, c->renames[i].name);
	text_add(&l.t, ":");
	text_add_mac(&l.t, c->renames[i].mac);
	text_add(&l.t, ": no interface has that MAC: none renamed");
	out_line_write(&l, 2);
}

int state_report(const struct gn_config *c, const struct gn_state *s,
		 unsigned long wait, int verbose)
{
	int failures = 0;
	unsigned i;

	if (s->lo_err) {
		out_failure("netlink: read interfaces", s->lo_err, NULL);
		out_notice(c->iface_count ? "lo and the interface" : "lo",
			   "skipped, the interfaces could not be read");
		return 1;
	}
	for (i = 0; i < c->rename_count; i++) {
		if (s->renames[i].index == 0)
			rename_notice(c, (int)i);
	}
	if (!s->lo_ipv6 && !gn_config_has_family(c, GN_FAMILY_V6))
		out_notice("lo: add IPv6 address ::1/128",
			   "skipped, IPv6 is off in this kernel");
	for (i = 0; i < c->iface_count; i++)
		failures += iface_state_report(c, s, (int)i, wait, verbose);
	return failures;
}

/* ---- apply ------------------------------------------------------------------ */

/* A run's application of its plan. */
struct apply {
	struct nl *nl;
	const struct gn_config *c;
	const struct gn_state *s;
	struct gn_plan *p;
	const struct apply_how *how;
	struct nl_batch b;
	unsigned req[NL_BATCH_MAX]; /* the change each request makes */
	int failures;
};

static int change_is_netlink(const struct change *ch)
{
	return ch->kind != CHANGE_FILE && ch->kind != CHANGE_HOSTNAME &&
	       ch->kind != CHANGE_MAC && ch->kind != CHANGE_ANNOUNCE &&
	       ch->kind != CHANGE_RENAME && ch->kind != CHANGE_SYSCTL;
}

/* The interface's name for its ioctls: the one ifname= gave it, once
 * renamed. */
static const char *dev_name(const struct apply *a, int iface)
{
	if (a->s->ifaces[iface].renamed)
		return a->c->ifaces[iface].name;
	return a->s->ifaces[iface].link.name;
}

static void change_text(const struct apply *a, const struct change *ch,
			struct text *t)
{
	plan_change_text(t, a->c, a->s, ch, a->how->etc_shown);
}

/* "guestnet: CHANGE: error (kernel: ...)", counted. */
static void change_fail(struct apply *a, struct change *ch, int err,
			const char *ext)
{
	char what[OUT_LINE_SIZE];
	struct text t;

	ch->outcome = err;
	a->failures++;
	text_init(&t, what, sizeof what);
	change_text(a, ch, &t);
	out_failure(what, err, ext);
}

static void change_notice(const struct apply *a, const struct change *ch,
			  const char *notice)
{
	char what[OUT_LINE_SIZE];
	struct text t;

	text_init(&t, what, sizeof what);
	change_text(a, ch, &t);
	out_notice(what, notice);
}

/* The change, on standard output in a dry run (and not made), on standard
 * error under --verbose. */
static void change_show(const struct apply *a, const struct change *ch)
{
	struct out_line l;

	if (!a->how->dry && !a->how->verbose)
		return;
	out_line_start(&l);
	if (a->how->dry)
		text_init(&l.t, l.buf, sizeof l.buf - 1);
	change_text(a, ch, &l.t);
	out_line_write(&l, a->how->dry ? 1 : 2);
}

static int ipv6_is_off(int err)
{
	return err == EOPNOTSUPP || err == EAFNOSUPPORT || err == EACCES;
}

/* lo's ::1 on a kernel without IPv6 is no failure, unless IPv6 is asked
 * for. */
static int ipv6_optional(const struct apply *a, const struct change *ch)
{
	if (ch->iface != CHANGE_LO || ch->family != GN_AF_INET6)
		return 0;
	return !gn_config_has_family(a->c, GN_FAMILY_V6);
}

/* Where an MTU came from and how to send another (gn_iface.mtu_from). */
static const char *const mtu_from_text[] = {
	[GN_MTU_FROM_MSB_NET] = " is MSB_NET's mtu=: send another there",
	[GN_MTU_FROM_MSB_DEFAULT] = (" is MSB_NET's default (it has no mtu=): "
				     "send another with mtu= in MSB_NET"),
	[GN_MTU_FROM_IP] = " is ip='s <mtu> field: send another there",
};

/* "guestnet: eth0: set MTU 1500: [not sent: ]1500 is MSB_NET's default
 * (...): send another with mtu= in MSB_NET; the device's range is
 * 68-1400": where the refused MTU came from, how to send another, and the
 * device's range as the link dump gave it (IFLA_MIN_MTU, IFLA_MAX_MTU;
 * Linux 4.19). not_sent: the dump said the device takes no such MTU. */
static void mtu_explain(const struct apply *a, const struct change *ch,
			int not_sent)
{
	const struct nl_link_info *l = &a->s->ifaces[ch->iface].link;
	struct out_line line;
	struct text *t = &line.t;

	out_line_start(&line);
	change_text(a, ch, t);
	text_add(t, not_sent ? ": not sent: " : ": ");
	text_add_decimal(t, ch->mtu);
	text_add(t, mtu_from_text[a->c->ifaces[ch->iface].mtu_from]);
	if (l->max_mtu) {
		text_add(t, "; the device's range is ");
		text_add_decimal(t, l->min_mtu);
		text_add(t, "-");
		text_add_decimal(t, l->max_mtu);
	}
	if (!not_sent && l->max_mtu)
		text_add(t, " (a link below it may take less)");
	out_line_write(&line, 2);
}

/* The dump said the device takes no such MTU: not sent, a failure. */
static int mtu_refused(struct apply *a, struct change *ch)
{
	const struct nl_link_info *l;

	if (ch->kind != CHANGE_MTU)
		return 0; /* ch->iface is an interface's index only then */
	l = &a->s->ifaces[ch->iface].link;
	if (l->max_mtu == 0)
		return 0;
	if (ch->mtu >= l->min_mtu && ch->mtu <= l->max_mtu)
		return 0;
	ch->outcome = -ERANGE;
	a->failures++;
	mtu_explain(a, ch, 1);
	return 1;
}

/* An alternative name the kernel did not add (Linux before 5.5:
 * EOPNOTSUPP): a notice, as this run's configuration is whole without
 * it. */
static void altname_refused(const struct apply *a, struct change *ch, int err,
			    const char *ext)
{
	char what[OUT_LINE_SIZE];
	struct text t;

	ch->outcome = -err;
	text_init(&t, what, sizeof what);
	change_text(a, ch, &t);
	text_add(&t, ": not added (a later run with another MAC will not "
		     "find it by this name)");
	out_failure(what, -err, ext);
}

/* Request i's outcome: done, a notice, or a failure. */
static void request_outcome(struct apply *a, unsigned i)
{
	struct change *ch = &a->p->changes[a->req[i]];
	int err = a->b.err[i];

	ch->outcome = 0;
	if (err == 0 || err == ch->done_errno)
		return;
	if (ipv6_optional(a, ch) && ipv6_is_off(err)) {
		change_notice(a, ch, "skipped, IPv6 is off in this kernel");
		return;
	}
	if (ch->kind == CHANGE_ALTNAME) {
		altname_refused(a, ch, err, a->b.ext[i]);
		return;
	}
	change_fail(a, ch, -err, a->b.ext[i]);
	if (ch->kind == CHANGE_MTU && (err == EINVAL || err == ERANGE))
		mtu_explain(a, ch, 0);
}

/* Send the batch and record every request's outcome. */
static void batch_flush(struct apply *a)
{
	unsigned i;
	int err;

	if (a->b.n == 0)
		return;
	err = nl_talk(a->nl, &a->b);
	for (i = 0; i < a->b.n; i++) {
		if (err) /* the exchange failed: no outcome is known */
			change_fail(a, &a->p->changes[a->req[i]], err, NULL);
		else
			request_outcome(a, i);
	}
	nl_batch_init(&a->b, a->nl->seq);
}

static int iface_index(const struct apply *a, const struct change *ch)
{
	if (ch->iface == CHANGE_LO)
		return LOOPBACK_IFINDEX;
	return a->s->ifaces[ch->iface].link.index;
}

/* The request that makes a netlink change, into the batch. */
static void request_put(struct apply *a, const struct change *ch)
{
	int index = iface_index(a, ch);
	const uint8_t *gw = ch->has_gw ? ch->gw : NULL;
	int scope = RT_SCOPE_UNIVERSE;

	if (ch->iface == CHANGE_LO)
		scope = RT_SCOPE_HOST;
	switch (ch->kind) {
	case CHANGE_LINK_UP:
		nl_link_up(&a->b, index);
		break;
	case CHANGE_LINK_DOWN:
		nl_link_down(&a->b, index);
		break;
	case CHANGE_MTU:
		nl_link_mtu(&a->b, index, ch->mtu);
		break;
	case CHANGE_ADDR_ADD:
		nl_addr_add(&a->b, ch->family, index, ch->addr, gw, ch->plen,
			    scope);
		break;
	case CHANGE_ADDR_DEL:
		nl_addr_del(&a->b, ch->family, index, ch->addr, gw, ch->plen);
		break;
	case CHANGE_ARP_NOTIFY:
		nl_link_arp_notify(&a->b, index);
		break;
	case CHANGE_ALTNAME:
		nl_link_altname_add(&a->b, index, a->c->ifaces[ch->iface].name);
		break;
	case CHANGE_ROUTE_ADD:
		nl_route_add(&a->b, ch->family, index, ch->addr, ch->plen, gw,
			     ch->onlink);
		break;
	case CHANGE_ROUTE_DEL:
		nl_route_del(&a->b, ch->family, index, ch->addr, ch->plen, gw,
			     ch->priority);
		break;
	default: /* CHANGE_NEIGH_DEL */
		nl_neigh_del(&a->b, ch->family, index, ch->addr);
		break;
	}
}

/* A pending request of the interface, of one of kinds (a bit per kind),
 * and of family unless it is 0. */
static int batch_holds(const struct apply *a, int iface, unsigned kinds,
		       int family)
{
	const struct change *ch;
	unsigned i;

	for (i = 0; i < a->b.n; i++) {
		ch = &a->p->changes[a->req[i]];
		if (ch->iface != iface || !(kinds & 1u << ch->kind))
			continue;
		if (!family || ch->family == family)
			return 1;
	}
	return 0;
}

#define KIND(k) (1u << (k))
#define KINDS_ALL (~0u)
#define KINDS_ADDR (KIND(CHANGE_ADDR_ADD) | KIND(CHANGE_ADDR_DEL))

/* The batch goes before a change that needs to know how its requests
 * went: the link up starts the routes' batch (the kernel refuses an IPv4
 * gateway on a down link), a route needs its address, an ioctl on the
 * interface comes after what was asked before it (the link down for the
 * MAC). An IPv6 setting is written at once: the requests pending and the
 * link up are sent after it. */
static int batch_due(const struct apply *a, const struct change *ch)
{
	if (a->b.n == 0)
		return 0;
	if (ch->kind == CHANGE_LINK_UP && ch->iface != CHANGE_LO)
		return 1;
	if (ch->kind == CHANGE_ROUTE_ADD)
		return batch_holds(a, ch->iface, KINDS_ADDR, ch->family);
	if (ch->kind == CHANGE_MAC)
		return batch_holds(a, ch->iface, KINDS_ALL, 0);
	if (ch->kind == CHANGE_SYSCTL)
		return 0; /* needs no earlier outcome; the link up comes after */
	if (!change_is_netlink(ch))
		return 1;
	return a->b.n == NL_BATCH_MAX;
}

/* An earlier change of the interface, of one of kinds, that failed. */
static int change_failed_before(const struct apply *a, unsigned k,
				unsigned kinds, int family)
{
	const struct change *ch = &a->p->changes[k];
	const struct change *before;
	unsigned i;

	for (i = 0; i < k; i++) {
		before = &a->p->changes[i];
		if (before->iface != ch->iface || before->outcome >= 0)
			continue;
		if (!(kinds & 1u << before->kind))
			continue;
		if (!family || before->family == family)
			return 1;
	}
	return 0;
}

/* ifname=: the link taken down for it when up (the kernel wants that),
 * renamed, and its flags set again. */
static void rename_apply(struct apply *a, struct change *ch)
{
	const char *old = a->s->renames[ch->file].name;
	const char *name = a->c->renames[ch->file].name;
	int16_t flags = 0;
	int err;

	err = dev_flags_get(a->nl->fd, old, &flags);
	if (!err && (flags & GN_IFF_UP))
		err = dev_flags_set(a->nl->fd, old,
				    (int16_t)(flags & ~GN_IFF_UP));
	if (!err)
		err = dev_rename(a->nl->fd, old, name);
	if (!err && (flags & GN_IFF_UP))
		err = dev_flags_set(a->nl->fd, name, flags);
	if (err)
		change_fail(a, ch, err, NULL);
}

static void mac_apply(struct apply *a, struct change *ch)
{
	const char *dev = dev_name(a, ch->iface);
	int err;

	err = dev_mac_set(a->nl->fd, dev, a->c->ifaces[ch->iface].mac);
	if (err)
		change_fail(a, ch, err, NULL);
}

static void sysctl_apply(struct apply *a, struct change *ch)
{
	const char *dev = dev_name(a, ch->iface);
	int err;

	err = dev_ipv6_setting_off(dev, sysctl_names[ch->file]);
	if (err)
		change_fail(a, ch, err, NULL);
}

/*
 * ENETUNREACH: a link that came up a moment ago has no route to ff02::1
 * until the kernel adds its multicast route (and none other when the
 * default route is not there). The peers then learn the address when they
 * next ask; nothing is misconfigured.
 */
static void announce_apply(struct apply *a, struct change *ch)
{
	const uint8_t *mac = plan_iface_mac(a->c, a->s, ch->iface);
	int index = iface_index(a, ch);
	int err;

	if (ch->family == GN_AF_INET)
		err = dev_arp_announce(index, ch->addr, mac);
	else
		err = dev_na_announce(index, ch->addr, mac);
	if (err == -EAFNOSUPPORT)
		change_notice(a, ch, "skipped, the kernel has no such sockets");
	else if (err == -ENETUNREACH)
		change_notice(a, ch,
			      "not sent, the link has no route to its "
			      "peers yet");
	else if (err)
		change_fail(a, ch, err, NULL);
}

/* A change whose prerequisite failed: 1 when it is skipped, said so (a
 * route whose address failed; an announcement of a MAC or an address the
 * interface lacks, or on a link that is not up). */
static int change_skipped(struct apply *a, unsigned k)
{
	struct change *ch = &a->p->changes[k];
	const char *why = NULL;

	if (ch->kind == CHANGE_ROUTE_ADD &&
	    change_failed_before(a, k, KINDS_ADDR, ch->family)) {
		change_notice(a, ch, "skipped, its address failed");
		ch->outcome = CHANGE_SKIPPED;
		return 1;
	}
	if (ch->kind != CHANGE_ANNOUNCE)
		return 0;
	if (change_failed_before(a, k, KIND(CHANGE_MAC), 0))
		why = "skipped, the MAC could not be set";
	else if (change_failed_before(a, k, KIND(CHANGE_LINK_UP), 0))
		why = "skipped, the link is not up";
	else if (change_failed_before(a, k, KINDS_ADDR, ch->family))
		why = "skipped, its address failed";
	if (!why)
		return 0;
	change_notice(a, ch, why);
	ch->outcome = CHANGE_SKIPPED;
	return 1;
}

static void change_apply(struct apply *a, unsigned k)
{
	struct change *ch = &a->p->changes[k];
	int err;

	if (batch_due(a, ch))
		batch_flush(a);
	if (change_skipped(a, k))
		return;
	if (ch->kind != CHANGE_FILE)
		change_show(a, ch); /* a file's line says where it goes */
	if (mtu_refused(a, ch))
		return;
	if (ch->kind == CHANGE_FILE || ch->kind == CHANGE_HOSTNAME) {
		err = a->how->host(a->how->host_ctx, ch);
		ch->outcome = err;
		a->failures += err != 0;
		return;
	}
	if (a->how->dry)
		return;
	if (ch->kind == CHANGE_MAC) {
		mac_apply(a, ch);
		return;
	}
	if (ch->kind == CHANGE_ANNOUNCE) {
		announce_apply(a, ch);
		return;
	}
	if (ch->kind == CHANGE_RENAME) {
		rename_apply(a, ch);
		return;
	}
	if (ch->kind == CHANGE_SYSCTL) {
		sysctl_apply(a, ch);
		return;
	}
	a->req[a->b.n] = k;
	request_put(a, ch);
}

/* "guestnet: eth0: WHAT already": under --verbose, what is as configured
 * already (no change is claimed). */
static void already_say(const struct apply *a, int iface, const char *what,
			const char *value, unsigned long number)
{
	struct out_line l;

	out_line_start(&l);
	plan_iface_text(&l.t, a->c, a->s, iface);
	text_add(&l.t, ": ");
	text_add(&l.t, what);
	text_add(&l.t, value);
	if (number)
		text_add_decimal(&l.t, number);
	out_line_write(&l, 2);
}

static void already_show(const struct apply *a)
{
	const struct nl_link_info *l;
	char mac[GN_MAC_TEXT_SIZE];
	const struct gn_iface *ci;
	struct text t;
	int mac_same;
	unsigned i;

	if (!a->how->verbose || a->s->nl_err || a->s->lo_err)
		return;
	if (a->s->lo_up)
		already_say(a, CHANGE_LO, "already up", "", 0);
	for (i = 0; i < a->c->iface_count; i++) {
		ci = &a->c->ifaces[i];
		l = &a->s->ifaces[i].link;
		if (a->s->ifaces[i].err)
			continue;
		text_init(&t, mac, sizeof mac);
		text_add_mac(&t, ci->mac);
		mac_same = l->has_addr && !memcmp(l->addr, ci->mac, 6);
		if (ci->has_mac && mac_same)
			already_say(a, (int)i, "MAC already ", mac, 0);
		if (ci->mtu && l->mtu == ci->mtu)
			already_say(a, (int)i, "MTU already ", "", ci->mtu);
		/* a new MAC takes a link that is up down and up */
		if ((l->flags & GN_IFF_UP) && (mac_same || !ci->has_mac))
			already_say(a, (int)i, "already up", "", 0);
	}
}

int apply(struct nl *nl, const struct gn_config *c, const struct gn_state *s,
	  struct gn_plan *p, const struct apply_how *how)
{
	struct apply a = {
		.nl = nl,
		.c = c,
		.s = s,
		.p = p,
		.how = how,
	};
	unsigned k;

	nl_batch_init(&a.b, nl->seq);
	already_show(&a);
	for (k = 0; k < p->count; k++)
		change_apply(&a, k);
	batch_flush(&a);
	return a.failures;
}
