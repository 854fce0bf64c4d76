#!/usr/bin/python3
"""test/nsstate.py NS - what guestnet configures in namespace NS, read back
with `ip -j`, one sorted fact per line: links (MAC, MTU, up), addresses
(without the kernel's own fe80::/64) and default routes."""
import json
import subprocess
import sys

ns = sys.argv[1]


def ip(*args):
    out = subprocess.run(["ip", "-n", ns, "-j", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out or "[]")


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
print("\n".join(sorted(facts)))
