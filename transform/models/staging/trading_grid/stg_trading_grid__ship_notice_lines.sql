with source as (
    {{ latest_per_key(source('trading_grid', 'ship_notices_lines'), ['document_id', 'line_index']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        cast(po_number as text) as po_number,
        cast(sku as text) as sku,
        cast(shipped_quantity as double precision) as shipped_quantity
    from source
)

select * from renamed
