/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nl.h - the slice of the kernel ABI that guestnet speaks, and the APIs of
 * nl.c (rtnetlink) and ioctl.c (device ioctls).
 *
 * The structs and numbers mirror linux/netlink.h, rtnetlink.h, if_addr.h,
 * if.h and sockios.h with <stdint.h> types, so that the build needs only the
 * C library's headers. Names that a libc header may also define carry a GN_
 * prefix. Every function that can fail returns 0 or -errno.
 */
#ifndef GUESTNET_NL_H
#define GUESTNET_NL_H

#include <stddef.h>
#include <stdint.h>

/* linux/netlink.h */
struct nl_hdr {
	uint32_t len; /* the whole message, this header included */
	uint16_t type;
	uint16_t flags;
	uint32_t seq;
	uint32_t pid; /* the sender's port id: 0 for the kernel */
};

struct nl_err {
	int32_t error;	   /* 0 (an ACK) or -errno */
	struct nl_hdr msg; /* the request's header, then maybe its payload */
};

struct nl_attr {
	uint16_t len; /* this header and the data, without padding */
	uint16_t type;
};

struct nl_sockaddr {
	uint16_t family;
	uint16_t pad;
	uint32_t pid;
	uint32_t groups;
};

enum {
	GN_AF_NETLINK = 16,
	NETLINK_ROUTE = 0,
	GN_SOL_NETLINK = 270,
	NETLINK_EXT_ACK = 11,
	NETLINK_GET_STRICT_CHK = 12, /* Linux 4.20 */
};

enum {
	NLMSG_ERROR = 2,
	NLMSG_DONE = 3,	       /* the end of a dump: an int, 0 or -errno */
	NLMSGERR_ATTR_MSG = 1, /* the extended ACK's text */
	NLA_TYPE_MASK = 0x3fff,
	NLA_F_NESTED = 0x8000, /* an attribute that nests others */
};

/* nl_hdr.flags of a request */
enum {
	NLM_F_REQUEST = 0x1,
	NLM_F_ACK = 0x4,
	NLM_F_DUMP = 0x300,
	NLM_F_REPLACE = 0x100,
	NLM_F_EXCL = 0x200,
	NLM_F_CREATE = 0x400,
	NLM_F_APPEND = 0x800,
};

/* nl_hdr.flags of a reply */
enum {
	NLM_F_DUMP_INTR = 0x10,	    /* the dump saw a change: start it again */
	NLM_F_CAPPED = 0x100,	    /* only the request's header is echoed */
	NLM_F_ACK_TLVS = 0x200,	    /* extended-ACK attributes follow */
	NLM_F_DUMP_FILTERED = 0x20, /* the kernel filtered the dump */
};

/* linux/if_addr.h */
struct nl_ifaddrmsg {
	uint8_t family;
	uint8_t prefixlen;
	uint8_t flags;
	uint8_t scope;
	uint32_t index; /* the interface's */
};

/* linux/rtnetlink.h */
struct nl_rtmsg {
	uint8_t family;
	uint8_t dst_len; /* 0: the default route */
	uint8_t src_len;
	uint8_t tos;
	uint8_t table;
	uint8_t protocol; /* who installed it */
	uint8_t scope;
	uint8_t type;
	uint32_t flags;
};

/* linux/rtnetlink.h: a link */
struct nl_ifinfomsg {
	uint8_t family;
	uint8_t pad;
	uint16_t type; /* ARPHRD_* */
	int32_t index;
	uint32_t flags;
	uint32_t change;
};

/* linux/neighbour.h */
struct nl_ndmsg {
	uint8_t family;
	uint8_t pad1;
	uint16_t pad2;
	int32_t index;	/* the interface's */
	uint16_t state; /* NUD_* */
	uint8_t flags;
	uint8_t type;
};

