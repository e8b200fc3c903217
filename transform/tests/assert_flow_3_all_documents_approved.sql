-- Flow 3: a Canvas entry only when, at approved_at, the latest document of every required type
-- was APPROVED. approved_at is written to the second, so the times it is compared with are
-- truncated to the second too (the hub's own times carry fractions).
with entries as (
    select
        message_key,
        {{ json_text('canvas_entry_properties', ['project_id']) }} as project_id,
        cast({{ json_text('canvas_entry_properties', ['approved_at']) }} as timestamp) as approved_at
    from {{ ref('canvas_triggers') }}
    where flow = '3'
),

latest as (
    select
        entries.message_key,
        documents.document_type,
        documents.approval_status,
        {{ dbt.date_trunc('second', 'documents.decided_at') }} as decided_at,
        entries.approved_at,
        row_number() over (
            partition by entries.message_key, documents.document_type
            order by documents.uploaded_at desc, documents.partner_document_id desc
        ) as upload_rank
    from entries
    inner join {{ ref('int_projects__documents') }} as documents
        on entries.project_id = documents.project_id
        and documents.is_required
        and {{ dbt.date_trunc('second', 'documents.uploaded_at') }} <= entries.approved_at
),

approved as (
    select message_key, count(*) as approved_types
    from latest
    where upload_rank = 1 and approval_status = 'APPROVED' and decided_at <= approved_at
    group by message_key
),

required as (
    select distinct project_id, required_document_count
    from {{ ref('int_projects__documents') }}
)

select entries.*
from entries
inner join required
    on entries.project_id = required.project_id
left join approved
    on entries.message_key = approved.message_key
where coalesce(approved.approved_types, 0) <> required.required_document_count
