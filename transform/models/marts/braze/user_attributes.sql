-- Customer attributes for Braze: flow 2's order_delayed, delayed_order_id and
-- revised_delivery_date, one row each time a customer's values change (DESIGN §10).
with fulfilment_exceptions as (
    select * from {{ ref('int_fulfilment__exceptions') }}
    where external_id is not null
),

moments as (
    select external_id, exception_time as moment from fulfilment_exceptions
    union
    select external_id, closed_at as moment from fulfilment_exceptions where closed_at is not null
),

-- The exceptions open at each moment, the most recent first.
open_at_moment as (
    select
        moments.external_id,
        moments.moment,
        fulfilment_exceptions.order_id,
        fulfilment_exceptions.revised_delivery_date,
        row_number() over (
            partition by moments.external_id, moments.moment
            order by
                fulfilment_exceptions.exception_time desc,
                fulfilment_exceptions.order_id desc,
                fulfilment_exceptions.reason desc,
                fulfilment_exceptions.source_document desc
        ) as recency
    from moments
    inner join fulfilment_exceptions
        on moments.external_id = fulfilment_exceptions.external_id
        and fulfilment_exceptions.exception_time <= moments.moment
        and (
            fulfilment_exceptions.closed_at is null
            or fulfilment_exceptions.closed_at > moments.moment
        )
),

states as (
    select
        moments.external_id,
        moments.moment,
        open_at_moment.order_id is not null as order_delayed,
        open_at_moment.order_id as delayed_order_id,
        open_at_moment.revised_delivery_date
    from moments
    left join open_at_moment
        on moments.external_id = open_at_moment.external_id
        and moments.moment = open_at_moment.moment
        and open_at_moment.recency = 1
),

keyed as (
    select
        *,
        {{ message_key([
            "'f2a'",
            'external_id',
            'order_delayed',
            'delayed_order_id',
            format_date('revised_delivery_date'),
        ]) }} as message_key
    from states
),

-- A row whenever the values change; the same values again have the same key, sent once.
changes as (
    select
        *,
        lag(message_key) over (partition by external_id order by moment) as previous_key
    from keyed
),

first_of_key as (
    select
        *,
        row_number() over (partition by message_key order by moment) as key_rank
    from changes
    where previous_key is null or previous_key <> message_key
),

candidates as (
    select * from first_of_key where key_rank = 1
)

select
    cast(message_key as text) as message_key,
    cast('2' as text) as flow,
    {{ as_of() }} as ready_at,
    cast(external_id as text) as external_id,
    cast(order_delayed as boolean) as order_delayed,
    cast(delayed_order_id as text) as delayed_order_id,
    cast({{ format_date('revised_delivery_date') }} as text) as revised_delivery_date
from candidates
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
