/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioctl.c - the device: its ioctls (index, MAC, MTU, IFF_UP), issued on the
 * run's netlink socket (the kernel falls back to its generic device ioctls
 * for any socket family), and the announcements that tell the link's peers
 * where an address now is, sent on a packet socket. Each returns 0 or
 * -errno.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "guestnet.h"

#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#endif

/* One ioctl on the device called name; the caller has zeroed r but for the
 * name. Interrupted calls are made again. */
static int dev_ioctl(int fd, int request, const char *name, struct dev_ifreq *r)
{
	size_t len = strlen(name);

	if (len >= sizeof r->name)
		return -ENAMETOOLONG;
	memcpy(r->name, name, len + 1);
	while (ioctl(fd, request, r) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

int dev_index_get(int fd, const char *name, int *index)
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFINDEX, name, &r);
	*index = r.u.value;
	return err;
}

int dev_mac_set(int fd, const char *name, const uint8_t mac[6])
{
	struct dev_ifreq r = { .u.hw.family = GN_ARPHRD_ETHER };

	memcpy(r.u.hw.data, mac, 6);
	return dev_ioctl(fd, GN_SIOCSIFHWADDR, name, &r);
}

int dev_mtu_set(int fd, const char *name, unsigned mtu)
{
	struct dev_ifreq r = { .u.value = (int32_t)mtu };

	return dev_ioctl(fd, GN_SIOCSIFMTU, name, &r);
}

int dev_mac_get(int fd, const char *name, uint8_t mac[6])
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFHWADDR, name, &r);
	memcpy(mac, r.u.hw.data, 6);
	return err;
}

int dev_mtu_get(int fd, const char *name, unsigned *mtu)
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFMTU, name, &r);
	*mtu = (unsigned)r.u.value;
	return err;
}

int dev_flags_get(int fd, const char *name, int16_t *flags)
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFFLAGS, name, &r);
	*flags = r.u.flags;
	return err;
}

int dev_flags_set(int fd, const char *name, int16_t flags)
{
	struct dev_ifreq r = { .u.flags = flags };

	return dev_ioctl(fd, GN_SIOCSIFFLAGS, name, &r);
}

/* ---- announcements ---------------------------------------------------------- */

/* linux/if_packet.h, linux/if_ether.h, RFC 826, RFC 8200, RFC 4861 */
struct dev_sockaddr_ll {
	uint16_t family;   /* AF_PACKET */
	uint16_t protocol; /* ETH_P_*, network order */
	int32_t ifindex;
	uint16_t hatype;
	uint8_t pkttype;
	uint8_t halen;
	uint8_t addr[8]; /* the destination's */
};

struct dev_arp { /* an Ethernet/IPv4 ARP message */
	uint8_t htype[2];
	uint8_t ptype[2];
	uint8_t hlen;
	uint8_t plen;
	uint8_t op[2];
	uint8_t sender_mac[6];
	uint8_t sender_ip[4];
	uint8_t target_mac[6];
	uint8_t target_ip[4];
};

struct dev_na { /* an IPv6 header and a neighbour advertisement */
	uint8_t version_class_flow[4];
	uint8_t payload_len[2];
	uint8_t next_header;
	uint8_t hop_limit;
	uint8_t src[16];
	uint8_t dst[16];
	uint8_t type; /* ICMPv6 */
	uint8_t code;
	uint8_t checksum[2];
	uint8_t flags[4];
	uint8_t target[16];
	uint8_t option_type; /* the target's link-layer address */
	uint8_t option_len;  /* in units of 8 bytes */
	uint8_t option_mac[6];
};

_Static_assert(sizeof(struct dev_sockaddr_ll) == 20, "sockaddr_ll");
_Static_assert(sizeof(struct dev_arp) == 28, "arphdr + Ethernet/IPv4");
_Static_assert(sizeof(struct dev_na) == 40 + 32, "ipv6hdr + nd_msg + option");

enum {
	GN_AF_PACKET = 17,
	GN_SOCK_DGRAM = 2,
	ETH_P_ARP = 0x0806,
	ETH_P_IPV6 = 0x86dd,
	ARPOP_REQUEST = 1,
	IPPROTO_ICMPV6_NUMBER = 58,
	ND_NEIGHBOR_ADVERT = 136,
	ND_NA_FLAG_OVERRIDE = 0x20, /* in the first byte of the flags */
	ND_OPT_TARGET_LL_ADDR = 2,
};

