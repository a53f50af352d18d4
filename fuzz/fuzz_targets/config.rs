//! Fuzz target: see `shared::config`.
#![no_main]
mod shared;
libfuzzer_sys::fuzz_target!(|data: &[u8]| shared::config(data));
