/* SPDX-License-Identifier: Apache-2.0 */
/*
 * floor: the straight-line floor of `make bench` (issue 12).
 *
 *   floor ETCDIR
 *
 * Exactly guestnet's system calls for the bench's full configuration of a
 * fresh guest (the MSB_* values of tools/bench.sh, gnb0 in a fresh network
 * namespace), in guestnet's order, with every netlink datagram, packet and
 * file as fixed bytes: no parsing, no checks, no formatting, no retries.
 * Replies (the two dumps and the ACKs) are read into a buffer as guestnet
 * reads them, and not looked at; ioctls that read (flags, MAC, MTU, index)
 * read into a scratch ifreq that nothing uses. The bytes hold what guestnet
 * computes for that configuration: gnb0's ifindex 2 (lo is 1 in a fresh
 * namespace), the MAC 02:00:00:00:00:01, the addresses, routes and files.
 * It leaves the end state guestnet leaves, and the bench verifies it so.
 * Whatever guestnet's time is above this program's is its own work:
 * reading the environment, checking, building and matching messages.
 *
 * Built with -DFLOOR_NO_ANNOUNCE it leaves out the announce step (the packet
 * socket and its two sends), for the bench row that shows what that step
 * costs: closing a packet socket waits for an RCU grace period
 * (synchronize_net() in packet_release()), at exit here.
 *
 * ETCDIR is the directory guestnet opens as ROOT/etc (`guestnet --root ROOT`);
 * the bench passes it ready-made so that floor need not join the path.
 * Exit status 0 whatever happened (nothing is checked); 2 without ETCDIR.
 *
 * Keeping it in step with guestnet. main() below is one call per line, in
 * guestnet's order, each commented with the guestnet step that makes it.
 * When guestnet's sequence changes (a call more or less, another order, a
 * request's bytes):
 *
 *   tools/bench/trace.sh               guestnet's strace -f listing, every
 *                                      buffer in hex and each datagram and
 *                                      write dumped, and its end state
 *   tools/bench/trace.sh -c            the bytes of each sendto and write,
 *                                      as C initialisers for the arrays here
 *   tools/bench/trace.sh build/bench/floor @ETC@
 *                                      the same listing for this program
 *
 * Edit main() until its listing's calls match guestnet's call for call
 * (`make bench` compares the two sequences and prints "in step" or the
 * first difference, with both counts), and take changed bytes from -c.
 * The recvfrom()s are as many as guestnet makes for a fresh guest: one per
 * datagram of a dump (the records, then NLMSG_DONE) and one per batch with an
 * ACK. The bench builds it as guestnet's static musl build is built (the
 * compiler and specs of `tools/build.sh --vars musl-static`, -Os, static).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* The kernel ABI, as guestnet mirrors it (no <linux/...> headers). */
struct nl_sockaddr {		/* struct sockaddr_nl */
	uint16_t family;	/* AF_NETLINK */
	uint16_t pad;
	uint32_t pid;		/* 0: the kernel */
	uint32_t groups;
};
struct ll_sockaddr {		/* struct sockaddr_ll */
	uint16_t family;	/* AF_PACKET */
	uint16_t protocol;	/* ETH_P_*, network byte order */
	int32_t ifindex;
	uint16_t hatype;
	uint8_t pkttype;
	uint8_t halen;
	uint8_t addr[8];
};
enum {
	GN_NETLINK_ROUTE = 0,
	GN_SOL_NETLINK = 270,
	GN_NETLINK_EXT_ACK = 11,
	GNB0_IFINDEX = 2,	/* in a fresh namespace: lo is 1, gnb0 2 */
};

/* ------------------------------------------------------------- the files */

static const char hosts[] =
	"127.0.0.1\tlocalhost bench-01\n"
	"::1\tlocalhost ip6-localhost ip6-loopback bench-01\n"
	"192.0.2.1\thost.bench.internal\n"
	"2001:db8::1\thost.bench.internal\n"
	"fe00::\tip6-localnet\n"
	"ff00::\tip6-mcastprefix\n"
	"ff02::1\tip6-allnodes\n"
	"ff02::2\tip6-allrouters\n";
static const char hostname[] = "bench-01\n";
static const char resolv[] = "nameserver 192.0.2.1\nnameserver 2001:db8::1\n";

/* -------------------------------------------------- the netlink datagrams */

