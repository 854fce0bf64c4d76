#!/usr/bin/env python3
# test/corpus/gen.py - (re)write the hand-made seed corpora of the fuzz
# harnesses: test/corpus/fuzz_input, fuzz_nlreply and fuzz_ip (files named
# seed-*). The input layouts are described at the top of each harness in
# test/fuzz/. Deterministic; run it after changing a layout. Files from a
# corpus merge (other names) are left alone.
import os
import struct

top = os.path.dirname(os.path.abspath(__file__))


def write(harness, name, data):
    d = os.path.join(top, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clean(harness):
    d = os.path.join(top, harness)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if f.startswith("seed-"):
                os.remove(os.path.join(d, f))


# ---- fuzz_input: mask byte, 5 MSB values, options, then the cmdline file --
NET = b"iface=eth0,mac=02:00:00:00:00:01"
V4 = b"addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1"
V6 = b"addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53"


def inp(net=None, v4=None, v6=None, host=None, alias=None, opts=b"", cmdline=None):
    vals = [net, v4, v6, host, alias]
    mask = 0
    for i, v in enumerate(vals):
        if v is None:
            mask |= 1 << i
    if cmdline is not None:
        mask |= 0x20
    fields = [v or b"" for v in vals] + [opts]
    return bytes([mask]) + b"\0".join(fields) + b"\0" + (cmdline or b"")


input_seeds = {
    "full": inp(NET + b",mtu=1400", V4, V6, b"guest", b"host.local"),
    "net-only": inp(NET),
    "v4": inp(NET, V4),
    "v6": inp(NET, V6),
    "v6-mapped": inp(NET, None, b"addr=::ffff:192.0.2.2/96,gw=::ffff:192.0.2.1"),
    "v6-ll-gw": inp(NET, None, b"addr=2001:db8::2/128,gw=fe80::1"),
    "v4-32": inp(NET, b"addr=203.0.113.9/32,gw=203.0.113.1"),
    "hostname": inp(host=b"a-very-long-hostname-0123456789-0123456789-0123456789-012345678"),
    "alias": inp(NET, V4, None, b"h", b"a" * 253),
    "empty": inp(),
    "blank": inp(b"  ", b"\t", b"\n", b" ", b" "),
    "bad-net": inp(b"iface=eth0,,mac=02:00:00:00:00:01,mtu=010"),
    "bad-v4": inp(NET, b"addr=192.0.2.256/33,gw=0.0.0.0,gw=1.1.1.1"),
    "bad-v6": inp(NET, None, b"addr=2001:db8:::2/129,gw=ff02::1,x=y"),
    "bad-host": inp(host=b"a#b", alias=b"x\ny"),
    "ws-inside": inp(b" iface=eth0, mac=02:00:00:00:00:01 "),
    "ipv6-no-net": inp(None, None, V6),
    "mtu-low-v6": inp(NET + b",mtu=1279", None, V6),
    "cmdline": inp(opts=b"-c", cmdline=b"console=ttyS0 MSB_NET=" + NET + b" MSB_NET_IPV4=" + V4 +
                   b' "MSB_HOSTNAME=quoted" MSB_HOST_ALIAS="x" -- MSB_NET_IPV6=' + V6 + b"\n"),
    "cmdline-nul": inp(opts=b"--cmdline", cmdline=b"MSB_NET=" + NET + b"\0MSB_HOSTNAME=h\0"),
    "cmdline-env-wins": inp(host=b"env", opts=b"-c", cmdline=b"MSB_HOSTNAME=cmd"),
    "opts": inp(NET, V4, opts=b"-nv\n--root=/tmp/x\n-w\n3\n--wait=0\n-r\n/"),
    "opts-bad": inp(opts=b"--nope\n-x\n--wait=99999\n--root="),
    "opts-help": inp(opts=b"-h"),
    "opts-version": inp(opts=b"--version"),
    "opts-ddash": inp(opts=b"--\narg"),
}

# ---- fuzz_nlreply: n-1, seq0, pid (LE), then [len16 datagram]... ----------
SEQ0, PID = 7, 0x1234


def nlmsg(typ, flags, seq, pid, payload):
    ln = 16 + len(payload)
    m = struct.pack("<IHHII", ln, typ, flags, seq, pid) + payload
    return m + b"\0" * (-len(m) % 4)


def req(seq):  # a 36-byte RTM_NEWADDR request as guestnet sends it
    return struct.pack("<IHHII", 36, 20, 0x605, seq, 0) + bytes(20)


def err(seq, errno, capped=False, ext=None, pid=PID, extra_tlv=b""):
    flags = 0
    echo = req(seq)
    if capped:
        flags |= 0x100
        echo = echo[:16]
    tlvs = b""
    if ext is not None:
        flags |= 0x200
        s = ext + b"\0"
        tlvs += struct.pack("<HH", 4 + len(s), 1) + s + b"\0" * (-len(s) % 4)
    tlvs += extra_tlv
    return nlmsg(2, flags, seq, pid, struct.pack("<i", -errno) + echo + tlvs)


def ack(seq, pid=PID):
    return err(seq, 0, capped=True, pid=pid)


def nlr(n, *dgrams, seq0=SEQ0, pid=PID):
    out = bytes([n - 1]) + struct.pack("<II", seq0, pid)
    for d in dgrams:
        out += struct.pack("<H", len(d)) + d
    return out


nlreply_seeds = {
    "ack1": nlr(1, ack(SEQ0)),
    "ack2": nlr(2, ack(SEQ0 + 1)),
    "eexist-then-ack": nlr(2, err(SEQ0, 17), ack(SEQ0 + 1)),
    "eexist-ext": nlr(1, err(SEQ0, 17, ext=b"ipv4: Address already assigned")),
    "eacces-ext-capped": nlr(2, err(SEQ0 + 1, 13, capped=True, ext=b"ipv6: IPv6 is disabled on this device")),
    "ext-offs": nlr(1, err(SEQ0, 22, ext=b"Nexthop has invalid gateway",
                           extra_tlv=struct.pack("<HHI", 8, 2, 24))),
    "ext-long": nlr(1, err(SEQ0, 22, ext=b"x" * 300)),
    "two-in-one": nlr(2, err(SEQ0, 17) + ack(SEQ0 + 1)),
    "stray-then-ack": nlr(1, ack(SEQ0 + 9) + ack(SEQ0, pid=PID + 1), ack(SEQ0)),
    "other-type": nlr(1, nlmsg(3, 0, SEQ0, PID, struct.pack("<i", 0)), ack(SEQ0)),
    "four": nlr(4, err(SEQ0, 17), err(SEQ0 + 2, 101, ext=b"Network is unreachable"), ack(SEQ0 + 3)),
    "wrap": nlr(2, ack(0), seq0=0xffffffff),
    "short": nlr(1, ack(SEQ0)[:20]),
    "bad-len": nlr(1, struct.pack("<IHHII", 4096, 2, 0, SEQ0, PID) + bytes(20)),
    "bad-errno": nlr(1, nlmsg(2, 0x100, SEQ0, PID, struct.pack("<i", -5000) + bytes(16))),
    "positive-errno": nlr(1, nlmsg(2, 0x100, SEQ0, PID, struct.pack("<i", 1) + bytes(16))),
    "tlv-nonul": nlr(1, nlmsg(2, 0x300, SEQ0, PID, struct.pack("<i", -22) + bytes(16) +
                              struct.pack("<HH", 8, 1) + b"abcd")),
    "tlv-zero-len": nlr(1, nlmsg(2, 0x300, SEQ0, PID, struct.pack("<i", -22) + bytes(16) +
                                 struct.pack("<HH", 0, 1))),
    "echo-len-big": nlr(1, nlmsg(2, 0x200, SEQ0, PID, struct.pack("<i", -22) +
                                 struct.pack("<IHHII", 9999, 20, 0, SEQ0, 0))),
}

# ---- fuzz_ip: text forms and raw bytes --------------------------------------
ip_seeds = [
    b"0.0.0.0", b"255.255.255.255", b"192.0.2.1", b"010.0.0.1", b"1.2.3", b"1.2.3.4.5",
    b"256.0.0.1", b"1.2.3.04", b"::", b"::1", b"1::", b"2001:db8::1", b"2001:DB8:0:0:1:0:0:1",
    b"2001:db8:0:0:1::1", b"1:2:3:4:5:6:7:8", b"1:2:3:4:5:6:7::", b"::2:3:4:5:6:7:8",
    b"1:0:0:2:0:0:0:3", b"::ffff:192.0.2.1", b"::ffff:c000:201", b"::192.0.2.1",
    b"64:ff9b::192.0.2.33", b"1:2:3:4:5:6:1.2.3.4", b"fe80::1%eth0", b"[::1]", b":::",
    b"1:::2", b"12345::", b"::ffff:1.2.3.04", b"0000:0000:0000:0000:0000:0000:0000:0001",
    b"1:2:3:4:5:6:7:8:9", b"1::2::3", b":1::", b"1:", b"00000", b"0", b"10000000",
    b"65535", b"9" * 40,
    bytes(16), bytes(15) + b"\1", bytes(10) + b"\xff\xff\xc0\0\2\1",
    b"\x20\x01\x0d\xb8" + bytes(11) + b"\1" + b"\x20\x01\x0d\xb8" + bytes(12) + b"\x40",
    b"\1\0\0\2\0\0\0\3\0\0\0\0\0\4\0\0" + b"\1" * 17,
]


def main():
    for h in ("fuzz_input", "fuzz_nlreply", "fuzz_ip"):
        clean(h)
    for k, v in input_seeds.items():
        write("fuzz_input", k, v)
    for k, v in nlreply_seeds.items():
        write("fuzz_nlreply", k, v)
    for i, v in enumerate(ip_seeds):
        write("fuzz_ip", "%02d" % i, v)


if __name__ == "__main__":
    main()
