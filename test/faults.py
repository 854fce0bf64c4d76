#!/usr/bin/env python3
# test/faults.py - fault injection with the real binary (issue 4), started by
# test/faults.sh. Every case runs guestnet with a full configuration in a fresh
# network namespace gnh-flt-PID-N (a veth pair gnh0/gnh0p) and fresh UTS and
# mount namespaces, with --root in a temp dir whose etc/ holds old files, and
# one fault:
#   - a system call failing (strace -e inject=SYSCALL:error=ERRNO:when=N); N is
#     found by a clean calibration run traced by strace, as the invocation
#     whose text matches the case's pattern (the write of /etc/hosts, the
#     second sendto...), and the run's trace must show the injection;
#   - or a hostile system: read-only or full file system, missing interface,
#     no CAP_NET_ADMIN, no privileges, a device refusing the MTU (a VXLAN),
#     a kernel without IPv6 (test/faults/noipv6.c), IPv6 disabled by sysctl,
#     a crash's leftover temp file.
# Checks (issue 10: each failure is reported on its own line and counted, and
# what does not depend on it is still done): the exit status (0 when the
# fault was retried away or worked around), every line on standard error
# (exactly the case's, in order: each failure, each step skipped because of
# it, each notice), nothing on standard output, the files (a file keeps its
# old bytes exactly when its own write failed, or every file when DIR/etc
# cannot be opened or the file system refuses them all; every other file the
# configuration has is the new one; modes 0644, no .NAME.guestnet temporary
# file left), and the namespace (links, addresses, default routes, hostname):
# what a clean run configures, but for what the case says the fault left
# undone; a success leaves exactly what a clean run does.
#
# Env: GUESTNET (default ./guestnet, dynamically linked for the no-IPv6 shim),
# NOIPV6_SO (the shim), FAULTS_STATS (a file for the figures), FAULTS_ONLY
# (a substring: run only the matching cases).
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
FILES = ["hosts", "hostname", "resolv.conf"]
OLD = {"hosts": b"# old hosts\n127.0.0.1\tlocalhost\n", "hostname": b"oldname\n",
       "resolv.conf": b"nameserver 203.0.113.53\n"}
FULL = {
    "MSB_NET": "iface=gnh0,mac=02:00:00:00:00:01,mtu=1400",
    "MSB_NET_IPV4": "addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.53",
    "MSB_NET_IPV6": "addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53",
    "MSB_HOSTNAME": "gnh-guest",
    "MSB_HOST_ALIAS": "gnh-host",
}
NO6 = {k: v for k, v in FULL.items() if k != "MSB_NET_IPV6"}
NOHOST = {k: v for k, v in FULL.items() if k != "MSB_HOSTNAME"}

# What a case expects (issue 10: a failure is reported on its own line and
# counted, exit 1, and every step that does not depend on it is still done):
#   exit: the status;
#   err: every line on standard error, in order, without "guestnet: " (ETC
#     stands for DIR/etc); none (the default) for a silent run;
#   keep: the files that keep their old bytes: exactly those whose own write
#     failed (or all three when DIR/etc cannot be opened or the file system
#     refuses each); every other file the configuration has is the new one;
#   net: the namespace (links, addrs, routes, hostname) as a clean run leaves
#     it, but for the keys given: a literal list, "before" (as the namespace
#     was before the run), or for links a dict ifname -> literal or "before"
#     (a literal's field "before": that field as it was);
#   no_call: (syscall, pattern): the run is traced, and no such call is made.
M = "02:00:00:00:00:01"
MSG_M = "at " + M
LO = ("lo", 65536, "00:00:00:00:00:00", True)
LO_ADDRS = [("lo", "inet", "127.0.0.1", 8), ("lo", "inet6", "::1", 128)]
A4 = ("gnh0", "inet", "192.0.2.2", 24)
R4 = ("default", "192.0.2.1", "gnh0", "")
NO_ADDRS = {"addrs": LO_ADDRS, "routes": []}  # the interface's addresses and routes not made
UNTOUCHED = {"links": "before", "addrs": "before", "routes": "before"}
SKIP_ETC = "write ETC/%s: skipped, the directory could not be opened"
NOT_READ = "addresses and routes: skipped, the addresses could not be read"
# the link dump failed: lo's state and the interface's are unknown, nothing
# on them is planned; said as a missing socket is (SPEC 3: a step whose
# prerequisite failed is skipped and says so)
LINKS_NOT_READ = "lo and the interface: skipped, the interfaces could not be read"
ROUTES_SKIPPED = ["gnh0: add IPv4 default route via 192.0.2.1: skipped, its address failed",
                  "gnh0: add IPv6 default route via 2001:db8::1: skipped, its address failed"]
