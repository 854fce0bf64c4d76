/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iface.h - the interfaces' convergence in three stages:
 *   state  (iface.c) what the system has now, read on the run's one
 *          netlink socket into a snapshot: lo, each configured interface,
 *          its addresses, its routes in the main table, its neighbours;
 *   plan   (plan.c) a pure function of the configuration and the snapshot:
 *          the ordered list of changes that makes each interface match,
 *          the kernel's own side effects modelled (lo's addresses come with
 *          lo up, a new MAC flushes the neighbours, the last IPv4 address
 *          takes the IPv4 routes with it, a link set down for a new MAC
 *          loses its routes and IPv6 addresses and comes up with the new
 *          MAC's link-local address);
 *   apply  (iface.c) the list executed in netlink batches and ioctls, each
 *          change's outcome recorded; a change whose prerequisite failed is
 *          skipped and says so. A dry run prints the same list instead.
 * The files are changes of the same list (hosts.c writes them).
 */
#ifndef GUESTNET_IFACE_H
#define GUESTNET_IFACE_H

#include "guestnet.h"

/* What one snapshot holds of an interface; more is counted, not kept (a
 * limit reached is said, and the rest of the run goes on). */
#define STATE_ADDRS_MAX 256  /* its global and site addresses */
#define STATE_ROUTES_MAX 128 /* its routes in the main table */
#define STATE_NEIGHS_MAX 256 /* the neighbours it learned */
#define STATE_NAMES_SIZE 256 /* the interfaces' names, for messages */

#define LOOPBACK_IFINDEX 1 /* lo's index in every namespace */

struct state_iface {
	int err;	 /* finding it: 0, or -errno (-ENODEV: not there) */
	int by_mac;	 /* found under another name, by its MAC */
	int by_altname;	 /* found by its alternative name (link.altname) */
	int mac_matches; /* interfaces that have the MAC */
	char mac_match[2][GN_IFNAME_SIZE]; /* the first two */
	struct nl_link_info link;	   /* as read before the run */
	int addrs_err;			   /* reading the addresses: -errno */
	struct nl_addr_info addrs[STATE_ADDRS_MAX];
	unsigned addr_count;
	unsigned addrs_unkept; /* more than STATE_ADDRS_MAX */
	unsigned v4_other;     /* IPv4 addresses of other scopes (link) */
	int routes_err;
	struct nl_route_info routes[STATE_ROUTES_MAX];
	unsigned route_count;
	unsigned routes_unkept;
	int renamed;	/* found by an ifname= MAC: to take its name */
	int neighs_err; /* -EOPNOTSUPP: not dumped (qemu-user) */
	int neighs_read;
	struct nl_neigh_info neighs[STATE_NEIGHS_MAX];
	unsigned neigh_count;
	unsigned neighs_unkept;
};

struct gn_state {
	int nl_err;    /* opening the socket: -errno */
	int lo_err;    /* reading lo: -errno */
	int lo_up;     /* IFF_UP */
	int lo_has[2]; /* 127.0.0.1/8, ::1/128 */
	int lo_ipv6;   /* the kernel has IPv6 (lo's IPv6 block) */
	char names[STATE_NAMES_SIZE];		    /* "lo, eth0", escaped */
	struct nl_link_info renames[GN_IFACES_MAX]; /* ifname='s MAC's link,
						     * index 0: none */
	struct state_iface ifaces[GN_IFACES_MAX];
};

/*
 * Read the state of lo and of each interface of c (by name, else the one
 * whose MAC is the configured one), asking again every 1/10 s for wait
 * seconds while one is missing. Failures are kept in *s for the plan and
 * reported by state_report(); never fails as a whole.
 */
void state_read(struct nl *nl, const struct gn_config *c, unsigned long wait,
		struct gn_state *s);
/* The state's failures and notices, on standard error: an interface not
 * found (naming those there are), one found by its MAC, a dump that
 * failed, a limit reached. Returns how many were failures. */
int state_report(const struct gn_config *c, const struct gn_state *s,
		 unsigned long wait, int verbose);

/* ---- the plan ------------------------------------------------------------ */

