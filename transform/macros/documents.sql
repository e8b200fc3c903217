{#- The header columns every staged EDI document carries. The document's time is the
    functional group's date and time (GS04/GS05), else the interchange's (ISA09/ISA10). -#}
{% macro document_header_columns(partner_column='sender') -%}
    cast(document_id as text) as document_id,
    cast({{ partner_column }} as text) as partner_id,
    cast(po_number as text) as po_number,
    coalesce(
        {{ date_and_time(json_text('envelope', ['group', 'date', 'date']), json_text('envelope', ['group', 'date', 'time'])) }},
        {{ date_and_time(json_text('envelope', ['interchange_date', 'date']), json_text('envelope', ['interchange_date', 'time'])) }}
    ) as document_time
{%- endmacro %}

{#- The ISO date of an EDI date object ({date, time, raw, qualifier}). -#}
{% macro edi_date(column) -%}
    cast({{ json_text(column, ['date']) }} as date)
{%- endmacro %}

{#- The code of an EDI code object ({code, meaning}). -#}
{% macro edi_code(column) -%}
    {{ json_text(column, ['code']) }}
{%- endmacro %}
