with source as (
    {{ latest_per_key(source('trading_grid', 'purchase_orders_lines'), ['document_id', 'line_index']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(line_index as integer) as line_index,
        cast(sku as text) as sku,
        cast(quantity as double precision) as quantity
    from source
)

select * from renamed
