/* SPDX-License-Identifier: Apache-2.0 */
/* nl.c - rtnetlink over one socket: build a batch of requests, send it in one
 * datagram, and match every reply to its request. A batch in its buffer, every
 * part padded with zeros to 4 bytes:
 *
 *   +--------+------------+---------+------+--------+------+--------+--
 *   | nl_hdr | ifaddrmsg  | nl_attr | data | nl_attr | data | nl_hdr | ...
 *   |        | or rtmsg   | len,type|      |        |      | (next) |
 *   +--------+------------+---------+------+--------+------+--------+--
 *   |<------------------ nl_hdr.len ------------------------>|
 *
 * Structs are copied in and out with memcpy: the buffers are bytes, and
 * nothing the kernel sends is trusted to be aligned or well formed. */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/time.h>
#include "guestnet.h"

#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#endif

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

/* Append data and its padding to the request being built; a put that does
 * not fit marks the batch broken, so callers need no check after each. */
static void put(struct nl_batch *b, const void *data, size_t n) {
	struct nl_hdr h;
	if (b->broken || align4(n) > sizeof b->u.b - b->len) { b->broken = 1; return; }
	memset(b->u.b + b->len, 0, align4(n));
	memcpy(b->u.b + b->len, data, n);
	b->len += align4(n);
	h.len = (uint32_t)(b->len - b->cur); /* the request's nlmsg_len, its first field */
	memcpy(b->u.b + b->cur, &h.len, sizeof h.len);
}

static void attr_put(struct nl_batch *b, uint16_t type, const void *data, size_t n) {
	struct nl_attr a = { (uint16_t)(sizeof a + n), type };
	put(b, &a, sizeof a);
	put(b, data, n);
}

static void msg_start(struct nl_batch *b, uint16_t type, uint16_t flags,
		      const void *family_hdr, size_t n) {
	struct nl_hdr h = { 0, type, (uint16_t)(NLM_F_REQUEST | flags), b->seq0 + b->n, 0 };
	if (b->n == NL_MAXREQ) { b->broken = 1; return; }
	b->n++, b->cur = b->len;
	put(b, &h, sizeof h);
	put(b, family_hdr, n);
}

void nl_batch_init(struct nl_batch *b, uint32_t seq0) { memset(b, 0, sizeof *b), b->seq0 = seq0; }

/* As "ip address add ADDR/PLEN dev IF" sends it; an address that is
 * already there comes back as EEXIST (NLM_F_EXCL). */
void nl_addr_add(struct nl_batch *b, int family, int ifindex,
		 const uint8_t *addr, unsigned plen, int scope) {
	struct nl_ifaddrmsg m = { (uint8_t)family, (uint8_t)plen,
		family == GN_AF_INET6 ? IFA_F_NODAD : 0, (uint8_t)scope, (uint32_t)ifindex };
	size_t n = family == GN_AF_INET ? 4 : 16;
	msg_start(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &m, sizeof m);
	attr_put(b, IFA_LOCAL, addr, n);
	attr_put(b, IFA_ADDRESS, addr, n);
}

/* As "ip route replace default via GW dev IF [onlink]" sends it. */
void nl_route_default(struct nl_batch *b, int family, int ifindex,
		      const uint8_t *gw, int onlink) {
	struct nl_rtmsg m = { (uint8_t)family, 0, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, onlink ? RTNH_F_ONLINK : 0 };
	uint32_t oif = (uint32_t)ifindex;
	msg_start(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, &m, sizeof m);
	attr_put(b, RTA_GATEWAY, gw, family == GN_AF_INET ? 4 : 16);
	attr_put(b, RTA_OIF, &oif, sizeof oif);
}

/* Ask for an ACK on the last request: see nl.h. */
void nl_batch_seal(struct nl_batch *b) {
	struct nl_hdr h;
	if (b->broken || !b->n) return;
	memcpy(&h, b->u.b + b->cur, sizeof h);
	h.flags |= NLM_F_ACK;
	memcpy(b->u.b + b->cur, &h, sizeof h);
}

/* An NLMSG_ERROR for request i (an ACK when error is 0): the errno, then,
 * past the echoed request (only its header when capped), the extended-ACK
 * attributes, of which the kernel's text is kept, NUL-checked and bounded. */
