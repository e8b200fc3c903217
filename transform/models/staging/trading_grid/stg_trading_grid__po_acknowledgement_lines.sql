-- One row per 855 line: ACK01 (status), ACK04/ACK05 (schedule date and its qualifier).
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
        {{ edi_date('schedule_date') }} as schedule_date
    from source
)

select * from renamed
