with source as (
    {{ latest_per_key(source('trading_grid', 'po_acknowledgements'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }}
    from source
)

select * from renamed
