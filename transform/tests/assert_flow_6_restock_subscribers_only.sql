-- Flow 6: restock notices go only to customers who asked (notify_me) for that sku.
with notices as (
    select
        message_key,
        external_id,
        {{ json_text('trigger_properties', ['sku']) }} as sku
    from {{ ref('campaign_triggers') }}
    where flow = '6' and message_key like 'f6r:%'
),

asks as (
    select distinct external_id, sku
    from {{ ref('stg_braze__custom_events') }}
    where event_name = 'notify_me'
)

select notices.*
from notices
left join asks
    on notices.external_id = asks.external_id
    and notices.sku = asks.sku
where asks.sku is null
