{{ config(materialized='table') }}

-- One row per PO: its customer order and the customer's Braze external_id (DESIGN §3 identity).
-- The PO's customer order comes from the seed, else our 850's REF*CO. The customer comes from
-- the seed, else the 850's N1*ST*…*92*, else the Braze purchase that carries the order id.
with purchase_orders as (
    select
        *,
        row_number() over (
            partition by po_number order by document_time desc, document_id desc
        ) as po_rank
    from {{ ref('stg_trading_grid__purchase_orders') }}
    where po_number is not null
),

latest_purchase_orders as (
    select * from purchase_orders where po_rank = 1
),

overrides as (
    select * from {{ ref('customer_order_overrides') }}
),

purchase_customers as (
    select
        order_id,
        min(external_id) as external_id
    from {{ ref('stg_braze__purchases') }}
    where order_id is not null and external_id is not null
    group by order_id
),

orders as (
    select
        coalesce(overrides.po_number, latest_purchase_orders.po_number) as po_number,
        coalesce(overrides.order_id, latest_purchase_orders.order_id) as order_id,
        overrides.external_id as seed_external_id,
        latest_purchase_orders.external_id as po_external_id,
        latest_purchase_orders.partner_id,
        latest_purchase_orders.document_id as po_document_id,
        latest_purchase_orders.document_time as po_sent_at,
        latest_purchase_orders.requested_delivery_date,
        latest_purchase_orders.requested_ship_date
    from latest_purchase_orders
    full outer join overrides
        on latest_purchase_orders.po_number = overrides.po_number
),

final as (
    select
        orders.po_number,
        orders.order_id,
        coalesce(
            orders.seed_external_id, orders.po_external_id, purchase_customers.external_id
        ) as external_id,
        case
            when orders.seed_external_id is not null then 'seed'
            when orders.po_external_id is not null then 'purchase_order'
            when purchase_customers.external_id is not null then 'braze_purchase'
        end as resolved_by,
        orders.partner_id,
        orders.po_document_id,
        orders.po_sent_at,
        orders.requested_delivery_date,
        orders.requested_ship_date
    from orders
    left join purchase_customers
        on orders.order_id = purchase_customers.order_id
)

select * from final
