-- Flow 7a (DESIGN §10): each low score on an order with a partner case (flows 1 and 5)
-- becomes a comment on that case; on an order with a fulfilment exception (flow 2) and no
-- such case, a new PROCESS_FEEDBACK case for the PO's partner. The comment leaves with every
-- email address, phone number and the customer's names replaced by [removed] (DESIGN §7);
-- the customer's id does not leave at all.
with feedback as (
    select * from {{ ref('int_feedback__low_scores') }}
    where case_id is not null or has_fulfilment_exception
),

cases as (
    select case_id, category from {{ ref('stg_trading_grid__partner_cases') }}
),

users as (
    select external_id, first_name, last_name from {{ ref('stg_braze__users') }}
),

final as (
    select
        {{ message_key(["'f7a'", 'feedback.survey_event_id']) }} as message_key,
        feedback.case_id,
        feedback.partner_id,
        coalesce(cases.category, 'PROCESS_FEEDBACK') as category,
        feedback.score,
        {{ redact_contact_data('feedback.comment', ['users.first_name', 'users.last_name']) }} as comment,
        feedback.order_id,
        feedback.po_number,
        'CUSTOMER_FEEDBACK' as origin,
        feedback.surveyed_at
    from feedback
    left join cases
        on feedback.case_id = cases.case_id
    left join users
        on feedback.external_id = users.external_id
    where feedback.partner_id is not null
)

select * from final
