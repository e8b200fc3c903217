-- Customers from the segment export, with DESIGN §10's tier and region.
with source as (
    {{ latest_per_key(source('braze', 'users'), ['braze_id']) }}
),

renamed as (
    select
        cast(braze_id as text) as braze_id,
        cast(external_id as text) as external_id,
        cast(first_name as text) as first_name,
        cast(last_name as text) as last_name,
        cast(tier as text) as tier,
        cast(region as text) as region,
        cast(email_subscribe as text) as email_subscribe
    from source
)

select * from renamed
