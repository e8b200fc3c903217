-- 214s: the header's status is the last AT701 reported, its reason the AT702.
with source as (
    {{ latest_per_key(source('trading_grid', 'shipment_status'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }},
        {{ edi_code('status') }} as status_code,
        {{ edi_code('status_reason') }} as status_reason_code,
        {{ edi_date('estimated_delivery_date') }} as estimated_delivery_date
    from source
)

select * from renamed