EPERM = "Operation not permitted"
# lo's addresses come with lo up (issue 16: not added on a lo that is
# down); the MAC's ioctl comes before the first batch
NO_NET_ADMIN_LINES = ["lo: set up: " + EPERM,
                      "gnh0: set MTU 1400: " + EPERM,
                      "gnh0: add IPv4 address 192.0.2.2/24: " + EPERM,
                      "gnh0: add IPv6 address 2001:db8::2/64: " + EPERM,
                      "gnh0: set arp_notify: " + EPERM] + ROUTES_SKIPPED
# an announcement whose prerequisite failed says so (issue 16)
NA_SKIPPED = "gnh0: announce 2001:db8::2 %s: skipped, %%s" % MSG_M
NO_NET_ADMIN = ["gnh0: set MAC %s: %s" % (M, EPERM)] + NO_NET_ADMIN_LINES + [
                # the link up leads the route batch, alone there: the routes,
                # their addresses refused, are skipped as the batch is made,
                # and its refusal comes when the batch is answered
                "gnh0: set up: " + EPERM, NA_SKIPPED % "the MAC could not be set"]
# an IPv6 announcement: its ICMPv6 socket (then sendmsg to ff02::1)
IPV6_NA = ("socket", r"^socket\(AF_INET6, SOCK_RAW")

