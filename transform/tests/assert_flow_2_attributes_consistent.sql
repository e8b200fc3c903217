-- Flow 2: a delayed customer names the delayed order; a customer who is no longer delayed has
-- neither an order nor a revised date.
select *
from {{ ref('user_attributes') }}
where flow = '2'
    and (
        (order_delayed and delayed_order_id is null)
        or (not order_delayed and (delayed_order_id is not null or revised_delivery_date is not null))
    )
