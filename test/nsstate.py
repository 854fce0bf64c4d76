#!/usr/bin/python3
"""test/nsstate.py [--routes] NS - what guestnet configures in namespace NS,
read back with `ip -j`, one sorted fact per line: links (MAC, MTU, up),
addresses (without the kernel's own fe80::/64) and default routes.

--routes adds every other route of every table (prefix, local, broadcast,
multicast routes, any interface), one "rt4"/"rt6" line each, so that a
subnet's leftover prefix route shows; the routes of link-local addresses
(fe80::/10 host routes, which follow the MAC the link had when it came up)
are left out, as the link-local addresses are."""
import json
import subprocess
import sys

args = sys.argv[1:]
routes = "--routes" in args
args = [a for a in args if a != "--routes"]
if len(args) != 1:
    sys.exit("usage: nsstate.py [--routes] NS")
ns = args[0]


def ip(*args):
    out = subprocess.run(["ip", "-n", ns, "-j", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out or "[]")


def link_local_host(dst):
    return (dst.startswith("fe8") or dst.startswith("fe9") or dst.startswith("fea")
            or dst.startswith("feb")) and ("/" not in dst or dst.endswith("/128"))


facts = []
for link in ip("link", "show"):
    up = "UP" in link.get("flags", [])
    facts.append(f"link {link['ifname']} mac={link.get('address')} "
                 f"mtu={link['mtu']} up={up}")
for link in ip("addr", "show"):
    for a in link.get("addr_info", []):
        if a["family"] == "inet6" and a["local"].startswith("fe80:"):
            continue
        nodad = " nodad" if a.get("nodad") else ""
        facts.append(f"addr {link['ifname']} {a['local']}/{a['prefixlen']} "
                     f"scope={a.get('scope')}{nodad}")
for fam in ("4", "6"):
    for r in ip("-d", "-" + fam, "route", "show", "table", "main"):
        if r.get("dst") == "default":
            onlink = " onlink" if "onlink" in r.get("flags", []) else ""
            facts.append(f"route{fam} default via {r.get('gateway')} dev {r.get('dev')} "
                         f"proto={r.get('protocol')} metric={r.get('metric', 0)}{onlink}")
if routes:
    for fam in ("4", "6"):
        for r in ip("-d", "-" + fam, "route", "show", "table", "all"):
            table, dst = r.get("table", "main"), r.get("dst", "")
            if (table == "main" and dst == "default") or (fam == "6" and link_local_host(dst)):
                continue
            via = f" via {r['gateway']}" if "gateway" in r else ""
            src = f" src={r['prefsrc']}" if "prefsrc" in r else ""
            onlink = " onlink" if "onlink" in r.get("flags", []) else ""
            facts.append(f"rt{fam} table={table} {r.get('type', 'unicast')} {dst}{via} "
                         f"dev {r.get('dev')} proto={r.get('protocol')} scope={r.get('scope')} "
                         f"metric={r.get('metric', 0)}{src}{onlink}")
print("\n".join(sorted(facts)))
