-- The availability of each sku at as_of: its latest change.
select * from (
    select
        *,
        row_number() over (partition by sku order by seq desc) as recency
    from {{ ref('int_availability__changes') }}
) as ranked
where recency = 1
