{#- Part of the JSON family (json.sql): a JSON array of one JSON value per row of a group,
    in `order_by` order. -#}
{% macro json_array_agg(expr, order_by) -%}
    {{ return(adapter.dispatch('json_array_agg', 'grid_braze')(expr, order_by)) }}
{%- endmacro %}

{% macro duckdb__json_array_agg(expr, order_by) -%}
    to_json(list({{ expr }} order by {{ order_by }}))
{%- endmacro %}

{% macro postgres__json_array_agg(expr, order_by) -%}
    json_agg({{ expr }} order by {{ order_by }})
{%- endmacro %}

{#- A JSON array of the given JSON values (SQL expressions), in that order. -#}
{% macro json_array_of(values) -%}
    {{ return(adapter.dispatch('json_array_of', 'grid_braze')(values)) }}
{%- endmacro %}

{% macro duckdb__json_array_of(values) -%}
    json_array({{ values | join(', ') }})
{%- endmacro %}

{% macro postgres__json_array_of(values) -%}
    json_build_array({{ values | join(', ') }})
{%- endmacro %}
