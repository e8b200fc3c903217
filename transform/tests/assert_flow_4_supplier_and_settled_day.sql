-- Flow 4 (DESIGN §10): a demand signal goes only to a partner that supplies the sku, and only
-- for a day that was demand_settle_hours past its end when the row was made.
select signals.message_key
from {{ ref('demand_signals') }} as signals
where not exists (
        select 1 from {{ ref('int_partners__items') }} as items
        where items.partner_id = signals.partner_id
            and items.sku = signals.sku
    )
    or {{ dbt.dateadd('hour', var('demand_settle_hours') | int + 24, 'cast(cast(signals.period_start as date) as timestamp)') }}
        > signals.ready_at
    or (signals.spike and signals.views <= signals.baseline)
