-- Flow 7b (DESIGN §10): when a case with customer feedback enters RESOLVED after its first
-- feedback, campaign loop_closed {case_id, resolution_note} goes to each customer who gave
-- feedback on it, once (a case resolved again sends nothing). Flow 1 leaves such a case's
-- RESOLVED to this model.
with feedback_cases as (
    select * from {{ ref('int_feedback__cases') }}
),

resolutions as (
    select
        events.case_id,
        min(events.occurred_at) as resolved_at
    from {{ ref('stg_trading_grid__partner_case_events') }} as events
    inner join feedback_cases
        on events.case_id = feedback_cases.case_id
        and events.occurred_at > feedback_cases.first_feedback_at
    where events.to_status = 'RESOLVED'
        and events.occurred_at <= {{ as_of() }}
    group by events.case_id
),

final as (
    select
        {{ message_key(["'f7b'", 'resolutions.case_id', "'resolved'", 'customers.external_id']) }} as message_key,
        '7b' as flow,
        'loop_closed' as message_name,
        customers.external_id,
        {{ json_object([
            ('case_id', 'resolutions.case_id'),
            ('resolution_note', 'cases.resolution_note'),
        ]) }} as trigger_properties,
        resolutions.resolved_at as occurred_at
    from resolutions
    inner join {{ ref('int_cases__customer_feedback') }} as customers
        on resolutions.case_id = customers.case_id
    inner join {{ ref('stg_trading_grid__partner_cases') }} as cases
        on resolutions.case_id = cases.case_id
)

select * from final
