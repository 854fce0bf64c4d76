/* SPDX-License-Identifier: Apache-2.0 */
/*
 * floor: the straight-line floor of `make bench` (issue 12).
 *
 *   floor ROOT
 *
 * Exactly guestnet's system calls for the bench's full configuration of a
 * fresh guest (the MSB_* values of tools/bench.sh, gnb0 in a fresh network
 * namespace, `guestnet --root ROOT`), in guestnet's order, with every
 * netlink datagram, packet and file as fixed bytes: no parsing, no checks,
 * no formatting, no retries, no plan. Replies (the three dumps and the two
 * ACKs) are read into a buffer of guestnet's size as guestnet reads them,
 * and not looked at. The bytes hold what guestnet computes for that
 * configuration: lo's ifindex 1 and gnb0's 2 (a fresh namespace), the MAC
 * 02:00:00:00:00:01, the MTU, the addresses, routes and files. It leaves
 * the end state guestnet leaves (gnb0's arp_notify set too, which the bench
 * does not look at), and the bench verifies it so.
 * Whatever guestnet's time is above this program's is its own work:
 * reading the environment, checking, taking the snapshot apart, planning,
 * building and matching messages.
 *
 * guestnet's run is a pipeline: it reads the kernel's state first (the
 * snapshot: three dumps on one netlink socket with strict checking, so the
 * route dump is filtered by the kernel to gnb0 in the main table), then
 * writes the files it stages and applies the plan's changes in two netlink
 * batches. In order: poll() on 0-2 (out_fds_ready), umask, ROOT opened
 * O_PATH and ROOT/etc with openat2(RESOLVE_IN_ROOT), the socket with
 * NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK (no bind(): the kernel binds
 * it on the first send), the RTM_GETLINK dump (both links, then
 * NLMSG_DONE), the RTM_GETADDR dump (NLMSG_DONE alone: a fresh namespace
 * has none), the filtered RTM_GETROUTE dump (NLMSG_DONE alone), the hosts
 * temp file, sethostname() and the hostname temp file, the MAC by ioctl
 * (SIOCSIFHWADDR, gnb0 still down), gnb0's accept_ra and autoconf to 0
 * (IPv6 is configured statically: openat, write, close of each in
 * /proc/sys/net/ipv6/conf/gnb0/, before gnb0 comes up), batch 1
 * (RTM_NEWLINKs lo up and gnb0's MTU, the two RTM_NEWADDRs, the arp_notify
 * RTM_NEWLINK, the last ACKed), batch 2 (RTM_NEWLINK gnb0 up, the two
 * RTM_NEWROUTEs, the last ACKed), the NA, the resolv.conf temp file (each
 * temp file written and left open), then per file its fsync(), close() and
 * rename: 48 calls from execve to exit_group, musl's start-up (arch_prctl,
 * set_tid_address) included.
 *
 * The announcements, on a fresh guest (gnb0 was down and guestnet brings it
 * up): no packet socket. Batch 1 ends with an RTM_NEWLINK setting
 * gnb0's arp_notify, so the kernel sends the gratuitous ARP itself as the
 * link comes up (in batch 2's first request), and the unsolicited
 * neighbour advertisement goes on an ICMPv6 raw socket with sendmsg(), its
 * hop limit (255) in an IPV6_HOPLIMIT control message (the kernel sums it).
 * Sent this soon after the link comes up, the NA can beat the kernel's own
 * IPv6 set-up of gnb0 (done from linkwatch, asynchronously: the ff00::/8
 * route, fe80::): ff02::1 then follows the default route just added, and
 * the NA waits for the gateway's neighbour solicitation and goes to the
 * gateway alone, or nowhere (the bench's peer has no 2001:db8::1). Seen
 * with tcpdump on the peer in 2 of 3 runs of this program at a8c773f
 * (then with SIOCSIFFLAGS and a setsockopt; not looked at again since);
 * guestnet, a little slower, got its NA to ff02::1 in the 2 runs looked
 * at, but runs the same race (test/FINDINGS.md F11, open).
 *
 * Built with -DFLOOR_NO_ANNOUNCE it leaves out the whole announce step, for
 * the bench row that shows what that step costs: the NA's three calls
 * (socket, sendmsg, close) and the arp_notify request, so batch 1 is lo
 * up, the MTU and the two RTM_NEWADDRs alone with the last one ACKed (as
 * guestnet sends it when it announces nothing; the later requests keep
 * their sequence numbers, which the kernel only echoes) and no gratuitous
 * ARP goes out as the link comes up. 45 calls; its end state lacks only
 * the arp_notify (and the peers were told nothing).
 *
 * ROOT is the directory the bench passes guestnet as --root; its etc
 * exists before the run. Exit status 0 whatever happened (nothing is
 * checked); 2 without ROOT.
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
 *   tools/bench/trace.sh build/bench/floor @ROOT@
 *                                      the same listing for this program
 *
 * Edit main() until its listing's calls match guestnet's call for call
 * (`make bench` compares the two sequences and prints "in step" or the
 * first difference, with both counts; BENCH_RUNS=1 for a quick look), and
 * take changed bytes from -c. The recvfrom()s are as many as guestnet makes
 * for a fresh guest: one per datagram of a dump (the records, if any, then
 * NLMSG_DONE) and one per batch with an ACK. The bench builds it as
 * guestnet's static musl build is built (the compiler and specs of
 * `tools/build.sh --vars musl-static`, -Os, static).
 *
 * The bytes of the NA (a sendmsg(), which -c leaves out) are in the plain
 * listing's dump of the call; the control message's are as guestnet's
 * dev_na_announce() builds them (strace shows its level, type and length).
 *
 * Last regenerated for guestnet's 40-call sequence at d44d518 (the run as
 * a pipeline: the snapshot's three dumps first, with strict checking and
 * the route dump filtered; ROOT opened O_PATH and etc by openat2; the files
 * staged after the snapshot; lo up by RTM_NEWLINK leading batch 1, no
 * SIOCGIFFLAGS/SIOCSIFFLAGS; a 32 KiB reply buffer).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* The kernel ABI, as guestnet mirrors it (no <linux/...> headers). */
