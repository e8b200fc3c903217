-- Customer feedback (DESIGN §10, 7a): every survey_response with a score at or below
-- feedback_max_score, known at as_of, on an order we know, with the partner case it belongs to:
-- the first case (flows 1 and 5) on that order or its PO. Without such a case, the order may
-- still have a fulfilment exception (flow 2): 7a then opens a new case.
with surveys as (
    select * from {{ ref('stg_braze__custom_events') }}
    where event_name = 'survey_response'
        and score <= {{ var('feedback_max_score') }}
        and occurred_at <= {{ as_of() }}
),

orders as (
    select * from {{ ref('int_orders__customers') }}
    where order_id is not null
),

cases as (
    select * from {{ ref('int_cases__orders') }}
    where category in (
        'SHIPMENT_DELAY', 'INVOICE_DISCREPANCY', 'ORDER_EXCEPTION',
        'DAMAGED_SHIPMENT', 'MISSING_COMPONENT', 'BILLING_CORRECTION'
    )
),

excepted_orders as (
    select distinct order_id from {{ ref('int_fulfilment__exceptions') }}
),

candidates as (
    select
        surveys.event_id as survey_event_id,
        surveys.external_id,
        surveys.order_id,
        orders.po_number,
        orders.partner_id as order_partner_id,
        surveys.score,
        surveys.comment,
        surveys.occurred_at as surveyed_at,
        cases.case_id,
        cases.partner_id as case_partner_id,
        row_number() over (
            partition by surveys.event_id
            order by cases.created_at, cases.case_id
        ) as case_rank
    from surveys
    inner join orders
        on surveys.order_id = orders.order_id
    left join cases
        on cases.order_id = surveys.order_id
        or cases.po_number = orders.po_number
),

final as (
    select
        candidates.survey_event_id,
        candidates.external_id,
        candidates.order_id,
        candidates.po_number,
        candidates.score,
        candidates.comment,
        candidates.surveyed_at,
        candidates.case_id,
        coalesce(candidates.case_partner_id, candidates.order_partner_id) as partner_id,
        excepted_orders.order_id is not null as has_fulfilment_exception
    from candidates
    left join excepted_orders
        on candidates.order_id = excepted_orders.order_id
    where candidates.case_rank = 1
)

select * from final
