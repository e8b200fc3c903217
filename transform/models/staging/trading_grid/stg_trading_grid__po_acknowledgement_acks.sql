-- One row per ACK of an 855 line (a line can carry several: 6 accepted, 4 backordered to a
-- later date). The ACKs are read by position, up to var max_acks_per_line; a line without
-- an `acks` list counts as one ACK, its own status and schedule date.
with source as (
    {{ latest_per_key(source('trading_grid', 'po_acknowledgements_lines'), ['document_id', 'line_index']) }}
),

acks as (
    {% for position in range(var('max_acks_per_line')) %}
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        {{ position + 1 }} as ack_index,
        cast(sku as text) as sku,
        {{ json_text('acks', [position, 'status', 'code']) }} as status_code,
        {{ json_number('acks', [position, 'quantity']) }} as quantity,
        {{ json_text('acks', [position, 'date_qualifier', 'code']) }} as date_qualifier,
        cast({{ json_text('acks', [position, 'date', 'date']) }} as date) as schedule_date
    from source
    where {{ json_array_length('acks') }} > {{ position }}
    union all
    {% endfor %}
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        1 as ack_index,
        cast(sku as text) as sku,
        {{ edi_code('status') }} as status_code,
        cast(acknowledged_quantity as double precision) as quantity,
        {{ edi_code('schedule_date_qualifier') }} as date_qualifier,
        {{ edi_date('schedule_date') }} as schedule_date
    from source
    where coalesce({{ json_array_length('acks') }}, 0) = 0
)

select * from acks
