-- Flow 6 (DESIGN §10): when a BACKORDERED sku's restock date moves later, delay_notice goes to
-- each customer with an open order for it: a purchase of the sku, made by then, whose PO has no
-- 856 yet.
with delays as (
    select * from {{ ref('int_availability__changes') }}
    where previous_status = 'BACKORDERED'
        and status = 'BACKORDERED'
        and restock_date > previous_restock_date
),

purchases as (
    select * from {{ ref('stg_braze__purchases') }}
    where order_id is not null and external_id is not null
),

orders as (
    select * from {{ ref('int_orders__customers') }}
),

ship_notices as (
    select * from {{ ref('int_partner_documents') }}
    where document_type = '856'
),

open_orders as (
    select
        delays.sku,
        delays.restock_date,
        delays.happened_at,
        purchases.external_id,
        purchases.order_id,
        row_number() over (
            partition by delays.sku, purchases.external_id, delays.restock_date
            order by purchases.order_id
        ) as order_rank
    from delays
    inner join purchases
        on delays.sku = purchases.sku
        and purchases.occurred_at <= delays.happened_at
    left join orders
        on purchases.order_id = orders.order_id
    where not exists (
        select 1 from ship_notices
        where ship_notices.po_number = orders.po_number
            and ship_notices.document_time <= delays.happened_at
    )
),

final as (
    select
        {{ message_key(["'f6d'", 'sku', 'external_id', format_date('restock_date')]) }} as message_key,
        '6' as flow,
        'delay_notice' as message_name,
        external_id,
        {{ json_object([
            ('sku', 'sku'),
            ('order_id', 'order_id'),
            ('restock_date', format_date('restock_date')),
        ]) }} as trigger_properties,
        happened_at as occurred_at
    from open_orders
    where order_rank = 1
)

select * from final
