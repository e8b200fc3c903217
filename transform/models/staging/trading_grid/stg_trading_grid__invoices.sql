with source as (
    {{ latest_per_key(source('trading_grid', 'invoices'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns() }},
        cast(invoice_number as text) as invoice_number,
        {{ edi_code('invoice_type') }} as invoice_type_code,
        cast(is_credit as boolean) as is_credit,
        cast(total_amount as double precision) as total_amount
    from source
)

select * from renamed
