-- Flow 4 (DESIGN §10): storefront engagement per sku × region × UTC day, known at as_of.
-- views (product_viewed), clicks (Currents clicks on links with a `sku` query parameter),
-- cart_adds, abandoned_carts, units_purchased (each purchase event is one unit), and the
-- distinct customers with any of them in the cell. Region is the customer's, from the users
-- export; engagement of a customer without a region is not counted.
with custom_events as (
    select
        external_id,
        sku,
        occurred_at,
        case event_name
            when 'product_viewed' then 'view'
            when 'cart_added' then 'cart_add'
            when 'cart_abandoned' then 'abandoned_cart'
        end as activity
    from {{ ref('stg_braze__custom_events') }}
    where event_name in ('product_viewed', 'cart_added', 'cart_abandoned')
),

clicks as (
    select external_id, sku, occurred_at, 'click' as activity
    from {{ ref('stg_braze__message_engagement') }}
    where lower(action) = 'click'
),

purchases as (
    select external_id, sku, occurred_at, 'purchase' as activity
    from {{ ref('stg_braze__purchases') }}
),

engagement as (
    select * from custom_events
    union all
    select * from clicks
    union all
    select * from purchases
),

located as (
    select
        engagement.sku,
        users.region,
        cast(engagement.occurred_at as date) as period_start,
        engagement.external_id,
        engagement.activity
    from engagement
    inner join {{ ref('stg_braze__users') }} as users
        on engagement.external_id = users.external_id
    where engagement.sku is not null
        and engagement.external_id is not null
        and users.region is not null
        and engagement.occurred_at <= {{ as_of() }}
),

final as (
    select
        sku,
        region,
        period_start,
        sum(case when activity = 'view' then 1 else 0 end) as views,
        sum(case when activity = 'click' then 1 else 0 end) as clicks,
        sum(case when activity = 'cart_add' then 1 else 0 end) as cart_adds,
        sum(case when activity = 'abandoned_cart' then 1 else 0 end) as abandoned_carts,
        sum(case when activity = 'purchase' then 1 else 0 end) as units_purchased,
        count(distinct external_id) as distinct_customers
    from located
    group by sku, region, period_start
)

select * from final