enum {
	RTM_NEWLINK = 16,
	RTM_GETLINK = 18,
	RTM_SETLINK = 19,
	IFLA_ADDRESS = 1,
	IFLA_IFNAME = 3,
	IFLA_MTU = 4,
	IFLA_AF_SPEC = 26, /* nests a per-family block: AF_INET's */
	IFLA_EXT_MASK = 29,
	IFLA_INET_CONF = 1, /* in AF_INET's block: the devconf values */
	IPV4_DEVCONF_ARP_NOTIFY = 22,
	/* in AF_INET6's block (linux/if_link.h): the devconf values, an
	 * array of s32 indexed by DEVCONF_* (linux/ipv6.h) */
	IFLA_INET6_CONF = 2,
	DEVCONF_ACCEPT_RA = 3,
	DEVCONF_AUTOCONF = 5,
	DEVCONF_KEEP_ADDR_ON_DOWN = 42, /* Linux 4.6 */
	IFLA_MIN_MTU = 50, /* Linux 4.19 (net-next 3e7a50ceb11e, after 4.18) */
	IFLA_MAX_MTU = 51,
	IFLA_PROP_LIST = 52, /* Linux 5.5: nests IFLA_ALT_IFNAME strings */
	IFLA_ALT_IFNAME = 53,
	IFLA_PERM_ADDRESS =
		54, /* Linux 5.6 (net-next f74877a5457d, after 5.5-rc1) */
	RTEXT_FILTER_SKIP_STATS = 1 << 3,
	RTM_NEWLINKPROP = 108, /* Linux 5.5: add a link's properties */
	RTM_NEWADDR = 20,
	RTM_DELADDR = 21,
	RTM_GETADDR = 22,
	RTM_NEWROUTE = 24,
	RTM_DELROUTE = 25,
	RTM_GETROUTE = 26,
	RTM_NEWNEIGH = 28,
	RTM_DELNEIGH = 29,
	RTM_GETNEIGH = 30,
	IFA_ADDRESS = 1,
	IFA_LOCAL = 2,
	IFA_FLAGS = 8, /* u32: all of them; ifa_flags holds the low 8 */
	IFA_F_SECONDARY = 0x01,
	IFA_F_NODAD = 0x02,
	IFA_F_PERMANENT = 0x80,
	RTA_DST = 1,
	RTA_OIF = 4,
	RTA_GATEWAY = 5,
	RTA_PRIORITY = 6, /* the metric */
	RTA_CACHEINFO =
		12, /* struct nl_rta_cacheinfo: an IPv6 route's expiry */
	RTA_TABLE = 15,
	NDA_DST = 1,
	NDA_IFINDEX = 8,
	RT_TABLE_MAIN = 254,
	RTPROT_KERNEL = 2,
	RTPROT_BOOT = 3,
	RTPROT_RA = 9,	  /* the kernel, from a router advertisement */
	RTPROT_DHCP = 16, /* a DHCP client */
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_SITE = 200,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
	RT_SCOPE_NOWHERE = 255, /* in a delete: any scope */
	RTN_UNICAST = 1,
	RTN_LOCAL = 2,
	RTN_BROADCAST = 3,
	RTNH_F_ONLINK = 4,
	NUD_NOARP = 0x40,
	NUD_PERMANENT = 0x80,
};

/* linux/if.h: struct ifreq with the union members guestnet uses */
struct dev_ifreq {
	char name[16];
	union {
		struct {
			uint16_t family; /* ARPHRD_* */
			uint8_t data[14];
		} hw;
		int16_t flags;
		int32_t value;	  /* an index or an MTU */
		char newname[16]; /* SIOCSIFNAME's */
		uint8_t pad[24];  /* the kernel's union is 24 bytes on LP64 */
	} u;
};

/* linux/sockios.h, linux/if.h, linux/if_arp.h: the same on every arch */
enum {
	GN_SIOCGIFFLAGS = 0x8913,
	GN_SIOCSIFFLAGS = 0x8914,
	GN_SIOCSIFHWADDR = 0x8924,
	GN_SIOCSIFNAME = 0x8923,
	GN_IFF_UP = 1,
	GN_ARPHRD_ETHER = 1,
	GN_ARPHRD_LOOPBACK = 772,
};