struct nl_sockaddr {		/* struct sockaddr_nl */
	uint16_t family;	/* AF_NETLINK */
	uint16_t pad;
	uint32_t pid;		/* 0: the kernel */
	uint32_t groups;
};
struct in6_sockaddr {		/* struct sockaddr_in6 */
	uint16_t family;	/* AF_INET6 */
	uint16_t port;		/* a raw socket: none */
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;	/* the interface, for ff02::1 */
};
struct open_how {		/* linux/openat2.h */
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
_Static_assert(sizeof(struct open_how) == 24, "struct open_how");
enum {
	GN_SYS_openat2 = 437,		/* every architecture of the unified table */
	GN_RESOLVE_NO_MAGICLINKS = 0x02,
	GN_RESOLVE_IN_ROOT = 0x10,
	GN_NETLINK_ROUTE = 0,
	GN_SOL_NETLINK = 270,
	GN_NETLINK_EXT_ACK = 11,
	GN_NETLINK_GET_STRICT_CHK = 12,
	GN_IPPROTO_IPV6 = 41,		/* SOL_IPV6 */
	GN_IPV6_HOPLIMIT = 52,		/* a control message */
	GN_IPPROTO_ICMPV6 = 58,
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

/* RTM_GETLINK dump, every link, no statistics (seq 1): lo's and gnb0's
 * records in one datagram, then NLMSG_DONE. */
static const unsigned char getlink[] = {
	0x28, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x03, /* len 40, GETLINK, REQUEST|DUMP */
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 1, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* ifinfomsg: AF_UNSPEC, ifindex 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* flags 0, change 0 */
	0x08, 0x00, 0x1d, 0x00, 0x08, 0x00, 0x00, 0x00, /* IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS */
};

/* RTM_GETADDR dump, every family (seq 2): a fresh namespace has no
 * address (lo is down), so NLMSG_DONE alone. */
static const unsigned char getaddr[] = {
	0x18, 0x00, 0x00, 0x00, 0x16, 0x00, 0x01, 0x03, /* len 24, GETADDR, REQUEST|DUMP */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 2, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* ifaddrmsg: AF_UNSPEC */
};

/* RTM_GETROUTE dump filtered by the kernel (strict checking): table main,
 * gnb0 (seq 3): gnb0 is down with no route, so NLMSG_DONE alone. */
static const unsigned char getroute[] = {
	0x2c, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x01, 0x03, /* len 44, GETROUTE, REQUEST|DUMP */
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 3, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* rtmsg: AF_UNSPEC */
	0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x0f, 0x00, 0xfe, 0x00, 0x00, 0x00, /* RTA_TABLE main */
	0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* RTA_OIF 2 */
};

/* Batch 1: RTM_NEWLINK lo up (seq 4: IFF_UP in flags and change), gnb0's
 * MTU 1400 (seq 5), then RTM_NEWADDR 192.0.2.2/30 (seq 6) and
 * 2001:db8::2/64 nodad (seq 7), on gnb0; ack is seq 7's low flags byte:
 * 0x01 REQUEST, 0x05 REQUEST|ACK. */
#define LO_MTU_NEWADDRS(ack)                                                  \
	0x20, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, /* len 32, NEWLINK, REQUEST */ \
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 4, pid 0 */    \
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* ifinfomsg: AF_UNSPEC, ifindex 1 */ \
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* flags IFF_UP, change IFF_UP */ \
	0x28, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, /* len 40, NEWLINK, REQUEST */ \
	0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 5, pid 0 */    \
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* ifinfomsg: AF_UNSPEC, ifindex 2 */ \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* flags 0, change 0 */ \
	0x08, 0x00, 0x04, 0x00, 0x78, 0x05, 0x00, 0x00, /* IFLA_MTU 1400 */   \
	0x28, 0x00, 0x00, 0x00, 0x14, 0x00, 0x01, 0x06, /* len 40, NEWADDR, REQUEST|EXCL|CREATE */ \
	0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 6, pid 0 */    \
	0x02, 0x1e, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* AF_INET /30, ifindex 2 */ \
	0x08, 0x00, 0x02, 0x00, 0xc0, 0x00, 0x02, 0x02, /* IFA_LOCAL 192.0.2.2 */ \
	0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x02, /* IFA_ADDRESS 192.0.2.2 */ \
	0x40, 0x00, 0x00, 0x00, 0x14, 0x00, ack, 0x06,	/* len 64, NEWADDR, REQUEST[|ACK]|EXCL|CREATE */ \
	0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 7, pid 0 */    \
	0x0a, 0x40, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, /* AF_INET6 /64, NODAD, ifindex 2 */ \
	0x14, 0x00, 0x02, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* IFA_LOCAL 2001:db8::2 */ \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                       \
	0x00, 0x00, 0x00, 0x02,                                               \
	0x14, 0x00, 0x01, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* IFA_ADDRESS 2001:db8::2 */ \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                       \
	0x00, 0x00, 0x00, 0x02

#ifndef FLOOR_NO_ANNOUNCE
/* Batch 1 whole: lo up, the MTU, the two addresses, then RTM_NEWLINK
 * gnb0's arp_notify = 1 (seq 8, ACK), in one datagram of 228 bytes. */
static const unsigned char batch1[] = {
	LO_MTU_NEWADDRS(0x01),
	0x34, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00, /* len 52, NEWLINK, REQUEST|ACK */
	0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 8, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* ifinfomsg: AF_UNSPEC, ifindex 2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* flags 0, change 0 */
	0x14, 0x00, 0x1a, 0x00,				/* IFLA_AF_SPEC */
	0x10, 0x00, 0x02, 0x00,				/*  AF_INET */
	0x0c, 0x00, 0x01, 0x00,				/*   IFLA_INET_CONF */
	0x08, 0x00, 0x16, 0x00, 0x01, 0x00, 0x00, 0x00, /*    IPV4_DEVCONF_ARP_NOTIFY 1 */
};
#else
/* Batch 1 without the arp_notify request: seq 7 ACKed (176 bytes). */
static const unsigned char batch1[] = { LO_MTU_NEWADDRS(0x05) };
#endif

/* Batch 2: RTM_NEWLINK gnb0 up (seq 9: IFF_UP in flags and change), then
 * RTM_NEWROUTE default via 192.0.2.1 (seq 10, no ACK) and via 2001:db8::1
 * (seq 11, ACK), dev gnb0, main table, proto boot, in one datagram. */
static const unsigned char batch2[] = {
	0x20, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, /* len 32, NEWLINK, REQUEST */
	0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 9, pid 0 */
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* ifinfomsg: AF_UNSPEC, ifindex 2 */
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* flags IFF_UP, change IFF_UP */
	0x2c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x01, 0x05, /* len 44, NEWROUTE, REQUEST|REPLACE|CREATE */
	0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 10, pid 0 */
	0x02, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, /* AF_INET /0, main, boot, universe, unicast */
	0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0x01, /* RTA_GATEWAY 192.0.2.1 */
	0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* RTA_OIF 2 */
	0x38, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x05, /* len 56, NEWROUTE, REQUEST|ACK|REPLACE|CREATE */
	0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* seq 11, pid 0 */
	0x0a, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, /* AF_INET6 /0, main, boot, universe, unicast */
	0x00, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x05, 0x00, 0x20, 0x01, 0x0d, 0xb8, /* RTA_GATEWAY 2001:db8::1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, /* RTA_OIF 2 */
};

/* ------------------------------------------- the announcement (new MAC) */

#ifndef FLOOR_NO_ANNOUNCE
/* Unsolicited neighbour advertisement (override) for 2001:db8::2 at
 * 02:00:00:00:00:01: the ICMPv6 message alone; the kernel adds the IPv6
 * header and the checksum. */
static unsigned char na[] = {
	0x88, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, /* NA, code 0, checksum 0, override */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, /* target 2001:db8::2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* target link-layer address */
};
static struct in6_sockaddr na_to = {
	.family = AF_INET6,
	.addr = { 0xff, 0x02, [15] = 0x01 }, /* ff02::1 */
	.scope_id = GNB0_IFINDEX,
};
/* The hop limit with the datagram, as guestnet's dev_na_announce() builds
 * it: one IPV6_HOPLIMIT control message of CMSG_LEN(4) bytes, 255 (RFC
 * 4861: a peer takes it only from the link itself), in CMSG_SPACE(4). */
static union {
	struct {
		struct cmsghdr h;
		int hops;
	} c;
	unsigned char bytes[CMSG_SPACE(sizeof(int))];
} na_control = {
	.c = { .h = { .cmsg_len = CMSG_LEN(sizeof(int)),
		      .cmsg_level = GN_IPPROTO_IPV6,
		      .cmsg_type = GN_IPV6_HOPLIMIT },
	       .hops = 255 },
};
_Static_assert(sizeof(struct cmsghdr) == CMSG_ALIGN(sizeof(struct cmsghdr)),
	       "the hop limit is at CMSG_DATA()");
static struct iovec na_iov = { .iov_base = na, .iov_len = sizeof na };
static const struct msghdr na_msg = {
	.msg_name = &na_to,
	.msg_namelen = sizeof na_to,
	.msg_iov = &na_iov,
	.msg_iovlen = 1,
	.msg_control = na_control.bytes,
	.msg_controllen = sizeof na_control.bytes,
};
#endif

/* ------------------------------------------------------ the MAC, the root */

static const struct ifreq gnb0_mac = {
	.ifr_name = "gnb0",
	.ifr_hwaddr = { .sa_family = 1 /* ARPHRD_ETHER */,
			.sa_data = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } },
};

/* ROOT/etc resolved beneath ROOT, as guestnet's hosts_openat2() asks. */
static const struct open_how etc_how = {
	.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
	.resolve = GN_RESOLVE_IN_ROOT | GN_RESOLVE_NO_MAGICLINKS,
};

static const struct nl_sockaddr kernel = { .family = AF_NETLINK };

/* The reply buffer, guestnet's size. */
static unsigned char rx[32768];
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
	struct pollfd std[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };
	int root, etc, nl, fd;
	const int temp_flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			       O_CLOEXEC;
	int hosts_fd, hostname_fd, resolv_fd;
#ifndef FLOOR_NO_ANNOUNCE
	int icmp;
#endif

