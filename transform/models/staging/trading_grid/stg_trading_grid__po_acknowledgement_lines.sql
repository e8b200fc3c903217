-- One row per 855 line: its first ACK01 (status) and ACK04/ACK05 (schedule date and qualifier),
-- and how many ACKs it carries (every one is in stg_trading_grid__po_acknowledgement_acks).
with source as (
    {{ latest_per_key(source('trading_grid', 'po_acknowledgements_lines'), ['document_id', 'line_index']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        cast(sku as text) as sku,
        {{ edi_code('status') }} as status_code,
        cast(acknowledged_quantity as double precision) as acknowledged_quantity,
        {{ edi_code('schedule_date_qualifier') }} as schedule_date_qualifier,
        {{ edi_date('schedule_date') }} as schedule_date,
        coalesce({{ json_array_length('acks') }}, 0) as ack_count
    from source
)

select * from renamed
