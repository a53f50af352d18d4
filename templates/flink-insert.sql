{#- A Flink INSERT. Expects: sink and source (quoted names), select (expressions in sink order). -#}
INSERT INTO {{ sink }}
SELECT
  {{ select|join(",\n  ") }}
FROM {{ source }};
