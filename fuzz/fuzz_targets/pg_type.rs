//! Fuzz target: see `shared::pg_type`.
#![no_main]
mod shared;
libfuzzer_sys::fuzz_target!(|input: shared::PgColumnInput| shared::pg_type(input));
