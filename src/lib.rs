//! smt-rs: a MySQL-family schema → StarRocks DDL and Flink CDC SQL generator.
//!
//! Data flows config + snapshot → [`plan`] → [`output`] → [`write`]; everything between the
//! reading of inputs and the writing of files is pure. See ARCHITECTURE.md.

pub mod app;
pub mod cli;
pub mod config;
pub mod diag;
pub mod drift;
pub mod error;
pub mod model;
pub mod naming;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod shard;
pub mod source;
pub mod source_type;
pub mod types;
pub mod write;
