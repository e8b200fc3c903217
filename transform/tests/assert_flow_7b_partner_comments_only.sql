-- Flow 7b (DESIGN §10): a partner_update comes only from a comment the partner wrote (author
-- and origin PARTNER), never from ours (origin CUSTOMER_FEEDBACK) or the hub's, and only to a
-- customer who gave feedback on that case; loop_closed only to such customers too.
with partner_updates as (
    select message_key, external_id
    from {{ ref('events') }}
    where flow = '7b'
),

loop_closed as (
    select message_key, external_id
    from {{ ref('campaign_triggers') }}
    where flow = '7b'
),

feedback as (
    select * from {{ ref('int_cases__customer_feedback') }}
)

select partner_updates.message_key
from partner_updates
where not exists (
    select 1
    from {{ ref('stg_trading_grid__partner_case_comments') }} as comments
    inner join feedback
        on comments.case_id = feedback.case_id
    where partner_updates.message_key = {{ message_key(["'f7b'", 'comments.comment_id', 'feedback.external_id']) }}
        and comments.author = 'PARTNER'
        and comments.origin = 'PARTNER'
)
union all
select loop_closed.message_key
from loop_closed
where not exists (
    select 1 from feedback
    where loop_closed.message_key = {{ message_key(["'f7b'", 'feedback.case_id', "'resolved'", 'feedback.external_id']) }}
)
