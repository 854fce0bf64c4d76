/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nl.c - rtnetlink over one socket: build a batch of requests, send it in
 * one datagram, and match every reply to its request. A batch in its
 * buffer, every part padded with zeros to 4 bytes:
 *
 *   +--------+-----------+---------+------+---------+------+--------+--
 *   | nl_hdr | ifaddrmsg | nl_attr | data | nl_attr | data | nl_hdr | ...
 *   |        | or rtmsg  | len,type|      |         |      | (next) |
 *   +--------+-----------+---------+------+---------+------+--------+--
 *   |<------------------ nl_hdr.len ------------------------>|
 *
 * Structs are copied in and out with memcpy: the buffers are bytes, and
 * nothing the kernel sends is trusted to be aligned or well formed.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/time.h>

#include "guestnet.h"

#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#endif

/* sendto() tries while the kernel is short of buffers or a signal comes. */
#define NL_SEND_TRIES 8
/* recvfrom() calls for one datagram (interruptions and strays), and
 * datagrams for a batch's replies or a get's answer. */
#define NL_RECV_TRIES 64
/* Datagrams of one dump: a guest's addresses, routes or neighbours fill a
 * few, a full routing table without strict checking thousands; the bound
 * ends a dump that never ends. */
#define NL_DUMP_DATAGRAMS_MAX (1 << 20)
/* The largest error number the kernel sends (MAX_ERRNO). */
#define NL_ERRNO_MAX 4095

