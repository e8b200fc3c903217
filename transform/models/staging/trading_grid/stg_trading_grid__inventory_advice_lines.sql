-- 846 lines: QTY*33 (available) and DTM*018 (available from).
with source as (
    {{ latest_per_key(source('trading_grid', 'inventory_advice_lines'), ['document_id', 'line_index']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        cast(sku as text) as sku,
        cast(available_quantity as double precision) as available_quantity,
        {{ edi_date('available_date') }} as available_date
    from source
)

select * from renamed
