#!/usr/bin/env python3
"""A deterministic synthetic estate: DBS databases × TABLES tables × COLS columns of mixed types
and key shapes (int PK, composite PK, unique-key promotion, no key).

usage: synth.py snapshot DBS TABLES COLS [PREFIX] > snapshot.json   # the SPEC §4 snapshot smt-rs would read
       synth.py ddl DBS TABLES COLS [PREFIX] | mariadb -uroot          # the same estate as MariaDB DDL
       synth.py pgddl SCHEMAS TABLES COLS [PREFIX] | psql -d DB        # a PostgreSQL estate (bench/pg.sh)
Databases (schemas for pgddl) are PREFIX00, PREFIX01, … (PREFIX defaults to bench_).
"""
import json
import sys

# (data_type, column_type, chars, bytes, precision, scale, datetime_precision); column_type as
# smt-rs normalises it (no integer display widths), which is also valid DDL.
TYPES = [
    ("int", "int", None, None, 10, 0, None),
    ("bigint", "bigint unsigned", None, None, 20, 0, None),
    ("varchar", "varchar(64)", 64, 256, None, None, None),
    ("varchar", "varchar(255)", 255, 1020, None, None, None),
    ("decimal", "decimal(12,2)", None, None, 12, 2, None),
    ("datetime", "datetime(3)", None, None, None, None, 3),
    ("timestamp", "timestamp", None, None, None, None, 0),
    ("tinyint", "tinyint(1)", None, None, 3, 0, None),
    ("text", "text", 16383, 65535, None, None, None),
    ("char", "char(8)", 8, 32, None, None, None),
    ("double", "double", None, None, 22, None, None),
    ("date", "date", None, None, None, None, None),
    ("enum", "enum('new','paid','shipped')", 7, 28, None, None, None),
    ("json", "json", None, None, None, None, None),
    ("time", "time", None, None, None, None, 0),
    ("varbinary", "varbinary(32)", 32, 32, None, None, None),
]


def column(i, t, nullable):
    data_type, column_type, chars, octets, p, s, dp = t
    return {
        "name": f"c{i:02d}_{data_type}",
        "data_type": data_type,
        "column_type": column_type,
        "nullable": nullable,
        "default": None,
        "comment": f"column {i}" if i % 5 == 0 else "",
        "char_max_length": chars,
        "char_octet_length": octets,
        "numeric_precision": p,
        "numeric_scale": s,
        "datetime_precision": dp,
        "charset": "utf8mb4" if chars is not None and data_type not in ("varbinary",) else None,
        "extra": "",
        "generation_expression": None,
    }


def table(d, t, ncols):
    shape = t % 4  # 0: int PK, 1: composite PK, 2: unique-key promotion, 3: no key
    cols = [{**column(0, TYPES[0], False), "name": "id", "extra": "auto_increment" if shape == 0 else ""}]
    for i in range(1, ncols):
        cols.append(column(i, TYPES[(i + t) % len(TYPES)], i % 3 != 0))
    cols[1]["nullable"] = False
    pk = {0: ["id"], 1: [cols[1]["name"], "id"], 2: [], 3: []}[shape]
    uks = [["id"]] if shape == 2 else []
    return {
        "name": f"t_{t:05d}",
        "comment": f"synthetic table {d}.{t}",
        "engine": "InnoDB",
        "rows": (t * 7919) % 1000000,
        "data_bytes": ((t * 104729) % 50) * (1 << 28),
        "primary_key": pk,
        "unique_keys": uks,
        "columns": cols,
    }


def ddl(dbs, tables, ncols, prefix):
    out = sys.stdout
    for d in range(dbs):
        db = f"{prefix}{d:02d}"
        out.write(f"DROP DATABASE IF EXISTS `{db}`;\nCREATE DATABASE `{db}` CHARACTER SET utf8mb4;\n")
        for t in range(tables):
            tab = table(d, t, ncols)
            lines = []
            for c in tab["columns"]:
                null = "NULL" if c["nullable"] else "NOT NULL"
                extra = " AUTO_INCREMENT" if c["extra"] == "auto_increment" else ""
                comment = f" COMMENT '{c['comment']}'" if c["comment"] else ""
                lines.append(f"`{c['name']}` {c['column_type']} {null}{extra}{comment}")
            if tab["primary_key"]:
                lines.append("PRIMARY KEY (" + ", ".join(f"`{k}`" for k in tab["primary_key"]) + ")")
            for i, uk in enumerate(tab["unique_keys"]):
                lines.append(f"UNIQUE KEY `uk_{i}` (" + ", ".join(f"`{k}`" for k in uk) + ")")
            out.write(f"CREATE TABLE `{db}`.`{tab['name']}` (\n  " + ",\n  ".join(lines)
                      + f"\n) ENGINE=InnoDB COMMENT='{tab['comment']}';\n")