static size_t nl_align(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Append data and its zero padding to the request being built, and update
 * that request's length. A put that does not fit marks the batch broken, so
 * that callers need no check after each one. */
static void nl_batch_append(struct nl_batch *b, const void *data, size_t n)
{
	size_t padded = nl_align(n);
	uint32_t request_len;

	if (b->broken || padded > sizeof b->u.bytes - b->len) {
		b->broken = 1;
		return;
	}
	memset(b->u.bytes + b->len, 0, padded);
	if (n > 0) /* a nest's header comes without data */
		memcpy(b->u.bytes + b->len, data, n);
	b->len += padded;
	/* nl_hdr.len is the request's first field */
	request_len = (uint32_t)(b->len - b->cur);
	memcpy(b->u.bytes + b->cur, &request_len, sizeof request_len);
}

static void nl_batch_attr_append(struct nl_batch *b, uint16_t type,
				 const void *data, size_t n)
{
	struct nl_attr a = {
		.len = (uint16_t)(sizeof a + n),
		.type = type,
	};

	nl_batch_append(b, &a, sizeof a);
	nl_batch_append(b, data, n);
}

/* Start a request: its header, then the family header (ifaddrmsg, rtmsg). */
static void nl_batch_request_start(struct nl_batch *b, uint16_t type,
				   uint16_t flags, const void *family_hdr,
				   size_t n)
{
	struct nl_hdr h = {
		.type = type,
		.flags = (uint16_t)(NLM_F_REQUEST | flags),
		.seq = b->seq0 + b->n,
	};

	if (b->n == NL_BATCH_MAX) {
		b->broken = 1;
		return;
	}
	b->n++;
	b->cur = b->len;
	nl_batch_append(b, &h, sizeof h);
	nl_batch_append(b, family_hdr, n);
}

void nl_batch_init(struct nl_batch *b, uint32_t seq0)
{
	memset(b, 0, sizeof *b);
	b->seq0 = seq0;
}

static size_t nl_addr_len(int family)
{
	if (family == GN_AF_INET)
		return 4;
	return 16;
}

void nl_addr_add(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, const uint8_t *peer, unsigned plen,
		 int scope)
{
	struct nl_ifaddrmsg m = {
		.family = (uint8_t)family,
		.prefixlen = (uint8_t)plen,
		.flags = family == GN_AF_INET6 ? IFA_F_NODAD : 0,
		.scope = (uint8_t)scope,
		.index = (uint32_t)ifindex,
	};
	size_t addr_len = nl_addr_len(family);

	nl_batch_request_start(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &m,
			       sizeof m);
	nl_batch_attr_append(b, IFA_LOCAL, addr, addr_len);
	nl_batch_attr_append(b, IFA_ADDRESS, peer ? peer : addr, addr_len);
}

void nl_route_add(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *dst, unsigned dst_len, const uint8_t *gw,
		  int onlink)
{
	struct nl_rtmsg m = {
		.family = (uint8_t)family,
		.dst_len = (uint8_t)dst_len,
		.table = RT_TABLE_MAIN,
		.protocol = RTPROT_BOOT,
		.scope = RT_SCOPE_UNIVERSE,
		.type = RTN_UNICAST,
		.flags = onlink ? RTNH_F_ONLINK : 0,
	};
	uint32_t oif = (uint32_t)ifindex;

	nl_batch_request_start(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE,
			       &m, sizeof m);
	if (dst_len > 0)
		nl_batch_attr_append(b, RTA_DST, dst, nl_addr_len(family));
	nl_batch_attr_append(b, RTA_GATEWAY, gw, nl_addr_len(family));
	nl_batch_attr_append(b, RTA_OIF, &oif, sizeof oif);
}

void nl_addr_del(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, const uint8_t *peer, unsigned plen)
{
	struct nl_ifaddrmsg m = {
		.family = (uint8_t)family,
		.prefixlen = (uint8_t)plen,
		.index = (uint32_t)ifindex,
	};
	size_t addr_len = nl_addr_len(family);

	nl_batch_request_start(b, RTM_DELADDR, 0, &m, sizeof m);
	nl_batch_attr_append(b, IFA_LOCAL, addr, addr_len);
	nl_batch_attr_append(b, IFA_ADDRESS, peer ? peer : addr, addr_len);
}

/* gw NULL: a route without a gateway ("default dev IF"). */
void nl_route_del(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *dst, unsigned dst_len, const uint8_t *gw,
		  uint32_t priority)
{
	struct nl_rtmsg m = {
		.family = (uint8_t)family,
		.dst_len = (uint8_t)dst_len,
		.table = RT_TABLE_MAIN,
		.scope = RT_SCOPE_NOWHERE,
	};
	uint32_t oif = (uint32_t)ifindex;

	/* iproute2 asks IPv4 for any scope, IPv6 for the universe */
	if (family == GN_AF_INET6)
		m.scope = RT_SCOPE_UNIVERSE;
	nl_batch_request_start(b, RTM_DELROUTE, 0, &m, sizeof m);
	if (dst_len > 0)
		nl_batch_attr_append(b, RTA_DST, dst, nl_addr_len(family));
	if (gw)
		nl_batch_attr_append(b, RTA_GATEWAY, gw, nl_addr_len(family));
	nl_batch_attr_append(b, RTA_PRIORITY, &priority, sizeof priority);
	nl_batch_attr_append(b, RTA_OIF, &oif, sizeof oif);
}

void nl_neigh_del(struct nl_batch *b, int family, int ifindex,
		  const uint8_t *addr)
{
	struct nl_ndmsg m = {
		.family = (uint8_t)family,
		.index = ifindex,
		.state = NUD_PERMANENT, /* iproute2's; a delete ignores it */
	};

	nl_batch_request_start(b, RTM_DELNEIGH, 0, &m, sizeof m);
	nl_batch_attr_append(b, NDA_DST, addr, nl_addr_len(family));
}

void nl_link_get_request(struct nl_batch *b, const char *name)
{
	static const struct nl_ifinfomsg any;
	uint32_t skip_stats = RTEXT_FILTER_SKIP_STATS;

	nl_batch_request_start(b, RTM_GETLINK, 0, &any, sizeof any);
	nl_batch_attr_append(b, IFLA_EXT_MASK, &skip_stats, sizeof skip_stats);
	nl_batch_attr_append(b, IFLA_IFNAME, name, strlen(name) + 1);
}

void nl_dump_request(struct nl_batch *b, uint16_t type, int ifindex)
{
	/* an ifinfomsg, ifaddrmsg, rtmsg or ndmsg of AF_UNSPEC, the longest */
	static const unsigned char any_family[sizeof(struct nl_ifinfomsg)];
	uint32_t skip_stats = RTEXT_FILTER_SKIP_STATS;
	size_t hdr_len = sizeof(struct nl_rtmsg);
	uint32_t index = (uint32_t)ifindex;

	if (type == RTM_GETLINK)
		hdr_len = sizeof(struct nl_ifinfomsg);
	if (type == RTM_GETADDR)
		hdr_len = sizeof(struct nl_ifaddrmsg);
	nl_batch_request_start(b, type, NLM_F_DUMP, any_family, hdr_len);
	if (type == RTM_GETNEIGH)
		nl_batch_attr_append(b, NDA_IFINDEX, &index, sizeof index);
	if (type == RTM_GETLINK)
		nl_batch_attr_append(b, IFLA_EXT_MASK, &skip_stats,
				     sizeof skip_stats);
}

/* As iproute2 sends it: rtm_table 0, the table in RTA_TABLE. */
void nl_route_dump_request(struct nl_batch *b, int family, int ifindex)
{
	struct nl_rtmsg m = { .family = (uint8_t)family };
	uint32_t table = RT_TABLE_MAIN;
	uint32_t oif = (uint32_t)ifindex;

	nl_batch_request_start(b, RTM_GETROUTE, NLM_F_DUMP, &m, sizeof m);
	nl_batch_attr_append(b, RTA_TABLE, &table, sizeof table);
	nl_batch_attr_append(b, RTA_OIF, &oif, sizeof oif);
}

void nl_addr_dump_request(struct nl_batch *b, int family, int ifindex)
{
	struct nl_ifaddrmsg m = {
		.family = (uint8_t)family,
		.index = (uint32_t)ifindex,
	};

	nl_batch_request_start(b, RTM_GETADDR, NLM_F_DUMP, &m, sizeof m);
}

/* An attribute that nests others: returns where it starts, for
 * nl_batch_nest_end() to write its length once they are appended. */
static size_t nl_batch_nest_start(struct nl_batch *b, uint16_t type)
{
	size_t start = b->len;

	nl_batch_attr_append(b, type, NULL, 0);
	return start;
}

static void nl_batch_nest_end(struct nl_batch *b, size_t start)
{
	uint16_t nest_len = (uint16_t)(b->len - start);

	if (b->broken)
		return;
	memcpy(b->u.bytes + start, &nest_len, sizeof nest_len);
}

void nl_link_mtu(struct nl_batch *b, int ifindex, unsigned mtu)
{
	struct nl_ifinfomsg m = { .index = ifindex };
	uint32_t value = mtu;

	nl_batch_request_start(b, RTM_NEWLINK, 0, &m, sizeof m);
	nl_batch_attr_append(b, IFLA_MTU, &value, sizeof value);
}

/* ifi_change says which flags to change: IFF_UP alone, no read first. */
void nl_link_up(struct nl_batch *b, int ifindex)
{
	struct nl_ifinfomsg m = {
		.index = ifindex,
		.flags = GN_IFF_UP,
		.change = GN_IFF_UP,
	};

	nl_batch_request_start(b, RTM_NEWLINK, 0, &m, sizeof m);
}

/* ifi_change IFF_UP, ifi_flags without it: the link down. */
void nl_link_down(struct nl_batch *b, int ifindex)
{
	struct nl_ifinfomsg m = {
		.index = ifindex,
		.change = GN_IFF_UP,
	};

	nl_batch_request_start(b, RTM_NEWLINK, 0, &m, sizeof m);
}

void nl_link_arp_notify(struct nl_batch *b, int ifindex)
{
	struct nl_ifinfomsg m = { .index = ifindex };
	uint32_t on = 1;
	size_t af_spec;
	size_t inet;
	size_t conf;

	nl_batch_request_start(b, RTM_NEWLINK, 0, &m, sizeof m);
	af_spec = nl_batch_nest_start(b, IFLA_AF_SPEC);
	inet = nl_batch_nest_start(b, GN_AF_INET);
	conf = nl_batch_nest_start(b, IFLA_INET_CONF);
	nl_batch_attr_append(b, IPV4_DEVCONF_ARP_NOTIFY, &on, sizeof on);
	nl_batch_nest_end(b, conf);
	nl_batch_nest_end(b, inet);
	nl_batch_nest_end(b, af_spec);
}

void nl_link_altname_add(struct nl_batch *b, int ifindex, const char *name)
{
	struct nl_ifinfomsg m = { .index = ifindex };
	size_t list;

	nl_batch_request_start(b, RTM_NEWLINKPROP,
			       NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND, &m,
			       sizeof m);
	list = nl_batch_nest_start(b, IFLA_PROP_LIST | NLA_F_NESTED);
	nl_batch_attr_append(b, IFLA_ALT_IFNAME, name, strlen(name) + 1);
	nl_batch_nest_end(b, list);
}

void nl_batch_seal(struct nl_batch *b)
{
	struct nl_hdr h;

	if (b->broken || b->n == 0)
		return;
	memcpy(&h, b->u.bytes + b->cur, sizeof h);
	h.flags |= NLM_F_ACK;
	memcpy(b->u.bytes + b->cur, &h, sizeof h);
}

/*
 * The attribute at *p, of the *len bytes left: its header into a, where it
 * starts into attr, and *p and *len moved past it and its padding (the last
 * attribute may lack it). 1, 0 at the end, or -EBADMSG.
 */
static int nl_attr_next(const unsigned char **p, size_t *len, struct nl_attr *a,
			const unsigned char **attr)
{
	size_t step;

	if (*len == 0)
		return 0;
	if (*len < sizeof *a)
		return -EBADMSG;
	memcpy(a, *p, sizeof *a);
	if (a->len < sizeof *a || a->len > *len)
		return -EBADMSG;
	*attr = *p;
	step = nl_align(a->len);
	if (step > *len)
		step = *len;
	*p += step;
	*len -= step;
	return 1;
}

/* The kernel's text from an NLMSGERR_ATTR_MSG payload of room bytes: NUL
 * terminated within them, kept into ext, cut to fit. 0 or -EBADMSG. */
static int nl_extack_text_copy(char ext[NL_EXTACK_SIZE],
			       const unsigned char *text, size_t room)
{
	const unsigned char *nul = memchr(text, 0, room);
	size_t len;

	if (!nul)
		return -EBADMSG;
	len = (size_t)(nul - text);
	if (len > NL_EXTACK_SIZE - 1)
		len = NL_EXTACK_SIZE - 1;
	memcpy(ext, text, len);
	ext[len] = '\0';
	return 0;
}

/* The extended-ACK attributes at p: the kernel's text, when there is one,
 * into ext. 0 or -EBADMSG. */
static int nl_extack_parse(char ext[NL_EXTACK_SIZE], const unsigned char *p,
			   size_t len)
{
	const unsigned char *attr;
	struct nl_attr a;
	int more;

	for (;;) {
		more = nl_attr_next(&p, &len, &a, &attr);
		if (more <= 0)
			return more;
		if ((a.type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			return nl_extack_text_copy(ext, attr + sizeof a,
						   a.len - sizeof a);
	}
}

/*
 * An NLMSG_ERROR of len bytes at p, for request i (an ACK when its error is
 * 0): the errno, then, past the echoed request (only its header when
 * capped), the extended-ACK attributes. 0 or -EBADMSG.
 */
static int nl_error_parse(struct nl_batch *b, unsigned i,
			  const unsigned char *p, size_t len, uint16_t flags)
{
	const size_t hdr_len = sizeof(struct nl_hdr);
	struct nl_err e;
	size_t echo_len;
	size_t attrs_off;

	if (len < hdr_len + sizeof e)
		return -EBADMSG;
	memcpy(&e, p + hdr_len, sizeof e);
	if (e.error > 0 || e.error < -NL_ERRNO_MAX)
		return -EBADMSG;
	b->err[i] = -e.error;
	if (!(flags & NLM_F_ACK_TLVS))
		return 0;
	if (flags & NLM_F_CAPPED) {
		echo_len = hdr_len;
	} else {
		if (e.msg.len < hdr_len || e.msg.len > len)
			return -EBADMSG;
		echo_len = nl_align(e.msg.len);
	}
	attrs_off = hdr_len + sizeof e.error + echo_len;
	if (attrs_off > len)
		return -EBADMSG;
	return nl_extack_parse(b->ext[i], p + attrs_off, len - attrs_off);
}

int nl_reply_parse(struct nl_batch *b, const unsigned char *p, size_t len,
		   uint32_t portid)
{
	struct nl_hdr h;
	uint32_t i;
	size_t step;
	int done = 0;
	int err;

	while (len > 0) {
		if (len < sizeof h)
			return -EBADMSG;
		memcpy(&h, p, sizeof h);
		if (h.len < sizeof h || h.len > len)
			return -EBADMSG;
		i = h.seq - b->seq0; /* a stray's wraps past b->n */
		if (h.pid == portid && i < b->n && h.type == NLMSG_ERROR) {
			err = nl_error_parse(b, i, p, h.len, h.flags);
			if (err)
				return err;
			if (i == b->n - 1)
				done = 1;
		}
		step = nl_align(h.len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return done;
}

/* The attributes of p[0..len): tb[type] points at the last one of each type
 * below max (at its header), NULL for the others. 0 or -EBADMSG. */
static int nl_attrs_parse(const unsigned char *p, size_t len,
			  const unsigned char *tb[], unsigned max)
{
	const unsigned char *attr;
	struct nl_attr a;
	unsigned type;
	int more;

	memset(tb, 0, max * sizeof *tb);
	for (;;) {
		more = nl_attr_next(&p, &len, &a, &attr);
		if (more <= 0)
			return more;
		type = a.type & NLA_TYPE_MASK;
		if (type < max)
			tb[type] = attr;
	}
}

/* The data of the attribute at attr, exactly n bytes, into out. */
static int nl_attr_copy(const unsigned char *attr, void *out, size_t n)
{
	struct nl_attr a;

	memcpy(&a, attr, sizeof a);
	if (a.len != sizeof a + n)
		return -EBADMSG;
	memcpy(out, attr + sizeof a, n);
	return 0;
}

/* An optional attribute: copied when there, else out left as it is. */
static int nl_attr_copy_if(const unsigned char *attr, void *out, size_t n)
{
	if (!attr)
		return 0;
	return nl_attr_copy(attr, out, n);
}

static int nl_family_known(int family)
{
	return family == GN_AF_INET || family == GN_AF_INET6;
}

/* A dump message's payload: its family header (hdr_len bytes) into hdr,
 * then its attributes into tb (nl_attrs_parse()). With ip_only, -ENOENT
 * for a family (its first byte) other than IPv4 and IPv6. */
static int nl_payload_parse(const unsigned char *p, size_t len, void *hdr,
			    size_t hdr_len, const unsigned char *tb[],
			    unsigned max, int ip_only)
{
	size_t attrs_off = nl_align(hdr_len);

	if (len < attrs_off)
		return -EBADMSG;
	memcpy(hdr, p, hdr_len);
	if (ip_only && !nl_family_known(p[0]))
		return -ENOENT;
	return nl_attrs_parse(p + attrs_off, len - attrs_off, tb, max);
}

/* An Ethernet address attribute: 6 bytes into mac (1), or another kind of
 * address, left alone (0). */
static int nl_attr_mac_copy(const unsigned char *attr, uint8_t mac[6])
{
	if (!attr || nl_attr_copy(attr, mac, 6))
		return 0;
	return 1;
}

/* A string attribute's text, NUL-terminated within it, into name: 0, 1
 * when longer than 15 bytes (then not copied), or -EBADMSG. */
static int nl_attr_name_copy(const unsigned char *attr, char name[16])
{
	const unsigned char *text = attr + sizeof(struct nl_attr);
	const unsigned char *nul;
	struct nl_attr a;

	memcpy(&a, attr, sizeof a);
	nul = memchr(text, 0, a.len - sizeof a);
	if (!nul)
		return -EBADMSG;
	if (nul - text > 15)
		return 1;
	memcpy(name, text, (size_t)(nul - text) + 1);
	return 0;
}

/* The alternative names nested in IFLA_PROP_LIST at list: those of at most
 * 15 bytes counted, the first NL_ALTNAMES_MAX kept. 0 or -EBADMSG. */
static int nl_link_altnames_parse(const unsigned char *list,
				  struct nl_link_info *l)
{
	const unsigned char *p = list + sizeof(struct nl_attr);
	const unsigned char *attr;
	char past_max[16]; /* a name counted, not kept */
	char *name;
	struct nl_attr a;
	size_t len;
	int more;
	int err;

	memcpy(&a, list, sizeof a);
	len = a.len - sizeof a;
	for (;;) {
		more = nl_attr_next(&p, &len, &a, &attr);
		if (more <= 0)
			return more;
		if ((a.type & NLA_TYPE_MASK) != IFLA_ALT_IFNAME)
			continue;
		name = past_max;
		if (l->altnames < NL_ALTNAMES_MAX)
			name = l->altname[l->altnames];
		err = nl_attr_name_copy(attr, name);
		if (err < 0)
			return err;
		if (err == 0)
			l->altnames++;
	}
}

/* The IPv6 block at block: the values of its devconf array
 * (IFLA_INET6_CONF) the plan reads, when it is long enough to hold
 * autoconf; keep_addr_on_down stays 0 in an older kernel's shorter one.
 * 0 or -EBADMSG. */
static int nl_link_inet6_parse(const unsigned char *block,
			       struct nl_link_info *l)
{
	const unsigned char *tb[IFLA_INET6_CONF + 1];
	const unsigned char *conf;
	struct nl_attr a;
	size_t n;
	int err;

	memcpy(&a, block, sizeof a);
	err = nl_attrs_parse(block + sizeof a, a.len - sizeof a, tb,
			     IFLA_INET6_CONF + 1);
	conf = tb[IFLA_INET6_CONF];
	if (err || !conf)
		return err;
	memcpy(&a, conf, sizeof a);
	n = (a.len - sizeof a) / sizeof(int32_t);
	conf += sizeof a;
	if (n <= DEVCONF_AUTOCONF)
		return 0; /* too short to say: left alone */
	l->has_inet6_conf = 1;
	memcpy(&l->accept_ra, conf + DEVCONF_ACCEPT_RA * 4, 4);
	memcpy(&l->autoconf, conf + DEVCONF_AUTOCONF * 4, 4);
	if (n > DEVCONF_KEEP_ADDR_ON_DOWN)
		memcpy(&l->keep_addr_on_down,
		       conf + DEVCONF_KEEP_ADDR_ON_DOWN * 4, 4);
	return 0;
}

/* An IPv6 block in IFLA_AF_SPEC at spec: the kernel has IPv6 (none with
 * ipv6.disable=1 or without CONFIG_IPV6), and its settings. 0 or
 * -EBADMSG. */
static int nl_link_af_parse(const unsigned char *spec, struct nl_link_info *l)
{
	const unsigned char *p = spec + sizeof(struct nl_attr);
	const unsigned char *attr;
	struct nl_attr a;
	size_t len;
	int more;
	int err;

	memcpy(&a, spec, sizeof a);
	len = a.len - sizeof a;
	for (;;) {
		more = nl_attr_next(&p, &len, &a, &attr);
		if (more <= 0)
			return more;
		if ((a.type & NLA_TYPE_MASK) != GN_AF_INET6)
			continue;
		l->has_inet6 = 1;
		err = nl_link_inet6_parse(attr, l);
		if (err)
			return err;
	}
}

int nl_link_info_parse(const unsigned char *p, size_t len,
		       struct nl_link_info *l)
{
	const unsigned char *tb[IFLA_PERM_ADDRESS + 1];
	struct nl_ifinfomsg m;
	int err;

	err = nl_payload_parse(p, len, &m, sizeof m, tb, IFLA_PERM_ADDRESS + 1,
			       0);
	if (err)
		return err;
	if (!tb[IFLA_IFNAME])
		return -EBADMSG;
	memset(l, 0, sizeof *l);
	/* a NUL-terminated name of at most 15 bytes */
	if (nl_attr_name_copy(tb[IFLA_IFNAME], l->name) != 0)
		return -EBADMSG;
	l->index = m.index;
	l->type = m.type;
	l->flags = m.flags;
	l->has_addr = nl_attr_mac_copy(tb[IFLA_ADDRESS], l->addr);
	l->has_perm = nl_attr_mac_copy(tb[IFLA_PERM_ADDRESS], l->perm);
	err = nl_attr_copy_if(tb[IFLA_MTU], &l->mtu, sizeof l->mtu);
	if (!err)
		err = nl_attr_copy_if(tb[IFLA_MIN_MTU], &l->min_mtu,
				      sizeof l->min_mtu);
	if (!err)
		err = nl_attr_copy_if(tb[IFLA_MAX_MTU], &l->max_mtu,
				      sizeof l->max_mtu);
	if (!err && tb[IFLA_PROP_LIST])
		err = nl_link_altnames_parse(tb[IFLA_PROP_LIST], l);
	if (!err && tb[IFLA_AF_SPEC])
		err = nl_link_af_parse(tb[IFLA_AF_SPEC], l);
	return err;
}

int nl_addr_info_parse(const unsigned char *p, size_t len,
		       struct nl_addr_info *a)
{
	const unsigned char *tb[IFA_FLAGS + 1];
	struct nl_ifaddrmsg m;
	size_t addr_len;
	int err;

	err = nl_payload_parse(p, len, &m, sizeof m, tb, IFA_FLAGS + 1, 1);
	if (err)
		return err;
	/* IFA_ADDRESS is the peer's on a point-to-point link, and the only
	 * one of an IPv6 address without a peer */
	if (!tb[IFA_LOCAL])
		tb[IFA_LOCAL] = tb[IFA_ADDRESS];
	if (!tb[IFA_LOCAL])
		return -EBADMSG;
	memset(a, 0, sizeof *a);
	a->family = m.family;
	a->plen = m.prefixlen;
	a->scope = m.scope;
	a->index = (int)m.index;
	a->flags = m.flags;
	addr_len = nl_addr_len(m.family);
	err = nl_attr_copy(tb[IFA_LOCAL], a->addr, addr_len);
	if (!err)
		err = nl_attr_copy_if(tb[IFA_ADDRESS], a->peer, addr_len);
	if (!err)
		err = nl_attr_copy_if(tb[IFA_FLAGS], &a->flags,
				      sizeof a->flags);
	a->has_peer = tb[IFA_ADDRESS] && memcmp(a->peer, a->addr, addr_len);
	return err;
}

int nl_route_info_parse(const unsigned char *p, size_t len,
			struct nl_route_info *r)
{
	const unsigned char *tb[RTA_TABLE + 1];
	struct nl_rta_cacheinfo cache = { .expires = 0 };
	struct nl_rtmsg m;
	uint32_t oif = 0;
	int err;

	err = nl_payload_parse(p, len, &m, sizeof m, tb, RTA_TABLE + 1, 1);
	if (err)
		return err;
	memset(r, 0, sizeof *r);
	r->family = m.family;
	r->dst_len = m.dst_len;
	r->table = m.table;
	r->protocol = m.protocol;
	r->scope = m.scope;
	r->type = m.type;
	r->flags = m.flags;
	r->has_gw = tb[RTA_GATEWAY] != NULL;
	err = nl_attr_copy_if(tb[RTA_TABLE], &r->table, sizeof r->table);
	if (!err)
		err = nl_attr_copy_if(tb[RTA_DST], r->dst,
				      nl_addr_len(m.family));
	if (!err)
		err = nl_attr_copy_if(tb[RTA_OIF], &oif, sizeof oif);
	if (!err)
		err = nl_attr_copy_if(tb[RTA_PRIORITY], &r->priority,
				      sizeof r->priority);
	if (!err)
		err = nl_attr_copy_if(tb[RTA_GATEWAY], r->gw,
				      nl_addr_len(m.family));
	if (!err)
		err = nl_attr_copy_if(tb[RTA_CACHEINFO], &cache, sizeof cache);
	r->oif = (int)oif;
	r->expires = cache.expires != 0;
	return err;
}

int nl_neigh_info_parse(const unsigned char *p, size_t len,
			struct nl_neigh_info *n)
{
	const unsigned char *tb[NDA_DST + 1];
	struct nl_ndmsg m;
	int err;

	err = nl_payload_parse(p, len, &m, sizeof m, tb, NDA_DST + 1, 1);
	if (err)
		return err;
	memset(n, 0, sizeof *n);
	n->family = m.family;
	n->index = m.index;
	n->state = m.state;
	n->has_dst = tb[NDA_DST] != NULL;
	return nl_attr_copy_if(tb[NDA_DST], n->dst, nl_addr_len(m.family));
}

/*
 * One message of a dump's answer, to its NLMSG_DONE or the kernel's error.
 * fn has each message until the answer's first error, kept in *err: fn's,
 * -EAGAIN (the dump was interrupted: NLM_F_DUMP_INTR) or the kernel's. 1 at
 * the answer's end, 0 while more is due, -EBADMSG when malformed.
 */
static int nl_answer_message(const struct nl_hdr *h, const unsigned char *p,
			     nl_dump_fn *fn, void *ctx, int *err)
{
	const unsigned char *payload = p + sizeof *h;
	size_t len = h->len - sizeof *h;
	int32_t error;
	int fn_err;

	if ((h->flags & NLM_F_DUMP_INTR) && *err == 0)
		*err = -EAGAIN;
	if (h->type != NLMSG_DONE && h->type != NLMSG_ERROR) {
		fn_err = *err == 0 ? fn(ctx, h->type, payload, len) : 0;
		if (fn_err < 0)
			*err = fn_err;
		return 0;
	}
	if (len < sizeof error)
		return -EBADMSG;
	memcpy(&error, payload, sizeof error);
	if (error > 0 || error < -NL_ERRNO_MAX)
		return -EBADMSG;
	if (error == 0 && h->type == NLMSG_ERROR)
		return -EBADMSG; /* an ACK: neither asks for one */
	if (*err == 0)
		*err = error;
	return 1;
}

/* The datagram's messages of request seq to nl_answer_message(), the
 * others walked and checked, as are those after the answer's end. */
int nl_dump_datagram_parse(const unsigned char *p, size_t len, uint32_t seq,
			   uint32_t portid, nl_dump_fn *fn, void *ctx, int *err)
{
	struct nl_hdr h;
	int done = 0;
	size_t step;

	while (len > 0) {
		if (len < sizeof h)
			return -EBADMSG;
		memcpy(&h, p, sizeof h);
		if (h.len < sizeof h || h.len > len)
			return -EBADMSG;
		if (!done && h.pid == portid && h.seq == seq)
			done = nl_answer_message(&h, p, fn, ctx, err);
		if (done < 0)
			return done;
		step = nl_align(h.len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return done;
}

int nl_open(struct nl *nl)
{
	int one = 1;

	nl->seq = 1;
	nl->portid = 0; /* learnt from the first reply */
	nl->fd = socket(GN_AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	/* Kernels before 4.12 have no extended ACK: errors come without text. */
	(void)setsockopt(nl->fd, GN_SOL_NETLINK, NETLINK_EXT_ACK, &one,
			 sizeof one);
	/* Before 4.20 (ENOPROTOOPT), dump requests' filters are ignored. */
	nl->strict = setsockopt(nl->fd, GN_SOL_NETLINK, NETLINK_GET_STRICT_CHK,
				&one, sizeof one) == 0;
	/* No bind(): the kernel binds the socket to a port of its choosing as
	 * the first request is sent (netlink_autobind()). */
	return 0;
}

/* The batch in one datagram. Resending is safe: every request guestnet
 * makes is idempotent (an address add's EEXIST counts as done). */
static int nl_batch_send(struct nl *nl, const struct nl_batch *b)
{
	static const struct nl_sockaddr kernel = { .family = GN_AF_NETLINK };
	ssize_t sent;
	int tries;

	for (tries = 1;; tries++) {
		sent = sendto(nl->fd, b->u.bytes, b->len, 0,
			      (const struct sockaddr *)&kernel, sizeof kernel);
		if (sent >= 0)
			break;
		if (errno != EINTR && errno != ENOBUFS)
			return -errno;
		if (tries == NL_SEND_TRIES)
			return -errno;
	}
	if ((size_t)sent != b->len)
		return -EIO;
	return 0;
}

/* The receive buffer: the largest datagram a dump sends fits (the kernel
 * grows a dump's datagrams up to 32 KiB to fit the reader's buffer). */
static union {
	unsigned char bytes[32768];
	uint32_t align;
} nl_rx;

/*
 * The next datagram from the kernel into nl_rx: its length, or -errno.
 * rtnetlink answers while the request is sent (and a dump's next part while
 * the last is read), so a reply is there when asked for: none is
 * -ETIMEDOUT, no wait. Datagrams from others are skipped; the first from
 * the kernel says our port id (the kernel sends only to us on this socket).
 */
static int nl_receive(struct nl *nl)
{
	struct nl_sockaddr from;
	socklen_t from_len;
	int err = -EPROTO; /* strays without end */
	struct nl_hdr h;
	ssize_t n;
	int tries;

	for (tries = 0; tries < NL_RECV_TRIES; tries++) {
		memset(&from, 0, sizeof from);
		from_len = sizeof from;
		n = recvfrom(nl->fd, nl_rx.bytes, sizeof nl_rx.bytes,
			     MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from,
			     &from_len);
		if (n < 0 && errno == EINTR) {
			err = -EINTR; /* interruptions without end */
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return -ETIMEDOUT;
		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof nl_rx.bytes)
			return -EMSGSIZE;
		err = -EPROTO;
		if (from.pid != 0)
			continue; /* not from the kernel */
		if (nl->portid == 0 && (size_t)n >= sizeof h) {
			memcpy(&h, nl_rx.bytes, sizeof h);
			nl->portid = h.pid;
		}
		return (int)n;
	}
	return err;
}

/* Replies until the batch's last request is answered. */
static int nl_batch_receive(struct nl *nl, struct nl_batch *b)
{
	int datagrams;
	int done;
	int n;

	for (datagrams = 0; datagrams < NL_RECV_TRIES; datagrams++) {
		n = nl_receive(nl);
		if (n < 0)
			return n;
		done = nl_reply_parse(b, nl_rx.bytes, (size_t)n, nl->portid);
		if (done < 0)
			return done;
		if (done == 1)
			return 0;
	}
	return -EPROTO; /* replies without end */
}

/*
 * The dump request sent, then its answer read to its end (NLMSG_DONE or
 * the kernel's error), within NL_DUMP_DATAGRAMS_MAX datagrams. Never left
 * half read (the socket could serve no other dump): after an error, fn is
 * given nothing more, and the first error is returned at the end.
 */
int nl_dump(struct nl *nl, struct nl_batch *b, nl_dump_fn *fn, void *ctx)
{
	uint32_t seq = b->seq0;
	long datagrams;
	int err = 0;
	int done;
	int n;

	if (b->broken)
		return -ENOSPC;
	nl->seq = b->seq0 + b->n;
	err = nl_batch_send(nl, b);
	if (err)
		return err; /* else 0: no error yet */
	for (datagrams = 0; datagrams < NL_DUMP_DATAGRAMS_MAX; datagrams++) {
		n = nl_receive(nl);
		if (n < 0)
			return n;
		done = nl_dump_datagram_parse(nl_rx.bytes, (size_t)n, seq,
					      nl->portid, fn, ctx, &err);
		if (done < 0)
			return done;
		if (done == 1)
			return err;
	}
	return -EPROTO; /* an answer without end */
}

int nl_talk(struct nl *nl, struct nl_batch *b)
{
	int err;

	if (b->broken)
		return -ENOSPC;
	if (b->n == 0)
		return 0;
	nl_batch_seal(b);
	nl->seq = b->seq0 + b->n;
	err = nl_batch_send(nl, b);
	if (err)
		return err;
	return nl_batch_receive(nl, b);
}
