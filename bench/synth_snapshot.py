#!/usr/bin/env python3
"""Write a deterministic synthetic schema snapshot (SPEC §4): DBS databases × TABLES tables ×
COLS columns of mixed types and key shapes, as MariaDB 10.11 would report them.

usage: synth_snapshot.py DBS TABLES COLS > snapshot.json
"""
import json
import sys

# (data_type, column_type, chars, bytes, precision, scale, datetime_precision)
TYPES = [
    ("int", "int(11)", None, None, 10, 0, None),
    ("bigint", "bigint(20) unsigned", None, None, 20, 0, None),
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
    ("json", "json", 4294967295, 4294967295, None, None, None),
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


def main():
    dbs, tables, cols = (int(a) for a in sys.argv[1:4])
    snap = {
        "format_version": 1,
        "source": {"type": "mysql", "server_version": "10.11.14-MariaDB"},
        "databases": [
            {"name": f"bench_{d:02d}", "tables": [table(d, t, cols) for t in range(tables)]}
            for d in range(dbs)
        ],
    }
    json.dump(snap, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
