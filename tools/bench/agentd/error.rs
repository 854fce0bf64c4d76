// SPDX-License-Identifier: Apache-2.0
//! Stand-in for the agent's `crate::error`: the two variants `network.rs`
//! and the driver use.

use std::fmt;

/// An error of the agent's init.
#[derive(Debug)]
pub enum AgentdError {
    /// A step of the initialisation failed (what `network.rs` returns).
    Init(String),
    /// An `MSB_*` value did not parse.
    Config(String),
}

impl fmt::Display for AgentdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AgentdError::Init(s) => write!(f, "init: {s}"),
            AgentdError::Config(s) => write!(f, "config: {s}"),
        }
    }
}

impl std::error::Error for AgentdError {}

pub type AgentdResult<T> = Result<T, AgentdError>;
