// SPDX-License-Identifier: Apache-2.0
//! Stand-in for the agent's `crate::config`: the `MSB_*` values the network
//! step needs, read once from the environment, and the types `network.rs`
//! imports. Written for the bench, not the agent's parser: values are
//! trimmed and an empty one is absent, lists are `key=value` joined by `,`,
//! the last of a repeated key wins, and `std`'s parsers read addresses.

use std::env;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::error::{AgentdError, AgentdResult};

/// Parsed `MSB_NET`.
#[derive(Debug)]
pub struct NetSpec {
    pub iface: String,
    pub mac: [u8; 6],
    pub mtu: u16,
}

/// Parsed `MSB_NET_IPV4`.
#[derive(Debug)]
pub struct NetIpv4Spec {
    pub address: Ipv4Addr,
    pub prefix_len: u8,
    pub gateway: Ipv4Addr,
    pub dns: Option<Ipv4Addr>,
}

/// Parsed `MSB_NET_IPV6`.
#[derive(Debug)]
pub struct NetIpv6Spec {
    pub address: Ipv6Addr,
    pub prefix_len: u8,
    pub gateway: Ipv6Addr,
    pub dns: Option<Ipv6Addr>,
}

/// The three `MSB_NET*` specs as one parameter, borrowed.
#[derive(Debug)]
pub struct NetConfig<'a> {
    pub net: Option<&'a NetSpec>,
    pub ipv4: Option<&'a NetIpv4Spec>,
    pub ipv6: Option<&'a NetIpv6Spec>,
}

/// The boot-time `MSB_*` values of the network step.
#[derive(Debug)]
pub struct BootParams {
    pub hostname: Option<String>,
    pub host_alias: Option<String>,
    pub net: Option<NetSpec>,
    pub net_ipv4: Option<NetIpv4Spec>,
    pub net_ipv6: Option<NetIpv6Spec>,
}

impl BootParams {
    /// Reads and parses the values; an error names the variable.
    pub fn from_env() -> AgentdResult<Self> {
        Ok(Self {
            hostname: read_env("MSB_HOSTNAME"),
            host_alias: read_env("MSB_HOST_ALIAS"),
            net: read_env("MSB_NET").map(|v| parse_net(&v)).transpose()?,
            net_ipv4: read_env("MSB_NET_IPV4")
                .map(|v| parse_ipv4(&v))
                .transpose()?,
            net_ipv6: read_env("MSB_NET_IPV6")
                .map(|v| parse_ipv6(&v))
                .transpose()?,
        })
    }

    /// Borrows the three `MSB_NET*` specs as one bundle.
    pub fn network(&self) -> NetConfig<'_> {
        NetConfig {
            net: self.net.as_ref(),
            ipv4: self.net_ipv4.as_ref(),
            ipv6: self.net_ipv6.as_ref(),
        }
    }
}

fn read_env(name: &str) -> Option<String> {
    let v = env::var(name).ok()?;
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn bad(var: &str, what: &str) -> AgentdError {
    AgentdError::Config(format!("{var}: {what}"))
}

/// The value of `key` in a `key=value,...` list (the last one), if any.
fn get<'a>(list: &'a str, key: &str) -> Option<&'a str> {
    list.split(',')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .last()
}

fn need<'a>(var: &str, list: &'a str, key: &str) -> AgentdResult<&'a str> {
    get(list, key).ok_or_else(|| bad(var, &format!("missing {key}")))
}

fn parse<T: FromStr>(var: &str, key: &str, text: &str) -> AgentdResult<T> {
    text.parse()
        .map_err(|_| bad(var, &format!("{key}: cannot parse {text:?}")))
}

fn parse_net(v: &str) -> AgentdResult<NetSpec> {
    const VAR: &str = "MSB_NET";
    let iface = need(VAR, v, "iface")?.to_string();
    let text = need(VAR, v, "mac")?;
    let octets: Vec<&str> = text.split(':').collect();
    if octets.len() != 6 {
        return Err(bad(VAR, &format!("mac: {text:?} is not six octets")));
    }
    let mut mac = [0u8; 6];
    for (m, o) in mac.iter_mut().zip(&octets) {
        *m = u8::from_str_radix(o, 16)
            .map_err(|_| bad(VAR, &format!("mac: cannot parse {text:?}")))?;
    }
    let mtu = match get(v, "mtu") {
        Some(t) => parse(VAR, "mtu", t)?,
        None => 1500,
    };
    Ok(NetSpec { iface, mac, mtu })
}

/// `A/N` into the address and the prefix length.
fn parse_cidr<T: FromStr>(var: &str, text: &str) -> AgentdResult<(T, u8)> {
    let (a, n) = text
        .split_once('/')
        .ok_or_else(|| bad(var, &format!("addr: {text:?} has no prefix length")))?;
    Ok((parse(var, "addr", a)?, parse(var, "addr", n)?))
}

fn parse_ipv4(v: &str) -> AgentdResult<NetIpv4Spec> {
    const VAR: &str = "MSB_NET_IPV4";
    let (address, prefix_len) = parse_cidr(VAR, need(VAR, v, "addr")?)?;
    Ok(NetIpv4Spec {
        address,
        prefix_len,
        gateway: parse(VAR, "gw", need(VAR, v, "gw")?)?,
        dns: get(v, "dns").map(|t| parse(VAR, "dns", t)).transpose()?,
    })
}

fn parse_ipv6(v: &str) -> AgentdResult<NetIpv6Spec> {
    const VAR: &str = "MSB_NET_IPV6";
    let (address, prefix_len) = parse_cidr(VAR, need(VAR, v, "addr")?)?;
    Ok(NetIpv6Spec {
        address,
        prefix_len,
        gateway: parse(VAR, "gw", need(VAR, v, "gw")?)?,
        dns: get(v, "dns").map(|t| parse(VAR, "dns", t)).transpose()?,
    })
}
