with source as (
    {{ latest_per_key(source('trading_grid', 'ship_notices'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }},
        cast(asn_number as text) as asn_number,
        {{ edi_date('shipped_date') }} as shipped_date,
        -- DTM*017
        {{ edi_date('estimated_delivery_date') }} as estimated_delivery_date
    from source
)

select * from renamed
