/* SPDX-License-Identifier: Apache-2.0 */
/* nl.h - the slice of the kernel ABI guestnet speaks (linux/netlink.h, rtnetlink.h,
 * if_addr.h, if.h, sockios.h mirrored with <stdint.h> types: the build needs only the
 * C library's headers), and the APIs of nl.c and ioctl.c: 0 or -errno. */
#ifndef GUESTNET_NL_H
#define GUESTNET_NL_H
#include <stddef.h>
#include <stdint.h>

/* linux/netlink.h */
struct nl_hdr { uint32_t len; uint16_t type, flags; uint32_t seq, pid; };
struct nl_err { int32_t error; struct nl_hdr msg; };
struct nl_attr { uint16_t len, type; };
struct nl_sockaddr { uint16_t family, pad; uint32_t pid, groups; };
enum { GN_AF_NETLINK = 16, NETLINK_ROUTE = 0, GN_SOL_NETLINK = 270, NETLINK_EXT_ACK = 11 };
enum { NLMSG_ERROR = 2, NLMSGERR_ATTR_MSG = 1, NLA_TYPE_MASK = 0x3fff };
enum { NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200,
       NLM_F_CREATE = 0x400, NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200 }; /* last 2: errors */

/* linux/rtnetlink.h, linux/if_addr.h */
struct nl_ifaddrmsg { uint8_t family, prefixlen, flags, scope; uint32_t index; };
struct nl_rtmsg { uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
		 uint32_t flags; };
enum { RTM_NEWADDR = 20, RTM_NEWROUTE = 24, IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_F_NODAD = 2,
       RTA_OIF = 4, RTA_GATEWAY = 5, RT_TABLE_MAIN = 254, RTPROT_BOOT = 3,
       RT_SCOPE_UNIVERSE = 0, RT_SCOPE_HOST = 254, RTN_UNICAST = 1, RTNH_F_ONLINK = 4 };

/* linux/if.h, linux/sockios.h: the same numbers on every architecture */
struct dev_ifreq {
	char name[16];
	union { struct { uint16_t family; uint8_t data[14]; } hw; int16_t flags; int32_t value;
		uint8_t pad[24]; /* the kernel's union is 24 bytes on LP64 */ } u;
};
enum { GN_SIOCGIFFLAGS = 0x8913, GN_SIOCSIFFLAGS = 0x8914, GN_SIOCSIFMTU = 0x8922,
       GN_SIOCSIFHWADDR = 0x8924, GN_SIOCGIFHWADDR = 0x8927, GN_SIOCGIFINDEX = 0x8933,
       GN_IFF_UP = 1, GN_ARPHRD_ETHER = 1 };

_Static_assert(sizeof(struct nl_hdr) == 16 && sizeof(struct nl_err) == 20, "nlmsghdr, nlmsgerr");
_Static_assert(sizeof(struct nl_attr) == 4 && sizeof(struct nl_sockaddr) == 12, "rtattr, sockaddr");
_Static_assert(sizeof(struct nl_ifaddrmsg) == 8, "ifaddrmsg");
_Static_assert(sizeof(struct nl_rtmsg) == 12 && offsetof(struct nl_rtmsg, flags) == 8, "rtmsg");
_Static_assert(sizeof(struct dev_ifreq) == 40 && offsetof(struct dev_ifreq, u) == 16, "ifreq");

/*
 * A batch: up to NL_MAXREQ requests sent in one datagram. Only the last asks
 * for an ACK: the kernel answers a failing request whether asked or not, and
 * handles a batch in order, so the last ACK means every outcome is in. */
#define NL_MAXREQ 4
#define NL_EXTMAX 128
struct nl_batch {
	union { unsigned char b[512]; uint32_t align; } u;
	size_t len, cur;      /* bytes used; offset of the request being built */
	int broken;           /* a put did not fit: nl_talk() refuses the batch */
	uint32_t seq0;        /* sequence number of request 0 */
	unsigned n;           /* requests */
	int err[NL_MAXREQ];   /* outcome per request: 0 or a positive errno */
	char ext[NL_MAXREQ][NL_EXTMAX]; /* the kernel's extended-ACK text, or "" */
};
struct nl { int fd; uint32_t portid, seq; };

void nl_batch_init(struct nl_batch *b, uint32_t seq0);
void nl_addr_add(struct nl_batch *b, int family, int ifindex, const uint8_t *addr,
		 unsigned plen, int scope);
void nl_route_default(struct nl_batch *b, int family, int ifindex, const uint8_t *gw,
		      int onlink);
void nl_batch_seal(struct nl_batch *b);
int nl_reply_parse(struct nl_batch *b, const unsigned char *p, size_t len, uint32_t portid);
int nl_open(struct nl *nl);
int nl_talk(struct nl *nl, struct nl_batch *b);

int dev_index(int fd, const char *name, int *index);
int dev_set_mac(int fd, const char *name, const uint8_t mac[6]);
int dev_set_mtu(int fd, const char *name, unsigned mtu);
int dev_up(int fd, const char *name);
#endif
