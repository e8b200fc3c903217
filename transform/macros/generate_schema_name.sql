{#- A model's custom schema is used as it is (marts_braze, not main_marts_braze): the warehouse
    taps read those schemas by name. Models without one go to the target's schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
