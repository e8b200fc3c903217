-- 214 lines: one per AT7 status reported.
with source as (
    {{ latest_per_key(source('trading_grid', 'shipment_status_lines'), ['document_id', 'line_index']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        {{ edi_code('status') }} as status_code,
        {{ edi_code('status_reason') }} as status_reason_code,
        {{ edi_date('status_date') }} as status_date
    from source
)

select * from renamed
