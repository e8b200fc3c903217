-- Flow 1 sends only for partner-raised SHIPMENT_DELAY, INVOICE_DISCREPANCY and ORDER_EXCEPTION
-- cases, only on OPEN, WAITING_ON_PARTNER and RESOLVED, and never the RESOLVED of a case that
-- carries customer feedback (flow 7b sends loop_closed instead).
with flow_1 as (
    select
        message_key,
        {{ json_text('trigger_properties', ['case_id']) }} as case_id,
        {{ json_text('trigger_properties', ['case_status']) }} as case_status
    from {{ ref('campaign_triggers') }}
    where flow = '1'
),

cases as (
    select * from {{ ref('stg_trading_grid__partner_cases') }}
)

select flow_1.*
from flow_1
left join cases
    on flow_1.case_id = cases.case_id
where cases.case_id is null
    or cases.raised_by <> 'PARTNER'
    or cases.category not in ('SHIPMENT_DELAY', 'INVOICE_DISCREPANCY', 'ORDER_EXCEPTION')
    or flow_1.case_status not in ('OPEN', 'WAITING_ON_PARTNER', 'RESOLVED')
    or (
        flow_1.case_status = 'RESOLVED'
        and flow_1.case_id in (select case_id from {{ ref('int_cases__customer_feedback') }})
        and flow_1.message_key not in (
            -- sent before the feedback arrived: already out, and never taken back
            select message_key from {{ ref('campaign_triggers') }}
            where ready_at < {{ as_of() }}
        )
    )