/* RTM_GETADDR dump, every family (seq 1). */
static const unsigned char getaddr[] = {
	0x18, 0x00, 0x00, 0x00, 0x16, 0x00, 0x01, 0x03, /* len 24, GETADDR, REQUEST|DUMP */
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 1, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* ifaddrmsg: AF_UNSPEC */
};

/* RTM_NEWADDR 192.0.2.2/30 (seq 2, no ACK) and 2001:db8::2/64 nodad
 * (seq 3, ACK), on gnb0, in one datagram. */
static const unsigned char newaddr[] = {
	0x28, 0x00, 0x00, 0x00, 0x14, 0x00, 0x01, 0x06, /* len 40, NEWADDR, REQUEST|EXCL|CREATE */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 2, pid 0 */
	0x02, 0x1e, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* AF_INET /30, ifindex 2 */
	0x08, 0x00, 0x02, 0x00, 0xc0, 0x00, 0x02, 0x02, /* IFA_LOCAL 192.0.2.2 */
	0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x02, /* IFA_ADDRESS 192.0.2.2 */
	0x40, 0x00, 0x00, 0x00, 0x14, 0x00, 0x05, 0x06, /* len 64, NEWADDR, REQUEST|ACK|EXCL|CREATE */
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 3, pid 0 */
	0x0a, 0x40, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, /* AF_INET6 /64, NODAD, ifindex 2 */
	0x14, 0x00, 0x02, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* IFA_LOCAL 2001:db8::2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02,
	0x14, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* IFA_ADDRESS 2001:db8::2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02,
};

/* RTM_GETROUTE dump, every family and table (seq 4). */
static const unsigned char getroute[] = {
	0x1c, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x01, 0x03, /* len 28, GETROUTE, REQUEST|DUMP */
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 4, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* rtmsg: AF_UNSPEC */
	0x00, 0x00, 0x00, 0x00,
};

/* RTM_NEWROUTE default via 192.0.2.1 (seq 5, no ACK) and via 2001:db8::1
 * (seq 6, ACK), dev gnb0, main table, proto boot, in one datagram. */
static const unsigned char newroute[] = {
	0x2c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x01, 0x05, /* len 44, NEWROUTE, REQUEST|REPLACE|CREATE */
	0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 5, pid 0 */
	0x02, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, /* AF_INET /0, main, boot, universe, unicast */
	0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0x01, /* RTA_GATEWAY 192.0.2.1 */
	0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* RTA_OIF 2 */
	0x38, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x05, /* len 56, NEWROUTE, REQUEST|ACK|REPLACE|CREATE */
	0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 6, pid 0 */
	0x0a, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, /* AF_INET6 /0, main, boot, universe, unicast */
	0x00, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x05, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* RTA_GATEWAY 2001:db8::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* RTA_OIF 2 */
};

/* ------------------------------------------- the announcements (new MAC) */

/* Gratuitous ARP request for 192.0.2.2 from 02:00:00:00:00:01. */
static const unsigned char arp[] = {
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, /* Ethernet, IPv4, 6, 4, request */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, /* sender MAC, sender IP */
	0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* target MAC 0 */
	0xc0, 0x00, 0x02, 0x02,				/* target IP = sender IP */
};
static const struct ll_sockaddr arp_to = {
	.family = AF_PACKET, .protocol = 0x0608, /* htons(ETH_P_ARP) */
	.ifindex = GNB0_IFINDEX, .halen = 6,
	.addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
};

/* Unsolicited neighbour advertisement (override) for 2001:db8::2 to
 * ff02::1, with its ICMPv6 checksum. */
static const unsigned char na[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, /* IPv6, 32 bytes, ICMPv6, hop 255 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* from 2001:db8::2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* to ff02::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x88, 0x00, 0xf9, 0x28, 0x20, 0x00, 0x00, 0x00, /* NA, checksum, override */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* target 2001:db8::2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* target link-layer address */
};
static const struct ll_sockaddr na_to = {
	.family = AF_PACKET, .protocol = 0xdd86, /* htons(ETH_P_IPV6) */
	.ifindex = GNB0_IFINDEX, .halen = 6,
	.addr = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
};

/* --------------------------------------------------------------- ifreqs */

static const struct ifreq lo_up = {
	.ifr_name = "lo", .ifr_flags = IFF_UP | IFF_LOOPBACK,
};
static const struct ifreq gnb0_mac = {
	.ifr_name = "gnb0",
	.ifr_hwaddr = { .sa_family = 1 /* ARPHRD_ETHER */,
			.sa_data = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } },
};
static const struct ifreq gnb0_mtu = { .ifr_name = "gnb0", .ifr_mtu = 1400 };
static const struct ifreq gnb0_up = {
	.ifr_name = "gnb0", .ifr_flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST,
};

