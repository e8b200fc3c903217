{#- JSON access, the only place models touch JSON (DESIGN §4). Every macro dispatches to a
    DuckDB and a Postgres implementation. `path` is a list of object keys and array indexes (integers, from 0), e.g.
    json_text('envelope', ['group', 'date', 'date']). -#}

{% macro _json_path_duckdb(path) -%}
    '${% for key in path %}{% if key is number %}[{{ key }}]{% else %}."{{ key }}"{% endif %}{% endfor %}'
{%- endmacro %}

{% macro _json_path_postgres(path) -%}
    '{{ "{" }}{{ path | join(",") }}{{ "}" }}'
{%- endmacro %}

{#- The value at `path` as text (a JSON string without its quotes), null when missing. -#}
{% macro json_text(column, path) -%}
    {{ return(adapter.dispatch('json_text', 'grid_braze')(column, path)) }}
{%- endmacro %}

{% macro duckdb__json_text(column, path) -%}
    json_extract_string({{ column }}, {{ _json_path_duckdb(path) }})
{%- endmacro %}

{% macro postgres__json_text(column, path) -%}
    (cast({{ column }} as jsonb) #>> {{ _json_path_postgres(path) }})
{%- endmacro %}

{#- The value at `path` as a number (double precision). -#}
{% macro json_number(column, path) -%}
    {{ return(adapter.dispatch('json_number', 'grid_braze')(column, path)) }}
{%- endmacro %}

{% macro default__json_number(column, path) -%}
    cast({{ json_text(column, path) }} as double precision)
{%- endmacro %}

{#- The value at `path` as a boolean. -#}
{% macro json_bool(column, path) -%}
    {{ return(adapter.dispatch('json_bool', 'grid_braze')(column, path)) }}
{%- endmacro %}

{% macro default__json_bool(column, path) -%}
    cast({{ json_text(column, path) }} as boolean)
{%- endmacro %}

{#- The number of elements of a JSON array (null when the column is null). -#}
{% macro json_array_length(column) -%}
    {{ return(adapter.dispatch('json_array_length', 'grid_braze')(column)) }}
{%- endmacro %}

{% macro duckdb__json_array_length(column) -%}
    cast(json_array_length({{ column }}) as integer)
{%- endmacro %}

{% macro postgres__json_array_length(column) -%}
    jsonb_array_length(cast({{ column }} as jsonb))
{%- endmacro %}

{#- Whether a JSON array of strings holds the text `value` (an SQL expression). -#}
{% macro json_array_contains(column, value) -%}
    {{ return(adapter.dispatch('json_array_contains', 'grid_braze')(column, value)) }}
{%- endmacro %}

{% macro duckdb__json_array_contains(column, value) -%}
    coalesce(json_contains({{ column }}, to_json(cast({{ value }} as varchar))), false)
{%- endmacro %}

{% macro postgres__json_array_contains(column, value) -%}
    coalesce(cast({{ column }} as jsonb) @> jsonb_build_array(cast({{ value }} as text)), false)
{%- endmacro %}

{#- A JSON object from (key, SQL expression) pairs, in that order: the marts' properties. -#}
{% macro json_object(pairs) -%}
    {{ return(adapter.dispatch('json_object', 'grid_braze')(pairs)) }}
{%- endmacro %}

{% macro duckdb__json_object(pairs) -%}
    json_object({% for key, value in pairs %}'{{ key }}', {{ value }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{% macro postgres__json_object(pairs) -%}
    json_build_object({% for key, value in pairs %}'{{ key }}', {{ value }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
