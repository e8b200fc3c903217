-- Active Community cases, with their references (DESIGN §11).
with source as (
    {{ latest_per_key(source('trading_grid', 'partner_cases'), ['"caseId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("caseId" as text) as case_id,
        cast("companyId" as text) as company_id,
        cast("partnerAddress" as text) as partner_id,
        cast(category as text) as category,
        cast(status as text) as case_status,
        cast("raisedBy" as text) as raised_by,
        cast(left(cast("revisedEta" as text), 10) as date) as revised_eta,
        cast("resolutionNote" as text) as resolution_note,
        {{ json_text('"references"', ['poNumber']) }} as po_number,
        {{ json_text('"references"', ['orderId']) }} as order_id,
        {{ json_text('"references"', ['asnNumber']) }} as asn_number,
        {{ json_text('"references"', ['invoiceNumber']) }} as invoice_number,
        {{ json_text('"references"', ['rmaNumber']) }} as rma_number,
        {{ utc('"createdAt"') }} as created_at,
        {{ utc('"updatedAt"') }} as updated_at
    from source
)

select * from renamed
