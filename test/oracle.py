#!/usr/bin/python3
"""test/oracle.py GUESTNET TAG TMPDIR [COUNT] - issue 17's oracle: guestnet's
reading of the kernel's ip= family against systemd-network-generator's.

A deterministic generator (fixed seed) writes COUNT (default 300) static
command lines. Each is rendered twice: as written (the form under test,
with guestnet's extensions: trailing ':', an empty or omitted autoconf,
nameserver=[IPv6], rd.route=[net]/plen, an NTP field, odd spacing) and in a
canonical form that systemd-network-generator accepts and that, per
IP-DECISIONS.md, means what guestnet decided (the extension rewritten;
rd.route= without an interface given the interface whose prefix holds its
gateway). systemd-network-generator (SYSTEMD_PROC_CMDLINE, in the initrd)
turns the canonical form into .network files: the expected end state.
guestnet runs on the form as written (--cmdline=FILE) in a fresh network
namespace (eth0, and eth1 when a parameter names it: veths whose peers are
up in a second namespace) under new UTS and mount namespaces with --root in
a temporary directory; the end state is read back with `ip -j`, hostname
and resolv.conf. One PASS/FAIL line per input; where guestnet differs from
systemd on purpose the line names the decision ("decision: ..."), and the
check is that both behave as documented.

Only documentation addresses, only inside namespaces named TAG-*."""
import concurrent.futures
import ipaddress
import json
import os
import queue
import random
import subprocess
import sys

SNG = "/usr/lib/systemd/systemd-network-generator"
SEED = 17
V4NETS = ["192.0.2.", "198.51.100.", "203.0.113."]
OMIT = object()  # an autoconf field left out (and everything after it)


def sh(*cmd, check=True, env=None, inp=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, input=inp)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {r.returncode}: {r.stderr.strip()}")
    return r


# ---------------------------------------------------------------- generator

