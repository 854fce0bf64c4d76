/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nl.h - the slice of the kernel ABI guestnet speaks, and the netlink batch API.
 *
 * Mirrors linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h and
 * linux/sockios.h with <stdint.h> types, so the build needs only the C
 * library's headers (musl's cross toolchains ship no kernel headers).
 */
#ifndef GUESTNET_NL_H
#define GUESTNET_NL_H

#include <stddef.h>
#include <stdint.h>

/* linux/netlink.h */
struct nl_hdr { uint32_t len; uint16_t type, flags; uint32_t seq, pid; };
struct nl_err { int32_t error; struct nl_hdr msg; };
struct nl_attr { uint16_t len, type; };
struct nl_sockaddr { uint16_t family, pad; uint32_t pid, groups; };
#define GN_AF_NETLINK 16
#define NETLINK_ROUTE 0
#define SOL_NETLINK 270
#define NETLINK_EXT_ACK 11
#define NLMSG_ERROR 2
#define NLM_F_REQUEST 0x001
#define NLM_F_ACK 0x004
#define NLM_F_REPLACE 0x100
#define NLM_F_EXCL 0x200
#define NLM_F_CREATE 0x400
#define NLM_F_CAPPED 0x100   /* on NLMSG_ERROR: only the request's header is echoed */
#define NLM_F_ACK_TLVS 0x200 /* on NLMSG_ERROR: extended-ACK attributes follow */
#define NLMSGERR_ATTR_MSG 1
#define NLA_TYPE_MASK 0x3fff

/* linux/rtnetlink.h, linux/if_addr.h */
struct nl_ifaddrmsg { uint8_t family, prefixlen, flags, scope; uint32_t index; };
struct nl_rtmsg {
	uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
	uint32_t flags;
};
#define RTM_NEWADDR 20
#define RTM_NEWROUTE 24
#define IFA_ADDRESS 1
#define IFA_LOCAL 2
#define IFA_F_NODAD 0x02
#define RTA_OIF 4
#define RTA_GATEWAY 5
#define RT_TABLE_MAIN 254
#define RTPROT_BOOT 3
#define RT_SCOPE_UNIVERSE 0
#define RT_SCOPE_HOST 254
#define RTN_UNICAST 1
#define RTNH_F_ONLINK 4

/* linux/if.h, linux/sockios.h: the same numbers on every architecture */
struct dev_ifreq {
	char name[16];
	union {
		struct { uint16_t family; uint8_t data[14]; } hw;
		int16_t flags;
		int32_t value;
		uint8_t pad[24]; /* the kernel's union is 24 bytes on LP64 */
	} u;
};
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCSIFMTU 0x8922
#define SIOCSIFHWADDR 0x8924
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define GN_IFF_UP 0x1
#define ARPHRD_ETHER 1

_Static_assert(sizeof(struct nl_hdr) == 16, "nlmsghdr");
_Static_assert(sizeof(struct nl_err) == 20, "nlmsgerr");
_Static_assert(sizeof(struct nl_attr) == 4, "rtattr");
_Static_assert(sizeof(struct nl_sockaddr) == 12, "sockaddr_nl");
_Static_assert(sizeof(struct nl_ifaddrmsg) == 8, "ifaddrmsg");
_Static_assert(sizeof(struct nl_rtmsg) == 12, "rtmsg");
_Static_assert(sizeof(struct dev_ifreq) == 40, "ifreq");
_Static_assert(offsetof(struct dev_ifreq, u) == 16, "ifreq union");
_Static_assert(offsetof(struct nl_rtmsg, flags) == 8, "rtm_flags");

/*
 * A batch: up to NL_MAXREQ requests sent in one datagram. Only the last asks
 * for an ACK: the kernel answers a failing request whether asked or not, and
 * handles a batch in order, so the last ACK means every earlier outcome is in.
 */
#define NL_MAXREQ 4
#define NL_EXTMAX 128
struct nl_batch {
	union { unsigned char b[512]; uint32_t align; } u;
	size_t len, cur;      /* bytes used; offset of the message being built */
	int broken;           /* a put did not fit: nl_talk refuses the batch */
	uint32_t seq0;        /* sequence number of request 0 */
	unsigned n;           /* requests in the batch */
	int err[NL_MAXREQ];   /* outcome per request: 0 or a positive errno */
	char ext[NL_MAXREQ][NL_EXTMAX]; /* the kernel's extended-ACK text, or "" */
};

struct nl { int fd; uint32_t portid, seq; };

void nl_batch_init(struct nl_batch *b, uint32_t seq0);
void nl_addr_add(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, unsigned plen, int scope);
void nl_route_default(struct nl_batch *b, int family, int ifindex,
		      const uint8_t *gw, int onlink);
void nl_batch_seal(struct nl_batch *b);
int nl_reply_parse(struct nl_batch *b, const unsigned char *p, size_t len,
		   uint32_t portid);
int nl_open(struct nl *nl);
int nl_talk(struct nl *nl, struct nl_batch *b);

int dev_index(int fd, const char *name, int *index);
int dev_set_mac(int fd, const char *name, const uint8_t mac[6]);
int dev_set_mtu(int fd, const char *name, unsigned mtu);
int dev_up(int fd, const char *name);

#endif
