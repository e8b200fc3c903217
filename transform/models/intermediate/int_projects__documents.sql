-- Every project with its customer (customerRef.externalId, else the customer of
-- customerRef.orderId) and every document uploaded to it by as_of, with whether its type is one
-- the project requires.
with projects as (
    select * from {{ ref('stg_trading_grid__projects') }}
),

order_customers as (
    select order_id, min(external_id) as external_id
    from {{ ref('int_orders__customers') }}
    where order_id is not null and external_id is not null
    group by order_id
),

documents as (
    select * from {{ ref('stg_trading_grid__partner_documents') }}
    where uploaded_at is null or uploaded_at <= {{ as_of() }}
),

final as (
    select
        projects.project_id,
        projects.process,
        projects.sku,
        coalesce(projects.external_id, order_customers.external_id) as external_id,
        projects.order_id,
        projects.required_document_count,
        documents.partner_document_id,
        documents.document_type,
        {{ json_array_contains('projects.required_document_types', 'documents.document_type') }} as is_required,
        documents.approval_status,
        documents.uploaded_at,
        case when documents.decided_at <= {{ as_of() }} then documents.decided_at end as decided_at
    from projects
    left join order_customers
        on projects.order_id = order_customers.order_id
    left join documents
        on projects.project_id = documents.project_id
)

select * from final