class Gen:
    """Draws one command line: a list of parameters, each a dict with a
    render(canonical) function, and the decisions the input exercises."""

    def __init__(self, rng):
        self.rng = rng

    def v4_prefix(self, avoid=()):
        r = self.rng
        p = r.choice([24, 24, 25, 26, 27, 28, 29, 30, 32])
        base = r.choice([b for b in V4NETS if b not in avoid] or V4NETS)
        if p == 32:
            return ipaddress.ip_network(f"{base}{r.randrange(1, 255)}/32"), base
        block = 2 ** (32 - p)
        start = r.randrange(256 // block) * block
        return ipaddress.ip_network(f"{base}{start}/{p}"), base

    def v6_prefix(self):
        r = self.rng
        p = r.choice([48, 56, 64, 64, 64, 80, 96, 112, 120, 126, 128])
        hi = r.randrange(1, 0xffff)
        net = ipaddress.ip_network(f"2001:db8:{hi:x}::/48")
        sub = list(net.subnets(new_prefix=p)) if p <= 64 else None
        if sub is not None:
            return r.choice(sub[:64])
        low = r.randrange(1 << 16) << (128 - p) if p < 128 else r.randrange(1, 1 << 32)
        return ipaddress.ip_network(
            (int(net.network_address) + (low & ((1 << 80) - 1)), p), strict=False)

    def host(self, net, avoid=()):
        """A usable host of net (not its network or last address, unless /32
        or /128), not in avoid."""
        r = self.rng
        n = net.num_addresses
        for _ in range(64):
            if n <= 2:
                a = net.network_address + (n - 1)
            else:
                a = net.network_address + r.randrange(1, min(n - 1, 1 << 20))
            if a not in avoid:
                return a
        return None

    def mac(self):
        r = self.rng
        m = [r.choice([0x02, 0x06, 0x0a, 0x0e, 0x52])] + [r.randrange(256) for _ in range(5)]
        s = ":".join(f"{b:02x}" for b in m)
        return s.upper() if r.random() < 0.4 else s

    def dns(self, fam):
        r = self.rng
        if fam == 4:
            return f"{r.choice(V4NETS)}{r.randrange(1, 255)}"
        return f"2001:db8:{r.randrange(1, 0xffff):x}::{r.randrange(1, 0xffff):x}"


def addr_text(a):
    return f"[{a}]" if a.version == 6 else str(a)


def v4_mask(p):
    return str(ipaddress.ip_network(f"0.0.0.0/{p}").netmask)


class IpParam:
    """One ip=: its fields; rendered as written or canonical."""

    def __init__(self):
        self.client = self.peer = self.gw = None
        self.plen = None
        self.mask = "prefix"      # prefix | dotted | empty
        self.host = ""
        self.iface = ""
        self.autoconf = "off"     # off | none | "" | OMIT
        self.tail = []            # fields after autoconf, text
        self.ntp = None           # a third DNS-tail field
        self.trailing = 0         # trailing ':' count

    def netmask_text(self, canonical):
        if self.mask == "empty":
            return ""
        if self.mask == "dotted":
            return v4_mask(self.plen)
        if self.mask == "dotted6":
            return "255.255.255.0"
        return str(self.plen)

    def render(self, canonical):
        host = self.host.replace("_", "-") if canonical else self.host
        f = [addr_text(self.client), addr_text(self.peer) if self.peer else "",
             addr_text(self.gw) if self.gw else "", self.netmask_text(canonical),
             host, self.iface]
        ac = self.autoconf
        tail = list(self.tail)
        if self.ntp and not canonical:
            tail.append(self.ntp)
        if canonical and ac in ("", OMIT):
            ac = "off"
        if ac is not OMIT:
            f.append(ac)
            f += tail
        s = "ip=" + ":".join(f)
        if not canonical:
            s += ":" * self.trailing
        return s


def gen_input(g, idx):
    """One input: (params, decisions, ifaces). params: list of objects with
    render(canonical); decisions: names of the decisions it exercises."""
    r = g.rng
    dec = []
    kind = r.choices(["v4", "v6", "dual", "two"], [40, 20, 25, 15])[0]
    empty_iface = kind != "two" and r.random() < 0.25
    ifaces = ["eth0", "eth1"] if kind == "two" else [r.choice(["eth0", "eth0", "eth1"])]
    plans = []  # (iface, family)
    if kind == "v4":
        plans = [(ifaces[0], 4)]
    elif kind == "v6":
        plans = [(ifaces[0], 6)]
    elif kind == "dual":
        plans = [(ifaces[0], 4), (ifaces[0], 6)]
        r.shuffle(plans)
    else:
        plans = [("eth0", 4), ("eth1", r.choice([4, 6]))]
    hostname = r.choice(["", "", "", f"vm-{idx}", f"node{idx}.test", f"Guest_{idx}"])
    ips = []
    gw_fams = set()
    used4 = set()
    for k, (ifn, fam) in enumerate(plans):
        p = IpParam()
        if fam == 4:
            net, base = g.v4_prefix(avoid=used4)
            used4.add(base)
        else:
            net = g.v6_prefix()
        p.net = net
        p.fam = fam
        p.plen = net.prefixlen
        p.client = g.host(net)
        if fam == 4 and r.random() < 0.45:
            p.mask = "dotted"
        # gateway: in the prefix, outside it, or none
        gwk = r.choices(["in", "out", "none"], [55, 20, 25])[0]
        if fam in gw_fams:
            gwk = "none" if r.random() < 0.9 else gwk
        if gwk == "in" and net.num_addresses > 2:
            p.gw = g.host(net, avoid={p.client})
        elif gwk != "none":
            if fam == 4:
                p.gw = ipaddress.ip_address(
                    f"{r.choice([b for b in V4NETS if not str(net).startswith(b)])}"
                    f"{r.randrange(1, 255)}")
            else:
                p.gw = ipaddress.ip_address(f"2001:db8:ffff::{r.randrange(1, 0xffff):x}")
        if p.gw is not None:
            if fam in gw_fams:
                dec.append("second-gw")
            gw_fams.add(fam)
        # peer (rare)
        pk = r.random()
        if pk < 0.05 and net.num_addresses > 4:
            p.peer = g.host(net, avoid={p.client, p.gw})
        elif pk < 0.09:
            other = g.v4_prefix() if fam == 4 else (g.v6_prefix(), None)
            p.peer = g.host(other[0], avoid={p.client, p.gw})
            if p.plen < (32 if fam == 4 else 128) and p.peer not in net:
                dec.append("peer-outside")
        if p.peer is not None and p.peer == p.gw:
            p.peer = None
        if hostname and (k == 0 or r.random() < 0.3):
            p.host = hostname
        p.iface = "" if empty_iface else ifn
        ips.append(p)
    # autoconf and tails on each ip=
    mtu_of = {}
    mac_of = {}
    for p in ips:
        p.autoconf = r.choices(["off", "none", "", OMIT], [50, 20, 15, 15])[0]
        t = r.random()
        if p.autoconf is OMIT:
            t = 1.0
        fam = p.fam
        if t < 0.22:
            lo = 1280 if any(q.fam == 6 and q.iface == p.iface for q in ips) else 576
            mtu = r.choice([lo, 1400, 1450, 1500, 9000, r.randrange(lo, 9001)])
            if lo == 1280 and r.random() < 0.08:
                mtu = r.choice([576, 1000, 1279])
                dec.append("mtu-v6")
            p.tail = [str(mtu)]
            if r.random() < 0.5:
                p.tail.append(g.mac())
            p.mtu = mtu
            if p.iface in mtu_of and mtu_of[p.iface] != mtu:
                dec.append("two-mtus")
            mtu_of[p.iface] = mtu
        elif t < 0.32:
            p.tail = ["", g.mac()]
        if len(p.tail) == 2 and "." not in p.tail[1] and "[" not in p.tail[1]:
            mac = p.tail[1].lower()
            if p.iface in mac_of and mac_of[p.iface] != mac:
                dec.append("two-macs")
            mac_of[p.iface] = mac
        elif t < 0.55:
            p.tail = [addr_text(ipaddress.ip_address(g.dns(r.choice([4, fam]))))]
            if r.random() < 0.5:
                p.tail.append(addr_text(ipaddress.ip_address(g.dns(r.choice([4, 6])))))
                if r.random() < 0.1:
                    p.ntp = g.dns(4)
                    dec.append("ntp")
        if r.random() < 0.15:
            p.trailing = r.choice([1, 1, 2])
        if p.autoconf == "" and not p.tail and r.random() < 0.5:
            p.autoconf = OMIT
        # the netmask decisions, rarely
        q = r.random()
        if q < 0.03:
            p.mask = "empty"
            dec.append("empty-netmask")
        elif q < 0.05 and fam == 6:
            p.mask = "dotted6"
            dec.append("ipv6-dotted")
    if any(p.autoconf in ("", OMIT) for p in ips):
        dec.append("autoconf")
    if any(p.trailing for p in ips):
        dec.append("trailing")
    if hostname and any(p.host for p in ips):
        dec.append("hostname")
        if "_" in hostname:
            dec.append("hostname-chars")
        last = {}
        for p in ips:
            last[p.iface] = p
        if not all(q.host for q in last.values()):
            dec.append("hostname-last")
    params = list(ips)
    # nameserver=
    for _ in range(r.choices([0, 1, 2], [60, 28, 12])[0]):
        fam = r.choice([4, 6])
        ns = NsParam(g.dns(fam), fam == 6 and r.random() < 0.5)
        if ns.brackets:
            dec.append("ns-brackets")
        params.insert(r.randrange(len(params) + 1), ns)
    # rd.route=
    for _ in range(r.choices([0, 1, 2], [60, 28, 12])[0]):
        p = r.choice(ips)
        if p.net.num_addresses <= 2 and p.peer is None:
            continue
        gw = p.peer if (p.peer is not None and r.random() < 0.5) else \
            g.host(p.net, avoid={p.client, p.peer})
        if gw is None or gw == p.client:
            continue
        if p.fam == 4:
            dbase = r.choice([b for b in V4NETS if not str(p.net).startswith(b)])
            dp = r.choice([24, 25, 26, 28, 30, 32])
            block = 2 ** (32 - dp)
            dst = ipaddress.ip_network(f"{dbase}{r.randrange(256 // block) * block}/{dp}")
        else:
            dst = ipaddress.ip_network(
                f"2001:db8:{r.randrange(1, 0xffff):x}:{r.randrange(0xffff):x}::/64")
            if dst.overlaps(p.net):
                continue
        if any(isinstance(x, RouteParam) and x.dst == dst for x in params):
            continue
        named = p.iface if (p.iface and r.random() < 0.6) else ""
        if not named and p.fam == 6 and not p.iface:
            continue  # systemd 252 has no form for it (below): no oracle
        rt = RouteParam(dst, gw, named, p.iface, p.fam == 6 and r.random() < 0.4)
        if not named and p.fam == 6:
            dec.append("route6-no-iface")
        if rt.bracket_net:
            dec.append("route-bracket")
        if not named and kind == "two":
            dec.append("route-no-iface")
        params.append(rt)
    if any(isinstance(x, RouteParam) for x in params):
        dec.append("route-initrd")
    names = {p.iface or "eth0" for p in ips} | {"eth0"}
    want_host = hostname if any(p.host for p in ips) else "gno-before"
    return params, sorted(set(dec)), sorted(names), want_host


class NsParam:
    def __init__(self, addr, brackets):
        self.addr = addr
        self.brackets = brackets

    def render(self, canonical):
        if self.brackets and not canonical:
            return f"nameserver=[{self.addr}]"
        return f"nameserver={self.addr}"


class RouteParam:
    def __init__(self, dst, gw, named, owner, bracket_net):
        self.dst, self.gw, self.named, self.owner = dst, gw, named, owner
        self.bracket_net = bracket_net

    def render(self, canonical):
        if self.dst.version == 4:
            d = str(self.dst)
        elif self.bracket_net and not canonical:
            d = f"[{self.dst.network_address}]/{self.dst.prefixlen}"
        else:
            d = f"[{self.dst}]"
        iface = self.named or (self.owner if canonical else "")
        s = f"rd.route={d}:{addr_text(self.gw)}"
        return s + (f":{iface}" if iface else "")


def cmdline_dns(params):
    """The nameservers in command-line order, each once."""
    out = []
    for p in params:
        if isinstance(p, NsParam):
            cand = [p.addr]
        elif isinstance(p, IpParam):
            cand = [t.strip("[]") for t in p.tail if "." in t or "[" in t]
        else:
            cand = []
        for c in cand:
            if c not in out:
                out.append(c)
    return out


def render(params, canonical, spacing):
    out = spacing[0]
    for k, p in enumerate(params):
        out += p.render(canonical) + spacing[k + 1]
    return out


# ------------------------------------------------------------------ systemd

def sng(cmdline, tmp, initrd=True):
    """systemd-network-generator's reading: (rc, {iface: network}, stderr).
    A network: mac, mtu, dns list, hostname, addrs set, routes set."""
    root = os.path.join(tmp, "sng")
    sh("rm", "-rf", root)
    os.makedirs(root)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "SYSTEMD_PROC_CMDLINE": cmdline, "SYSTEMD_IN_INITRD": "1" if initrd else "0",
           "SYSTEMD_LOG_LEVEL": "err"}
    r = sh(SNG, f"--root={root}", check=False, env=env)
    nets = {}
    d = os.path.join(root, "run/systemd/network")
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not f.endswith(".network"):
            continue
        n = {"mac": None, "mtu": None, "dns": [], "hostname": None,
             "addrs": set(), "routes": set()}
        name, sec, cur = None, None, {}

        def flush():
            if sec == "Address":
                a = ipaddress.ip_interface(cur["Address"])
                peer = cur.get("Peer")
                n["addrs"].add(f"{a.ip}/{a.network.prefixlen}" + (f" peer {peer}" if peer else ""))
            elif sec == "Route":
                n["routes"].add(f"{cur.get('Destination', 'default')} via {cur['Gateway']}")
        with open(os.path.join(d, f)) as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("["):
                    flush()
                    sec, cur = line[1:-1], {}
                    continue
                k, _, v = line.partition("=")
                cur[k] = v
                if sec == "Match" and k == "Name":
                    name = v
                elif sec == "Link" and k == "MACAddress":
                    n["mac"] = v.lower()
                elif sec == "Link" and k == "MTUBytes":
                    n["mtu"] = int(v)
                elif sec == "Network" and k == "DNS":
                    n["dns"].append(v)
                elif sec == "DHCP" and k == "Hostname":
                    n["hostname"] = v
            flush()
        # 9x-default.network: the one Ethernet interface; merged with
        # 90-eth0.network (an IPv6 rd.route= named eth0 in the canonical form)
        m = nets.setdefault(name or "eth0", n)
        if m is not n:
            m["mac"] = m["mac"] or n["mac"]
            m["mtu"] = m["mtu"] or n["mtu"]
            m["dns"] += [d for d in n["dns"] if d not in m["dns"]]
            m["hostname"] = m["hostname"] or n["hostname"]
            m["addrs"] |= n["addrs"]
            m["routes"] |= n["routes"]
    return r.returncode, nets, r.stderr.strip()


