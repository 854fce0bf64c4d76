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

/* The kernel always answers at once: a guard against a hang, not a wait. */
#define NL_RECV_TIMEOUT_SECONDS 10
/* sendto() tries while the kernel is short of buffers or a signal comes. */
#define NL_SEND_TRIES 8
/* recvfrom() calls for one batch: its replies, interruptions and strays. */
#define NL_RECV_TRIES 64
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
		 const uint8_t *addr, unsigned plen, int scope)
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
	nl_batch_attr_append(b, IFA_ADDRESS, addr, addr_len);
}

void nl_route_default(struct nl_batch *b, int family, int ifindex,
		      const uint8_t *gw, int onlink)
{
	struct nl_rtmsg m = {
		.family = (uint8_t)family,
		.dst_len = 0,
		.table = RT_TABLE_MAIN,
		.protocol = RTPROT_BOOT,
		.scope = RT_SCOPE_UNIVERSE,
		.type = RTN_UNICAST,
		.flags = onlink ? RTNH_F_ONLINK : 0,
	};
	uint32_t oif = (uint32_t)ifindex;

	nl_batch_request_start(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE,
			       &m, sizeof m);
	nl_batch_attr_append(b, RTA_GATEWAY, gw, nl_addr_len(family));
	nl_batch_attr_append(b, RTA_OIF, &oif, sizeof oif);
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
 * into ext. The last attribute may lack its padding. 0 or -EBADMSG. */
static int nl_extack_parse(char ext[NL_EXTACK_SIZE], const unsigned char *p,
			   size_t len)
{
	struct nl_attr a;
	size_t step;

	while (len >= sizeof a) {
		memcpy(&a, p, sizeof a);
		if (a.len < sizeof a || a.len > len)
			return -EBADMSG;
		if ((a.type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			return nl_extack_text_copy(ext, p + sizeof a,
						   a.len - sizeof a);
		step = nl_align(a.len);
		if (step >= len)
			return 0;
		p += step;
		len -= step;
	}
	if (len != 0)
		return -EBADMSG;
	return 0;
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

int nl_open(struct nl *nl)
{
	struct nl_sockaddr sa = { .family = GN_AF_NETLINK };
	socklen_t sa_len = sizeof sa;
	struct timeval timeout = { .tv_sec = NL_RECV_TIMEOUT_SECONDS };
	int one = 1;

	nl->seq = 1;
	nl->fd = socket(GN_AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	/* Kernels before 4.12 have no extended ACK: errors come without text. */
	(void)setsockopt(nl->fd, GN_SOL_NETLINK, NETLINK_EXT_ACK, &one,
			 sizeof one);
	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout,
		       sizeof timeout))
		return -errno;
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof sa))
		return -errno;
	if (getsockname(nl->fd, (struct sockaddr *)&sa, &sa_len))
		return -errno;
	nl->portid = sa.pid;
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

/* Replies until the batch's last request is answered. */
static int nl_batch_receive(struct nl *nl, struct nl_batch *b)
{
	static union {
		unsigned char bytes[8192];
		uint32_t align;
	} u;
	struct nl_sockaddr from;
	socklen_t from_len;
	ssize_t n;
	int err = -EPROTO; /* too many stray replies */
	int i;

	for (i = 0; i < NL_RECV_TRIES; i++) {
		memset(&from, 0, sizeof from);
		from_len = sizeof from;
		n = recvfrom(nl->fd, u.bytes, sizeof u.bytes, MSG_TRUNC,
			     (struct sockaddr *)&from, &from_len);
		if (n < 0 && errno == EINTR) {
			err = -EINTR; /* EINTR without end */
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return -ETIMEDOUT;
		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof u.bytes)
			return -EMSGSIZE;
		err = -EPROTO;
		if (from.pid != 0)
			continue; /* not from the kernel */
		err = nl_reply_parse(b, u.bytes, (size_t)n, nl->portid);
		if (err < 0)
			return err;
		if (err == 1)
			return 0;
		err = -EPROTO;
	}
	return err;
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
