-- Flow 5: every service_recovery offer is the seed's offer for the customer's tier and the
-- incident type. A customer without a known tier gets no offer (null), never a guessed one.
with recovery as (
    select
        message_key,
        external_id,
        {{ json_text('trigger_properties', ['incident_type']) }} as incident_type,
        {{ json_text('trigger_properties', ['offer']) }} as offer
    from {{ ref('campaign_triggers') }}
    where flow = '5'
),

tiers as (
    select external_id, max(tier) as tier
    from {{ ref('stg_braze__users') }}
    group by external_id
)

select recovery.*
from recovery
left join tiers
    on recovery.external_id = tiers.external_id
left join {{ ref('service_recovery_offers') }} as offers
    on tiers.tier = offers.tier
    and recovery.incident_type = offers.incident_type
where (tiers.tier is null and recovery.offer is not null)
    or (tiers.tier is not null and offers.offer is null)
    or (tiers.tier is not null and (recovery.offer is null or recovery.offer <> offers.offer))