/* linux/rtnetlink.h: struct rta_cacheinfo */
struct nl_rta_cacheinfo {
	uint32_t clntref;
	uint32_t lastuse;
	int32_t expires; /* in clock ticks; 0: none */
	uint32_t error;
	uint32_t used;
	uint32_t id;
	uint32_t ts;
	uint32_t tsage;
};

_Static_assert(sizeof(struct nl_hdr) == 16, "nlmsghdr");
_Static_assert(sizeof(struct nl_rta_cacheinfo) == 32, "rta_cacheinfo");
_Static_assert(sizeof(struct nl_err) == 20, "nlmsgerr");
_Static_assert(sizeof(struct nl_attr) == 4, "rtattr");
_Static_assert(sizeof(struct nl_sockaddr) == 12, "sockaddr_nl");
_Static_assert(sizeof(struct nl_ifaddrmsg) == 8, "ifaddrmsg");
_Static_assert(sizeof(struct nl_rtmsg) == 12, "rtmsg");
_Static_assert(offsetof(struct nl_rtmsg, flags) == 8, "rtmsg.rtm_flags");
_Static_assert(sizeof(struct nl_ifinfomsg) == 16, "ifinfomsg");
_Static_assert(sizeof(struct nl_ndmsg) == 12, "ndmsg");
_Static_assert(sizeof(struct dev_ifreq) == 40, "ifreq");
_Static_assert(offsetof(struct dev_ifreq, u) == 16, "ifreq.ifr_ifru");

/*
 * A batch: up to NL_BATCH_MAX requests sent in one datagram. Only the last
 * asks for an ACK: the kernel answers a failing request whether asked or not,
 * and handles a batch in order, so the last ACK means every outcome is in.
 */
#define NL_BATCH_MAX 16
#define NL_EXTACK_SIZE 128 /* the kernel's text kept, its NUL included */

struct nl_batch {
	union {
		unsigned char bytes[1024]; /* 16 of the longest, 64 bytes */
		uint32_t align;
	} u;
	size_t len;    /* bytes used */
	size_t cur;    /* offset of the request being built */
	int broken;    /* a put did not fit: nl_talk() refuses the batch */
	uint32_t seq0; /* sequence number of request 0 */
	unsigned n;    /* requests */
	int err[NL_BATCH_MAX]; /* outcome per request: 0 or a positive errno */
	char ext[NL_BATCH_MAX][NL_EXTACK_SIZE]; /* the kernel's text, or "" */
};

struct nl {
	int fd;
	uint32_t portid; /* ours, as the kernel bound it */
	uint32_t seq;	 /* the next request's sequence number */
	/* 1: the kernel checks dump requests and honours their filters
	 * (NETLINK_GET_STRICT_CHK, Linux 4.20); 0: it ignores them and dumps
	 * everything, for the caller to filter */
	int strict;
};

void nl_batch_init(struct nl_batch *b, uint32_t seq0);
/* As "ip address add ADDR/PLEN [peer PEER] dev IF" sends it: an address
 * that is there already comes back as EEXIST (NLM_F_EXCL). addr, peer: 4
 * or 16 bytes; peer NULL: none (IFA_ADDRESS is the address). */
void nl_addr_add(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, const uint8_t *peer, unsigned plen,
		 int scope);
/* As "ip route replace [DST/LEN | default] via GW dev IF [onlink]" sends
 * it (dst_len 0: the default route, no RTA_DST). */
void nl_route_add(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *dst, unsigned dst_len, const uint8_t *gw,
		  int onlink);
/* The deletes, as "ip address del", "ip route del default via GW dev IF
 * metric M" and "ip neigh del ADDR dev IF" send them. */
void nl_addr_del(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, const uint8_t *peer, unsigned plen);
void nl_route_del(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *dst, unsigned dst_len, const uint8_t *gw,
		  uint32_t priority);
void nl_neigh_del(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *addr);
/* The interface called name, as iproute2 asks for it by name (no
 * VF statistics). The run reads every link in one dump instead; kept for
 * its golden bytes (test/unit.c). */