CASES = [
    # -- the /etc files: write, fsync, close, rename of each, and EINTR
    # retried;
    # the failed file keeps its old bytes, the others and the network are done
    *[dict(name="write %s EIO" % f, inject=("write", pat, "EIO"), exit=1,
           err=["ETC/%s: write: Input/output error" % f], keep=[f])
      for f, pat in (("hosts", r'"127\.0\.0\.1'), ("hostname", r'"gnh-guest\\n"'),
                     ("resolv.conf", r'"nameserver '))],
    *[dict(name="write %s ENOSPC" % f, inject=("write", pat, "ENOSPC"), exit=1,
           err=["ETC/%s: write: No space left on device" % f], keep=[f])
      for f, pat in (("hosts", r'"127\.0\.0\.1'), ("resolv.conf", r'"nameserver '))],
    # each file flushed by its own fsync before its rename (issue 18; no
    # syncfs): a failed flush keeps that file's old bytes alone. The fsyncs
    # come at the commit, in staging order: hosts, hostname, resolv.conf
    *[dict(name="fsync %s EIO" % f, inject=("fsync", None, "EIO", i), exit=1,
           err=["ETC/%s: flush to disk: Input/output error" % f], keep=[f])
      for i, f in enumerate(FILES, 1)],
    *[dict(name="rename %s %s" % (f, e), inject=("renameat", r'"%s"\)' % re.escape(f), e),
           exit=1, err=["ETC/%s: rename: %s" % (f, m)], keep=[f])
      for f in FILES for e, m in (("EIO", "Input/output error"),)],
    dict(name="rename hostname EXDEV", inject=("renameat", r'"hostname"\)', "EXDEV"), exit=1,
         err=["ETC/hostname: rename: Invalid cross-device link"], keep=["hostname"]),
    dict(name="rename resolv.conf EROFS", inject=("renameat", r'"resolv\.conf"\)', "EROFS"),
         exit=1, err=["ETC/resolv.conf: rename: Read-only file system"], keep=["resolv.conf"]),
    # fds: 3 DIR, 4 DIR/etc, 5 the netlink socket, 6 the hosts temporary file
    # (each temporary file stays open until its fsync, close and rename)
    dict(name="close hosts EIO", inject=("close", r"^close\(6\)", "EIO"), exit=1,
         err=["ETC/hosts: close: Input/output error"], keep=["hosts"]),
    dict(name="create hosts temp EACCES", inject=("openat", r'"\.hosts\.guestnet"', "EACCES"),
         exit=1, err=["ETC/hosts: create temporary file: Permission denied"], keep=["hosts"]),
    dict(name="create resolv.conf temp EDQUOT",
         inject=("openat", r'"\.resolv\.conf\.guestnet"', "EDQUOT"), exit=1,
         err=["ETC/resolv.conf: create temporary file: Disk quota exceeded"], keep=["resolv.conf"]),
    # DIR/etc not opened: every file keeps its old bytes, the rest is done
    # DIR/etc is resolved beneath DIR (openat2 RESOLVE_IN_ROOT, issue 16)
    dict(name="open etc EMFILE", inject=("openat2", r'^openat2\(3, "etc"', "EMFILE"),
         exit=1, err=["ETC: open directory: Too many open files",
                      SKIP_ETC % "hostname", SKIP_ETC % "resolv.conf"], keep=FILES),
    dict(name="write hosts EINTR (retried)", inject=("write", r'"127\.0\.0\.1', "EINTR"), exit=0),
    dict(name="fsync hostname EINTR (retried)", inject=("fsync", None, "EINTR", 2), exit=0),
    dict(name="mkdir etc EACCES", setup="no-etc", inject=("mkdirat", None, "EACCES", 1), exit=1,
         err=["ETC: create directory: Permission denied",
              SKIP_ETC % "hostname", SKIP_ETC % "resolv.conf"], keep=FILES),
    # -- the system calls of the other steps
    dict(name="sethostname EPERM", inject=("sethostname", None, "EPERM", 1), exit=1,
         err=["set hostname gnh-guest: " + EPERM], net={"hostname": "before"}),
    dict(name="socket EAFNOSUPPORT (no netlink)", inject=("socket", None, "EAFNOSUPPORT", 1),
         exit=1, err=["netlink: open socket: Address family not supported by protocol",
                      "lo and the interface: skipped, no netlink socket"], net=UNTOUCHED),
    # a kernel before 4.12 has no extended ACK (NETLINK_EXT_ACK refused): a
    # kernel's refusal would come without its text; the run is not otherwise
    # changed (the socket's other call; it is not bound, the kernel binds it
    # as the first request goes)
    dict(name="setsockopt NETLINK_EXT_ACK ENOPROTOOPT (ignored)",
         inject=("setsockopt", r"NETLINK_EXT_ACK", "ENOPROTOOPT"), exit=0),
    # lo is set up by netlink now (issue 16: in the first batch), and the
    # MAC is the run's one ioctl: its interruption is retried
    dict(name="ioctl set MAC EINTR (retried)", inject=("ioctl", r"SIOCSIFHWADDR", "EINTR"),
         exit=0),
    # refused (a link that is up goes down for its new MAC before the ioctl,
    # issue 18: EBUSY is a driver refusing it even then): reported, the
    # link keeps its MAC, the rest is done, the announcement skipped
    dict(name="ioctl set MAC EBUSY", inject=("ioctl", r"SIOCSIFHWADDR", "EBUSY"), exit=1,
         err=["gnh0: set MAC %s: Device or resource busy" % M,
              NA_SKIPPED % "the MAC could not be set"],
         net={"links": {"lo": LO, "gnh0": ("gnh0", 1400, "before", True)}}),
    # a static IPv6 configuration turns accept_ra and autoconf off in
    # /proc/sys (issue 18): a refusal is reported, the rest is done
    dict(name="open autoconf EROFS", inject=("openat", r'/autoconf"', "EROFS"), exit=1,
         err=["gnh0: set autoconf 0: Read-only file system"]),
    dict(name="write accept_ra EIO", inject=("write", r'"0\\n", 2\)', "EIO"), exit=1,
         err=["gnh0: set accept_ra 0: Input/output error"]),
    # -- netlink send and receive: EINTR and ENOBUFS retried or reported. The
    # state is read before any change (issue 16). The sendtos: #1 the link
    # dump (lo and the interface), #2 the address dump, #3 gnh0's route dump
    # (filtered; no neighbour dump: the new MAC forgets them all), #4 the
    # first batch (lo up, which brings lo's addresses; the MTU, the
    # addresses, arp_notify: on this link, down before the run, the kernel
    # announces IPv4), #5 the route batch (gnh0 up, the routes); the
    # recvfroms: #1 and #2 the link dump, #3 the address dump, #4 the route
    # dump, #5 the first batch's ACK, #6 the route batch's ACK. The IPv6
    # announcement is a sendmsg on an ICMPv6 socket of its own.
    dict(name="sendto EINTR (retried)", inject=("sendto", None, "EINTR", 1), exit=0),
    dict(name="sendto ENOBUFS x7 (retried)", inject=("sendto", None, "ENOBUFS", "2..8"), exit=0),
    # from the route dump on: the routes not read (so none is planned, as
    # before the pipeline), both batches refused
    dict(name="sendto ENOBUFS always", inject=("sendto", None, "ENOBUFS", "3+"), exit=1,
         err=["gnh0: read routes: No buffer space available"] + [
              l.replace(EPERM, "No buffer space available") for l in NO_NET_ADMIN_LINES
              if "default route" not in l] + ["gnh0: set up: No buffer space available",
                                              NA_SKIPPED % "the link is not up"],
         net={"links": {"lo": "before", "gnh0": ("gnh0", 1500, M, False)}, "addrs": [],
              "routes": []}),
    # bounded: nothing is read, so nothing on lo or the interface is planned
    dict(name="sendto EINTR always", inject=("sendto", None, "EINTR", "1+"), exit=1,
         err=["netlink: read interfaces: Interrupted system call", LINKS_NOT_READ],
         net=UNTOUCHED, max_secs=10),
    # the first batch's send cut short: each of its requests reported (the
    # exchange's error, with no "netlink: " before it now); the route batch
    # still sets the link up
    dict(name="sendto short", inject=("sendto", None, "retval=20", 4), exit=1,
         err=["lo: set up: Input/output error",
              "gnh0: set MTU 1400: Input/output error",
              "gnh0: add IPv4 address 192.0.2.2/24: Input/output error",
              "gnh0: add IPv6 address 2001:db8::2/64: Input/output error",
              "gnh0: set arp_notify: Input/output error"] + ROUTES_SKIPPED +
             [NA_SKIPPED % "its address failed"],
         net={"links": {"lo": "before", "gnh0": ("gnh0", 1500, M, True)}, "addrs": [],
              "routes": []}),
    # the links not read: nothing on lo or the interface is planned
    dict(name="sendto EPERM", inject=("sendto", None, "EPERM", 1), exit=1,
         err=["netlink: read interfaces: " + EPERM, LINKS_NOT_READ], net=UNTOUCHED),
    dict(name="recvfrom EINTR x3 (retried)", inject=("recvfrom", None, "EINTR", "1..3"), exit=0),
    dict(name="recvfrom EINTR always", inject=("recvfrom", None, "EINTR", "1+"), exit=1,
         err=["netlink: read interfaces: Interrupted system call", LINKS_NOT_READ],
         net=UNTOUCHED, max_secs=10),
    # the first batch was sent: the kernel set lo up, the MTU, made the
    # addresses; their ACK was lost (each request says so, with no
    # "netlink: " before the error now)
    dict(name="recvfrom ENOBUFS", inject=("recvfrom", None, "ENOBUFS", "5"), exit=1,
         err=["lo: set up: No buffer space available",
              "gnh0: set MTU 1400: No buffer space available",
              "gnh0: add IPv4 address 192.0.2.2/24: No buffer space available",
              "gnh0: add IPv6 address 2001:db8::2/64: No buffer space available",
              "gnh0: set arp_notify: No buffer space available"] +
         ROUTES_SKIPPED + [NA_SKIPPED % "its address failed"], net={"routes": []}),
    # the address dump unanswered: no address or route is planned; lo (its
    # state came with the link dump), the MAC, the MTU and the link up are
    # done all the same
    dict(name="recvfrom EAGAIN (timeout)", inject=("recvfrom", None, "EAGAIN", 3), exit=1,
         err=["netlink: read addresses: Connection timed out", NOT_READ],
         net=dict(NO_ADDRS, links={"lo": LO, "gnh0": ("gnh0", 1400, M, True)})),
    # every write returns 0 (issue 16: the state's failures are said before
    # the files are written, so no write comes first any more): the messages
    # are lost (stderr stays empty, no spin) and each file's write fails; the
    # failure that makes the messages is the link dump's (one sendto
    # refused), which leaves lo and the interface alone
    dict(name="stderr write returns 0", inject=("sendto", None, "EPERM", 1),
         strace_extra=["-e", "inject=write:retval=0:when=1+"], exit=1, keep=FILES,
         net=UNTOUCHED, max_secs=10),
    # the route dump unanswered: the routes not read, none planned
    dict(name="sendto lies (nothing sent)", inject=("sendto", None, "retval=LEN", 3), exit=1,
         err=["gnh0: read routes: Connection timed out"], net={"routes": []},
         # with no route at all, the advertisement finds none to ff02::1
         # while the kernel has not yet added the link's multicast route
         may_err=["gnh0: announce 2001:db8::2 %s: not sent, the link has no route to its peers yet" % MSG_M]),
    # that refusal forced: a notice, not a failure
    dict(name="sendmsg ENETUNREACH (the announcement, no route yet)",
         inject=("sendmsg", None, "ENETUNREACH", 1), exit=0,
         err=["gnh0: announce 2001:db8::2 %s: not sent, the link has no route to its peers yet" % MSG_M]),
    # the IPv6 announcement's sendmsg, bounded (it used to spin in the
    # announcements); everything else is done
    dict(name="sendmsg EINTR always (the announcement)", inject=("sendmsg", None, "EINTR", "1+"),
         exit=1, err=["gnh0: announce 2001:db8::2 %s: Interrupted system call" % MSG_M],
         max_secs=10),
    # -- hostile systems
    dict(name="read-only root", setup="ro", exit=1,
         err=["ETC/%s: create temporary file: Read-only file system" % f for f in FILES],
         keep=FILES),
    dict(name="full file system (blocks)", setup="full", exit=1,
         err=["ETC/%s: write: No space left on device" % f for f in FILES], keep=FILES),
    dict(name="full file system (inodes)", setup="noinodes", exit=1,
         err=["ETC/%s: create temporary file: No space left on device" % f for f in FILES],
         keep=FILES),
    # no DNS configured: resolv.conf is left alone
    *[dict(name="missing interface" + n, env={"MSB_NET": "iface=gnhnone0,mac=" + M},
           env_drop=["MSB_NET_IPV4", "MSB_NET_IPV6"], args=a, exit=1,
           # the message ends at what there is: no interface has its MAC
           err=["gnhnone0: find interface: No such device (%sthere are: lo, gnh0p, gnh0)" % w,
                "gnhnone0: MAC, MTU, addresses, routes: skipped, the interface is not there"],
           net={"links": {"lo": LO, "gnh0": "before"}, "addrs": LO_ADDRS, "routes": []},
           **x)
      for n, a, w, x in (("", [], "", {}),
                         (", --wait=1", ["--wait=1"], "waited 1 s; ", {"max_secs": 5}))],
    # the device refuses the MTU (a VXLAN over a 1330-byte link takes at
    # most 1280): the MTU request alone fails, the rest of its batch is done
    dict(name="MTU refused by the device (VXLAN, at most 1280)", setup="vxlan", exit=1,
         err=["gnh0: set MTU 1400: Invalid argument",
              "gnh0: set MTU 1400: 1400 is MSB_NET's mtu=: send another there; "
              "the device's range is 68-65535 (a link below it may take less)"],
         net={"links": {"lo": LO, "gnh0": ("gnh0", 1280, M, True)}}),
    dict(name="no CAP_NET_ADMIN (user namespace)", setup="userns", env_drop=["MSB_HOSTNAME"],
         exit=1, err=NO_NET_ADMIN, net=UNTOUCHED),
    dict(name="no CAP_SYS_ADMIN for the hostname (user namespace)", setup="userns", exit=1,
         err=["set hostname gnh-guest: " + EPERM] + NO_NET_ADMIN,
         net=dict(UNTOUCHED, hostname="before")),
    dict(name="unprivileged user", setup="nobody", exit=1,
         err=["ETC/hosts: create temporary file: Permission denied",
              "set hostname gnh-guest: " + EPERM,
              "ETC/hostname: create temporary file: Permission denied"] + NO_NET_ADMIN[:1] +
         # /proc/sys/net/ipv6/conf/gnh0/ is root's to write (issue 18)
         ["gnh0: set accept_ra 0: Permission denied", "gnh0: set autoconf 0: Permission denied"] +
         NO_NET_ADMIN[1:] + ["ETC/resolv.conf: create temporary file: Permission denied"],
         keep=FILES, net=dict(UNTOUCHED, hostname="before")),
    # the shim hides lo's ::1 and refuses IPv6 adds; lo is down before the
    # run, and lo up brings its addresses (issue 16: ::1 is not added, so
    # nothing is said of it)
    dict(name="kernel without IPv6, IPv6 not asked", setup="noipv6", env_drop=["MSB_NET_IPV6"],
         exit=0, no_call=IPV6_NA),
    dict(name="kernel without IPv6, MSB_NET_IPV6 set", setup="noipv6", exit=1,
         err=["gnh0: add IPv6 address 2001:db8::2/64: Operation not supported",
              "gnh0: add IPv6 default route via 2001:db8::1: skipped, its address failed",
              NA_SKIPPED % "its address failed"],
         net={"addrs": LO_ADDRS + [A4], "routes": [R4]}, no_call=IPV6_NA),
    # lo up brings no ::1 with IPv6 off; none is added (issue 16)
    dict(name="IPv6 disabled by sysctl, IPv6 not asked", setup="disable_ipv6",
         env_drop=["MSB_NET_IPV6"], exit=0, net={"addrs": [LO_ADDRS[0], A4]}),
    dict(name="leftover temp file from a crash", setup="leftover", exit=0),
    dict(name="leftover temp directory", setup="leftover-dir", exit=1,
         err=["ETC/hosts: create temporary file: Is a directory"], keep=["hosts"],
         leftover_ok=True),
    dict(name="dangling resolv.conf symlink replaced", setup="dangling", exit=0),
    dict(name="hosts symlink to a file outside the root replaced, target untouched",
         setup="symlink-out", exit=0),
]


