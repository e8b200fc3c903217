-- Documents partners upload to Active Community, with their approval (flow 3).
with source as (
    {{ latest_per_key(source('trading_grid', 'partner_documents'), ['"documentId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("documentId" as text) as partner_document_id,
        cast("projectId" as text) as project_id,
        cast("companyId" as text) as company_id,
        cast("documentType" as text) as document_type,
        cast("approvalStatus" as text) as approval_status,
        {{ utc('"uploadedAt"') }} as uploaded_at,
        {{ utc('"decidedAt"') }} as decided_at
    from source
)

select * from renamed