void nl_link_get_request(struct nl_batch *b, const char *name);
/* A dump request of type (RTM_GETLINK, RTM_GETADDR...) with its family
 * header all zero (every family); RTM_GETNEIGH's asks for one interface's
 * entries (NDA_IFINDEX, which the kernel honours without strict checking),
 * RTM_GETLINK's for no VF statistics (RTEXT_FILTER_SKIP_STATS: the
 * link's own counters still come). */
void nl_dump_request(struct nl_batch *b, uint16_t type, int ifindex);
/*
 * The main table's routes through ifindex, of family (AF_UNSPEC: IPv4 and
 * IPv6 in one dump), as "ip route show table main dev IF" asks for them
 * (RTA_TABLE, RTA_OIF). Honoured only when nl->strict: else every route of
 * every table comes, and the caller filters on table and oif itself.
 */
void nl_route_dump_request(struct nl_batch *b, int family, int ifindex);
/* The addresses of interface ifindex (0: of every interface), of family
 * (AF_UNSPEC: both), as "ip address show dev IF" asks for them. The index
 * is honoured only when nl->strict: else the caller filters on it. */
void nl_addr_dump_request(struct nl_batch *b, int family, int ifindex);
/* RTM_NEWLINK on an interface there: its MTU, and IFF_UP, as "ip link set
 * dev IF mtu N" and "ip link set dev IF up" send them. */
void nl_link_mtu(struct nl_batch *b, int ifindex, unsigned mtu);
void nl_link_up(struct nl_batch *b, int ifindex);
/* IFF_UP cleared, as "ip link set dev IF down" sends it. */
void nl_link_down(struct nl_batch *b, int ifindex);
/* The interface's arp_notify set: the kernel then announces its IPv4
 * addresses (a gratuitous ARP) when the link comes up or its MAC changes. */
void nl_link_arp_notify(struct nl_batch *b, int ifindex);
/* The interface's alternative name name, as "ip link property add dev IF
 * altname NAME" sends it (Linux 5.5; older kernels answer EOPNOTSUPP, a
 * name taken EEXIST). */
void nl_link_altname_add(struct nl_batch *b, int ifindex, const char *name);
/* Ask for an ACK on the last request (see struct nl_batch). */
void nl_batch_seal(struct nl_batch *b);
/*
 * One datagram of replies into b->err[] and b->ext[]: 1 once the last
 * request is answered, 0 while answers are due, or -EBADMSG when the
 * datagram is malformed. Messages for another port or for no request of
 * this batch are skipped.
 */
int nl_reply_parse(struct nl_batch *b, const unsigned char *p, size_t len,
		   uint32_t portid);
/* The run's one rtnetlink socket, bound, with extended ACKs where the
 * kernel has them. Its port id is learnt from the first reply. */
int nl_open(struct nl *nl);

/* What a dump's messages say, as far as guestnet reads them. */
struct nl_addr_info { /* RTM_NEWADDR */
	int family;
	unsigned plen;
	int scope;
	int index;
	uint32_t flags;	  /* IFA_FLAGS, else ifa_flags: IFA_F_* */
	uint8_t addr[16]; /* IFA_LOCAL, else IFA_ADDRESS */
	int has_peer;	  /* IFA_ADDRESS other than IFA_LOCAL: the peer's */
	uint8_t peer[16];
};

#define NL_ALTNAMES_MAX 8 /* udev gives two or three; ours comes last */