def env_of(case):
    env = dict(FULL)
    for k in case.get("env_drop", []):
        env.pop(k)
    env.update(case.get("env", {}))
    return env


# ---- inner: inside the namespaces ---------------------------------------------
def sh(cmd):
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL, timeout=30)


def prepare(root, setup):
    os.makedirs(root, exist_ok=True)
    if setup in ("ro", "full", "noinodes"):
        opt = {"ro": "size=1m", "full": "size=16k", "noinodes": "size=1m,nr_inodes=5"}[setup]
        sh("mount -t tmpfs -o %s,mode=0755 gnh-tmpfs %s" % (opt, root))
    if setup != "no-etc":
        os.makedirs(os.path.join(root, "etc"), exist_ok=True)
        os.chmod(os.path.join(root, "etc"), 0o755)
        for f in FILES:
            if setup == "dangling" and f == "resolv.conf":
                os.symlink("../run/gnh-nowhere/resolv.conf", os.path.join(root, "etc", f))
                continue
            with open(os.path.join(root, "etc", f), "wb") as fh:
                fh.write(OLD[f])
            os.chmod(os.path.join(root, "etc", f), 0o644)
    if setup == "full":
        fd = os.open(os.path.join(root, "filler"), os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(fd, b"x" * 4096) > 0:
                pass
        except OSError:
            pass
        os.close(fd)
    if setup == "noinodes":
        i = 0
        while True:
            try:
                open(os.path.join(root, "f%d" % i), "wb").close()
            except OSError:
                break
            i += 1
    if setup == "ro":
        sh("mount -o remount,ro %s" % root)
    if setup == "symlink-out":
        target = os.path.join(os.path.dirname(root), "outside-hosts")
        with open(target, "wb") as fh:
            fh.write(b"# not guestnet's\n")
        os.remove(os.path.join(root, "etc", "hosts"))
        os.symlink(target, os.path.join(root, "etc", "hosts"))
    if setup == "leftover":
        with open(os.path.join(root, "etc", ".hosts.guestnet"), "wb") as fh:
            fh.write(b"half a fi")
    if setup == "leftover-dir":
        os.mkdir(os.path.join(root, "etc", ".hosts.guestnet"))
    if setup == "vxlan":  # gnh0 a VXLAN on the veth, renamed gnh0v: MTU 1330 - 50
        sh("ip link set gnh0 name gnh0v && ip link set gnh0v mtu 1330 up && "
           "ip link add gnh0 type vxlan id 42 dstport 4789 dev gnh0v && "
           "ip link set gnh0 addrgenmode none")
    if setup == "disable_ipv6":
        sh("sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 "
           "net.ipv6.conf.lo.disable_ipv6=1 net.ipv6.conf.gnh0.disable_ipv6=1")


def state(root):
    files = {}
    etc = os.path.join(root, "etc")
    if os.path.isdir(etc):
        for n in sorted(os.listdir(etc)):
            p = os.path.join(etc, n)
            s = os.lstat(p)
            e = {"mode": oct(s.st_mode)}
            if os.path.islink(p):
                e["link"] = os.readlink(p)
            elif os.path.isfile(p):
                with open(p, "rb") as fh:
                    e["data"] = fh.read().hex()
            files[n] = e
    net = {}
    for name, cmd in (("link", "ip -j link show"), ("addr", "ip -j addr show"),
                      ("route4", "ip -4 -j route show"), ("route6", "ip -6 -j route show")):
        out = subprocess.run(cmd.split(), stdout=subprocess.PIPE, timeout=30, check=True).stdout
        net[name] = json.loads(out or b"[]")
    links = sorted((l["ifname"], l.get("mtu"), l.get("address"), "UP" in l.get("flags", []))
                   for l in net["link"] if l["ifname"] in ("lo", "gnh0"))  # gnh0p: a random MAC
    addrs = sorted((a["ifname"], i["family"], i["local"], i["prefixlen"])
                   for a in net["addr"] for i in a.get("addr_info", []))
    routes = sorted((r.get("dst"), r.get("gateway", ""), r.get("dev"), ",".join(r.get("flags", [])))
                    for r in net["route4"] + net["route6"] if r.get("dst") == "default")
    return {"files": files, "links": links, "addrs": addrs, "routes": routes,
            "hostname": subprocess.run(["hostname"], stdout=subprocess.PIPE).stdout.decode().strip()}


def calls(log, syscall):
    """The lines of one system call in an strace log, in order."""
    with open(log, errors="replace") as fh:
        return [l for l in fh if l.startswith(syscall + "(")]


def inner(spec):
    case = spec["case"]
    guestnet = spec["guestnet"]
    root = spec["root"]
    setup = case.get("setup")
    prepare(root, setup)
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    env.update(env_of(case))
    cmd = [guestnet, "--root", root] + case.get("args", [])
    if setup == "noipv6" and spec.get("strace") is None:
        env["LD_PRELOAD"] = spec["noipv6"]
    if setup == "userns":
        cmd = ["unshare", "--user", "--map-root-user"] + cmd
    if setup == "nobody":
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
               "--bounding-set=-all"] + cmd
    log = None
    if spec.get("strace") is not None:
        log = spec["log"]
        if setup == "noipv6":  # the shim in guestnet, not in strace
            cmd = ["-E", "LD_PRELOAD=" + spec["noipv6"]] + cmd
        cmd = ["strace", "-qq", "-o", log, "-s", "64"] + spec["strace"] + cmd
    before = state(root)
    try:
        r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=case.get("max_secs", 60))
        out = {"exit": r.returncode, "stderr": r.stderr.decode("latin-1"),
               "stdout": r.stdout.decode("latin-1")}
    except subprocess.TimeoutExpired as e:  # killed: a hang
        out = {"exit": "hang (killed after %d s)" % e.timeout, "stderr": "", "stdout": ""}
    out["state"] = state(root)
    out["before"] = before
    out["etc"] = os.path.join(root, "etc")
    if setup == "symlink-out":
        with open(os.path.join(os.path.dirname(root), "outside-hosts"), "rb") as fh:
            out["outside"] = fh.read().decode("latin-1")
    if setup in ("ro", "full", "noinodes"):
        sh("umount %s" % root)
    print(json.dumps(out))
    return 0


