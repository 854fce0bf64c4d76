/* SPDX-License-Identifier: Apache-2.0 */
/* ioctl.c - the device ioctls: index, MAC, MTU and IFF_UP, on the netlink socket:
 * the kernel falls back to its generic device ioctls for any socket family. */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include "guestnet.h"

/* The caller has zeroed r but for the name. */
static int dev_ioctl(int fd, int req, const char *name, struct dev_ifreq *r) {
	size_t n = strlen(name);
	if (n >= sizeof r->name) return -ENAMETOOLONG;
	memcpy(r->name, name, n + 1);
	while (ioctl(fd, req, r) < 0)
		if (errno != EINTR) return -errno;
	return 0;
}

int dev_index(int fd, const char *name, int *index) {
	struct dev_ifreq r = { .u.value = 0 };
	int err = dev_ioctl(fd, GN_SIOCGIFINDEX, name, &r);
	*index = r.u.value;
	return err;
}

/* Many drivers refuse a new MAC while the device is up (EBUSY): an equal one
 * is left alone, so that a re-run changes nothing. */
int dev_set_mac(int fd, const char *name, const uint8_t mac[6]) {
	struct dev_ifreq r = { .u.value = 0 };
	int err = dev_ioctl(fd, GN_SIOCGIFHWADDR, name, &r);
	if (err || (r.u.hw.family == GN_ARPHRD_ETHER && !memcmp(r.u.hw.data, mac, 6))) return err;
	r.u.hw.family = GN_ARPHRD_ETHER;
	memcpy(r.u.hw.data, mac, 6);
	return dev_ioctl(fd, GN_SIOCSIFHWADDR, name, &r);
}

int dev_set_mtu(int fd, const char *name, unsigned mtu) {
	struct dev_ifreq r = { .u.value = (int32_t)mtu };
	return dev_ioctl(fd, GN_SIOCSIFMTU, name, &r);
}

int dev_up(int fd, const char *name) {
	struct dev_ifreq r = { .u.value = 0 };
	int err = dev_ioctl(fd, GN_SIOCGIFFLAGS, name, &r);
	if (err || (r.u.flags & GN_IFF_UP)) return err;
	r.u.flags |= GN_IFF_UP;
	return dev_ioctl(fd, GN_SIOCSIFFLAGS, name, &r);
}
