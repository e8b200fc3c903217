-- Every document found in the mailbox, readable or not, with its sender and control numbers
-- (our functional acknowledgements answer the partners' groups, DESIGN §10).
with source as (
    {{ latest_per_key(source('trading_grid', 'mailbox_documents'), ['document_id']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(document_type as text) as document_type,
        cast(dialect as text) as dialect,
        cast(transaction_set as text) as transaction_set,
        cast(version as text) as version,
        cast(sender as text) as partner_id,
        cast(receiver as text) as receiver_id,
        cast(interchange_control_number as text) as interchange_control_number,
        cast(group_control_number as text) as group_control_number,
        cast(set_control_number as text) as set_control_number,
        cast(folder as text) as folder,
        {{ utc('received_at') }} as received_at,
        cast(error_code as text) as error_code
    from source
)

select * from renamed
