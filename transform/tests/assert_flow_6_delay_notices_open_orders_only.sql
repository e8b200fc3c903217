-- Flow 6: delay notices go only to customers who bought the sku under that order id.
with notices as (
    select
        message_key,
        external_id,
        {{ json_text('trigger_properties', ['sku']) }} as sku,
        {{ json_text('trigger_properties', ['order_id']) }} as order_id
    from {{ ref('campaign_triggers') }}
    where flow = '6' and message_key like 'f6d:%'
)

select notices.*
from notices
left join {{ ref('stg_braze__purchases') }} as purchases
    on notices.external_id = purchases.external_id
    and notices.sku = purchases.sku
    and notices.order_id = purchases.order_id
where purchases.event_id is null
