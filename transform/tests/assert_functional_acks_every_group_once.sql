-- Our functional acknowledgements (DESIGN §10): every group a partner sent us has exactly one
-- acknowledgement, and no acknowledgement (997, 999, CONTRL) is acknowledged.
with groups as (
    select distinct
        {{ message_key(["'fa'", 'partner_id', 'interchange_control_number', 'group_control_number']) }} as message_key,
        transaction_set
    from {{ ref('stg_trading_grid__mailbox_documents') }}
    where folder = 'inbound'
        and interchange_control_number is not null
)

select groups.message_key
from groups
left join {{ ref('functional_acks') }} as acks
    on groups.message_key = acks.message_key
where (acks.message_key is null) <> (groups.transaction_set in ('997', '999', 'CONTRL'))
