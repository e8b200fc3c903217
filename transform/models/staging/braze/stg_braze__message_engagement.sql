-- Message engagement from Currents: the clicks, with the sku a clicked link carries in its
-- `sku` query parameter (DESIGN §10, flow 4). Other engagement is not read by any flow.
with source as (
    {{ latest_per_key(source('braze', 'currents_message_engagement'), ['id']) }}
),

renamed as (
    select
        cast(id as text) as event_id,
        cast(external_user_id as text) as external_id,
        cast(channel as text) as channel,
        cast(action as text) as action,
        cast(url as text) as url,
        {{ url_query_parameter('cast(url as text)', 'sku') }} as sku,
        {{ utc('"time"') }} as occurred_at
    from source
)

select * from renamed
