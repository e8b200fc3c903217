-- API-triggered campaigns for Braze, from every flow that sends one (DESIGN §10): flow 1
-- partner_case_update, flow 5 service_recovery, flow 6 restock_notice and delay_notice, flow
-- 7b loop_closed.
with flows as (
    select message_key, flow, message_name, external_id, trigger_properties
    from {{ ref('int_campaign_triggers__partner_case_updates') }}
    union all
    select message_key, flow, message_name, external_id, trigger_properties
    from {{ ref('int_campaign_triggers__service_recovery') }}
    union all
    select message_key, flow, message_name, external_id, trigger_properties
    from {{ ref('int_campaign_triggers__restock_notices') }}
    union all
    select message_key, flow, message_name, external_id, trigger_properties
    from {{ ref('int_campaign_triggers__delay_notices') }}
    union all
    select message_key, flow, message_name, external_id, trigger_properties
    from {{ ref('int_campaign_triggers__loop_closed') }}
),

messages as (
    select * from {{ ref('braze_messages') }}
    where environment = '{{ var("braze_environment") }}'
),

candidates as (
    select
        flows.message_key,
        flows.flow,
        messages.id as campaign_id,
        flows.external_id,
        flows.trigger_properties
    from flows
    left join messages
        on flows.message_name = messages.name
)

select
    cast(message_key as text) as message_key,
    cast(flow as text) as flow,
    {{ as_of() }} as ready_at,
    cast(campaign_id as text) as campaign_id,
    cast(external_id as text) as external_id,
    trigger_properties
from candidates
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