enum change_kind {
	CHANGE_FILE,	   /* write /etc/NAME (file: FILE_*) */
	CHANGE_RENAME,	   /* ifname=: a link takes its name (file: which) */
	CHANGE_HOSTNAME,   /* sethostname() */
	CHANGE_LINK_UP,	   /* IFF_UP */
	CHANGE_LINK_DOWN,  /* IFF_UP cleared, for a new MAC (then up again) */
	CHANGE_MAC,	   /* a new MAC */
	CHANGE_MTU,	   /* a new MTU */
	CHANGE_SYSCTL,	   /* an IPv6 setting to 0 (file: SYSCTL_*) */
	CHANGE_ADDR_DEL,   /* an address removed */
	CHANGE_ADDR_ADD,   /* an address added */
	CHANGE_ARP_NOTIFY, /* the kernel announces IPv4 when the link is up */
	CHANGE_ROUTE_DEL,  /* a route removed */
	CHANGE_ROUTE_ADD,  /* a route added (or replaced) */
	CHANGE_NEIGH_DEL,  /* a learned neighbour forgotten */
	CHANGE_ANNOUNCE,   /* peers told where an address is now */
	CHANGE_ALTNAME,	   /* found by MAC: the configured name given as an
			    * alternative name, for the next run to find */
	CHANGE_KINDS,
};

/* The files, in the order they are written. */
enum {
	FILE_HOSTS,
	FILE_HOSTNAME,
	FILE_RESOLV,
	FILE_COUNT,
};
extern const char *const file_names[FILE_COUNT];

/* The IPv6 settings a static IPv6 configuration turns off, in
 * /proc/sys/net/ipv6/conf/IF/. */
enum {
	SYSCTL_ACCEPT_RA,
	SYSCTL_AUTOCONF,
	SYSCTL_COUNT,
};
extern const char *const sysctl_names[SYSCTL_COUNT];

#define CHANGE_LO (-1) /* change.iface of a change on lo */
#define CHANGE_NO_IFACE (-2)

struct change {
	uint8_t kind;	/* CHANGE_* */
	int8_t iface;	/* index in the configuration, CHANGE_LO or _NO_IFACE */
	uint8_t file;	/* CHANGE_FILE: FILE_*; CHANGE_SYSCTL: SYSCTL_* */
	uint8_t onlink; /* CHANGE_ROUTE_ADD: the gateway is on-link */
	int family;
	unsigned plen;	  /* an address's prefix, a route's dst_len */
	uint8_t addr[16]; /* the address, a route's destination, a neighbour */
	uint8_t gw[16];	  /* a route's gateway, an address's peer */
	int has_gw;
	uint32_t priority; /* CHANGE_ROUTE_DEL: the route's metric */
	unsigned mtu;
	int done_errno; /* an error that means done (EEXIST: there already) */
	int outcome;	/* after apply: 0, -errno, or CHANGE_SKIPPED */
};

#define CHANGE_SKIPPED 1
#define PLAN_MAX 3072

struct gn_plan {
	struct change changes[PLAN_MAX];
	unsigned count;
	unsigned unkept; /* changes beyond PLAN_MAX: not made, said */
};

/* The ordered changes that make the system match c, from s: no system
 * call. Every configured interface that was found gets its MAC, MTU, IPv6
 * settings, addresses, link, routes, neighbours and announcements. */
void plan_make(const struct gn_config *c, const struct gn_state *s,
	       struct gn_plan *p);
/* What the change does, as a dry run and --verbose show it:
 * "eth0: add IPv4 address 192.0.2.2/24". shown: DIR/etc for the files. */
void plan_change_text(struct text *t, const struct gn_config *c,
		      const struct gn_state *s, const struct change *ch,
		      const char *etc_shown);
/* The MAC the interface has once the plan is made: the configured one,
 * else its own. */
const uint8_t *plan_iface_mac(const struct gn_config *c,
			      const struct gn_state *s, int iface);
/* The interface's name in messages (escaped): the one found. */
void plan_iface_text(struct text *t, const struct gn_config *c,
		     const struct gn_state *s, int iface);

/* ---- apply ------------------------------------------------------------------ */

/* A change of the host (CHANGE_FILE, CHANGE_HOSTNAME), made or, in a dry
 * run, shown by the caller: 0, or -errno once the failure is reported. */
typedef int apply_host_fn(void *ctx, const struct change *ch);

struct apply_how {
	int dry;	       /* print the changes, make none */
	int verbose;	       /* say each change as it is made */
	const char *etc_shown; /* DIR/etc, escaped, for the files' lines */
	apply_host_fn *host;
	void *host_ctx;
};

/* Make the plan's changes in order, each outcome in the plan; each
 * failure reported on its own line. Returns how many failed. */
int apply(struct nl *nl, const struct gn_config *c, const struct gn_state *s,
	  struct gn_plan *p, const struct apply_how *how);

#endif
