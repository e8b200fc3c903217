-- 180s: the RMA of a return.
with source as (
    {{ latest_per_key(source('trading_grid', 'returns'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }},
        cast(rma_number as text) as rma_number
    from source
)

select * from renamed
