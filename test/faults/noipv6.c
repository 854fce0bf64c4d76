/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/faults/noipv6.c - LD_PRELOAD shim: make the running kernel look, to
 * guestnet's rtnetlink socket, like a kernel without IPv6 (ipv6.disable=1,
 * or CONFIG_IPV6=n), for test/faults.py.
 *
 * Such a kernel has no rtnetlink handlers for PF_INET6, so rtnetlink_rcv_msg()
 * falls back to PF_UNSPEC. There it finds no RTM_NEWADDR, RTM_DELADDR,
 * RTM_NEWROUTE or RTM_DELROUTE handler and answers -EOPNOTSUPP; RTM_DELNEIGH
 * has a PF_UNSPEC handler, which finds no neighbour table for the family and
 * answers -EAFNOSUPPORT. The shim rewrites, in a copy of each batch guestnet
 * sends, the family of every such IPv6 request to 4 (AF_IPX, long gone from
 * Linux, so no handler and no neighbour table exist for it): the real kernel
 * then takes those same paths and sends the real errors, in order, with the
 * requests' sequence numbers. Nothing else in the batch changes.
 *
 * Such a kernel has no IPv6 addresses, routes or neighbours either, so its
 * dumps hold none: from every datagram received on a netlink socket the shim
 * removes each RTM_NEWADDR, RTM_NEWROUTE and RTM_NEWNEIGH message of family
 * AF_INET6 and closes the gap (messages stay 4-byte aligned; NLMSG_DONE,
 * NLMSG_ERROR and the rest are kept, in order). A datagram left empty is not
 * handed over: the next one is received instead (a dump always ends with
 * NLMSG_DONE, which is kept).
 *
 * Other sockets are left alone. Such a kernel refuses an AF_INET6 socket,
 * but guestnet opens one (the ICMPv6 socket of the IPv6 announcement) only
 * for a configured IPv6 address that did not fail, and here none is
 * configured or its add fails: test/faults.py checks with strace that no
 * AF_INET6 socket is opened (a shim refusing it would hide the call).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define NLMSG_HDR_LEN 16 /* struct nlmsghdr */
#define FAMILY_OFF 16	 /* the first byte after it: every family's header */

static int is_netlink(int fd)
{
	int family = 0;
	socklen_t fl = sizeof family;

	return !getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &fl) && family == AF_NETLINK;
}

static size_t nl_align(size_t len)
{
	return (len + 3) & ~(size_t)3;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *,
			       socklen_t);
	static unsigned char copy[65536];
	size_t off = 0;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int, const struct sockaddr *,
				    socklen_t))dlsym(RTLD_NEXT, "sendto");
	if (len > sizeof copy || !is_netlink(fd))
		return real(fd, buf, len, flags, to, tolen);
	memcpy(copy, buf, len);
	while (len - off > FAMILY_OFF) {
		uint32_t mlen;
		uint16_t type;

		memcpy(&mlen, copy + off, 4);
		memcpy(&type, copy + off + 4, 2);
		if (mlen <= FAMILY_OFF || mlen > len - off)
			break;
		/* RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_DELNEIGH */
		if ((type == 20 || type == 21 || type == 24 || type == 25 || type == 29) &&
		    copy[off + FAMILY_OFF] == AF_INET6)
			copy[off + FAMILY_OFF] = 4;
		off += nl_align(mlen);
	}
	return real(fd, copy, len, flags, to, tolen);
}

/* Drop the IPv6 objects from the n bytes at p; the new length. */
static size_t ipv6_objects_drop(unsigned char *p, size_t n)
{
	size_t in = 0, out = 0;

	while (n - in >= NLMSG_HDR_LEN) {
		uint32_t mlen;
		uint16_t type;
		size_t step;

		memcpy(&mlen, p + in, 4);
		memcpy(&type, p + in + 4, 2);
		if (mlen < NLMSG_HDR_LEN || mlen > n - in)
			break; /* malformed: the rest as it is, for guestnet to judge */
		step = nl_align(mlen);
		if (step > n - in)
			step = n - in; /* the last message, unpadded */
		/* RTM_NEWADDR, RTM_NEWROUTE, RTM_NEWNEIGH */
		if ((type == 20 || type == 24 || type == 28) && mlen > FAMILY_OFF &&
		    p[in + FAMILY_OFF] == AF_INET6) {
			in += step;
			continue;
		}
		if (out != in)
			memmove(p + out, p + in, step);
		in += step;
		out += step;
	}
	if (in < n) { /* a tail that is not a message: kept */
		memmove(p + out, p + in, n - in);
		out += n - in;
	}
	return out;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
		 socklen_t *fromlen)
{
	static ssize_t (*real)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
	socklen_t fromlen0 = fromlen ? *fromlen : 0;
	ssize_t n;
	size_t kept;

	if (!real)
		real = (ssize_t (*)(int, void *, size_t, int, struct sockaddr *,
				    socklen_t *))dlsym(RTLD_NEXT, "recvfrom");
	if (!is_netlink(fd) || (flags & MSG_PEEK))
		return real(fd, buf, len, flags, from, fromlen);
	for (;;) {
		if (fromlen)
			*fromlen = fromlen0;
		n = real(fd, buf, len, flags, from, fromlen);
		if (n <= 0 || (size_t)n > len) /* an error, or truncated: as it is */
			return n;
		kept = ipv6_objects_drop(buf, (size_t)n);
		if (kept > 0)
			return (ssize_t)kept;
	}
}