# ----------------------------------------------------------------- guestnet

class Guest:
    def __init__(self, tag, tmp, guestnet):
        self.tag, self.tmp, self.g = tag, tmp, guestnet
        self.ns, self.peer = f"{tag}-g", f"{tag}-p"
        self.made = False

    def fresh(self, names):
        """eth0 (and eth1) anew: the namespaces are made once; the links of
        the last input are deleted (with their addresses and routes)."""
        if not self.made:
            sh("ip", "netns", "add", self.ns)
            sh("ip", "netns", "add", self.peer)
            self.made = True
        links = [x["ifname"] for x in json.loads(
            sh("ip", "-n", self.ns, "-j", "link", "show").stdout) if x["ifname"] != "lo"]
        cmds = "".join(f"link del {n}\n" for n in links)
        for k, n in enumerate(names):
            cmds += f"link add {n} type veth peer name p{k} netns {self.peer}\n"
        sh("ip", "-n", self.ns, "-batch", "-", inp=cmds)
        sh("ip", "-n", self.peer, "-batch", "-",
           inp="".join(f"link set p{k} up\n" for k in range(len(names))))

    def run(self, cmdline):
        root = os.path.join(self.tmp, "root")
        sh("rm", "-rf", root)
        os.makedirs(root)
        cf = os.path.join(self.tmp, "cmdline")
        with open(cf, "w") as fh:
            fh.write(cmdline + "\n")
        uts = os.path.join(self.tmp, "uts")
        r = sh("ip", "netns", "exec", self.ns, "unshare", "--uts", "--mount", "sh", "-c",
               'hostname gno-before; env -i "$@"; rc=$?; hostname >"$0"; exit $rc',
               uts, self.g, f"--cmdline={cf}", "--root", root, check=False)
        with open(uts) as fh:
            host = fh.read().strip()
        hf = os.path.join(root, "etc/hostname")
        etc_host = open(hf).read().strip() if os.path.exists(hf) else None
        dns = []
        rc_path = os.path.join(root, "etc/resolv.conf")
        if os.path.exists(rc_path):
            with open(rc_path) as fh:
                dns = [ln.split()[1] for ln in fh if ln.startswith("nameserver ")]
        return r.returncode, r.stderr.strip(), (host, etc_host), dns

    def state(self):
        """{iface: {mac, mtu, up, addrs, routes}} of the guest's namespace."""
        def ipj(*a):
            return json.loads(sh("ip", "-n", self.ns, "-j", *a).stdout or "[]")
        st = {}
        for link in ipj("addr", "show"):
            n = link["ifname"]
            if n == "lo":
                continue
            addrs = set()
            for a in link.get("addr_info", []):
                if a.get("scope") == "link":
                    continue
                peer = a.get("address")
                addrs.add(f"{a['local']}/{a['prefixlen']}" +
                          (f" peer {peer}" if peer and peer != a["local"] else ""))
            st[n] = {"mac": link.get("address"), "mtu": link["mtu"],
                     "up": "UP" in link.get("flags", []), "addrs": addrs, "routes": set()}
        for fam in ("-4", "-6"):
            for rt in ipj(fam, "route", "show", "table", "main"):
                if rt.get("protocol") == "kernel" or rt.get("dev") not in st:
                    continue
                gw = rt.get("gateway", "-")
                st[rt["dev"]]["routes"].add(f"{rt['dst']} via {gw}")
        return st