struct nl_link_info { /* RTM_NEWLINK */
	int index;
	unsigned type;	  /* ARPHRD_* */
	unsigned flags;	  /* IFF_* */
	unsigned mtu;	  /* IFLA_MTU, else 0 */
	unsigned min_mtu; /* IFLA_MIN_MTU (Linux 4.19), else 0 */
	unsigned max_mtu; /* IFLA_MAX_MTU, else 0 */
	char name[16];
	/* Alternative names (IFLA_PROP_LIST, Linux 5.5) of at most 15 bytes,
	 * the only ones an interface name given to guestnet can be: how many
	 * there are, the first NL_ALTNAMES_MAX of them kept. */
	unsigned altnames;
	char altname[NL_ALTNAMES_MAX][16];
	int has_addr; /* an Ethernet address: IFLA_ADDRESS of 6 bytes */
	uint8_t addr[6];
	int has_inet6; /* an IPv6 block in IFLA_AF_SPEC: IPv6 is there */
	/* its devconf values (IFLA_INET6_CONF), when the block has them;
	 * keep_addr_on_down 0 when the array is too short for it */
	int has_inet6_conf;
	int32_t accept_ra;
	int32_t autoconf;
	int32_t keep_addr_on_down;
	int has_perm; /* the permanent one (IFLA_PERM_ADDRESS), when known */
	uint8_t perm[6];
};

struct nl_route_info { /* RTM_NEWROUTE */
	int family;
	unsigned dst_len;  /* 0: a default route */
	uint8_t dst[16];   /* RTA_DST, else all zero */
	unsigned table;	   /* RTA_TABLE, else rtm_table */
	unsigned protocol; /* RTPROT_*: who installed it */
	unsigned scope;	   /* RT_SCOPE_* */
	unsigned type;	   /* RTN_* */
	unsigned flags;	   /* rtm_flags: RTNH_F_ONLINK */
	int oif;	   /* RTA_OIF, else 0 */
	uint32_t priority;
	int has_gw;
	uint8_t gw[16];
	int expires; /* RTA_CACHEINFO says it expires: learned, not set */
};

struct nl_neigh_info { /* RTM_NEWNEIGH */
	int family;
	int index;
	unsigned state; /* NUD_* */
	int has_dst;
	uint8_t dst[16];
};

/* One message's payload (the family header and attributes, len bytes) into
 * the struct; 0, -EBADMSG when malformed, or -ENOENT when it is not of the
 * type, or of a family other than IPv4 and IPv6. */
int nl_link_info_parse(const unsigned char *p, size_t len,
		       struct nl_link_info *l);
int nl_addr_info_parse(const unsigned char *p, size_t len,
		       struct nl_addr_info *a);
int nl_route_info_parse(const unsigned char *p, size_t len,
			struct nl_route_info *r);
int nl_neigh_info_parse(const unsigned char *p, size_t len,
			struct nl_neigh_info *n);

/* A dump's message: its type and payload, for the caller to read. Returns
 * 0, or -errno: then the rest of the dump is read, not handed on. */
typedef int nl_dump_fn(void *ctx, uint16_t type, const unsigned char *p,
		       size_t len);
/*
 * One datagram of a dump's replies for request seq: each message for it
 * handed to fn, in order, until the dump's first error, kept in *err (0 at
 * the start): fn's, -EAGAIN when a message says the dump was interrupted
 * (NLM_F_DUMP_INTR: start it again), or the kernel's. 1 at the dump's end
 * (NLMSG_DONE, or the kernel's error), 0 while more is due, -EBADMSG when
 * malformed.
 */
int nl_dump_datagram_parse(const unsigned char *p, size_t len, uint32_t seq,
			   uint32_t portid, nl_dump_fn *fn, void *ctx,
			   int *err);
/*
 * Send the dump request in b and hand every message of the dump to fn; the
 * dump is always read to its end, so the socket serves the next request.
 * 0, or the first error (nl_dump_datagram_parse()); -EAGAIN: interrupted,
 * start it again (fn has seen a partial dump). -EBADMSG: malformed, the
 * rest unread. Costs one sendto and a recvfrom per datagram (up to 32 KiB).
 */
int nl_dump(struct nl *nl, struct nl_batch *b, nl_dump_fn *fn, void *ctx);
/*
 * Send the batch and collect every request's outcome into b->err[] and
 * b->ext[]. -errno when the exchange itself failed: then no outcome may be
 * trusted. 0 for an empty batch.
 */
int nl_talk(struct nl *nl, struct nl_batch *b);

#endif
