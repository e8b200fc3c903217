-- Singer delivery is at least once: keep the latest copy of each customer.
with source as (
    select * from {{ source('sample', 'customers') }}
),

deduplicated as (
    select
        *,
        row_number() over (partition by customer_id order by _sdc_batched_at desc) as copy_number
    from source
)

select
    cast(customer_id as {{ dbt.type_string() }}) as customer_id,
    cast(tier as {{ dbt.type_string() }}) as tier,
    cast(region as {{ dbt.type_string() }}) as region
from deduplicated
where copy_number = 1
