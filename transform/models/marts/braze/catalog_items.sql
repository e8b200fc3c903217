-- Catalog items for Braze: flow 6, a row in catalog product_availability whenever a sku's
-- status, quantity or restock date changes (DESIGN §10).
with changes as (
    select
        *,
        row_number() over (partition by state_key order by seq) as key_rank
    from {{ ref('int_availability__changes') }}
),

candidates as (
    select
        state_key as message_key,
        '6' as flow,
        'product_availability' as catalog_name,
        sku as id,
        status,
        available_qty,
        {{ format_date('restock_date') }} as restock_date,
        source_partner,
        {{ format_timestamp('happened_at') }} as updated_at
    from changes
    where key_rank = 1
)

select
    cast(message_key as text) as message_key,
    cast(flow as text) as flow,
    {{ as_of() }} as ready_at,
    cast(catalog_name as text) as catalog_name,
    cast(id as text) as id,
    cast(status as text) as status,
    cast(available_qty as integer) as available_qty,
    cast(restock_date as text) as restock_date,
    cast(source_partner as text) as source_partner,
    cast(updated_at as text) as updated_at
from candidates
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
