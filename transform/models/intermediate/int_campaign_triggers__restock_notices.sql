-- Flow 6 (DESIGN §10): when a sku moves from BACKORDERED, OUT_OF_STOCK or PRE_LAUNCH to IN_STOCK
-- or LOW_STOCK, restock_notice goes to each customer whose notify_me for the sku is later than
-- their last restock notice for it. A customer is notified for a restock exactly when they asked
-- after the sku's previous restock (whether or not they were notified then).
with restocks as (
    select
        *,
        lag(happened_at) over (partition by sku order by seq) as previous_restock_at
    from {{ ref('int_availability__changes') }}
    where previous_status in ('BACKORDERED', 'OUT_OF_STOCK', 'PRE_LAUNCH')
        and status in ('IN_STOCK', 'LOW_STOCK')
),

asks as (
    select * from {{ ref('stg_braze__custom_events') }}
    where event_name = 'notify_me'
        and sku is not null
        and external_id is not null
        and occurred_at <= {{ as_of() }}
),

notified as (
    select distinct
        restocks.sku,
        asks.external_id,
        restocks.source_document,
        restocks.available_qty,
        restocks.happened_at
    from restocks
    inner join asks
        on restocks.sku = asks.sku
        and asks.occurred_at <= restocks.happened_at
        and (restocks.previous_restock_at is null or asks.occurred_at > restocks.previous_restock_at)
),

final as (
    select
        {{ message_key(["'f6r'", 'sku', 'external_id', 'source_document']) }} as message_key,
        '6' as flow,
        'restock_notice' as message_name,
        external_id,
        {{ json_object([('sku', 'sku'), ('available_qty', 'available_qty')]) }} as trigger_properties,
        happened_at as occurred_at
    from notified
)

select * from final
