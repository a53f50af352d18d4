{#- A Flink CREATE TABLE. Expects: name (quoted catalog.db.table), lines (column definitions and
    the PRIMARY KEY line), options (quoted 'k' = 'v' entries of WITH). -#}
CREATE TABLE IF NOT EXISTS {{ name }} (
  {{ lines|join(",\n  ") }}
) WITH (
  {{ options|join(",\n  ") }}
);
