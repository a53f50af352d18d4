{#- A StarRocks CREATE TABLE. Expects: db and table (quoted names), columns (column definitions),
    model (PRIMARY or DUPLICATE) and key (its columns), comment (a COMMENT literal, optional),
    partition (PARTITION BY …, optional), hash (distribution columns), buckets (optional),
    properties ("k" = "v" entries). -#}
CREATE TABLE IF NOT EXISTS {{ db }}.{{ table }} (
  {{ columns|join(",\n  ") }}
) ENGINE=OLAP
{{ model }} KEY({{ key|join(", ") }})
{% if let Some(comment) = comment %}COMMENT {{ comment }}
{% endif %}{% if let Some(partition) = partition %}{{ partition }}
{% endif %}DISTRIBUTED BY HASH({{ hash|join(", ") }}){% if let Some(n) = buckets %} BUCKETS {{ n }}{% endif %}
PROPERTIES (
  {{ properties|join(",\n  ") }}
);
