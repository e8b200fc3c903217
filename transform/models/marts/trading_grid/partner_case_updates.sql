-- Flow 7a (DESIGN §10) → target-trading-grid's partner_case_updates sink: a comment on the
-- partner's case (case_id), or a new PROCESS_FEEDBACK case (case_id null), with the comment's
-- contact data removed. No customer id, email or phone leaves (DESIGN §7).
select
    cast(message_key as text) as message_key,
    cast('7a' as text) as flow,
    {{ as_of() }} as ready_at,
    cast(case_id as text) as case_id,
    cast(partner_id as text) as partner_id,
    cast(category as text) as category,
    cast(score as integer) as score,
    cast(comment as text) as comment,
    cast(order_id as text) as order_id,
    cast(po_number as text) as po_number,
    cast(origin as text) as origin
from {{ ref('int_feedback__partner_case_updates') }}
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
