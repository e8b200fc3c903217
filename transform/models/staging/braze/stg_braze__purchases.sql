-- Purchases from Currents: product_id is the sku, properties.order_id the customer order.
with source as (
    {{ latest_per_key(source('braze', 'currents_purchases'), ['id']) }}
),

renamed as (
    select
        cast(id as text) as event_id,
        cast(external_user_id as text) as external_id,
        cast(product_id as text) as sku,
        {{ json_text('properties', ['order_id']) }} as order_id,
        cast(price as double precision) as price,
        cast(currency as text) as currency,
        {{ utc('"time"') }} as occurred_at
    from source
)

select * from renamed
