-- Canvas entries for Braze: flow 3, documents approved → next_step_<process> (DESIGN §10).
with approvals as (
    select * from {{ ref('int_projects__approvals') }}
    where process in ('ONBOARDING', 'CLAIM', 'WARRANTY', 'FINANCIAL_APPROVAL')
        and external_id is not null
),

messages as (
    select * from {{ ref('braze_messages') }}
    where environment = '{{ var("braze_environment") }}'
),

flow_3 as (
    select
        {{ message_key(["'f3'", 'approvals.project_id', 'approvals.external_id']) }} as message_key,
        '3' as flow,
        messages.id as canvas_id,
        approvals.external_id,
        {{ json_object([
            ('project_id', 'approvals.project_id'),
            ('process', 'approvals.process'),
            ('order_id', 'approvals.order_id'),
            ('approved_at', format_timestamp('approvals.approved_at')),
        ]) }} as canvas_entry_properties
    from approvals
    left join messages
        on messages.name = 'next_step_' || lower(approvals.process)
),

candidates as (
    select * from flow_3
)

select
    cast(message_key as text) as message_key,
    cast(flow as text) as flow,
    {{ as_of() }} as ready_at,
    cast(canvas_id as text) as canvas_id,
    cast(external_id as text) as external_id,
    canvas_entry_properties
from candidates
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
