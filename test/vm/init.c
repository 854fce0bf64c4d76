/* SPDX-License-Identifier: Apache-2.0 */
/*
 * init.c -- PID 1 of the VM test initramfs (test/vm/run.sh boots it).
 *
 * It does what a guest agent does, then checks the result from inside the
 * guest and prints one `PASS name` / `FAIL name: why` line per check:
 *
 *   1. mount /proc, /sys, /dev; load the virtio modules listed in
 *      /modules/order with finit_module(2);
 *   2. run /guestnet with init's own environment, which the kernel built from
 *      its command line (MSB_* and the gnvm_* knobs below);
 *   3. read the network state back over rtnetlink (links, addresses, routes)
 *      and compare it, the hostname and the files under /etc with what the
 *      MSB_* values ask for;
 *   4. ping the gateways over ICMP and ICMPv6, wait for the host's own echo
 *      requests (the host pings the guest from its network namespace), and
 *      power off;
 *   5. with gnvm_snapshot=PORT, before powering off: print "INIT snapshot:
 *      waiting" and wait on the virtio-serial port named PORT.  The host saves
 *      the VM there (migration to a file), restores it in a new qemu on
 *      another network, and writes one line on the port:
 *        gnvm-identity MSB_NET=... MSB_NET_IPV4=... MSB_HOSTNAME=...
 *      The init replaces every MSB_* variable of its environment with the
 *      line's, runs guestnet again and checks the new identity as in 3 and 4,
 *      and that nothing of the old one is left (addresses, routes, MAC).
 *
 * Knobs (kernel command line, so they reach the environment):
 *   gnvm_name=S     scenario name, for the log
 *   gnvm_rc=N       guestnet's expected exit status (default 0)
 *   gnvm_wait=N     start `guestnet --wait N` before virtio_net is loaded
 *   gnvm_cmdline=1  run `guestnet --cmdline` with an empty environment
 *   gnvm_verbose=1  add --verbose
 *   gnvm_hostwait=N seconds to wait for the host's echo requests (default 20)
 *   gnvm_snapshot=PORT  step 5 above, on the virtio-serial port named PORT
 *   gnvm_crash=FS   the crash scenarios instead of all the above: mount the
 *                   virtio disk /dev/vda (FS: ext4, xfs), print its three
 *                   /etc files in hex, then run `guestnet --verbose --root
 *                   /mnt` again and again with new values (markers "GNC
 *                   begin N", "GNC exit N", "GNC synced N" on the console,
 *                   each drained from the UART) while another process
 *                   fsyncs a file of its own, until the host kills qemu
 *   gnvm_crash_seq=S  value numbers S+1, S+2... for the runs
 *   gnvm_crash_final=1  only mount, print, unmount cleanly
 *   gnvm_crash_runs=N   runs before giving up on the kill (default 50)
 *   gnvm_rename=NAME  rename MSB_NET's iface to NAME before guestnet runs (as
 *                   udev would: ens3); guestnet must find the NIC by its MAC,
 *                   configure it under NAME and say so in one stderr line
 *
 * With ip= or nameserver= in its environment (the ip= family, issue 17) the
 * init checks instead what those words on /proc/cmdline ask for (see
 * ip_main): every interface they name, its addresses and default routes (or
 * none without a gateway), the hostname, the files; it pings each
 * interface's host end (its gateway, else the first address of its prefix)
 * and waits for the host's echo requests from each.  It prints what the
 * kernel left of them in its environment ("INIT environment: ...").
 *
 * A test program: stdio is fine here, but like guestnet it includes no
 * <linux/...> header; the few kernel ABI pieces it needs are defined below.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* ---- kernel ABI (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h) ---- */
#define GN_NETLINK_ROUTE 0
#define GN_NLMSG_ERROR 2
#define GN_NLMSG_DONE 3
#define GN_NLM_F_REQUEST 0x1
#define GN_NLM_F_DUMP 0x300
#define GN_RTM_NEWLINK 16
#define GN_RTM_GETLINK 18
#define GN_RTM_NEWADDR 20
#define GN_RTM_GETADDR 22
#define GN_RTM_NEWROUTE 24
#define GN_RTM_GETROUTE 26
#define GN_IFLA_ADDRESS 1
#define GN_IFLA_IFNAME 3
#define GN_IFLA_MTU 4
#define GN_IFA_ADDRESS 1
#define GN_IFA_LOCAL 2
#define GN_IFA_FLAGS 8
#define GN_IFA_F_NODAD 0x02
#define GN_IFA_F_DADFAILED 0x08
#define GN_IFA_F_TENTATIVE 0x40
#define GN_RTA_DST 1
#define GN_RTA_OIF 4
#define GN_RTA_GATEWAY 5
#define GN_RTA_TABLE 15
#define GN_RTNH_F_ONLINK 4
#define GN_RT_TABLE_MAIN 254
#define GN_RTN_UNICAST 1

struct gn_nlmsghdr { uint32_t len; uint16_t type, flags; uint32_t seq, pid; };
struct gn_ifinfomsg { uint8_t family, pad; uint16_t type; int32_t index; uint32_t flags, change; };
struct gn_ifaddrmsg { uint8_t family, prefixlen, flags, scope; uint32_t index; };
struct gn_rtmsg { uint8_t family, dst_len, src_len, tos, table, protocol, scope, type; uint32_t flags; };
struct gn_rtattr { uint16_t len, type; };
_Static_assert(sizeof(struct gn_nlmsghdr) == 16, "nlmsghdr");
_Static_assert(sizeof(struct gn_ifinfomsg) == 16, "ifinfomsg");
_Static_assert(sizeof(struct gn_ifaddrmsg) == 8, "ifaddrmsg");
_Static_assert(sizeof(struct gn_rtmsg) == 12, "rtmsg");
_Static_assert(sizeof(struct gn_rtattr) == 4, "rtattr");
#define GN_ALIGN(n) (((n) + 3u) & ~3u)

/* ---- results ---- */
static int npass, nfail;
static const char *phase = "";	/* prefix of the check names: "restored: " after a restore */

