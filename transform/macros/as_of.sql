{#- The time every time-dependent rule is judged at, as a UTC timestamp literal. Rules never
    read the database clock: jobs pass the current time and the sandbox its simulated clock. -#}
{% macro as_of() -%}
    {%- set value = var('as_of') or run_started_at.strftime('%Y-%m-%dT%H:%M:%SZ') -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
