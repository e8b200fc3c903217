-- Our own 850s, read from sent/ (DESIGN §3): REF*CO is the customer order, N1*ST*…*92* the
-- customer. The partner is the receiver.
with source as (
    {{ latest_per_key(source('trading_grid', 'purchase_orders'), ['document_id']) }}
),

renamed as (
    select
        {{ document_header_columns(partner_column='receiver') }},
        cast(customer_order_number as text) as order_id,
        cast(customer_id as text) as external_id,
        {{ edi_date('requested_delivery_date') }} as requested_delivery_date,
        {{ edi_date('requested_ship_date') }} as requested_ship_date
    from source
)

select * from renamed
