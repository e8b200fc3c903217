-- Active Community companies; a partner is named by its (first) EDI address QUAL:ID (DESIGN §3).
with source as (
    {{ latest_per_key(source('trading_grid', 'companies'), ['"companyId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("companyId" as text) as company_id,
        cast(name as text) as company_name,
        cast(status as text) as company_status,
        {{ json_text('"ediAddresses"', [0, 'display']) }} as partner_id
    from source
)

select * from renamed