# ---- outer -----------------------------------------------------------------------
NET_KEYS = ("links", "addrs", "routes", "hostname")


def net_expected(case, ref, before):
    """The namespace a case must leave: the clean run's, but for case["net"]."""
    want = {k: ref[k] for k in NET_KEYS}
    for k, v in case.get("net", {}).items():
        if v == "before":
            v = before[k]
        elif k == "links":
            old = {l[0]: tuple(l) for l in before["links"]}
            v = sorted(old[i] if l == "before" else
                       tuple(old[i][j] if x == "before" else x for j, x in enumerate(l))
                       for i, l in v.items())
        elif k != "hostname":
            v = sorted(v)
        want[k] = json.loads(json.dumps(v))  # tuples as lists, as state() comes back
    return want


def run_case(n, case, tmp, guestnet, noipv6, strace=None, log=None):
    ns = "gnh-flt-%d-%d" % (os.getpid(), n)
    root = os.path.join(tmp, "root%d" % n)
    spec = {"case": case, "guestnet": guestnet, "root": root, "noipv6": noipv6,
            "strace": strace, "log": log}
    specfile = os.path.join(tmp, "spec%d.json" % n)
    with open(specfile, "w") as fh:
        json.dump(spec, fh)
    try:
        for c in ("ip netns add %s" % ns,
                  "ip -n %s link add gnh0 type veth peer name gnh0p" % ns,
                  "ip -n %s link set gnh0 addrgenmode none" % ns,
                  "ip -n %s link set gnh0p addrgenmode none" % ns,
                  "ip -n %s link set gnh0p up" % ns):
            subprocess.run(c.split(), check=True, timeout=30)
        r = subprocess.run(["timeout", "120", "ip", "netns", "exec", ns, "unshare", "--uts",
                            "--mount", sys.executable, os.path.abspath(__file__), "--inner",
                            specfile], stdout=subprocess.PIPE, timeout=150)
        if r.returncode:
            raise RuntimeError("inner run failed with status %d" % r.returncode)
        return json.loads(r.stdout.decode().splitlines()[-1])
    finally:
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", root])


