-- Custom events from Currents; the storefront's properties (DESIGN §10) lifted out.
with source as (
    {{ latest_per_key(source('braze', 'currents_custom_events'), ['id']) }}
),

renamed as (
    select
        cast(id as text) as event_id,
        cast(external_user_id as text) as external_id,
        cast(name as text) as event_name,
        {{ utc('"time"') }} as occurred_at,
        {{ json_text('properties', ['sku']) }} as sku,
        {{ json_text('properties', ['cart_id']) }} as cart_id,
        {{ json_text('properties', ['order_id']) }} as order_id,
        cast({{ json_number('properties', ['score']) }} as integer) as score,
        {{ json_text('properties', ['comment']) }} as comment,
        properties
    from source
)

select * from renamed