# ------------------------------------------------------------------ compare

def normalize_net(n):
    """Route destinations as ip prints them (a host route without /32)."""
    out = set()
    for r in n["routes"]:
        d, _, gw = r.partition(" via ")
        if d != "default":
            net = ipaddress.ip_network(d)
            full = 32 if net.version == 4 else 128
            d = str(net.network_address) if net.prefixlen == full else str(net)
        out.add(f"{d} via {gw}")
    return out


def compare(nets, before, after, host, dns, want_host):
    """The differences between systemd's networks and guestnet's state."""
    diff = []
    for ifn, b in before.items():
        a = after.get(ifn)
        if a is None:
            diff.append(f"{ifn}: gone")
            continue
        n = nets.get(ifn)
        want_mac = (n and n["mac"]) or b["mac"]
        want_mtu = (n and n["mtu"]) or b["mtu"]
        want_addrs = n["addrs"] if n else set()
        want_routes = normalize_net(n) if n else set()
        if a["mac"] != want_mac:
            diff.append(f"{ifn} mac {a['mac']}, want {want_mac}")
        if a["mtu"] != want_mtu:
            diff.append(f"{ifn} mtu {a['mtu']}, want {want_mtu}")
        if n and not a["up"]:
            diff.append(f"{ifn} down")
        if a["addrs"] != want_addrs:
            diff.append(f"{ifn} addresses: guestnet only {sorted(a['addrs'] - want_addrs)}, "
                        f"systemd only {sorted(want_addrs - a['addrs'])}")
        if a["routes"] != want_routes:
            diff.append(f"{ifn} routes: guestnet only {sorted(a['routes'] - want_routes)}, "
                        f"systemd only {sorted(want_routes - a['routes'])}")
    want_dns = []
    for n in nets.values():
        for d in n["dns"]:
            if d not in want_dns:
                want_dns.append(d)
    if sorted(dns) != sorted(want_dns):
        diff.append(f"nameservers {dns}, want {want_dns}")
    if host != want_host:
        diff.append(f"hostname {host}, want {want_host}")
    return diff, want_dns


