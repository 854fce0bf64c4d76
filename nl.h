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
};

enum {
	NLMSG_ERROR = 2,
	NLMSGERR_ATTR_MSG = 1, /* the extended ACK's text */
	NLA_TYPE_MASK = 0x3fff,
};

/* nl_hdr.flags of a request */
enum {
	NLM_F_REQUEST = 0x1,
	NLM_F_ACK = 0x4,
	NLM_F_REPLACE = 0x100,
	NLM_F_EXCL = 0x200,
	NLM_F_CREATE = 0x400,
};

/* nl_hdr.flags of an NLMSG_ERROR */
enum {
	NLM_F_CAPPED = 0x100,	/* only the request's header is echoed */
	NLM_F_ACK_TLVS = 0x200, /* extended-ACK attributes follow */
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

enum {
	RTM_NEWADDR = 20,
	RTM_NEWROUTE = 24,
	IFA_ADDRESS = 1,
	IFA_LOCAL = 2,
	IFA_F_NODAD = 2,
	RTA_OIF = 4,
	RTA_GATEWAY = 5,
	RT_TABLE_MAIN = 254,
	RTPROT_BOOT = 3,
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_HOST = 254,
	RTN_UNICAST = 1,
	RTNH_F_ONLINK = 4,
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
		int32_t value;	 /* an index or an MTU */
		uint8_t pad[24]; /* the kernel's union is 24 bytes on LP64 */
	} u;
};

/* linux/sockios.h, linux/if.h, linux/if_arp.h: the same on every arch */
enum {
	GN_SIOCGIFFLAGS = 0x8913,
	GN_SIOCSIFFLAGS = 0x8914,
	GN_SIOCSIFMTU = 0x8922,
	GN_SIOCSIFHWADDR = 0x8924,
	GN_SIOCGIFHWADDR = 0x8927,
	GN_SIOCGIFINDEX = 0x8933,
	GN_IFF_UP = 1,
	GN_ARPHRD_ETHER = 1,
};

_Static_assert(sizeof(struct nl_hdr) == 16, "nlmsghdr");
_Static_assert(sizeof(struct nl_err) == 20, "nlmsgerr");
_Static_assert(sizeof(struct nl_attr) == 4, "rtattr");
_Static_assert(sizeof(struct nl_sockaddr) == 12, "sockaddr_nl");
_Static_assert(sizeof(struct nl_ifaddrmsg) == 8, "ifaddrmsg");
_Static_assert(sizeof(struct nl_rtmsg) == 12, "rtmsg");
_Static_assert(offsetof(struct nl_rtmsg, flags) == 8, "rtmsg.rtm_flags");
_Static_assert(sizeof(struct dev_ifreq) == 40, "ifreq");
_Static_assert(offsetof(struct dev_ifreq, u) == 16, "ifreq.ifr_ifru");

/*
 * A batch: up to NL_BATCH_MAX requests sent in one datagram. Only the last
 * asks for an ACK: the kernel answers a failing request whether asked or not,
 * and handles a batch in order, so the last ACK means every outcome is in.
 */
#define NL_BATCH_MAX 4
#define NL_EXTACK_SIZE 128 /* the kernel's text kept, its NUL included */

struct nl_batch {
	union {
		unsigned char bytes[512];
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
};

void nl_batch_init(struct nl_batch *b, uint32_t seq0);
/* As "ip address add ADDR/PLEN dev IF" sends it: an address that is there
 * already comes back as EEXIST (NLM_F_EXCL). addr: 4 or 16 bytes. */
void nl_addr_add(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, unsigned plen, int scope);
/* As "ip route replace default via GW dev IF [onlink]" sends it. */
void nl_route_default(struct nl_batch *b, int family, int ifindex,
		      const uint8_t *gw, int onlink);
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
 * kernel has them. */
int nl_open(struct nl *nl);
/*
 * Send the batch and collect every request's outcome into b->err[] and
 * b->ext[]. -errno when the exchange itself failed: then no outcome may be
 * trusted. 0 for an empty batch.
 */
int nl_talk(struct nl *nl, struct nl_batch *b);

/* ioctl.c: fd is any socket (the netlink one serves). */
int dev_index_get(int fd, const char *name, int *index);
/* An equal MAC is left alone: many drivers refuse a change while up. */
int dev_mac_set(int fd, const char *name, const uint8_t mac[6]);
int dev_mtu_set(int fd, const char *name, unsigned mtu);
/* IFF_UP, the other flags as they were; a device up already is left alone. */
int dev_link_up(int fd, const char *name);

#endif