static const struct nl_sockaddr kernel = { .family = AF_NETLINK };

/* The reply buffer, guestnet's size. */
static unsigned char rx[8192];
static struct nl_sockaddr from;
static socklen_t fromlen;

/* One reply datagram into rx, as guestnet reads it, not looked at. */
#define RECV(fd)                                                         \
	(fromlen = sizeof from,                                         \
	 recvfrom(fd, rx, sizeof rx, MSG_TRUNC | MSG_DONTWAIT,          \
		  (struct sockaddr *)&from, &fromlen))

int main(int argc, char **argv)
{
	const int one = 1;
	struct ifreq lo = { .ifr_name = "lo" }, gnb0 = { .ifr_name = "gnb0" };
	int etc, fd, nl, pkt;

	if (argc != 2)
		return 2;

	umask(0); /* main: files 0644, /etc 0755 */

	/* step hosts: open ROOT/etc, then /etc/hosts atomically */
	etc = openat(AT_FDCWD, argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = openat(etc, ".hosts.guestnet",
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	write(fd, hosts, sizeof hosts - 1);
	fsync(fd);
	close(fd);
	renameat(etc, ".hosts.guestnet", etc, "hosts");

	/* step hostname: sethostname(), /etc/hostname */
	sethostname("bench-01", 8);
	fd = openat(etc, ".hostname.guestnet",
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	write(fd, hostname, sizeof hostname - 1);
	fsync(fd);
	close(fd);
	renameat(etc, ".hostname.guestnet", etc, "hostname");

	/* step netlink_open: the run's one socket, extended ACKs */
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, GN_NETLINK_ROUTE);
	setsockopt(nl, GN_SOL_NETLINK, GN_NETLINK_EXT_ACK, &one, sizeof one);
	bind(nl, (const struct sockaddr *)&kernel, sizeof kernel);

	/* step loopback: lo up (read the flags, add IFF_UP) */
	ioctl(nl, SIOCGIFFLAGS, &lo);
	ioctl(nl, SIOCSIFFLAGS, &lo_up);

	/* step interface: find gnb0 */
	ioctl(nl, SIOCGIFINDEX, &gnb0);

	/* state read: the address dump (lo's and gnb0's); 127.0.0.1/8 and
	 * ::1/128 are there, so the loopback batch is not sent */
	sendto(nl, getaddr, sizeof getaddr, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* the addresses */
	RECV(nl); /* NLMSG_DONE */

	/* step interface: MAC and MTU, each read first and set as it differs */
	ioctl(nl, SIOCGIFHWADDR, &gnb0);
	ioctl(nl, SIOCSIFHWADDR, &gnb0_mac);
	ioctl(nl, SIOCGIFMTU, &gnb0);
	ioctl(nl, SIOCSIFMTU, &gnb0_mtu);

	/* step addresses: one batch, the last request ACKed */
	sendto(nl, newaddr, sizeof newaddr, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* ACK of seq 3 */

	/* step link up */
	ioctl(nl, SIOCGIFFLAGS, &gnb0);
	ioctl(nl, SIOCSIFFLAGS, &gnb0_up);

	/* state read: the route dump; no default route to remove */
	sendto(nl, getroute, sizeof getroute, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* the routes */
	RECV(nl); /* NLMSG_DONE */

	/* step routes: one batch, the last request ACKed */
	sendto(nl, newroute, sizeof newroute, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* ACK of seq 6 */

#ifndef FLOOR_NO_ANNOUNCE
	/* step announce: the MAC changed, so tell the peers */
	pkt = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	sendto(pkt, arp, sizeof arp, 0, (const struct sockaddr *)&arp_to,
	       sizeof arp_to);
	sendto(pkt, na, sizeof na, 0, (const struct sockaddr *)&na_to,
	       sizeof na_to);
#else
	(void)pkt, (void)arp, (void)na, (void)arp_to, (void)na_to;
#endif

	/* step resolv.conf, atomically */
	fd = openat(etc, ".resolv.conf.guestnet",
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	write(fd, resolv, sizeof resolv - 1);
	fsync(fd);
	close(fd);
	renameat(etc, ".resolv.conf.guestnet", etc, "resolv.conf");

	return 0; /* exit_group(0) */
}
