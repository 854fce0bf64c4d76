/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test/faults/noipv6.c - LD_PRELOAD shim: make the running kernel answer
 * guestnet's IPv6 rtnetlink requests as a kernel without IPv6 does
 * (ipv6.disable=1, or CONFIG_IPV6=n), for test/faults.py.
 *
 * Such a kernel has no rtnetlink handlers for PF_INET6, so rtnetlink_rcv_msg()
 * falls back to PF_UNSPEC, finds no RTM_NEWADDR / RTM_NEWROUTE handler there
 * either, and answers -EOPNOTSUPP. The shim rewrites, in a copy of each batch
 * guestnet sends, the family of every IPv6 request to 4 (AF_IPX, long gone
 * from Linux, so no handler exists for it): the real kernel then takes that
 * same path and sends the real error, in order, with the request's sequence
 * number. Nothing else in the batch changes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *,
			       socklen_t);
	static unsigned char copy[65536];
	size_t off = 0;
	int family = 0;
	socklen_t fl = sizeof family;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int, const struct sockaddr *,
				    socklen_t))dlsym(RTLD_NEXT, "sendto");
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &fl) || family != AF_NETLINK ||
	    len > sizeof copy)
		return real(fd, buf, len, flags, to, tolen);
	memcpy(copy, buf, len);
	while (len - off >= 17) {
		uint32_t mlen;
		uint16_t type;

		memcpy(&mlen, copy + off, 4);
		memcpy(&type, copy + off + 4, 2);
		if (mlen < 17 || mlen > len - off)
			break;
		if ((type == 20 || type == 24) && copy[off + 16] == AF_INET6)
			copy[off + 16] = 4;
		off += (mlen + 3) & ~3u;
	}
	return real(fd, copy, len, flags, to, tolen);
}