	if (argc != 2)
		return 2;

	/* out_fds_ready: are 0-2 open (none is closed here: no more calls) */
	poll(std, 3, 0);
	umask(0); /* main: files 0644, /etc 0755 */

	/* the root: ROOT as a path, its etc beneath it */
	root = openat(AT_FDCWD, argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	etc = syscall(GN_SYS_openat2, root, "etc", &etc_how, sizeof etc_how);

	/* the run's one netlink socket, extended ACKs and strict checking
	 * (filtered dumps); no bind() (the kernel binds it on the first send) */
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, GN_NETLINK_ROUTE);
	setsockopt(nl, GN_SOL_NETLINK, GN_NETLINK_EXT_ACK, &one, sizeof one);
	setsockopt(nl, GN_SOL_NETLINK, GN_NETLINK_GET_STRICT_CHK, &one,
		   sizeof one);

	/* the snapshot: the links (lo and gnb0: index, flags, MAC, MTU) */
	sendto(nl, getlink, sizeof getlink, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* lo and gnb0 */
	RECV(nl); /* NLMSG_DONE */

	/* the snapshot: the addresses (none) */
	sendto(nl, getaddr, sizeof getaddr, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* NLMSG_DONE */

	/* the snapshot: gnb0's routes in the main table (none) */
	sendto(nl, getroute, sizeof getroute, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* NLMSG_DONE */

	/* hosts: stage /etc/hosts (left open, committed at the end) */
	hosts_fd = openat(etc, ".hosts.guestnet", temp_flags, 0644);
	write(hosts_fd, hosts, sizeof hosts - 1);

	/* hostname: sethostname(), stage /etc/hostname */
	sethostname("bench-01", 8);
	hostname_fd = openat(etc, ".hostname.guestnet", temp_flags, 0644);
	write(hostname_fd, hostname, sizeof hostname - 1);

	/* gnb0's MAC differs from the link's: set (while gnb0 is down) */
	ioctl(nl, SIOCSIFHWADDR, &gnb0_mac);

	/* IPv6 configured statically: router advertisements and
	 * autoconfiguration off before gnb0 comes up (a fresh veth has 1 and
	 * 1); no netlink request sets them */
	fd = openat(AT_FDCWD, "/proc/sys/net/ipv6/conf/gnb0/accept_ra",
		    O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	write(fd, "0\n", 2);
	close(fd);
	fd = openat(AT_FDCWD, "/proc/sys/net/ipv6/conf/gnb0/autoconf",
		    O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	write(fd, "0\n", 2);
	close(fd);

	/* batch 1: lo up, the MTU, the addresses (lo's are the kernel's),
	 * arp_notify; the last request ACKed */
	sendto(nl, batch1, sizeof batch1, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* ACK of seq 8 (of seq 7 without the announce step) */

	/* batch 2: gnb0 up (the kernel's gratuitous ARP), the two default
	 * routes (none to remove); the last request ACKed */
	sendto(nl, batch2, sizeof batch2, 0,
	       (const struct sockaddr *)&kernel, sizeof kernel);
	RECV(nl); /* ACK of seq 11 */

	/* neighbours: gnb0 was down, none learned: no calls */

#ifndef FLOOR_NO_ANNOUNCE
	/* announce: the MAC changed; IPv4's ARP was the kernel's, the NA on
	 * an ICMPv6 socket, its hop limit with it */
	icmp = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, GN_IPPROTO_ICMPV6);
	sendmsg(icmp, &na_msg, 0);
	close(icmp);
#endif

	/* resolv: stage /etc/resolv.conf */
	resolv_fd = openat(etc, ".resolv.conf.guestnet", temp_flags, 0644);
	write(resolv_fd, resolv, sizeof resolv - 1);

	/* the commit: each file flushed alone (fsync), closed, renamed */
	fsync(hosts_fd);
	close(hosts_fd);
	renameat(etc, ".hosts.guestnet", etc, "hosts");
	fsync(hostname_fd);
	close(hostname_fd);
	renameat(etc, ".hostname.guestnet", etc, "hostname");
	fsync(resolv_fd);
	close(resolv_fd);
	renameat(etc, ".resolv.conf.guestnet", etc, "resolv.conf");

	return 0; /* exit_group(0) */
}
