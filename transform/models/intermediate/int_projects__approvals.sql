-- Flow 3's rule (DESIGN §10): the first decision after which the latest document of every
-- required type is APPROVED. Judged at each decision in turn, so a later rejection cannot take
-- back an approval that was already complete.
with documents as (
    select * from {{ ref('int_projects__documents') }}
    where partner_document_id is not null
),

decisions as (
    select distinct project_id, decided_at as moment
    from documents
    where decided_at is not null
),

-- At each decision, the latest upload of each required type.
latest_at_moment as (
    select
        decisions.project_id,
        decisions.moment,
        documents.document_type,
        documents.approval_status,
        documents.decided_at,
        row_number() over (
            partition by decisions.project_id, decisions.moment, documents.document_type
            order by documents.uploaded_at desc, documents.partner_document_id desc
        ) as upload_rank
    from decisions
    inner join documents
        on decisions.project_id = documents.project_id
        and documents.is_required
        and documents.uploaded_at <= decisions.moment
),

approved_types as (
    select
        project_id,
        moment,
        count(distinct document_type) as approved_type_count
    from latest_at_moment
    where upload_rank = 1
        and decided_at <= moment
        and approval_status = 'APPROVED'
    group by project_id, moment
),

projects as (
    select distinct project_id, process, external_id, order_id, required_document_count
    from {{ ref('int_projects__documents') }}
),

final as (
    select
        projects.project_id,
        projects.process,
        projects.external_id,
        projects.order_id,
        min(approved_types.moment) as approved_at
    from projects
    inner join approved_types
        on projects.project_id = approved_types.project_id
        and approved_types.approved_type_count = projects.required_document_count
    where projects.required_document_count > 0
    group by projects.project_id, projects.process, projects.external_id, projects.order_id
)

select * from final
