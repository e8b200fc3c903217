-- Flow 5 (DESIGN §10): a DAMAGED_SHIPMENT, MISSING_COMPONENT or BILLING_CORRECTION case entering
-- RESOLVED sends service_recovery to the affected customer, with the offer for their tier, the
-- RMA of a linked 180 and the amount of a linked credit 810.
with cases as (
    select * from {{ ref('int_cases__orders') }}
    where category in ('DAMAGED_SHIPMENT', 'MISSING_COMPONENT', 'BILLING_CORRECTION')
        and external_id is not null
),

resolved as (
    select * from {{ ref('int_cases__status_entries') }}
    where case_status = 'RESOLVED'
),

customers as (
    select external_id, max(tier) as tier
    from {{ ref('stg_braze__users') }}
    where external_id is not null
    group by external_id
),

offers as (
    select * from {{ ref('service_recovery_offers') }}
),

returns as (
    select * from {{ ref('stg_trading_grid__returns') }}
    where document_time is null or document_time <= {{ as_of() }}
),

credits as (
    select * from {{ ref('stg_trading_grid__invoices') }}
    where (is_credit or invoice_type_code = 'CR')
        and (document_time is null or document_time <= {{ as_of() }})
),

linked_returns as (
    select
        cases.case_id,
        returns.rma_number,
        row_number() over (
            partition by cases.case_id order by returns.document_time, returns.document_id
        ) as link_rank
    from cases
    inner join returns
        on returns.po_number = coalesce(cases.po_number, cases.resolved_po_number)
        or returns.rma_number = cases.rma_number
),

linked_credits as (
    select
        cases.case_id,
        credits.total_amount,
        row_number() over (
            partition by cases.case_id order by credits.document_time, credits.document_id
        ) as link_rank
    from cases
    inner join credits
        on credits.po_number = coalesce(cases.po_number, cases.resolved_po_number)
),

final as (
    select
        {{ message_key(["'f5'", 'cases.case_id', 'cases.external_id']) }} as message_key,
        '5' as flow,
        'service_recovery' as message_name,
        cases.external_id,
        {{ json_object([
            ('case_id', 'cases.case_id'),
            ('incident_type', 'cases.category'),
            ('offer', 'offers.offer'),
            ('rma_number', 'linked_returns.rma_number'),
            ('credit_amount', 'linked_credits.total_amount'),
        ]) }} as trigger_properties,
        resolved.entered_at as occurred_at
    from cases
    inner join resolved
        on cases.case_id = resolved.case_id
    left join customers
        on cases.external_id = customers.external_id
    left join offers
        on customers.tier = offers.tier
        and cases.category = offers.incident_type
    left join linked_returns
        on cases.case_id = linked_returns.case_id
        and linked_returns.link_rank = 1
    left join linked_credits
        on cases.case_id = linked_credits.case_id
        and linked_credits.link_rank = 1
)

select * from final