/* sendto() tries while signals interrupt it. */
#define DEV_SEND_TRIES 8

static void dev_be16_put(uint8_t out[2], unsigned v)
{
	out[0] = (uint8_t)(v >> 8);
	out[1] = (uint8_t)v;
}

int dev_announce_open(void)
{
	int fd = socket(GN_AF_PACKET, GN_SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	return fd;
}

/* The one's complement sum of n bytes as 16-bit words in network order. */
static uint32_t dev_sum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	return sum;
}

/* The ICMPv6 checksum: over the pseudo-header (source, destination, upper
 * layer length, next header) and the message. */
static unsigned dev_na_checksum(const struct dev_na *na)
{
	const uint8_t *icmp = &na->type;
	size_t icmp_len = sizeof *na - (size_t)(icmp - (const uint8_t *)na);
	uint32_t sum = 0;

	sum = dev_sum_add(sum, na->src, sizeof na->src);
	sum = dev_sum_add(sum, na->dst, sizeof na->dst);
	sum += (uint32_t)icmp_len;
	sum += IPPROTO_ICMPV6_NUMBER;
	sum = dev_sum_add(sum, icmp, icmp_len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static int dev_packet_send(int fd, int ifindex, unsigned protocol,
			   const uint8_t dst_mac[6], const void *packet,
			   size_t len)
{
	struct dev_sockaddr_ll to = {
		.family = GN_AF_PACKET,
		.ifindex = ifindex,
		.halen = 6,
	};
	ssize_t sent;
	int tries;

	dev_be16_put((uint8_t *)&to.protocol, protocol);
	memcpy(to.addr, dst_mac, 6);
	for (tries = 1;; tries++) {
		sent = sendto(fd, packet, len, 0, (const struct sockaddr *)&to,
			      sizeof to);
		if (sent >= 0)
			return 0;
		if (errno != EINTR || tries == DEV_SEND_TRIES)
			return -errno;
	}
}

/* As the kernel's arp_notify sends it: a request for our own address. */
static int dev_arp_announce(int fd, int ifindex, const uint8_t *addr,
			    const uint8_t mac[6])
{
	static const uint8_t broadcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	struct dev_arp arp = { .hlen = 6, .plen = 4 };

	dev_be16_put(arp.htype, GN_ARPHRD_ETHER);
	dev_be16_put(arp.ptype, 0x0800); /* IPv4 */
	dev_be16_put(arp.op, ARPOP_REQUEST);
	memcpy(arp.sender_mac, mac, 6);
	memcpy(arp.sender_ip, addr, 4);
	memcpy(arp.target_ip, addr, 4);
	return dev_packet_send(fd, ifindex, ETH_P_ARP, broadcast, &arp,
			       sizeof arp);
}

/* As the kernel's ndisc_notify sends it: to all nodes, from the address
 * itself, with the override flag and our MAC. */
static int dev_na_announce(int fd, int ifindex, const uint8_t *addr,
			   const uint8_t mac[6])
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct dev_na na = {
		.version_class_flow = { 0x60 },
		.next_header = IPPROTO_ICMPV6_NUMBER,
		.hop_limit = 255, /* RFC 4861: only from the link itself */
		.type = ND_NEIGHBOR_ADVERT,
		.flags = { ND_NA_FLAG_OVERRIDE },
		.option_type = ND_OPT_TARGET_LL_ADDR,
		.option_len = 1,
	};
	size_t icmp_len = sizeof na - offsetof(struct dev_na, type);

	dev_be16_put(na.payload_len, (unsigned)icmp_len);
	memcpy(na.src, addr, 16);
	memcpy(na.dst, all_nodes, 16);
	memcpy(na.target, addr, 16);
	memcpy(na.option_mac, mac, 6);
	dev_be16_put(na.checksum, dev_na_checksum(&na));
	return dev_packet_send(fd, ifindex, ETH_P_IPV6, all_nodes_mac, &na,
			       sizeof na);
}

int dev_announce(int fd, int ifindex, int family, const uint8_t *addr,
		 const uint8_t mac[6])
{
	if (family == GN_AF_INET)
		return dev_arp_announce(fd, ifindex, addr, mac);
	return dev_na_announce(fd, ifindex, addr, mac);
}
