{#- One output file. Expects: header (the tool/version comment line), statements (complete
    SQL statements, each ending in `;`), printed one blank line apart. -#}
{{ header }}
{%- for s in statements %}

{{ s }}
{%- endfor %}
