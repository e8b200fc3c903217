-- Flow 4 (DESIGN §10) → target-trading-grid's demand_signals sink: one row per partner ×
-- sku × region × settled UTC day with at least k_anonymity distinct customers, sent once.
select
    cast(message_key as text) as message_key,
    cast('4' as text) as flow,
    {{ as_of() }} as ready_at,
    cast(partner_id as text) as partner_id,
    cast(sku as text) as sku,
    cast(region as text) as region,
    cast(period_start as text) as period_start,
    cast(views as bigint) as views,
    cast(clicks as bigint) as clicks,
    cast(cart_adds as bigint) as cart_adds,
    cast(abandoned_carts as bigint) as abandoned_carts,
    cast(units_purchased as bigint) as units_purchased,
    cast(distinct_customers as bigint) as distinct_customers,
    cast(baseline as double precision) as baseline,
    cast(spike as boolean) as spike
from {{ ref('int_demand__signals') }}
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
