-- Our functional acknowledgements (DESIGN §10), one per group a partner sent us: partner_id,
-- the group's control numbers, its functional id (GS01, from the set; X12 only), version,
-- status (A, P or R) and the acknowledgement of each set in set control number order.
with sets as (
    select * from {{ ref('int_acks__received_groups') }}
),

final as (
    select
        {{ message_key(["'fa'", 'partner_id', 'interchange_control_number', 'group_control_number']) }} as message_key,
        partner_id,
        interchange_control_number,
        group_control_number,
        max(case when dialect = 'EDIFACT' then null else
            case transaction_set
                when '810' then 'IN'
                when '830' then 'PS'
                when '846' then 'IB'
                when '852' then 'PD'
                when '855' then 'PR'
                when '856' then 'SH'
                when '865' then 'CA'
                when '870' then 'RS'
                when '180' then 'AN'
                when '214' then 'QM'
                when '824' then 'AG'
                when '850' then 'PO'
                when '860' then 'PC'
            end
        end) as functional_id_code,
        max(version) as version,
        case
            when min(set_status) = 'A' and max(set_status) = 'A' then 'A'
            when min(set_status) = 'R' and max(set_status) = 'R' then 'R'
            else 'P'
        end as group_status,
        {{ json_array_agg('set_acknowledgement', 'set_control_number') }} as set_acknowledgements
    from sets
    group by partner_id, interchange_control_number, group_control_number
)

select * from final
