{#- A StarRocks CREATE TABLE. Expects: name (quoted db.table), columns (column definitions),
    key (the KEY clause), comment (COMMENT clause or empty), partition (PARTITION BY … or empty),
    distribution (DISTRIBUTED BY …),
    properties (quoted "k" = "v" entries). -#}
CREATE TABLE IF NOT EXISTS {{ name }} (
  {{ columns|join(",\n  ") }}
) ENGINE=OLAP
{{ key }}
{% if !comment.is_empty() %}{{ comment }}
{% endif %}{% if !partition.is_empty() %}{{ partition }}
{% endif %}{{ distribution }}
PROPERTIES (
  {{ properties|join(",\n  ") }}
);
