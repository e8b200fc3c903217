{{ config(materialized='table') }}

-- The demo's mart: orders per customer region, with the columns every mart carries.
with orders as (
    select * from {{ ref('stg_sample__orders') }}
),

customers as (
    select * from {{ ref('stg_sample__customers') }}
),

by_region as (
    select
        customers.region,
        count(*) as order_count,
        count(distinct orders.customer_id) as customer_count,
        sum(orders.total) as order_total
    from orders
    inner join customers on orders.customer_id = customers.customer_id
    group by customers.region
)

select
    {{ dbt.concat(["'sample:'", "region"]) }} as message_key,
    'sample' as flow,
    {{ as_of() }} as ready_at,
    region,
    order_count,
    customer_count,
    cast(order_total as decimal(18, 2)) as order_total
from by_region
