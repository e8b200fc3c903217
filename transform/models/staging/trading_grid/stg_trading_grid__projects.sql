-- Active Community projects (DESIGN §11): process, required document types, customer, sku.
with source as (
    {{ latest_per_key(source('trading_grid', 'projects'), ['"projectId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("projectId" as text) as project_id,
        cast(name as text) as project_name,
        cast(process as text) as process,
        cast(status as text) as project_status,
        cast(sku as text) as sku,
        "requiredDocumentTypes" as required_document_types,
        coalesce({{ json_array_length('"requiredDocumentTypes"') }}, 0) as required_document_count,
        {{ json_text('"customerRef"', ['externalId']) }} as external_id,
        {{ json_text('"customerRef"', ['orderId']) }} as order_id,
        {{ utc('"createdAt"') }} as created_at,
        {{ utc('"updatedAt"') }} as updated_at
    from source
)

select * from renamed
