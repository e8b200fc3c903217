-- Flow 4 (DESIGN §10): the demand signals that may leave, one per partner supplying the sku ×
-- sku × region × day. Only aggregates, and only cells with at least k_anonymity distinct
-- customers (DESIGN §7); a day once as_of is demand_settle_hours past its end.
with daily as (
    select * from {{ ref('int_demand__daily') }}
    where distinct_customers >= {{ var('k_anonymity') }}
        and {{ dbt.dateadd('hour', var('demand_settle_hours') | int + 24, 'cast(period_start as timestamp)') }}
            <= {{ as_of() }}
),

final as (
    select
        {{ message_key(["'f4'", 'partners.partner_id', 'daily.sku', 'daily.region', format_date('daily.period_start')]) }} as message_key,
        partners.partner_id,
        daily.sku,
        daily.region,
        {{ format_date('daily.period_start') }} as period_start,
        daily.views,
        daily.clicks,
        daily.cart_adds,
        daily.abandoned_carts,
        daily.units_purchased,
        daily.distinct_customers,
        baselines.baseline,
        baselines.spike
    from daily
    inner join {{ ref('int_demand__baselines') }} as baselines
        on daily.sku = baselines.sku
        and daily.region = baselines.region
        and daily.period_start = baselines.period_start
    inner join (select distinct partner_id, sku from {{ ref('int_partners__items') }}) as partners
        on daily.sku = partners.sku
)

select * from final