static void check(int ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;
	if (ok) {
		npass++;
		printf("PASS %s%s\n", phase, name);
		return;
	}
	nfail++;
	printf("FAIL %s%s: ", phase, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static double uptime(void)
{
	char b[64] = "";
	FILE *f = fopen("/proc/uptime", "r");
	if (f) {
		if (!fgets(b, sizeof b, f))
			b[0] = 0;
		fclose(f);
	}
	return atof(b);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the MSB_* values, split without validation (guestnet validates) ---- */
struct want {
	char iface[32], mac[32], mtu[16];
	char a4[64], gw4[64], dns4[64];
	char a6[96], gw6[96], dns6[96];
	const char *net, *ip4, *ip6, *host, *alias;
};

/* copy the value of KEY from a "k=v,k=v" list */
static void kv(const char *s, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	out[0] = 0;
	while (s && *s) {
		if (!strncmp(s, key, kl) && s[kl] == '=') {
			size_t n = strcspn(s + kl + 1, ",");
			if (n >= cap)
				n = cap - 1;
			memcpy(out, s + kl + 1, n);
			out[n] = 0;
			return;
		}
		s = strchr(s, ',');
		if (s)
			s++;
	}
}

static void want_read(struct want *w)
{
	memset(w, 0, sizeof *w);
	w->net = getenv("MSB_NET");
	w->ip4 = getenv("MSB_NET_IPV4");
	w->ip6 = getenv("MSB_NET_IPV6");
	w->host = getenv("MSB_HOSTNAME");
	w->alias = getenv("MSB_HOST_ALIAS");
	kv(w->net, "iface", w->iface, sizeof w->iface);
	kv(w->net, "mac", w->mac, sizeof w->mac);
	kv(w->net, "mtu", w->mtu, sizeof w->mtu);
	if (!w->mtu[0])
		strcpy(w->mtu, "1500");
	kv(w->ip4, "addr", w->a4, sizeof w->a4);
	kv(w->ip4, "gw", w->gw4, sizeof w->gw4);
	kv(w->ip4, "dns", w->dns4, sizeof w->dns4);
	kv(w->ip6, "addr", w->a6, sizeof w->a6);
	kv(w->ip6, "gw", w->gw6, sizeof w->gw6);
	kv(w->ip6, "dns", w->dns6, sizeof w->dns6);
	if (!w->iface[0])
		strcpy(w->iface, "eth0");
}

/* "A/N" -> address bytes and prefix; 0 on success */
static int prefix_parse(int fam, const char *s, unsigned char *a, int *plen)
{
	char t[96], *slash;
	snprintf(t, sizeof t, "%s", s);
	slash = strchr(t, '/');
	if (!slash)
		return -1;
	*slash = 0;
	*plen = atoi(slash + 1);
	return inet_pton(fam, t, a) == 1 ? 0 : -1;
}

static int in_prefix(const unsigned char *a, const unsigned char *b, int plen)
{
	int i;
	for (i = 0; i < plen; i++)
		if (((a[i / 8] ^ b[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

/* ---- rtnetlink dumps ---- */
struct link { int index; char name[IFNAMSIZ]; unsigned flags, mtu; unsigned char mac[8]; int maclen; };
struct addr { int family, index, plen; unsigned flags; unsigned char a[16]; };
struct route { int family, dst_len, oif, has_gw, table, type; unsigned flags; unsigned char gw[16]; };
static struct link links[16];
static struct addr addrs[48];
static struct route routes[64];
static int nlinks, naddrs, nroutes;

static void parse_link(const struct gn_nlmsghdr *h)
{
	const struct gn_ifinfomsg *ifi = (const void *)(h + 1);
	const unsigned char *p = (const unsigned char *)(ifi + 1), *end = (const unsigned char *)h + h->len;
	struct link *l;
	if (nlinks == (int)(sizeof links / sizeof links[0]) || h->len < sizeof *h + sizeof *ifi)
		return;
	l = &links[nlinks++];
	memset(l, 0, sizeof *l);
	l->index = ifi->index;
	l->flags = ifi->flags;
	while (p + sizeof(struct gn_rtattr) <= end) {
		const struct gn_rtattr *ra = (const void *)p;
		unsigned n;
		if (ra->len < sizeof *ra || p + ra->len > end)
			break;
		n = ra->len - sizeof *ra;
		if (ra->type == GN_IFLA_IFNAME && n && n <= IFNAMSIZ)
			snprintf(l->name, sizeof l->name, "%.*s", (int)n, (const char *)(ra + 1));
		else if (ra->type == GN_IFLA_MTU && n == 4)
			memcpy(&l->mtu, ra + 1, 4);
		else if (ra->type == GN_IFLA_ADDRESS && n <= sizeof l->mac)
			memcpy(l->mac, ra + 1, l->maclen = (int)n);
		p += GN_ALIGN(ra->len);
	}
}

static void parse_addr(const struct gn_nlmsghdr *h)
{
	const struct gn_ifaddrmsg *ifa = (const void *)(h + 1);
	const unsigned char *p = (const unsigned char *)(ifa + 1), *end = (const unsigned char *)h + h->len;
	struct addr *a;
	int have_local = 0;
	if (naddrs == (int)(sizeof addrs / sizeof addrs[0]) || h->len < sizeof *h + sizeof *ifa)
		return;
	a = &addrs[naddrs++];
	memset(a, 0, sizeof *a);
	a->family = ifa->family;
	a->index = (int)ifa->index;
	a->plen = ifa->prefixlen;
	a->flags = ifa->flags;
	while (p + sizeof(struct gn_rtattr) <= end) {
		const struct gn_rtattr *ra = (const void *)p;
		unsigned n;
		if (ra->len < sizeof *ra || p + ra->len > end)
			break;
		n = ra->len - sizeof *ra;
		/* IFA_LOCAL is the address itself; IFA_ADDRESS is the peer on p2p links */
		if ((ra->type == GN_IFA_LOCAL || (ra->type == GN_IFA_ADDRESS && !have_local)) && n <= 16) {
			memcpy(a->a, ra + 1, n);
			have_local |= ra->type == GN_IFA_LOCAL;
		} else if (ra->type == GN_IFA_FLAGS && n == 4)
			memcpy(&a->flags, ra + 1, 4);
		p += GN_ALIGN(ra->len);
	}
}

static void parse_route(const struct gn_nlmsghdr *h)
{
	const struct gn_rtmsg *rt = (const void *)(h + 1);
	const unsigned char *p = (const unsigned char *)(rt + 1), *end = (const unsigned char *)h + h->len;
	struct route *r;
	if (nroutes == (int)(sizeof routes / sizeof routes[0]) || h->len < sizeof *h + sizeof *rt)
		return;
	r = &routes[nroutes++];
	memset(r, 0, sizeof *r);
	r->family = rt->family;
	r->dst_len = rt->dst_len;
	r->table = rt->table;
	r->type = rt->type;
	r->flags = rt->flags;
	while (p + sizeof(struct gn_rtattr) <= end) {
		const struct gn_rtattr *ra = (const void *)p;
		unsigned n;
		if (ra->len < sizeof *ra || p + ra->len > end)
			break;
		n = ra->len - sizeof *ra;
		if (ra->type == GN_RTA_OIF && n == 4)
			memcpy(&r->oif, ra + 1, 4);
		else if (ra->type == GN_RTA_GATEWAY && n <= 16) {
			memcpy(r->gw, ra + 1, n);
			r->has_gw = 1;
		} else if (ra->type == GN_RTA_TABLE && n == 4) {
			uint32_t t;
			memcpy(&t, ra + 1, 4);
			r->table = (int)t;
		}
		p += GN_ALIGN(ra->len);
	}
}

/* one dump request of TYPE (AF_UNSPEC: every family); 0 on success */
static int nl_dump(int fd, int type, size_t hdrlen, unsigned seq)
{
	static union { unsigned char b[32768]; struct gn_nlmsghdr h; } u;
	struct { struct gn_nlmsghdr h; unsigned char body[16]; } req;
	memset(&req, 0, sizeof req);
	req.h.len = (uint32_t)(sizeof req.h + hdrlen);
	req.h.type = (uint16_t)type;
	req.h.flags = GN_NLM_F_REQUEST | GN_NLM_F_DUMP;
	req.h.seq = seq;
	if (send(fd, &req, req.h.len, 0) < 0)
		return -errno;
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t len;
		const unsigned char *p;
		if (poll(&pfd, 1, 5000) <= 0)
			return -ETIMEDOUT;
		len = recv(fd, u.b, sizeof u.b, 0);
		if (len < 0)
			return errno == EINTR ? 0 : -errno;
		for (p = u.b; p + sizeof(struct gn_nlmsghdr) <= u.b + len;) {
			const struct gn_nlmsghdr *h = (const void *)p;
			if (h->len < sizeof *h || p + h->len > u.b + len)
				return -EBADMSG;
			if (h->seq == seq) {
				if (h->type == GN_NLMSG_DONE)
					return 0;
				if (h->type == GN_NLMSG_ERROR) {
					int32_t e = 0;
					if (h->len >= sizeof *h + 4)
						memcpy(&e, h + 1, 4);
					return e ? e : -EPROTO;
				}
				if (h->type == GN_RTM_NEWLINK)
					parse_link(h);
				else if (h->type == GN_RTM_NEWADDR)
					parse_addr(h);
				else if (h->type == GN_RTM_NEWROUTE)
					parse_route(h);
			}
			p += GN_ALIGN(h->len);
		}
	}
}

static int read_state(void)
{
	int e, fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, GN_NETLINK_ROUTE);
	nlinks = naddrs = nroutes = 0;
	if (fd < 0)
		return -errno;
	e = nl_dump(fd, GN_RTM_GETLINK, sizeof(struct gn_ifinfomsg), 1);
	if (!e)
		e = nl_dump(fd, GN_RTM_GETADDR, sizeof(struct gn_ifaddrmsg), 2);
	if (!e)
		e = nl_dump(fd, GN_RTM_GETROUTE, sizeof(struct gn_rtmsg), 3);
	close(fd);
	return e;
}

static const struct link *link_by_name(const char *name)
{
	int i;
	for (i = 0; i < nlinks; i++)
		if (!strcmp(links[i].name, name))
			return &links[i];
	return NULL;
}

static const struct addr *addr_find(int index, int fam, const unsigned char *a)
{
	int i;
	for (i = 0; i < naddrs; i++)
		if (addrs[i].index == index && addrs[i].family == fam &&
		    !memcmp(addrs[i].a, a, fam == AF_INET ? 4 : 16))
			return &addrs[i];
	return NULL;
}

/* addresses of FAM on INDEX, link-local IPv6 left out */
static int addr_count(int index, int fam)
{
	int i, n = 0;
	for (i = 0; i < naddrs; i++)
		if (addrs[i].index == index && addrs[i].family == fam &&
		    !(fam == AF_INET6 && addrs[i].a[0] == 0xfe && (addrs[i].a[1] & 0xc0) == 0x80))
			n++;
	return n;
}

/* default routes of FAM in the main table */
static int default_routes(int fam, const struct route **first)
{
	int i, n = 0;
	for (i = 0; i < nroutes; i++)
		if (routes[i].family == fam && routes[i].dst_len == 0 && routes[i].table == GN_RT_TABLE_MAIN &&
		    routes[i].type == GN_RTN_UNICAST) {
			if (!n && first)
				*first = &routes[i];
			n++;
		}
	return n;
}

/* default routes of FAM in the main table through the interface of INDEX */
static int default_routes_on(int fam, int index)
{
	int i, n = 0;
	for (i = 0; i < nroutes; i++)
		n += routes[i].family == fam && routes[i].dst_len == 0 && routes[i].table == GN_RT_TABLE_MAIN &&
		     routes[i].type == GN_RTN_UNICAST && routes[i].oif == index;
	return n;
}

static const char *ntop(int fam, const void *a)
{
	static char b[4][INET6_ADDRSTRLEN];
	static int k;
	k = (k + 1) % 4;
	return inet_ntop(fam, a, b[k], sizeof b[k]) ? b[k] : "?";
}

/* ---- files ---- */
static int file_read(const char *path, char *buf, size_t cap)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return (int)n;
}

static void show(const char *tag, const char *s)
{
	printf("INIT %s: \"", tag);
	for (; *s; s++)
		if (*s == '\n')
			printf("\\n");
		else if (*s == '\t')
			printf("\\t");
		else
			putchar(*s);
	printf("\"\n");
}

/* PATH is a regular 0644 file holding exactly WANT */
static void check_file(const char *name, const char *path, const char *want)
{
	char got[4096];
	struct stat st;
	int n = file_read(path, got, sizeof got);
	if (n < 0) {
		check(0, name, "%s: %s", path, strerror(-n));
		return;
	}
	if (strcmp(got, want)) {
		check(0, name, "%s has other content", path);
		show("want", want);
		show("got ", got);
		return;
	}
	if (lstat(path, &st) || !S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0644) {
		check(0, name, "%s: not a regular file of mode 0644 (mode %o)", path, (unsigned)st.st_mode);
		return;
	}
	check(1, name, "%s", "");
}

static void hosts_render(const struct want *w, char *b, size_t cap)
{
	const char *h = w->host ? " " : "", *n = w->host ? w->host : "";
	size_t o = (size_t)snprintf(b, cap, "127.0.0.1\tlocalhost%s%s\n::1\tlocalhost ip6-localhost ip6-loopback%s%s\n",
	                            h, n, h, n);
	if (w->alias && w->gw4[0])
		o += (size_t)snprintf(b + o, cap - o, "%s\t%s\n", w->gw4, w->alias);
	if (w->alias && w->gw6[0])
		o += (size_t)snprintf(b + o, cap - o, "%s\t%s\n", w->gw6, w->alias);
	snprintf(b + o, cap - o, "fe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
}

/* ---- modules ---- */
static int module_load(const char *name)
{
	char path[256];
	long r;
	int fd;
	snprintf(path, sizeof path, "/modules/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = syscall(SYS_finit_module, fd, "", 0);
	r = r == 0 || errno == EEXIST ? 0 : -errno;
	close(fd);
	if (r)
		printf("INIT finit_module %s: %s\n", name, strerror((int)-r));
	return (int)r;
}

/* load /modules/order; with SKIP_LAST the last one (virtio_net) is left out */
static int modules_load(int skip_last, char *last, size_t cap)
{
	char lines[32][64];
	int i, n = 0, bad = 0;
	FILE *f = fopen("/modules/order", "r");
	if (!f)
		return -1;
	while (n < 32 && fgets(lines[n], sizeof lines[n], f)) {
		lines[n][strcspn(lines[n], "\n")] = 0;
		if (lines[n][0])
			n++;
	}
	fclose(f);
	for (i = 0; i < n - (skip_last ? 1 : 0); i++)
		bad += module_load(lines[i]) != 0;
	if (n)
		snprintf(last, cap, "%s", lines[n - 1]);
	return n ? bad : -1;
}

static int iface_wait(const char *iface, int ms)
{
	char path[64];
	struct stat st;
	int t;
	snprintf(path, sizeof path, "/sys/class/net/%s", iface);
	for (t = 0; t < ms; t += 20) {
		if (!stat(path, &st))
			return t;
		usleep(20000);
	}
	return -1;
}

/* rename the (down) interface FROM to TO, as udev does; 0 or -errno */
static int iface_rename(const char *from, const char *to)
{
	struct ifreq ifr;
	int e = 0, fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof ifr);
	if (strlen(from) >= sizeof ifr.ifr_name || strlen(to) >= sizeof ifr.ifr_newname) {
		close(fd);
		return -ENAMETOOLONG;
	}
	memcpy(ifr.ifr_name, from, strlen(from));
	memcpy(ifr.ifr_newname, to, strlen(to));
	if (ioctl(fd, SIOCSIFNAME, &ifr))
		e = -errno;
	close(fd);
	return e;
}

/* ---- guestnet ---- */
/* OUT: everything it wrote, in order; ERR: its standard error alone */
struct run { int status; char out[4096], err[4096]; };

static void guestnet_run(struct run *r, int wait_s, int use_cmdline, int verbose, const char *late_module)
{
	char ws[16], *argv[8], *empty[] = { NULL };
	extern char **environ;
	int p[2], q[2], argc = 0, st, open_fds = 2;
	size_t o = 0, oe = 0;
	pid_t pid;
	double deadline = now() + wait_s + 20;

	argv[argc++] = "/guestnet";
	if (wait_s) {
		snprintf(ws, sizeof ws, "%d", wait_s);
		argv[argc++] = "--wait";
		argv[argc++] = ws;
	}
	if (use_cmdline)
		argv[argc++] = "--cmdline";
	if (verbose)
		argv[argc++] = "--verbose";
	argv[argc] = NULL;
	r->status = -1;
	r->out[0] = r->err[0] = 0;
	if (pipe2(p, O_CLOEXEC)) {
		printf("INIT pipe: %s\n", strerror(errno));
		return;
	}
	if (pipe2(q, O_CLOEXEC)) {
		printf("INIT pipe: %s\n", strerror(errno));
		close(p[0]), close(p[1]);
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(q[1], 2);
		execve("/guestnet", argv, use_cmdline ? empty : environ);
		_exit(127);
	}
	close(p[1]);
	close(q[1]);
	if (pid < 0) {
		close(p[0]), close(q[0]);
		return;
	}
	printf("INIT run:");
	for (argc = 0; argv[argc]; argc++)
		printf(" %s", argv[argc]);
	printf("%s\n", use_cmdline ? " (empty environment)" : "");
	if (late_module) {
		usleep(500000);
		printf("INIT loading %s %.0f ms after guestnet started\n", late_module, 500.0);
		module_load(late_module);
	}
	while (open_fds) {	/* read its output until EOF on both, bounded */
		struct pollfd pfd[2] = { { p[0], POLLIN, 0 }, { q[0], POLLIN, 0 } };
		int left = (int)((deadline - now()) * 1000), i;
		if (left <= 0 || poll(pfd, 2, left) <= 0)
			break;
		for (i = 0; i < 2; i++) {
			ssize_t n;
			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, r->out + o, sizeof r->out - 1 - o);
			if (n <= 0) {
				close(pfd[i].fd);
				*(i ? &q[0] : &p[0]) = -1;
				open_fds--;
				continue;
			}
			if (i) {	/* standard error: also kept alone */
				size_t m = (size_t)n < sizeof r->err - 1 - oe ? (size_t)n : sizeof r->err - 1 - oe;
				memcpy(r->err + oe, r->out + o, m);
				oe += m;
			}
			o += (size_t)n;
		}
		if (o == sizeof r->out - 1)
			break;
	}
	r->out[o] = 0;
	r->err[oe] = 0;
	if (p[0] >= 0)
		close(p[0]);
	if (q[0] >= 0)
		close(q[0]);
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now() > deadline) {
			printf("INIT guestnet still running after %d s: killed\n", wait_s + 20);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return;
		}
		usleep(10000);
	}
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	for (char *s = r->out, *e; *s; s = e) {
		e = s + strcspn(s, "\n");
		printf("INIT guestnet said: %.*s\n", (int)(e - s), s);
		if (*e)
			e++;
	}
}

/* ---- ICMP ---- */
/* the host's addresses whose echo requests count (the gateways; with ip=,
 * the host end of each interface): REQ4/REQ6 when any came, MASK4/MASK6 per
 * peer (bit K: peer4[K] / peer6[K]) */
struct seen { int req4, req6; unsigned mask4, mask6; };
#define NPEERS 8
static unsigned char gw4b[4], gw6b[16], peer4[NPEERS][4], peer6[NPEERS][16];
static int npeer4, npeer6;

/* index of SRC (LEN bytes) in the peer list of its family, or -1 */
static int peer_index(const unsigned char *src, int fam)
{
	int i, n = fam == AF_INET ? npeer4 : npeer6;
	for (i = 0; i < n; i++)
		if (!memcmp(src, fam == AF_INET ? peer4[i] : peer6[i], fam == AF_INET ? 4 : 16))
			return i;
	return -1;
}

static void peer_add(int fam, const unsigned char *a)
{
	if (fam == AF_INET && npeer4 < NPEERS)
		memcpy(peer4[npeer4++], a, 4);
	else if (fam == AF_INET6 && npeer6 < NPEERS)
		memcpy(peer6[npeer6++], a, 16);
}

static unsigned short csum(const unsigned char *p, size_t n)
{
	unsigned long s = 0;
	size_t i;
	for (i = 0; i + 1 < n; i += 2)
		s += (unsigned)(p[i] | p[i + 1] << 8);
	if (n & 1)
		s += p[n - 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned short)~s;
}

/* drain SOCK for up to MS ms; 1 when an echo reply from DST arrived.  Echo
 * requests from the gateways (the host pinging us) are noted in SEEN. */
static int icmp_drain(int fd, int fam, const unsigned char *dst, int ms, struct seen *seen)
{
	double end = now() + ms / 1000.0;
	unsigned char b[2048];
	int got = 0;
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		struct sockaddr_storage from;
		socklen_t fl = sizeof from;
		int left = (int)((end - now()) * 1000);
		ssize_t n;
		if (fd < 0 || left <= 0 || poll(&pfd, 1, left) <= 0)
			return got;
		n = recvfrom(fd, b, sizeof b, 0, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			continue;
		if (fam == AF_INET) {
			size_t hl = (size_t)(b[0] & 15) * 4;
			const unsigned char *src = b + 12;
			if ((size_t)n < hl + 8)
				continue;
			if (b[hl] == 8 && peer_index(src, AF_INET) >= 0) {
				seen->req4 = 1;
				seen->mask4 |= 1u << peer_index(src, AF_INET);
			}
			if (dst && b[hl] == 0 && !memcmp(src, dst, 4) && b[hl + 4] == 0x47 && b[hl + 5] == 0x4e)
				got = 1;
		} else {
			const unsigned char *src = (const unsigned char *)&((struct sockaddr_in6 *)&from)->sin6_addr;
			if (n < 8)
				continue;
			if (b[0] == 128 && peer_index(src, AF_INET6) >= 0) {
				seen->req6 = 1;
				seen->mask6 |= 1u << peer_index(src, AF_INET6);
			}
			if (dst && b[0] == 129 && !memcmp(src, dst, 16) && b[4] == 0x47 && b[5] == 0x4e)
				got = 1;
		}
		if (got)
			return got;
	}
}

/* echo request to DST once a second until a reply, at most TRIES times */
static int ping(int fd, int fam, const unsigned char *dst, int tries, struct seen *seen)
{
	struct sockaddr_storage to;
	int i;
	memset(&to, 0, sizeof to);
	if (fam == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&to;
		s->sin_family = AF_INET;
		memcpy(&s->sin_addr, dst, 4);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&to;
		s->sin6_family = AF_INET6;
		memcpy(&s->sin6_addr, dst, 16);
	}
	for (i = 0; i < tries && fd >= 0; i++) {
		unsigned char pkt[56];
		memset(pkt, 0, sizeof pkt);
		pkt[0] = fam == AF_INET ? 8 : 128;
		pkt[4] = 0x47, pkt[5] = 0x4e, pkt[7] = (unsigned char)i;	/* id "GN", seq */
		if (fam == AF_INET) {	/* the kernel sums ICMPv6 itself */
			unsigned short c = csum(pkt, sizeof pkt);
			memcpy(pkt + 2, &c, 2);
		}
		if (sendto(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&to,
		           fam == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) < 0)
			printf("INIT ping %s: sendto: %s\n", ntop(fam, dst), strerror(errno));
		if (icmp_drain(fd, fam, dst, 1000, seen)) {
			printf("INIT ping %s: reply to request %d at uptime %.2f s\n", ntop(fam, dst), i + 1, uptime());
			return 1;
		}
	}
	return 0;
}

/* ---- the checks ---- */
static void check_link(const struct want *w, const struct link *l)
{
	unsigned char mac[6];
	char why[64];
	int ok = sscanf(w->mac, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx", &mac[0], &mac[1], &mac[2], &mac[3],
	                &mac[4], &mac[5]) == 6 && l->maclen == 6 && !memcmp(l->mac, mac, 6);
	snprintf(why, sizeof why, "%02x:%02x:%02x:%02x:%02x:%02x", l->mac[0], l->mac[1], l->mac[2], l->mac[3],
	         l->mac[4], l->mac[5]);
	check(ok, "iface MAC", "%s has %s, want %s", w->iface, why, w->mac);
	check(l->mtu == (unsigned)atoi(w->mtu), "iface MTU", "%s has %u, want %s", w->iface, l->mtu, w->mtu);
	check(l->flags & IFF_UP, "iface up", "%s flags %#x", w->iface, l->flags);
}

/* checks FAM's address and default route; 1 when the address is there */
static int check_family(const struct want *w, const struct link *l, int fam)
{
	const char *fs = fam == AF_INET ? "IPv4" : "IPv6";
	const char *as = fam == AF_INET ? w->a4 : w->a6, *gs = fam == AF_INET ? w->gw4 : w->gw6;
	unsigned char a[16] = { 0 }, g[16] = { 0 };
	const struct addr *ad;
	const struct route *r = NULL;
	int plen = -1, n, alen = fam == AF_INET ? 4 : 16;
	char name[160];

	if (!as[0]) {	/* not configured: nothing of that family on the interface */
		snprintf(name, sizeof name, "no %s address or default route", fs);
		n = default_routes(fam, NULL);
		check(!addr_count(l->index, fam) && !n, name, "%d address(es), %d default route(s)",
		      addr_count(l->index, fam), n);
		return 0;
	}
	if (prefix_parse(fam, as, a, &plen) || (gs[0] && inet_pton(fam, gs, g) != 1)) {
		check(0, "test input", "cannot parse %s %s / %s", fs, as, gs);
		return 0;
	}
	ad = addr_find(l->index, fam, a);
	snprintf(name, sizeof name, "%s address %s", fs, as);
	if (ad)
		check(ad->plen == plen, name, "prefix length %d", ad->plen);
	else
		check(0, name, "not on %s", w->iface);
	if (fam == AF_INET6 && ad) {
		check(!(ad->flags & (GN_IFA_F_TENTATIVE | GN_IFA_F_DADFAILED)), "IPv6 address usable (no DAD)",
		      "flags %#x", ad->flags);
	}
	if (!gs[0]) {	/* no gateway (ip= with an empty third field): no default route on L */
		snprintf(name, sizeof name, "no %s default route on %s", fs, w->iface);
		n = default_routes_on(fam, l->index);
		check(n == 0, name, "%d", n);
		return ad != NULL;
	}
	n = default_routes(fam, &r);
	snprintf(name, sizeof name, "%s default route via %s", fs, gs);
	if (n != 1)
		check(0, name, "%d default routes", n);
	else
		check(r->has_gw && !memcmp(r->gw, g, (size_t)alen) && r->oif == l->index, name,
		      "via %s dev index %d", r->has_gw ? ntop(fam, r->gw) : "(none)", r->oif);
	if (n == 1 && !in_prefix(a, g, plen)) {
		snprintf(name, sizeof name, "%s default route on-link", fs);
		check(r->flags & GN_RTNH_F_ONLINK, name, "route flags %#x", r->flags);
	}
	return ad != NULL;
}

static void check_lo(int v6)
{
	const struct link *lo = link_by_name("lo");
	unsigned char a4[4] = { 127, 0, 0, 1 }, a6[16] = { [15] = 1 };
	const struct addr *ad;
	if (!lo) {
		check(0, "lo", "no lo");
		return;
	}
	check(lo->flags & IFF_UP, "lo up", "flags %#x", lo->flags);
	ad = addr_find(lo->index, AF_INET, a4);
	check(ad && ad->plen == 8, "lo 127.0.0.1/8", ad ? "prefix %d" : "missing", ad ? ad->plen : 0);
	ad = addr_find(lo->index, AF_INET6, a6);
	if (v6)
		check(ad && ad->plen == 128, "lo ::1/128", ad ? "prefix %d" : "missing", ad ? ad->plen : 0);
}

static void check_files(const struct want *w)
{
	char b[2048];
	struct utsname u;
	struct stat st;
	hosts_render(w, b, sizeof b);
	check_file("/etc/hosts", "/etc/hosts", b);
	if (w->host) {
		uname(&u);
		check(!strcmp(u.nodename, w->host), "hostname", "uname says \"%s\", want \"%s\"", u.nodename, w->host);
		snprintf(b, sizeof b, "%s\n", w->host);
		check_file("/etc/hostname", "/etc/hostname", b);
	} else {
		check(lstat("/etc/hostname", &st) != 0, "no /etc/hostname", "written without MSB_HOSTNAME");
	}
	if (w->dns4[0] || w->dns6[0]) {
		b[0] = 0;
		if (w->dns4[0])
			snprintf(b, sizeof b, "nameserver %s\n", w->dns4);
		if (w->dns6[0])
			snprintf(b + strlen(b), sizeof b - strlen(b), "nameserver %s\n", w->dns6);
		check_file("/etc/resolv.conf", "/etc/resolv.conf", b);	/* the dangling link replaced */
	} else {
		check(!lstat("/etc/resolv.conf", &st) && S_ISLNK(st.st_mode), "/etc/resolv.conf left alone",
		      "the initramfs symlink was changed");
	}
}

/* invalid input: nothing may have changed */
static void check_untouched(const struct want *w, const struct link *l, const char *host0)
{
	struct utsname u;
	struct stat st;
	const struct link *lo = link_by_name("lo");
	check(!(l->flags & IFF_UP) && l->mtu == 1500 && !addr_count(l->index, AF_INET) &&
	      !addr_count(l->index, AF_INET6), "iface untouched", "flags %#x mtu %u, %d+%d addresses",
	      l->flags, l->mtu, addr_count(l->index, AF_INET), addr_count(l->index, AF_INET6));
	check(!default_routes(AF_INET, NULL) && !default_routes(AF_INET6, NULL), "no default routes", "found some");
	check(lo && !(lo->flags & IFF_UP), "lo untouched", "lo is up");
	check(lstat("/etc/hosts", &st) && lstat("/etc/hostname", &st), "no /etc/hosts or /etc/hostname",
	      "written on invalid input");
	check(!lstat("/etc/resolv.conf", &st) && S_ISLNK(st.st_mode), "/etc/resolv.conf untouched", "changed");
	uname(&u);
	check(!strcmp(u.nodename, host0), "hostname untouched", "\"%s\"", u.nodename);
	(void)w;
}

/* no global address of FAM on L but the configured one (a re-run must not
 * leave the former identity's addresses beside the new ones) */
static void check_only(const struct want *w, const struct link *l, int fam)
{
	const char *as = fam == AF_INET ? w->a4 : w->a6;
	unsigned char a[16] = { 0 };
	char extra[512] = "", name[160];
	int i, plen = -1, n = 0;
	size_t o = 0;
	if (as[0] && prefix_parse(fam, as, a, &plen))
		return;	/* check_family has said so */
	for (i = 0; i < naddrs; i++) {
		const struct addr *ad = &addrs[i];
		if (ad->index != l->index || ad->family != fam ||
		    (fam == AF_INET6 && ad->a[0] == 0xfe && (ad->a[1] & 0xc0) == 0x80))
			continue;
		if (as[0] && !memcmp(ad->a, a, fam == AF_INET ? 4 : 16))
			continue;
		n++;
		if (o < sizeof extra - 64)
			o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s/%d", o ? ", " : "",
			                      ntop(fam, ad->a), ad->plen);
	}
	snprintf(name, sizeof name, "only %s %s on %s", fam == AF_INET ? "IPv4" : "IPv6",
	         as[0] ? as : "(none)", w->iface);
	check(n == 0, name, "%d other address(es) left: %s", n, extra);
}

/* What a fresh boot with L's current MAC has on the IPv6 side when IPv6 is
 * configured statically: exactly one link-local address, the EUI-64 one of
 * that MAC (the kernel's default addr_gen_mode), and router advertisements
 * and autoconfiguration off.  After a restore with a new MAC this is what
 * tells a re-addressed clone from a fresh boot.  The kernel adds the
 * link-local address once the link is up with its carrier (linkwatch, a
 * moment after guestnet returns): the state is read again, every 100 ms for
 * 3 s at most, until the interface has one. */
static int ll_count(int index)
{
	int i, n = 0;
	for (i = 0; i < naddrs; i++)
		n += addrs[i].index == index && addrs[i].family == AF_INET6 && addrs[i].a[0] == 0xfe &&
		     (addrs[i].a[1] & 0xc0) == 0x80;
	return n;
}

static void check_ipv6_fresh(const struct link *link)
{
	const struct link me = *link, *l = &me;	/* read_state() rewrites links[] */
	unsigned char ll[16] = { 0xfe, 0x80 };
	char path[96], val[16], found[256] = "";
	const char *knobs[] = { "accept_ra", "autoconf" };
	int i, n = 0, match = 0;
	size_t o = 0;

	if (l->maclen != 6) {
		check(0, "IPv6 link-local of the MAC", "%s has a %d-byte address", l->name, l->maclen);
		return;
	}
	ll[8] = l->mac[0] ^ 0x02;
	ll[9] = l->mac[1];
	ll[10] = l->mac[2];
	ll[11] = 0xff;
	ll[12] = 0xfe;
	ll[13] = l->mac[3];
	ll[14] = l->mac[4];
	ll[15] = l->mac[5];
	for (i = 0; i < 30 && !ll_count(l->index); i++) {
		usleep(100000);
		read_state();
	}
	for (i = 0; i < naddrs; i++) {
		const struct addr *ad = &addrs[i];
		if (ad->index != l->index || ad->family != AF_INET6 || ad->a[0] != 0xfe || (ad->a[1] & 0xc0) != 0x80)
			continue;
		n++;
		match += !memcmp(ad->a, ll, 16);
		if (o < sizeof found - 64)
			o += (size_t)snprintf(found + o, sizeof found - o, "%s%s/%d", o ? ", " : "",
			                      ntop(AF_INET6, ad->a), ad->plen);
	}
	check(n == 1 && match == 1, "IPv6 link-local of the MAC", "want only %s, %s has: %s",
	      ntop(AF_INET6, ll), l->name, n ? found : "none");
	for (i = 0; i < 2; i++) {
		char name[64];
		snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/%s", l->name, knobs[i]);
		snprintf(name, sizeof name, "IPv6 %s 0", knobs[i]);
		if (file_read(path, val, sizeof val) <= 0)
			check(0, name, "cannot read %s", path);
		else
			check(atoi(val) == 0, name, "%s is %.*s", path, (int)strcspn(val, "\n"), val);
	}
}

/* a configuration that guestnet applied (exit 0): lo, the interface, both
 * families, the files, pings both ways.  STRICT adds check_only. */
static void check_config(const struct want *w, const struct link *l, int v6, int fd4, int fd6, int hostwait,
                         double t_net, int strict)
{
	struct seen seen = { 0, 0, 0, 0 };
	int has4, has6;
	check_lo(v6);
	check_link(w, l);
	has4 = check_family(w, l, AF_INET) && w->gw4[0];
	has6 = v6 && check_family(w, l, AF_INET6) && w->gw6[0];
	if (strict) {
		check_only(w, l, AF_INET);
		if (v6)
			check_only(w, l, AF_INET6);
	}
	if (v6 && w->a6[0])
		check_ipv6_fresh(l);
	check_files(w);
	/* without its address a family cannot talk: its pings fail at once */
	if (w->gw4[0])
		check(has4 && ping(fd4, AF_INET, gw4b, 10, &seen), "ping gateway over IPv4",
		      has4 ? "no reply from %s" : "no address to ping %s from", w->gw4);
	if (w->gw6[0] && v6)
		check(has6 && ping(fd6, AF_INET6, gw6b, 10, &seen), "ping gateway over IPv6",
		      has6 ? "no reply from %s" : "no address to ping %s from", w->gw6);
	/* the host pings us from its namespace: wait for its requests */
	for (double end = now() + hostwait; now() < end;) {
		if ((seen.req4 || !has4) && (seen.req6 || !has6))
			break;
		icmp_drain(fd4, AF_INET, NULL, 100, &seen);
		if (v6)
			icmp_drain(fd6, AF_INET6, NULL, 100, &seen);
	}
	printf("INIT host echo requests: IPv4 %s, IPv6 %s, %.2f s after guestnet returned\n",
	       seen.req4 ? "seen" : "not seen", seen.req6 ? "seen" : "not seen", uptime() - t_net);
	if (w->gw4[0])
		check(seen.req4, "host reached guest over IPv4", "no echo request from %s%s", w->gw4,
		      has4 ? " in time" : " (no address)");
	if (w->gw6[0] && v6)
		check(seen.req6, "host reached guest over IPv6", "no echo request from %s%s", w->gw6,
		      has6 ? " in time" : " (no address)");
	/* let the last echo reply leave: under load, TCG qemu may take
	 * hundreds of ms to move it to the tap before power-off drops it */
	usleep(1000000);
}

static void gateways_set(const struct want *w)
{
	inet_pton(AF_INET, w->gw4[0] ? w->gw4 : "0.0.0.0", gw4b);
	inet_pton(AF_INET6, w->gw6[0] ? w->gw6 : "::", gw6b);
	npeer4 = npeer6 = 0;
	peer_add(AF_INET, gw4b);
	peer_add(AF_INET6, gw6b);
}

/* ---- snapshot and restore (gnvm_snapshot=PORT) ---- */

/* the /dev node of the virtio-serial port named NAME, waiting up to MS ms */
static int vport_find(const char *name, char *dev, size_t cap, int ms)
{
	char path[320], b[128];
	struct stat st;
	int t;
	for (t = 0; t < ms; t += 50) {
		DIR *d = opendir("/sys/class/virtio-ports");
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
			if (file_read(path, b, sizeof b) <= 0)
				continue;
			b[strcspn(b, "\n")] = 0;
			snprintf(dev, cap, "/dev/%s", e->d_name);
			if (!strcmp(b, name) && !stat(dev, &st)) {
				closedir(d);
				return t;
			}
		}
		if (d)
			closedir(d);
		usleep(50000);
	}
	return -1;
}

/* one line from FD (its newline dropped) within MS ms of guest time; its
 * length, or -1.  While the host end is not connected, read says EOF: retry. */
static int line_read(int fd, char *buf, size_t cap, int ms)
{
	double end = now() + ms / 1000.0;
	size_t o = 0;
	buf[0] = 0;
	while (o < cap - 1) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int left = (int)((end - now()) * 1000), pr;
		ssize_t n;
		char *nl;
		if (left <= 0)
			break;
		pr = poll(&pfd, 1, left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			break;
		n = read(fd, buf + o, cap - 1 - o);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			usleep(100000);
			continue;
		}
		o += (size_t)n;
		buf[o] = 0;
		if ((nl = strchr(buf, '\n'))) {
			*nl = 0;
			return (int)(nl - buf);
		}
	}
	return -1;
}