# PostgreSQL: (name suffix, type as written in the DDL, default or None). 20 types, so every
# 30-column table has each of them (jsonb, bytea and an array included).
PG_TYPES = [
    ("int4", "integer", None),
    ("int8", "bigint", None),
    ("varchar", "varchar(64)", None),
    ("varchar", "varchar(255)", None),
    ("numeric", "numeric(12,2)", None),
    ("timestamp", "timestamp(3)", None),
    ("timestamptz", "timestamptz", "now()"),
    ("bool", "boolean", "false"),
    ("text", "text", None),
    ("bpchar", "char(8)", None),
    ("float8", "double precision", None),
    ("date", "date", None),
    ("jsonb", "jsonb", None),
    ("time", "time", None),
    ("bytea", "bytea", None),
    ("uuid", "uuid", None),
    ("int2", "smallint", None),
    ("interval", "interval", None),
    ("int4_array", "integer[]", None),
    ("float4", "real", None),
]
# Tables per transaction: each CREATE TABLE holds locks until COMMIT on the table, its TOAST table
# and index, its key index and sequence; the server's lock table holds max_locks_per_transaction
# × max_connections (64 × 100 by default).
PG_BATCH = 250


def pgddl(schemas, tables, ncols, prefix):
    """The same key shapes as table(): 0 int PK (identity, or serial every other one), 1 composite
    PK, 2 a UNIQUE constraint on the NOT NULL id (promotion), 3 no key. Comments on every table
    and on every fifth column. No DROP: bench/pg.sh loads it into a fresh database."""
    out = sys.stdout
    out.write("SET synchronous_commit = off;\nSET client_min_messages = warning;\n")
    for d in range(schemas):
        schema = f"{prefix}{d:02d}"
        out.write(f'CREATE SCHEMA "{schema}";\n')
        for t in range(tables):
            if t % PG_BATCH == 0:
                out.write("BEGIN;\n")
            shape = t % 4
            name = f"t_{t:05d}"
            qual = f'"{schema}"."{name}"'
            cols = [("id", None, False)]
            for i in range(1, ncols):
                cols.append((i, PG_TYPES[(i + t) % len(PG_TYPES)], i != 1 and i % 3 != 0))
            lines, comments = [], []
            for i, c in enumerate(cols):
                if i == 0:
                    col = "id"
                    if shape == 0 and (t // 4) % 2 == 1:
                        lines.append('"id" serial')
                    elif shape == 0:
                        lines.append('"id" integer GENERATED BY DEFAULT AS IDENTITY')
                    else:
                        lines.append('"id" integer NOT NULL')
                else:
                    suffix, sqltype, default = c[1]
                    col = f"c{i:02d}_{suffix}"
                    null = "NULL" if c[2] else "NOT NULL"
                    dflt = f" DEFAULT {default}" if default else ""
                    lines.append(f'"{col}" {sqltype} {null}{dflt}')
                if i % 5 == 0:
                    comments.append(f"COMMENT ON COLUMN {qual}.\"{col}\" IS 'column {i}';\n")
            first = f"c01_{cols[1][1][0]}"
            if shape == 0:
                lines.append('PRIMARY KEY ("id")')
            elif shape == 1:
                lines.append(f'PRIMARY KEY ("{first}", "id")')
            elif shape == 2:
                lines.append('UNIQUE ("id")')
            out.write(f"CREATE TABLE {qual} (\n  " + ",\n  ".join(lines) + "\n);\n")
            out.write(f"COMMENT ON TABLE {qual} IS 'synthetic table {d}.{t}';\n")
            out.writelines(comments)
            if t % PG_BATCH == PG_BATCH - 1 or t == tables - 1:
                out.write("COMMIT;\n")


def main():
    mode = sys.argv[1]
    dbs, tables, cols = (int(a) for a in sys.argv[2:5])
    prefix = sys.argv[5] if len(sys.argv) > 5 else "bench_"
    if mode == "ddl":
        ddl(dbs, tables, cols, prefix)
        return
    if mode == "pgddl":
        pgddl(dbs, tables, cols, prefix)
        return
    snap = {
        "format_version": 1,
        "source": {"type": "mysql", "server_version": "10.11.14-MariaDB"},
        "databases": [
            {"name": f"{prefix}{d:02d}", "tables": [table(d, t, cols) for t in range(tables)]}
            for d in range(dbs)
        ],
    }
    json.dump(snap, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