DECISIONS = {
    "hostname": "hostname field sets the hostname (systemd: [DHCP] Hostname= only)",
    "trailing": "trailing ':' ignored (systemd 252 refuses some)",
    "autoconf": "empty or omitted autoconf is static (systemd requires the field)",
    "ns-brackets": "nameserver=[IPv6] taken (systemd refuses the brackets)",
    "route-bracket": "rd.route=[net]/plen taken (systemd takes [net/plen] only)",
    "route-no-iface": "rd.route= without an interface goes via the interface whose prefix "
                      "holds the gateway (systemd: on every network)",
    "route-initrd": "rd.route= read outside the initrd (systemd ignores it there)",
    "hostname-last": "the hostname of any ip= (systemd: the interface's last ip= sets "
                     "[DHCP] Hostname=, an empty field clears it)",
    "hostname-chars": "hostname by MSB_HOSTNAME's rule, systemd's hostname_is_valid with '_' (systemd refuses '_')",
    "route6-no-iface": "rd.route=[IPv6]:[gw] without an interface taken (systemd 252 refuses it)",
    "ntp": "NTP field ignored with a warning (systemd refuses it)",
    "dns-order": "nameservers in command-line order (systemd lists ip= DNS first)",
    # refusals: systemd takes these, guestnet refuses on purpose
    "empty-netmask": "empty netmask refused (systemd takes /32 or /128)",
    "peer-outside": "peer outside the prefix refused (systemd adds it)",
    "mtu-v6": "MTU below 1280 with IPv6 refused (systemd sets it)",
    "two-mtus": "two MTUs for one interface refused (systemd: the last wins)",
    "two-macs": "two MACs for one interface refused (systemd: the last wins)",
    "second-gw": "a second default gateway of a family refused (systemd adds both)",
    "ipv6-dotted": "IPv6 with a dotted netmask refused (as systemd)",
}
REFUSALS = ["ipv6-dotted", "empty-netmask", "peer-outside", "mtu-v6", "two-mtus", "two-macs",
            "second-gw"]


