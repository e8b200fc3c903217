{#- The time every time-dependent rule is judged at, as a UTC timestamp literal. Rules never
    read the database clock: jobs pass the current time and the sandbox its simulated clock,
    either as --vars '{as_of: ...}' or, for a Meltano job whose commands are fixed, in the
    environment variable AS_OF. Unset, it is the start of the dbt run. -#}
{% macro as_of() -%}
    {%- set value = var('as_of') or env_var('AS_OF', '') or run_started_at.strftime('%Y-%m-%dT%H:%M:%SZ') -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
