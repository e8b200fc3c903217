{#- DESIGN §10 text forms, used in keys and in the rows sent to Braze. -#}

{#- A timestamp (UTC, without time zone) as YYYY-MM-DDTHH:MM:SSZ. -#}
{% macro format_timestamp(expr) -%}
    {{ return(adapter.dispatch('format_timestamp', 'grid_braze')(expr)) }}
{%- endmacro %}

{% macro duckdb__format_timestamp(expr) -%}
    strftime(cast({{ expr }} as timestamp), '%Y-%m-%dT%H:%M:%SZ')
{%- endmacro %}

{% macro postgres__format_timestamp(expr) -%}
    to_char(cast({{ expr }} as timestamp), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
{%- endmacro %}

{#- A date as YYYY-MM-DD. -#}
{% macro format_date(expr) -%}
    cast(cast({{ expr }} as date) as text)
{%- endmacro %}

{#- A timestamp with time zone as a UTC timestamp without one (staging does this once). -#}
{% macro utc(expr) -%}
    cast(({{ expr }}) at time zone 'UTC' as timestamp)
{%- endmacro %}

{#- A date and an optional HH:MM[:SS] text as a timestamp. -#}
{% macro date_and_time(date_expr, time_expr) -%}
    cast(cast({{ date_expr }} as text) || ' ' || coalesce({{ time_expr }}, '00:00:00') as timestamp)
{%- endmacro %}

{#- A DESIGN §10 key: the fields (SQL expressions, already text) joined with ':', null as ''. -#}
{% macro message_key(fields) -%}
    {%- for field in fields -%}
        coalesce(cast({{ field }} as text), ''){% if not loop.last %} || ':' || {% endif %}
    {%- endfor -%}
{%- endmacro %}

{#- Keeps the latest version of each key: delivery is at least once (DESIGN §3). -#}
{% macro latest_per_key(relation, key_columns, order_by='_sdc_batched_at desc') -%}
    select * from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by {{ order_by }}
            ) as _row_rank
        from {{ relation }}
    ) as ranked
    where _row_rank = 1
{%- endmacro %}