def check(idx, cmd, canon, dec, names, cl_dns, want_host, guest):
    """One input: returns (ok, line)."""
    name = f"oracle {idx:03d}: {cmd.strip()!r}"
    tmp = guest.tmp
    sd_rc, nets, sd_err = sng(canon, tmp)
    guest.fresh(names)
    before = guest.state()
    g_rc, g_err, host, dns = guest.run(cmd)
    after = guest.state()
    refusal = [d for d in REFUSALS if d in dec]
    if refusal:
        d = refusal[0]
        want_sd = 1 if d == "ipv6-dotted" else 0
        unchanged = after == before and host[0] == "gno-before" and not dns
        if g_rc == 2 and unchanged and sd_rc == want_sd:
            return True, f"PASS {name}: decision: {DECISIONS[d]}"
        return False, (f"FAIL {name}: {DECISIONS[d]}: guestnet exit {g_rc} "
                       f"(unchanged={unchanged}) {g_err!r}; systemd exit {sd_rc}")
    if sd_rc != 0:
        return False, f"FAIL {name}: systemd refuses the canonical form {canon!r}: {sd_err}"
    if g_rc != 0:
        return False, f"FAIL {name}: guestnet exit {g_rc}: {g_err}"
    diff, want_dns = compare(nets, before, after, host[0], dns, want_host)
    if want_host != "gno-before" and host[1] != want_host:
        diff.append(f"/etc/hostname {host[1]!r}, want {want_host!r}")
    notes = []
    if not diff and dns != want_dns:
        if dns == cl_dns:
            notes.append("dns-order")
        else:
            diff.append(f"nameservers {dns}: not in command-line order {cl_dns}")
    # each decision: systemd on the form as written behaves as documented
    raw = {"ns-brackets", "route-bracket", "ntp", "hostname-chars", "route6-no-iface",
           "route-no-iface"}
    sd_raw_rc, raw_nets, _ = sng(cmd, tmp) if raw & set(dec) else (None, {}, "")
    for d in dec:
        why = None
        if d == "hostname":
            if "hostname-last" not in dec and not any(n["hostname"] for n in nets.values()):
                why = "systemd wrote no [DHCP] Hostname="
        elif d == "route-initrd":
            rc0, nets0, _ = sng(canon, tmp, initrd=False)
            if rc0 != 0 or any(" via " in r and not r.startswith("default")
                               for n in nets0.values() for r in n["routes"]):
                why = "systemd outside the initrd did not ignore rd.route="
        elif d == "route-no-iface":
            if sd_raw_rc == 0 and all(normalize_net(raw_nets.get(i, {"routes": set()})) ==
                                      normalize_net(nets[i]) for i in nets):
                why = "systemd put the route where guestnet did"
        elif d in ("ns-brackets", "route-bracket", "ntp", "hostname-chars",
                   "route6-no-iface"):
            if sd_raw_rc == 0:
                why = "systemd accepts the form as written"
        elif d == "autoconf":
            pass  # systemd 252 refuses an empty or omitted autoconf: sd_raw_rc
        if why:
            diff.append(f"decision {d}: {why}")
        else:
            notes.append(d)
    if diff:
        return False, f"FAIL {name}: " + "; ".join(diff)
    extra = "".join(f"; decision: {DECISIONS[d]}" for d in notes)
    return True, f"PASS {name}{extra}"