static int error_parse(struct nl_batch *b, unsigned i, const unsigned char *p, size_t len,
		       uint16_t flags) {
	const size_t hl = sizeof(struct nl_hdr);
	struct nl_err e;
	struct nl_attr a;
	const unsigned char *nul;
	size_t off;
	if (len < hl + sizeof e) return -EBADMSG;
	memcpy(&e, p + hl, sizeof e);
	if (e.error > 0 || e.error < -4095) return -EBADMSG;
	b->err[i] = -e.error;
	if (!(flags & NLM_F_ACK_TLVS)) return 0;
	if (!(flags & NLM_F_CAPPED) && (e.msg.len < hl || e.msg.len > len)) return -EBADMSG;
	off = hl + sizeof e.error + (flags & NLM_F_CAPPED ? hl : align4(e.msg.len));
	if (off > len) return -EBADMSG;
	for (p += off, len -= off; len >= sizeof a; p += align4(a.len), len -= align4(a.len)) {
		memcpy(&a, p, sizeof a);
		if (a.len < sizeof a || a.len > len) return -EBADMSG;
		if ((a.type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			if (!(nul = memchr(p + sizeof a, 0, a.len - sizeof a))) return -EBADMSG;
			a.len = (uint16_t)(nul - p - sizeof a < NL_EXTMAX ? nul - p - sizeof a : NL_EXTMAX - 1);
			memcpy(b->ext[i], p + sizeof a, a.len);
			b->ext[i][a.len] = '\0';
			return 0;
		}
		if (align4(a.len) >= len) return 0;
	}
	return len ? -EBADMSG : 0;
}

/* One datagram of replies: 1 once the last request is answered, 0 while answers
 * are due, -EBADMSG when the datagram is malformed. Messages for another port or
 * for no request of this batch are skipped. */
int nl_reply_parse(struct nl_batch *b, const unsigned char *p, size_t len, uint32_t portid) {
	int done = 0, err;
	while (len) {
		struct nl_hdr h;
		uint32_t i;
		if (len < sizeof h) return -EBADMSG;
		memcpy(&h, p, sizeof h);
		if (h.len < sizeof h || h.len > len) return -EBADMSG;
		i = h.seq - b->seq0;
		if (h.pid == portid && i < b->n && h.type == NLMSG_ERROR) {
			if ((err = error_parse(b, i, p, h.len, h.flags)) < 0) return err;
			done |= i == b->n - 1;
		}
		if (align4(h.len) >= len) break;
		p += align4(h.len), len -= align4(h.len);
	}
	return done;
}

int nl_open(struct nl *nl) {
	struct nl_sockaddr sa = { GN_AF_NETLINK, 0, 0, 0 };
	socklen_t sl = sizeof sa;
	struct timeval tv = { 10, 0 }; /* the kernel always answers: a guard against a hang */
	int one = 1;
	nl->seq = 1;
	nl->fd = socket(GN_AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0) return -errno;
	/* Kernels before 4.12 have no extended ACK: errors come without text. */
	(void)setsockopt(nl->fd, GN_SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
	    bind(nl->fd, (struct sockaddr *)&sa, sizeof sa) ||
	    getsockname(nl->fd, (struct sockaddr *)&sa, &sl))
		return -errno;
	nl->portid = sa.pid;
	return 0;
}

/*
 * Send the batch and collect every request's outcome into b->err[] and
 * b->ext[]. Returns 0 when all are known, or -errno when the exchange
 * itself failed (then no outcome may be trusted). */
int nl_talk(struct nl *nl, struct nl_batch *b) {
	static const struct nl_sockaddr kernel = { GN_AF_NETLINK, 0, 0, 0 };
	static union { unsigned char b[8192]; uint32_t align; } u;
	ssize_t r;
	int tries = 0, i, err;
	if (b->broken || !b->n) return b->broken ? -ENOSPC : 0;
	nl_batch_seal(b);
	nl->seq = b->seq0 + b->n;
	/* Resending is safe: every request is idempotent (see main.c). */
	while ((r = sendto(nl->fd, b->u.b, b->len, 0, (const struct sockaddr *)&kernel,
			   sizeof kernel)) < 0 && (errno == EINTR || errno == ENOBUFS) && ++tries < 8)
		;
	if (r < 0 || (size_t)r != b->len) return r < 0 ? -errno : -EIO;
	for (i = 0, err = -EPROTO; i < 64; i++) {
		struct nl_sockaddr from = { 0, 0, 0, 0 };
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(nl->fd, u.b, sizeof u.b, MSG_TRUNC, (struct sockaddr *)&from, &fl);
		if (n < 0 && errno == EINTR) { err = -EINTR; continue; }
		if (n < 0) return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if ((size_t)n > sizeof u.b) return -EMSGSIZE;
		if (from.pid != 0) continue; /* not from the kernel */
		if ((err = nl_reply_parse(b, u.b, (size_t)n, nl->portid))) return err < 0 ? err : 0;
		err = -EPROTO;
	}
	return err; /* EINTR without end, or too many stray replies */
}
