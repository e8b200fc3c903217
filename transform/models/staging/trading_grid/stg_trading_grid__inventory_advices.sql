with source as (
    {{ latest_per_key(source('trading_grid', 'inventory_advice'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }}
    from source
)

select * from renamed