def main():
    guestnet, tag, tmp = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    workers = int(os.environ.get("ORACLE_JOBS", "2"))
    rng = random.Random(SEED)
    g = Gen(rng)
    inputs = []
    for idx in range(1, count + 1):
        params, dec, names, want_host = gen_input(g, idx)
        spacing = [rng.choice(["", "", " "])] + \
            [rng.choice([" ", " ", " ", "  ", "   "]) for _ in params[1:]] + \
            [rng.choice(["", "", "  "])]
        inputs.append((idx, render(params, False, spacing), render(params, True, spacing),
                       dec, names, cmdline_dns(params), want_host))
    pool = queue.Queue()
    guests = []
    for w in range(workers):
        d = os.path.join(tmp, f"w{w}")
        os.makedirs(d, exist_ok=True)
        guests.append(Guest(f"{tag}-w{w}", d, guestnet))
        pool.put(guests[-1])

    def one(args):
        guest = pool.get()
        try:
            return check(*args, guest)
        except Exception as e:  # a broken run is a failed check
            return False, f"FAIL oracle {args[0]:03d}: {args[1].strip()!r}: {e}"
        finally:
            pool.put(guest)
    stats = {"pass": 0, "fail": 0}
    decided = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            for ok, line in ex.map(one, inputs):
                print(line, flush=True)
                stats["pass" if ok else "fail"] += 1
                for d in DECISIONS:
                    if ok and f"decision: {DECISIONS[d]}" in line:
                        decided[d] = decided.get(d, 0) + 1
    finally:
        for guest in guests:
            for ns in (guest.ns, guest.peer):
                sh("ip", "netns", "del", ns, check=False)
    print(f"oracle: {count} inputs, {stats['pass']} agree, {stats['fail']} disagree")
    for d, k in sorted(decided.items()):
        print(f"oracle: decision {d}: {k} inputs")


if __name__ == "__main__":
    main()
