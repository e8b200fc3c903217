-- Flow 7b (DESIGN §10): each comment a partner writes on a case with customer feedback, after
-- the first feedback, becomes the event partner_update {case_id, status, summary} for each
-- customer who gave feedback on the case. status is the case's status at the comment (its
-- latest status change at or before it); summary is the first 200 characters.
-- Only comments written by the partner count: not the hub's, and never ours (origin
-- CUSTOMER_FEEDBACK, which 7a writes through target-trading-grid; its externalRef is a 7a key).
with comments as (
    select * from {{ ref('stg_trading_grid__partner_case_comments') }}
    where author = 'PARTNER'
        and origin = 'PARTNER'
        and coalesce(external_ref, '') not like 'f7a:%'
        and created_at <= {{ as_of() }}
),

feedback_cases as (
    select * from {{ ref('int_feedback__cases') }}
),

customers as (
    select case_id, external_id from {{ ref('int_cases__customer_feedback') }}
),

statuses as (
    select
        comments.comment_id,
        events.to_status,
        row_number() over (
            partition by comments.comment_id
            order by events.occurred_at desc, events.case_event_id desc
        ) as status_rank
    from comments
    inner join {{ ref('stg_trading_grid__partner_case_events') }} as events
        on comments.case_id = events.case_id
        and events.occurred_at <= comments.created_at
        and events.to_status is not null
),

final as (
    select
        {{ message_key(["'f7b'", 'comments.comment_id', 'customers.external_id']) }} as message_key,
        '7b' as flow,
        customers.external_id,
        'partner_update' as name,
        {{ format_timestamp('comments.created_at') }} as event_time,
        {{ json_object([
            ('case_id', 'comments.case_id'),
            ('status', 'statuses.to_status'),
            ('summary', 'left(comments.body, 200)'),
        ]) }} as properties
    from comments
    inner join feedback_cases
        on comments.case_id = feedback_cases.case_id
        and comments.created_at > feedback_cases.first_feedback_at
    inner join customers
        on comments.case_id = customers.case_id
    left join statuses
        on comments.comment_id = statuses.comment_id
        and statuses.status_rank = 1
)

select * from final
