#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this): formatting, lints, every test.
# It makes sure a MariaDB and a PostgreSQL are reachable first and tells the tests that the
# databases are required, so database tests fail loudly instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-mariadb.sh
bash scripts/ensure-postgres.sh
export SMT_TEST_REQUIRE_DB=1
export SMT_TEST_MYSQL_URL="${SMT_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306}"

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
