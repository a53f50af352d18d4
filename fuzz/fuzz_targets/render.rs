//! Fuzz target: see `shared::render`.
#![no_main]
mod shared;
libfuzzer_sys::fuzz_target!(|input: shared::RenderInput| shared::render(input));
