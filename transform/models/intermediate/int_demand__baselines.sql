-- Flow 4's spike rule (DESIGN §10) for every sku × region × day with engagement: the baseline
-- is the mean daily views over the previous spike_window_days, missing days counted as 0; the
-- deviation is stddev_pop over the same days. spike: z = (views − baseline) / deviation ≥
-- spike_z; false when the deviation is 0, or when the window reaches back before the first day
-- of storefront data (less history than the window).
-- With n days, s = Σ views and q = Σ views², baseline = s / n and n² · variance = n · q − s².
-- The comparison is done on whole numbers, z ≥ spike_z ⇔ n · views − s ≥ 0 and
-- (n · views − s)² ≥ spike_z² · (n · q − s²), so it has no rounding at its edge.
{%- set n = var('spike_window_days') | int %}
with daily as (
    select * from {{ ref('int_demand__daily') }}
),

history_start as (
    select min(period_start) as first_day from daily
),

windows as (
    select
        daily.sku,
        daily.region,
        daily.period_start,
        daily.views,
        cast(coalesce(sum(history.views), 0) as bigint) as window_views,
        cast(coalesce(sum(history.views * history.views), 0) as bigint) as window_squares
    from daily
    left join daily as history
        on history.sku = daily.sku
        and history.region = daily.region
        and history.period_start < daily.period_start
        and history.period_start >= cast({{ dbt.dateadd('day', -n, 'daily.period_start') }} as date)
    group by daily.sku, daily.region, daily.period_start, daily.views
),

final as (
    select
        windows.sku,
        windows.region,
        windows.period_start,
        cast(round(cast(windows.window_views as double precision) * 1000000 / {{ n }}) as double precision) / 1000000 as baseline,
        coalesce(
            cast({{ dbt.dateadd('day', -n, 'windows.period_start') }} as date) >= history_start.first_day
            and {{ n }} * windows.window_squares - windows.window_views * windows.window_views > 0
            and {{ n }} * windows.views - windows.window_views >= 0
            and ({{ n }} * windows.views - windows.window_views) * ({{ n }} * windows.views - windows.window_views)
                >= {{ var('spike_z') }} * {{ var('spike_z') }}
                * ({{ n }} * windows.window_squares - windows.window_views * windows.window_views),
            false
        ) as spike
    from windows
    cross join history_start
)

select * from final
