-- Flow 1 (DESIGN §10): partner-raised SHIPMENT_DELAY, INVOICE_DISCREPANCY and ORDER_EXCEPTION
-- cases entering OPEN, WAITING_ON_PARTNER or RESOLVED, to the customer of the order they
-- reference. A case with customer feedback leaves its RESOLVED message to flow 7b.
with cases as (
    select * from {{ ref('int_cases__orders') }}
    where category in ('SHIPMENT_DELAY', 'INVOICE_DISCREPANCY', 'ORDER_EXCEPTION')
        and raised_by = 'PARTNER'
        and external_id is not null
),

entries as (
    select * from {{ ref('int_cases__status_entries') }}
    where case_status in ('OPEN', 'WAITING_ON_PARTNER', 'RESOLVED')
),

feedback_cases as (
    select distinct case_id from {{ ref('int_cases__customer_feedback') }}
),

final as (
    select
        {{ message_key(["'f1'", 'cases.case_id', 'entries.case_status', 'cases.external_id']) }} as message_key,
        '1' as flow,
        'partner_case_update' as message_name,
        cases.external_id,
        {{ json_object([
            ('case_id', 'cases.case_id'),
            ('case_type', 'cases.category'),
            ('case_status', 'entries.case_status'),
            ('po_number', 'cases.po_number'),
            ('order_id', 'cases.order_id'),
            ('revised_eta', format_date('cases.revised_eta')),
        ]) }} as trigger_properties,
        entries.entered_at as occurred_at
    from cases
    inner join entries
        on cases.case_id = entries.case_id
    where not (
        entries.case_status = 'RESOLVED'
        and cases.case_id in (select case_id from feedback_cases)
    )
)

select * from final