/* "gnvm-identity MSB_X=V ...": every MSB_* variable of the environment
 * replaced by the line's; the number set, or -1 when the line is not that */
static int identity_apply(char *line)
{
	extern char **environ;
	char *tok, *save = NULL, nm[64];
	int i, n = 0;
	if (strncmp(line, "gnvm-identity ", 14))
		return -1;
	for (i = 0; i < 64; i++) {	/* bounded: unsetenv rearranges environ */
		char **e;
		for (e = environ; *e && strncmp(*e, "MSB_", 4); e++)
			;
		if (!*e)
			break;
		snprintf(nm, sizeof nm, "%.*s", (int)strcspn(*e, "="), *e);
		unsetenv(nm);
	}
	for (tok = strtok_r(line + 14, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		if (strncmp(tok, "MSB_", 4) || !eq)
			return -1;
		*eq = 0;
		if (setenv(tok, eq + 1, 1))
			return -1;
		*eq = '=';
		n++;
	}
	return n;
}

/* wait on PORT for the next identity (the host saves and restores the VM
 * meanwhile), apply it with guestnet and check it strictly */
static void restored(const char *port, int v6, int fd4, int fd6, int hostwait, int verbose)
{
	char dev[320], line[1024], shown[1024];
	struct want w;
	struct run r;
	const struct link *l;
	double t_run, t_net, t_wait;
	int fd, n, e;

	e = vport_find(port, dev, sizeof dev, 10000);
	check(e >= 0, "handoff port", "no virtio-serial port named %s after 10 s", port);
	if (e < 0)
		return;
	fd = open(dev, O_RDWR | O_CLOEXEC);
	check(fd >= 0, "handoff port open", "%s: %s", dev, strerror(errno));
	if (fd < 0)
		return;
	/* the host saves the VM when it sees this line */
	printf("INIT snapshot: waiting on %s (port %s) for the next identity, uptime %.2f s\n", dev, port, uptime());
	t_wait = now();
	n = line_read(fd, line, sizeof line, 60000);
	close(fd);
	t_wait = now() - t_wait;
	snprintf(shown, sizeof shown, "%s", n >= 0 ? line : "");
	printf("INIT restored: line after %.2f s of guest time, uptime %.2f s: \"%s\"\n", t_wait, uptime(), shown);
	phase = "restored: ";
	check(n > 0, "handoff line", "none on %s within 60 s of guest time", dev);
	if (n <= 0)
		return;
	e = identity_apply(line);
	check(e > 0, "handoff line parsed", "not \"gnvm-identity MSB_X=V ...\": \"%s\"", shown);
	if (e <= 0)
		return;
	want_read(&w);
	gateways_set(&w);
	t_run = now();
	guestnet_run(&r, 0, 0, verbose, NULL);
	t_run = now() - t_run;
	t_net = uptime();
	printf("INIT restored: guestnet exit %d after %.0f ms\n", r.status, t_run * 1000);
	check(r.status == 0, "guestnet exit status", "%d, want 0", r.status);
	if (!verbose)
		check(r.out[0] == 0, "silent on success", "said something");
	e = read_state();
	check(e == 0, "netlink dumps", "%s", strerror(-e));
	l = link_by_name(w.iface);
	if (!l)
		check(0, "iface", "%s not found", w.iface);
	else
		check_config(&w, l, v6, fd4, fd6, hostwait, t_net, 1);
	printf("INIT restore times: guestnet started at uptime %.2f s, ran %.0f ms\n", t_net - t_run, t_run * 1000);
}

/* S with its newlines shown as \n, cut to fit OUT */
static const char *oneline(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (; *s && o + 3 < cap; s++) {
		if (*s == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else {
			out[o++] = *s;
		}
	}
	out[o] = 0;
	return out;
}

/* MSB_NET names FROM, which is not there; the NIC of its MAC, renamed TO,
 * was configured instead, and guestnet said so in one line on standard
 * error naming both (and nothing on standard output) */
static void check_rename_notice(const struct run *r, const char *from, const char *to)
{
	char b[512];
	size_t len = strlen(r->err);
	int lines = 0;
	for (const char *s = r->err; *s; s++)
		lines += *s == '\n';
	if (len && r->err[len - 1] != '\n')
		lines++;
	check(lines == 1 && r->err[len - 1] == '\n', "one line on standard error", "%d line(s): \"%s\"", lines,
	      oneline(r->err, b, sizeof b));
	check(strstr(r->err, from) && strstr(r->err, to), "the line names both interfaces",
	      "\"%s\" does not name %s%s%s", oneline(r->err, b, sizeof b), strstr(r->err, from) ? "" : from,
	      strstr(r->err, from) || strstr(r->err, to) ? "" : " and ", strstr(r->err, to) ? "" : to);
	check(strlen(r->out) == len, "nothing on standard output", "%zu bytes", strlen(r->out) - len);
}

static int envint(const char *name, int dflt)
{
	const char *s = getenv(name);
	return s && *s ? atoi(s) : dflt;
}

/* ---- the ip= family (ip=, nameserver= on the kernel command line) ---- */
/* What the command line asks for, read from /proc/cmdline (all of it: the
 * kernel keeps only the last entry of a name in init's environment), for
 * the forms the scenarios use: ip=<client>:[<peer>]:[<gw>]:<netmask>:
 * [<hostname>]:<iface>:off, the client and gateway IPv4 or [IPv6], the
 * netmask a prefix length or a dotted IPv4 mask; nameserver=<addr>. */
#define IPW_MAX 4
struct ipwant {
	struct want w[IPW_MAX];	/* per interface: iface, a4/gw4, a6/gw6 */
	int n, ndns;
	char host[65], dns[2][64];
};

/* split V at each ':' outside [...] into F (MAX fields at most); the count */
static int ip_fields(char *v, char *f[], int max)
{
	int n = 0, in = 0;
	f[n++] = v;
	for (; *v; v++) {
		if (*v == '[' || *v == ']')
			in = *v == '[';
		else if (*v == ':' && !in && n < max) {
			*v = 0;
			f[n++] = v + 1;
		}
	}
	return n;
}

static void unbracket(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = 0;
	}
}

static int mask_plen(const char *m)
{
	struct in_addr a;
	if (!strchr(m, '.'))
		return atoi(m);
	if (inet_pton(AF_INET, m, &a) != 1)
		return -1;
	return __builtin_popcount(ntohl(a.s_addr));
}

/* one ip= value into IW: the address and gateway of its family on its interface */
static void ip_want_add(struct ipwant *iw, char *v)
{
	char *f[10] = { 0 }, *ifn;
	struct want *w = NULL;
	int i, n = ip_fields(v, f, 10), v6;
	if (n < 4)
		return;
	ifn = n > 5 && f[5][0] ? f[5] : "eth0";
	for (i = 0; i < iw->n && !w; i++)
		if (!strcmp(iw->w[i].iface, ifn))
			w = &iw->w[i];
	if (!w && iw->n < IPW_MAX) {
		w = &iw->w[iw->n++];
		snprintf(w->iface, sizeof w->iface, "%s", ifn);
	}
	if (!w)
		return;
	v6 = f[0][0] == '[';
	unbracket(f[0]);
	unbracket(f[2]);
	if (v6) {
		snprintf(w->a6, sizeof w->a6, "%s/%d", f[0], mask_plen(f[3]));
		snprintf(w->gw6, sizeof w->gw6, "%s", f[2]);
	} else {
		snprintf(w->a4, sizeof w->a4, "%s/%d", f[0], mask_plen(f[3]));
		snprintf(w->gw4, sizeof w->gw4, "%s", f[2]);
	}
	if (n > 4 && f[4][0] && !iw->host[0])
		snprintf(iw->host, sizeof iw->host, "%s", f[4]);
}

/* IW from /proc/cmdline; the number of ip= and nameserver= words */
static int ip_want_read(struct ipwant *iw)
{
	static char b[4096];
	char *tok, *save = NULL;
	int n = 0;
	memset(iw, 0, sizeof *iw);
	if (file_read("/proc/cmdline", b, sizeof b) <= 0)
		return 0;
	for (tok = strtok_r(b, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(tok, "ip=", 3)) {
			ip_want_add(iw, tok + 3);
			n++;
		} else if (!strncmp(tok, "nameserver=", 11)) {
			if (iw->ndns < 2) {
				snprintf(iw->dns[iw->ndns], sizeof iw->dns[0], "%s", tok + 11);
				unbracket(iw->dns[iw->ndns++]);
			}
			n++;
		}
	}
	return n;
}

/* the host end of FAM on W: its gateway, else the first address of its
 * prefix (run.sh gives each tap that one); 0 when W has FAM */
static int ip_peer(const struct want *w, int fam, unsigned char *p)
{
	const char *as = fam == AF_INET ? w->a4 : w->a6, *gs = fam == AF_INET ? w->gw4 : w->gw6;
	int i, plen, alen = fam == AF_INET ? 4 : 16;
	if (!as[0] || prefix_parse(fam, as, p, &plen))
		return -1;
	if (gs[0])
		return inet_pton(fam, gs, p) == 1 ? 0 : -1;
	for (i = plen; i < alen * 8; i++)
		p[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	p[alen - 1] |= 1;
	return 0;
}

/* ping each interface's host end of each family it has, then wait for the
 * host's echo requests from every one of them */
static void ip_pings(const struct ipwant *iw, int fd4, int fd6, int hostwait)
{
	struct seen seen = { 0, 0, 0, 0 };
	unsigned char p[16];
	char name[160];
	int i, f;
	npeer4 = npeer6 = 0;	/* all of them first: a request may come while pinging another */
	for (i = 0; i < iw->n; i++)
		for (f = 0; f < 2; f++)
			if (!ip_peer(&iw->w[i], f ? AF_INET6 : AF_INET, p))
				peer_add(f ? AF_INET6 : AF_INET, p);
	for (i = 0; i < iw->n; i++)
		for (f = 0; f < 2; f++) {
			int fam = f ? AF_INET6 : AF_INET;
			if (ip_peer(&iw->w[i], fam, p))
				continue;
			snprintf(name, sizeof name, "ping %s from %s", ntop(fam, p), iw->w[i].iface);
			check(ping(fam == AF_INET ? fd4 : fd6, fam, p, 10, &seen), name, "no reply");
		}
	for (double end = now() + hostwait; now() < end;) {
		if (seen.mask4 == (1u << npeer4) - 1 && seen.mask6 == (1u << npeer6) - 1)
			break;
		icmp_drain(fd4, AF_INET, NULL, 100, &seen);
		icmp_drain(fd6, AF_INET6, NULL, 100, &seen);
	}
	for (i = 0; i < npeer4 + npeer6; i++) {
		int v6 = i >= npeer4, k = v6 ? i - npeer4 : i;
		const char *a = ntop(v6 ? AF_INET6 : AF_INET, v6 ? peer6[k] : peer4[k]);
		snprintf(name, sizeof name, "host reached guest from %s", a);
		check(((v6 ? seen.mask6 : seen.mask4) >> k) & 1, name, "no echo request from %s in %d s", a, hostwait);
	}
	usleep(1000000);	/* let the last echo reply leave (check_config) */
}

/* the ip= scenarios: guestnet (init's environment, or --cmdline) must
 * configure every interface the command line names, and the files */
static void ip_main(int use_cmdline, int verbose, int hostwait, double *t_net, double *t_run)
{
	extern char **environ;
	static struct ipwant iw;
	struct want fw;
	struct run r;
	char last[64];
	int i, e, fd4, fd6, n = ip_want_read(&iw);

	for (char **ev = environ; *ev; ev++)	/* what the kernel left of them */
		if (!strncmp(*ev, "ip=", 3) || !strncmp(*ev, "nameserver=", 11))
			printf("INIT environment: %s\n", *ev);
	printf("INIT command line: %d ip=/nameserver= word(s), %d interface(s), hostname \"%s\", %d nameserver(s)\n",
	       n, iw.n, iw.host, iw.ndns);
	fd6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	fd4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	e = modules_load(0, last, sizeof last);
	check(e == 0, "modules loaded", e < 0 ? "no /modules/order" : "%d failed", e);
	for (i = 0; i < iw.n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s appeared", iw.w[i].iface);
		check(iface_wait(iw.w[i].iface, 10000) >= 0, name, "missing after 10 s");
	}
	*t_run = now();
	guestnet_run(&r, 0, use_cmdline, verbose, NULL);
	*t_run = now() - *t_run;
	*t_net = uptime();
	printf("INIT guestnet exit %d after %.0f ms\n", r.status, *t_run * 1000);
	check(r.status == 0, "guestnet exit status", "%d, want 0%s%.*s%s", r.status, r.err[0] ? " (" : "",
	      (int)strcspn(r.err, "\n"), r.err, r.err[0] ? ")" : "");
	if (!verbose)
		check(r.out[0] == 0, "silent on success", "said something");
	e = read_state();
	check(e == 0, "netlink dumps", "%s", strerror(-e));
	check_lo(1);
	for (i = 0; i < iw.n; i++) {
		const struct want *w = &iw.w[i];
		const struct link *l = link_by_name(w->iface);
		if (!l) {
			check(0, "iface", "%s not found", w->iface);
			continue;
		}
		check(l->flags & IFF_UP, "iface up", "%s flags %#x", w->iface, l->flags);
		check_family(w, l, AF_INET);
		check_family(w, l, AF_INET6);
		check_only(w, l, AF_INET);
		check_only(w, l, AF_INET6);
	}
	memset(&fw, 0, sizeof fw);
	fw.host = iw.host[0] ? iw.host : NULL;
	snprintf(fw.dns4, sizeof fw.dns4, "%s", iw.dns[0]);	/* check_files writes dns4 first */
	snprintf(fw.dns6, sizeof fw.dns6, "%s", iw.dns[1]);
	check_files(&fw);
	ip_pings(&iw, fd4, fd6, hostwait);
}

/* ---- crash (gnvm_crash=FS): runs on a disk the host kills qemu under ---- */

/* a line on the console, not returning before it has left the UART: a
 * marker the host has not seen did not happen */
static void mark(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mark(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	tcdrain(1);
}

/* the MSB_* values of value number V: hostname, alias and both DNS servers
 * change with V, so every one of the three files does (run.sh renders the
 * same files for its comparison) */
static void crash_values(unsigned v)
{
	char b[128];
	setenv("MSB_NET", "iface=eth0,mac=02:00:00:00:00:01", 1);
	snprintf(b, sizeof b, "addr=192.0.2.2/30,gw=192.0.2.1,dns=203.0.113.%u", v % 254 + 1);
	setenv("MSB_NET_IPV4", b, 1);
	snprintf(b, sizeof b, "addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53:%u", v % 10000);
	setenv("MSB_NET_IPV6", b, 1);
	snprintf(b, sizeof b, "guest-%u", v);
	setenv("MSB_HOSTNAME", b, 1);
	snprintf(b, sizeof b, "host-%u.test.internal", v);
	setenv("MSB_HOST_ALIAS", b, 1);
}

/* each of the three files as hex ("GNC file NAME LEN HEX", or missing), and
 * what else /mnt/etc holds (a temporary a kill left behind) */
static void crash_dump(void)
{
	static const char *const files[] = { "hosts", "hostname", "resolv.conf" };
	char path[64], b[4096], line[64 + 2 * sizeof b];
	struct dirent *e;
	DIR *d;
	size_t i;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		int n, k, o;
		snprintf(path, sizeof path, "/mnt/etc/%s", files[i]);
		n = file_read(path, b, sizeof b);
		if (n < 0) {
			mark("GNC file %s missing %s\n", files[i], strerror(-n));
			continue;
		}
		o = snprintf(line, sizeof line, "GNC file %s %d ", files[i], n);
		for (k = 0; k < n; k++)
			o += snprintf(line + o, sizeof line - (size_t)o, "%02x", (unsigned char)b[k]);
		mark("%s\n", line);
	}
	d = opendir("/mnt/etc");
	printf("GNC etc holds:");
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			printf(" %s", e->d_name);
	if (d)
		closedir(d);
	mark("\n");
}

/* the kernel's lines about the disk (log recovery), from its ring buffer */
static void crash_klog(void)
{
	static char b[65536];
	int n = (int)syscall(SYS_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, b, (int)sizeof b - 1);
	if (n <= 0)
		return;
	b[n] = 0;
	for (char *s = b, *e; *s; s = e) {
		e = s + strcspn(s, "\n");
		if (*e)
			*e++ = 0;
		if (strstr(s, "vda"))
			printf("GNC kernel: %s\n", s);
	}
}

/* Another writer on the disk, as a booting guest has (a journal daemon):
 * every NOISE_MS ms it appends a byte to /mnt/noise and fsyncs it.  Each
 * fsync commits the file system's journal (ext4) or forces its log (XFS)
 * with whatever else is pending: a rename guestnet has made then becomes
 * durable at that moment, with its file's data or (if that data was never
 * flushed) without it.  Without such commits nothing would reach the disk
 * between guestnet's own flushes, and a kill could not tell a rename made
 * durable before its data.  Ended by the kill, or by the init; 120 s at most. */
#define NOISE_MS 3
static pid_t crash_noise(void)
{
	double end = now() + 120;
	unsigned i;
	int fd;
	pid_t pid = fork();
	if (pid)
		return pid;
	fd = open("/mnt/noise", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	for (i = 0; fd >= 0 && now() < end; i++) {
		if (i % 4096 == 0 && ftruncate(fd, 0))
			break;
		if (write(fd, "x", 1) != 1 || fsync(fd))
			break;
		usleep(NOISE_MS * 1000);
	}
	_exit(0);
}

/* mount the disk, show its files; then either unmount it cleanly (final) or
 * run guestnet on it again and again, with new values each time, until the
 * host kills qemu */
static void crash_main(const char *fs)
{
	char *argv[] = { "/guestnet", "--verbose", "--root", "/mnt", NULL };
	extern char **environ;
	unsigned seq = (unsigned)envint("gnvm_crash_seq", 0);
	int i, e, mfd, runs = envint("gnvm_crash_runs", 50);
	pid_t noise;
	char last[64];
	double t;
	struct stat st;

	e = modules_load(0, last, sizeof last);
	if (e)
		printf("GNC modules: %d failed to load (an accelerator this CPU lacks is fine)\n", e);
	for (i = 0; i < 500 && stat("/dev/vda", &st); i++)
		usleep(20000);
	mkdir("/mnt", 0755);
	t = now();
	if (mount("/dev/vda", "/mnt", fs, 0, NULL)) {
		mark("GNC FAIL mount /dev/vda (%s): %s\n", fs, strerror(errno));
		return;
	}
	mark("GNC mounted %s in %.0f ms, uptime %.2f s\n", fs, (now() - t) * 1000, uptime());
	crash_klog();
	crash_dump();
	if (envint("gnvm_crash_final", 0)) {
		if (umount("/mnt"))
			mark("GNC FAIL umount: %s\n", strerror(errno));
		else
			mark("GNC unmounted\n");
		return;
	}
	if (iface_wait("eth0", 10000) < 0) {
		mark("GNC FAIL eth0 missing after 10 s\n");
		return;
	}
	mfd = open("/mnt", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	noise = crash_noise();
	mark("GNC noise: pid %d appends to /mnt/noise and fsyncs it every %d ms\n", (int)noise, NOISE_MS);
	for (i = 1; i <= runs; i++) {
		int st2 = -1;
		double t0, t1;
		pid_t pid;
		crash_values(seq + (unsigned)i);
		mark("GNC begin %d value %u uptime %.3f\n", i, seq + (unsigned)i, uptime());
		t0 = now();
		pid = fork();
		if (pid == 0) {	/* its --verbose lines go straight to the console */
			execve("/guestnet", argv, environ);
			_exit(127);
		}
		while (pid > 0 && waitpid(pid, &st2, WNOHANG) == 0) {
			if (now() - t0 > 20) {
				kill(pid, SIGKILL);
				waitpid(pid, &st2, 0);
				break;
			}
			usleep(1000);
		}
		t1 = now();
		mark("GNC exit %d status %d after %.1f ms\n", i, WIFEXITED(st2) ? WEXITSTATUS(st2) : -1,
		     (t1 - t0) * 1000);
		if (syncfs(mfd))
			mark("GNC FAIL syncfs: %s\n", strerror(errno));
		mark("GNC synced %d after %.1f ms\n", i, (now() - t1) * 1000);
	}
	mark("GNC FAIL not killed after %d runs\n", runs);
	if (noise > 0) {
		kill(noise, SIGKILL);
		waitpid(noise, NULL, 0);
	}
	close(mfd);
	umount("/mnt");
}

/* the times, the result line, power-off */
static void finish(double t_init, double t_net, double t_run) __attribute__((noreturn));
static void finish(double t_init, double t_net, double t_run)
{
	printf("INIT times: kernel uptime at init %.2f s, after guestnet %.2f s, at poweroff %.2f s;"
	       " guestnet ran %.0f ms\n", t_init, t_net, uptime(), t_run * 1000);
	printf("INIT RESULT %s pass=%d fail=%d\n", nfail || !npass ? "FAIL" : "PASS", npass, nfail);
	sync();
	reboot(RB_POWER_OFF);
	printf("INIT reboot: %s\n", strerror(errno));
	for (;;)
		pause();
}

int main(void)
{
	struct want w;
	struct run r;
	struct utsname u0;
	char last[64] = "", host0[65];
	const char *name = getenv("gnvm_name"), *snap = getenv("gnvm_snapshot");
	const char *renamed = getenv("gnvm_rename"), *crash = getenv("gnvm_crash");
	int want_rc = envint("gnvm_rc", 0), wait_s = envint("gnvm_wait", 0);
	int use_cmdline = envint("gnvm_cmdline", 0), verbose = envint("gnvm_verbose", 0);
	int hostwait = envint("gnvm_hostwait", 20);
	int v6, fd4, fd6, e, fd;
	double t_init, t_net, t_run;
	const struct link *l;

	mount("proc", "/proc", "proc", 0, 0);
	mount("sysfs", "/sys", "sysfs", 0, 0);
	mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
	if ((fd = open("/dev/console", O_RDWR)) >= 0) {
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	t_init = uptime();
	printf("INIT start: scenario %s, kernel uptime %.2f s\n", name ? name : "?", t_init);
	if (crash && *crash) {
		crash_main(crash);
		mark("GNC poweroff, uptime %.2f s\n", uptime());
		sync();
		reboot(RB_POWER_OFF);
		for (;;)
			pause();
	}
	if (getenv("ip") || getenv("nameserver")) {
		ip_main(use_cmdline, verbose, hostwait, &t_net, &t_run);
		finish(t_init, t_net, t_run);
	}
	want_read(&w);
	uname(&u0);
	snprintf(host0, sizeof host0, "%s", u0.nodename);
	gateways_set(&w);

	/* raw sockets first, so the host's echo requests are queued from the start */
	fd6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	v6 = !(fd6 < 0 && errno == EAFNOSUPPORT);
	fd4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	printf("INIT kernel IPv6: %s\n", v6 ? "yes" : "no (address family not supported)");

	e = modules_load(wait_s > 0, last, sizeof last);
	check(e == 0, "modules loaded", e < 0 ? "no /modules/order" : "%d failed", e);
	if (wait_s) {
		check(iface_wait(w.iface, 0) < 0, "iface absent when guestnet starts", "%s is already there", w.iface);
	} else {
		e = iface_wait(w.iface, 10000);
		check(e >= 0, "iface appeared", "%s missing after 10 s", w.iface);
	}
	if (renamed && !*renamed)
		renamed = NULL;
	if (renamed) {	/* udev's naming, done before the network step */
		e = iface_rename(w.iface, renamed);
		check(!e, "NIC renamed", "%s -> %s: %s", w.iface, renamed, strerror(-e));
		if (!e)
			printf("INIT renamed %s to %s before running guestnet\n", w.iface, renamed);
	}
	t_run = now();
	guestnet_run(&r, wait_s, use_cmdline, verbose, wait_s ? last : NULL);
	t_run = now() - t_run;
	t_net = uptime();
	printf("INIT guestnet exit %d after %.0f ms\n", r.status, t_run * 1000);
	check(r.status == want_rc, "guestnet exit status", "%d, want %d%s%.*s%s", r.status, want_rc,
	      r.err[0] ? " (" : "", (int)strcspn(r.err, "\n"), r.err, r.err[0] ? ")" : "");
	if (want_rc)
		check(!strncmp(r.out, "guestnet: ", 10), "error message", "\"%s\"", r.out);
	else if (renamed)
		check_rename_notice(&r, w.iface, renamed);
	else if (!v6)
		check(r.out[0] != 0, "notice about IPv6", "nothing said");
	else if (!verbose)
		check(r.out[0] == 0, "silent on success", "said something");

	e = read_state();
	check(e == 0, "netlink dumps", "%s", strerror(-e));
	if (renamed) {	/* the checks of the configuration name the interface guestnet found */
		check(!link_by_name(w.iface), "no interface named MSB_NET's iface", "%s exists", w.iface);
		snprintf(w.iface, sizeof w.iface, "%s", renamed);
	}
	l = link_by_name(w.iface);
	if (!l)
		check(0, "iface", "%s not found", w.iface);
	else if (want_rc == 0)
		check_config(&w, l, v6, fd4, fd6, hostwait, t_net, renamed != NULL);
	else if (want_rc == 2)
		check_untouched(&w, l, host0);
	if (snap && *snap)
		restored(snap, v6, fd4, fd6, hostwait, verbose);
	finish(t_init, t_net, t_run);
}
