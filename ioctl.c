/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioctl.c - the device: its ioctls (name, MAC, IFF_UP), issued on the
 * run's netlink socket (the kernel falls back to its generic device ioctls
 * for any socket family), and the announcements that tell the link's peers
 * where an address now is, sent on a packet socket. Each returns 0 or
 * -errno.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

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

int dev_mac_set(int fd, const char *name, const uint8_t mac[6])
{
	struct dev_ifreq r = { .u.hw.family = GN_ARPHRD_ETHER };

	memcpy(r.u.hw.data, mac, 6);
	return dev_ioctl(fd, GN_SIOCSIFHWADDR, name, &r);
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

/* SIOCSIFNAME: the interface called name takes new_name (it is down). */
int dev_rename(int fd, const char *name, const char *new_name)
{
	struct dev_ifreq r = { .u.value = 0 };
	size_t len = strlen(new_name);

	if (len >= sizeof r.u.newname)
		return -ENAMETOOLONG;
	memcpy(r.u.newname, new_name, len + 1);
	return dev_ioctl(fd, GN_SIOCSIFNAME, name, &r);
}

/*
 * /proc/sys/net/ipv6/conf/NAME/SETTING gets "0". The path is the kernel's,
 * not one under --root: --root relocates the files guestnet writes (/etc)
 * for an image being built or a test; the sysctls are the kernel's state of
 * the network namespace, as the netlink socket's changes are, and the
 * kernel resolves /proc/sys/net/ in the namespace of the process that
 * opens it, whatever the mount: the one the socket configures. A tree under
 * --root has no such file, or one of another kernel's.
 */
int dev_ipv6_setting_off(const char *name, const char *setting)
{
	char path[64]; /* the prefix, a 15-byte name, the longest setting */
	struct text t;
	int err;
	int fd;

	/* the kernel's interface names hold no '/' and are never "." or ".."
	 * (dev_valid_name()): the path is that interface's */
	text_init(&t, path, sizeof path);
	text_add(&t, "/proc/sys/net/ipv6/conf/");
	text_add(&t, name);
	text_add(&t, "/");
	text_add(&t, setting);
	fd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	err = hosts_write_all(fd, "0\n", 2);
	close(fd);
	return err;
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

struct dev_na { /* a neighbour advertisement: ICMPv6, the kernel sums it */
	uint8_t type;
	uint8_t code;
	uint8_t checksum[2];
	uint8_t flags[4];
	uint8_t target[16];
	uint8_t option_type; /* the target's link-layer address */
	uint8_t option_len;  /* in units of 8 bytes */
	uint8_t option_mac[6];
};

/* linux/in6.h */
struct dev_sockaddr_in6 {
	uint16_t family;
	uint16_t port; /* for a raw socket: none */
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id; /* the interface, for a link-local destination */
};

_Static_assert(sizeof(struct dev_sockaddr_ll) == 20, "sockaddr_ll");
_Static_assert(sizeof(struct dev_arp) == 28, "arphdr + Ethernet/IPv4");
_Static_assert(sizeof(struct dev_na) == 32, "nd_msg + option");
_Static_assert(sizeof(struct dev_sockaddr_in6) == 28, "sockaddr_in6");

enum {
	GN_AF_PACKET = 17,
	GN_SOCK_DGRAM = 2,
	GN_SOCK_RAW = 3,
	GN_IPPROTO_IPV6 = 41,
	GN_IPV6_HOPLIMIT = 52, /* a control message: the datagram's hop limit */
	ETH_P_ARP = 0x0806,
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

/* sendto(), again while signals interrupt it. */
static int dev_sendto(int fd, const void *data, size_t len, const void *to,
		      size_t to_len)
{
	ssize_t sent;
	int tries;

	for (tries = 1;; tries++) {
		sent = sendto(fd, data, len, 0, (const struct sockaddr *)to,
			      (socklen_t)to_len);
		if (sent >= 0)
			return 0;
		if (errno != EINTR || tries == DEV_SEND_TRIES)
			return -errno;
	}
}

/* As the kernel's arp_notify sends it: a request for our own address, to
 * the broadcast address. */
int dev_arp_announce(int ifindex, const uint8_t addr[4], const uint8_t mac[6])
{
	struct dev_sockaddr_ll to = {
		.family = GN_AF_PACKET,
		.ifindex = ifindex,
		.halen = 6,
		.addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	struct dev_arp arp = { .hlen = 6, .plen = 4 };
	int err;
	int fd;

	dev_be16_put((uint8_t *)&to.protocol, ETH_P_ARP);
	dev_be16_put(arp.htype, GN_ARPHRD_ETHER);
	dev_be16_put(arp.ptype, 0x0800); /* IPv4 */
	dev_be16_put(arp.op, ARPOP_REQUEST);
	memcpy(arp.sender_mac, mac, 6);
	memcpy(arp.sender_ip, addr, 4);
	memcpy(arp.target_ip, addr, 4);
	fd = socket(GN_AF_PACKET, GN_SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = dev_sendto(fd, &arp, sizeof arp, &to, sizeof to);
	close(fd);
	return err;
}

/* As the kernel's ndisc_notify sends it: to all nodes, hop limit 255 (RFC
 * 4861: a peer takes it only from the link itself), with the override flag
 * and our MAC; the kernel picks the source and sums it. The hop limit goes
 * with the datagram (IPV6_HOPLIMIT): no setsockopt() of its own. */
int dev_na_announce(int ifindex, const uint8_t addr[16], const uint8_t mac[6])
{
	struct dev_sockaddr_in6 to = {
		.family = GN_AF_INET6,
		.addr = { 0xff, 0x02, [15] = 1 },
		.scope_id = (uint32_t)ifindex,
	};
	struct dev_na na = {
		.type = ND_NEIGHBOR_ADVERT,
		.flags = { ND_NA_FLAG_OVERRIDE },
		.option_type = ND_OPT_TARGET_LL_ADDR,
		.option_len = 1,
	};
	union {
		char bytes[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = &na, .iov_len = sizeof na };
	struct msghdr msg = {
		.msg_name = &to,
		.msg_namelen = sizeof to,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.bytes,
		.msg_controllen = sizeof control.bytes,
	};
	struct cmsghdr *cmsg;
	int hops = 255;
	int err = 0;
	int tries;
	int fd;

	memcpy(na.target, addr, 16);
	memcpy(na.option_mac, mac, 6);
	memset(&control, 0, sizeof control);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = GN_IPPROTO_IPV6;
	cmsg->cmsg_type = GN_IPV6_HOPLIMIT;
	cmsg->cmsg_len = CMSG_LEN(sizeof hops);
	memcpy(CMSG_DATA(cmsg), &hops, sizeof hops);
	fd = socket(GN_AF_INET6, GN_SOCK_RAW | SOCK_CLOEXEC,
		    IPPROTO_ICMPV6_NUMBER);
	if (fd < 0)
		return -errno;
	for (tries = 1;; tries++) {
		if (sendmsg(fd, &msg, 0) >= 0)
			break;
		err = -errno;
		if (err != -EINTR || tries == DEV_SEND_TRIES)
			break;
		err = 0;
	}
	close(fd);
	return err;
}
