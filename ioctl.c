/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioctl.c - the device ioctls: index, MAC, MTU and IFF_UP. They are issued on
 * the run's netlink socket: the kernel falls back to its generic device
 * ioctls for any socket family. Each returns 0 or -errno.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>

#include "guestnet.h"

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

static int dev_mac_equal(const struct dev_ifreq *r, const uint8_t mac[6])
{
	if (r->u.hw.family != GN_ARPHRD_ETHER)
		return 0;
	return memcmp(r->u.hw.data, mac, 6) == 0;
}

int dev_mac_set(int fd, const char *name, const uint8_t mac[6])
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFHWADDR, name, &r);
	if (err)
		return err;
	if (dev_mac_equal(&r, mac))
		return 0;
	r.u.hw.family = GN_ARPHRD_ETHER;
	memcpy(r.u.hw.data, mac, 6);
	return dev_ioctl(fd, GN_SIOCSIFHWADDR, name, &r);
}

int dev_mtu_set(int fd, const char *name, unsigned mtu)
{
	struct dev_ifreq r = { .u.value = (int32_t)mtu };

	return dev_ioctl(fd, GN_SIOCSIFMTU, name, &r);
}

/* SIOCSIFFLAGS rewrites every settable flag, so they are read first. */
int dev_link_up(int fd, const char *name)
{
	struct dev_ifreq r = { .u.value = 0 };
	int err;

	err = dev_ioctl(fd, GN_SIOCGIFFLAGS, name, &r);
	if (err)
		return err;
	if (r.u.flags & GN_IFF_UP)
		return 0;
	r.u.flags |= GN_IFF_UP;
	return dev_ioctl(fd, GN_SIOCSIFFLAGS, name, &r);
}