def main():
    # SIGTERM/SIGINT unwind through the finally clauses: namespaces deleted
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(130))
    signal.signal(signal.SIGINT, lambda *a: sys.exit(130))
    guestnet = os.environ.get("GUESTNET") or os.path.join(TOP, "guestnet")
    noipv6 = os.environ.get("NOIPV6_SO") or os.path.join(TOP, "test", "out", "harden", "bin", "noipv6.so")
    only = os.environ.get("FAULTS_ONLY", "")
    stats = os.environ.get("FAULTS_STATS")
    tmp = tempfile.mkdtemp(prefix="gnh-faults.")
    os.chmod(tmp, 0o755)  # the unprivileged case must reach root/etc
    n = 0
    ok = injected = 0
    refs = {}
    try:
        cases = [c for c in CASES if only in c["name"]]
        for case in cases:
            n += 1
            name = "fault %s" % case["name"]
            why = []
            key = json.dumps(env_of(case), sort_keys=True)
            if key not in refs:  # a clean traced run: the expected result, and calibration
                log = os.path.join(tmp, "ref%d.log" % n)
                ref = run_case(n * 1000, {"name": "reference", "env": case.get("env", {}),
                                         "env_drop": case.get("env_drop", [])}, tmp, guestnet,
                               noipv6, strace=[], log=log)
                refs[key] = (ref, log)
            ref, reflog = refs[key]
            inj = case.get("inject")
            if ref["exit"] != 0 and (inj or case["exit"] == 0):
                print("FAIL %s: the clean reference run failed: %s" % (name, ref["stderr"]))
                continue
            strace = None
            log = os.path.join(tmp, "case%d.log" % n)
            if inj:
                sc, pat, err = inj[:3]
                lines = calls(reflog, sc)
                if len(inj) > 3:
                    when = str(inj[3])
                else:
                    idx = [i for i, l in enumerate(lines, 1) if re.search(pat, l)]
                    if not idx:
                        print("FAIL %s: calibration: no %s call matches %r" % (name, sc, pat))
                        continue
                    when = str(idx[0])
                if err == "retval=LEN":
                    m = re.search(r"= (\d+)$", lines[int(when) - 1].strip())
                    err = "retval=" + m.group(1)
                what = err if err.startswith("retval=") else "error=" + err
                strace = ["-e", "inject=%s:%s:when=%s" % (sc, what, when)] + case.get("strace_extra", [])
            elif case.get("no_call"):
                strace = []  # traced only
            res = run_case(n, case, tmp, guestnet, noipv6, strace=strace, log=log)
            injected += 1
            if inj and not any("INJECTED" in l for l in calls(log, inj[0])):
                why.append("strace injected nothing")
            if case.get("no_call"):
                sc, pat = case["no_call"]
                made = [l for l in calls(log, sc) if re.search(pat, l)]
                if made:
                    why.append("made %s" % made[0].strip()[:160])
            if res["exit"] != case["exit"]:
                why.append("exit %s, not %d" % (res["exit"], case["exit"]))
            if res["stdout"]:
                why.append("printed on stdout")
            got_err = res["stderr"].splitlines()
            # a line the kernel's timing may add (may_err): dropped when there
            may = ["guestnet: " + l for l in case.get("may_err", [])]
            got_err = [l for l in got_err if l not in may]
            for ln in got_err:
                if not ln.startswith("guestnet: "):
                    why.append("stray stderr line %r" % ln)
            # every failure on its own line, and nothing else
            want_err = ["guestnet: " + l.replace("ETC", res["etc"]) for l in case.get("err", [])]
            if got_err != want_err:
                missing = [l for l in want_err if l not in got_err]
                extra = [l for l in got_err if l not in want_err]
                why.append("stderr is not the %d line(s) expected%s%s%s" % (
                    len(want_err), "; lacks %r" % missing if missing else "",
                    "; has %r" % extra if extra else "",
                    "; out of order" if not missing and not extra else ""))
            # the files: the old bytes exactly when the file's own write
            # failed (keep); the others that the configuration has (the clean
            # run wrote them) are the new ones
            st, rs = res["state"]["files"], ref["state"]["files"]
            keep = case.get("keep", [])
            for f in FILES:
                want_new = f not in keep and rs.get(f, {}).get("data") != OLD[f].hex()
                got = st.get(f)
                if want_new:
                    if got != rs.get(f):
                        why.append("%s is not the new file" % f)
                elif case.get("setup") == "no-etc":
                    if got is not None:
                        why.append("%s was written" % f)
                elif case.get("setup") == "dangling" and f == "resolv.conf":
                    if got != {"mode": got and got["mode"], "link": "../run/gnh-nowhere/resolv.conf"}:
                        why.append("the resolv.conf symlink changed")
                elif got is None or got.get("data") != OLD[f].hex() or got["mode"] != "0o100644":
                    why.append("%s is not the old file byte for byte" % f)
            if case.get("setup") == "symlink-out" and res.get("outside") != "# not guestnet's\n":
                why.append("the symlink's target outside the root was written")
            temps = [f for f in st if f.endswith(".guestnet")]
            if temps and not case.get("leftover_ok"):
                why.append("temporary file left: %s" % ", ".join(temps))
            for f in st:
                if f in FILES and "data" in st[f] and st[f]["mode"] != "0o100644":
                    why.append("%s has mode %s" % (f, st[f]["mode"]))
            # the namespace: what a clean run configures, but what the fault
            # left undone (a success: all of it)
            want = net_expected(case, ref["state"], res["before"])
            for k in NET_KEYS:
                if res["state"][k] != want[k]:
                    why.append("%s %s, not %s" % (k, json.dumps(res["state"][k]), json.dumps(want[k])))
            if why:
                print("FAIL %s: %s" % (name, "; ".join(why)))
                for ln in res["stderr"].splitlines()[:3]:
                    print("    " + ln)
            else:
                ok += 1
                print("PASS %s: exit %s%s" % (name, res["exit"],
                                              (", " + res["stderr"].splitlines()[-1][10:])
                                              if res["stderr"] else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if stats:
        with open(stats, "w") as fh:
            fh.write("faults=%d\nhandled=%d\n" % (injected, ok))
    return 0 if ok == len(cases) else 1


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--inner":
        with open(sys.argv[2]) as f:
            sys.exit(inner(json.load(f)))
    sys.exit(main())
