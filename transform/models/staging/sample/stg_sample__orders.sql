with source as (
    select * from {{ source('sample', 'orders') }}
),

deduplicated as (
    select
        *,
        row_number() over (partition by order_id order by _sdc_batched_at desc) as copy_number
    from source
)

select
    cast(order_id as {{ dbt.type_bigint() }}) as order_id,
    cast(customer_id as {{ dbt.type_string() }}) as customer_id,
    cast(placed_at as {{ dbt.type_timestamp() }}) as placed_at,
    cast(total as {{ dbt.type_numeric() }}) as total
from deduplicated
where copy_number = 1
