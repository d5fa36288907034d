//! Bounds on what the core accepts, so hostile pages end in a clear error, not a hang.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger inputs are refused before parsing.
    pub max_bytes: usize,
    /// Pages with more nodes than this are refused after parsing.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // The largest corpus page is ~1.5 MB; real pages seldom pass 10 MB or 500k nodes.
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_nodes: 2_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    TooLarge { bytes: usize, limit: usize },
    TooManyNodes { nodes: usize, limit: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge { bytes, limit } => {
                write!(f, "page too large: {bytes} bytes (limit {limit})")
            }
            Error::TooManyNodes { nodes, limit } => {
                write!(f, "page too complex: {nodes} nodes (limit {limit})")
            }
        }
    }
}

impl std::error::Error for Error {}

impl Limits {
    pub fn check_input(&self, html: &str) -> Result<(), Error> {
        if html.len() > self.max_bytes {
            return Err(Error::TooLarge {
                bytes: html.len(),
                limit: self.max_bytes,
            });
        }
        Ok(())
    }

    pub fn check_nodes(&self, nodes: usize) -> Result<(), Error> {
        if nodes > self.max_nodes {
            return Err(Error::TooManyNodes {
                nodes,
                limit: self.max_nodes,
            });
        }
        Ok(())
    }
}
