// SPDX-License-Identifier: Apache-2.0
// kit-init.c -- the initramfs /init of test/vm/kit-systemd.sh: load the
// modules listed in /modules/order (virtio, virtio_blk, ext4, virtio_net),
// wait (at most 10 s) for /dev/vda, mount it read-write on /newroot, make
// it the root and exec its /sbin/init (systemd).  No shell, no udev.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void load(const char *name)
{
	char p[256];
	snprintf(p, sizeof p, "/modules/%s", name);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
		if (errno != EEXIST)
			printf("KITINIT load %s: %s\n", name, strerror(errno));
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	(void)argc;
	mount("proc", "/proc", "proc", 0, 0);
	mount("sysfs", "/sys", "sysfs", 0, 0);
	mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
	FILE *f = fopen("/modules/order", "r");
	char line[128];
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0])
			load(line);
	}
	if (f)
		fclose(f);
	struct stat st;
	for (int i = 0; i < 100 && stat("/dev/vda", &st) != 0; i++)
		usleep(100000);
	mkdir("/newroot", 0755);
	if (mount("/dev/vda", "/newroot", "ext4", 0, NULL) != 0) {
		printf("KITINIT RESULT FAIL mount /dev/vda: %s\n", strerror(errno));
		return 1;
	}
	umount2("/proc", MNT_DETACH);
	umount2("/sys", MNT_DETACH);
	umount2("/dev", MNT_DETACH);
	if (chdir("/newroot") || mount(".", "/", NULL, MS_MOVE, NULL) || chroot(".") || chdir("/")) {
		printf("KITINIT RESULT FAIL switch root: %s\n", strerror(errno));
		return 1;
	}
	argv[0] = "/sbin/init";
	execv("/sbin/init", argv);
	printf("KITINIT RESULT FAIL exec /sbin/init: %s\n", strerror(errno));
	return 1;
}
