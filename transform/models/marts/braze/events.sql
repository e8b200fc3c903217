-- Custom events for Braze: flow 2's fulfillment_exception and flow 7b's partner_update
-- (DESIGN §10).
with fulfilment_exceptions as (
    select * from {{ ref('int_fulfilment__exceptions') }}
    where external_id is not null
),

flow_2 as (
    select
        {{ message_key(["'f2'", 'order_id', 'reason', 'source_document', 'external_id']) }} as message_key,
        '2' as flow,
        external_id,
        'fulfillment_exception' as name,
        {{ format_timestamp('exception_time') }} as event_time,
        {{ json_object([
            ('order_id', 'order_id'),
            ('po_number', 'po_number'),
            ('reason', 'reason'),
            ('revised_delivery_date', format_date('revised_delivery_date')),
            ('source_document', 'source_document'),
        ]) }} as properties
    from fulfilment_exceptions
),

flow_7b as (
    select message_key, flow, external_id, name, event_time, properties
    from {{ ref('int_events__partner_updates') }}
),

candidates as (
    select * from flow_2
    union all
    select * from flow_7b
)

select
    cast(message_key as text) as message_key,
    cast(flow as text) as flow,
    {{ as_of() }} as ready_at,
    cast(external_id as text) as external_id,
    cast(name as text) as name,
    cast(event_time as text) as {{ adapter.quote('time') }},
    properties
from candidates
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
