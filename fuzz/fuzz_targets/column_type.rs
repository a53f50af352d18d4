//! Fuzz target: see `shared::column_type`.
#![no_main]
mod shared;
libfuzzer_sys::fuzz_target!(|input: shared::ColumnInput| shared::column_type(input));
