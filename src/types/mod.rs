//! The target-type rules (SPEC §7, §11): for every source type, the StarRocks column that holds
//! every value, the Flink column the CDC connector delivers, and the Flink sink column and INSERT
//! conversion. The planner decides with them; `output/` only prints what they chose.
//!
//! One `match` per output over [`crate::source_type::SourceType`], with no catch-all arm: a new
//! source type does not compile until each output has a rule for it.

pub mod cdc3;
pub mod flink;
pub mod starrocks;
