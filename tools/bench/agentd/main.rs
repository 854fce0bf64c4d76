// SPDX-License-Identifier: Apache-2.0
//! agentd-network: the network step of the Rust guest agent that guestnet
//! replaces, as a program of its own, for `make bench`.
//!
//! `network.rs` beside this file is the agent's own module, unmodified
//! (README.md says where it comes from; build.sh checks its hash). This
//! driver gives it what it imports from the rest of the agent, as minimal
//! stand-ins written for the bench: `crate::config` (the parsed `MSB_NET*`
//! specs and `NetConfig`) and `crate::error` (`AgentdError`,
//! `AgentdResult`). `main` then does what the agent's init does with them:
//! read the `MSB_*` environment once, call `apply_hostname` with the
//! hostname, the host alias and the gateways, then `apply_network_config`
//! with the three `MSB_NET*` specs.
//!
//! Exit status: 0 when both succeeded, 1 when one failed, 2 on bad input
//! (one line on standard error either way).

mod config;
mod error;
#[path = "network.rs"]
mod network;

use std::process::ExitCode;

fn main() -> ExitCode {
    let params = match config::BootParams::from_env() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("agentd-network: {e}");
            return ExitCode::from(2);
        }
    };
    let result = network::apply_hostname(
        params.hostname.as_deref(),
        params.host_alias.as_deref(),
        params.net_ipv4.as_ref().map(|v4| v4.gateway),
        params.net_ipv6.as_ref().map(|v6| v6.gateway),
    )
    .and_then(|()| network::apply_network_config(params.network()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agentd-network: {e}");
            ExitCode::FAILURE
        }
    }
}
