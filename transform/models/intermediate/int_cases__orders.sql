-- Every case with the customer order it references (by order id, or else by PO) and that
-- order's customer.
with cases as (
    select * from {{ ref('stg_trading_grid__partner_cases') }}
),

orders as (
    select * from {{ ref('int_orders__customers') }}
),

final as (
    select
        cases.case_id,
        cases.category,
        cases.raised_by,
        cases.case_status,
        cases.partner_id,
        cases.company_id,
        cases.po_number,
        cases.order_id,
        cases.asn_number,
        cases.invoice_number,
        cases.rma_number,
        coalesce(by_order.order_id, by_po.order_id) as resolved_order_id,
        coalesce(by_order.po_number, by_po.po_number) as resolved_po_number,
        coalesce(by_order.external_id, by_po.external_id) as external_id,
        cases.revised_eta,
        cases.resolution_note,
        cases.created_at
    from cases
    left join orders as by_order
        on cases.order_id = by_order.order_id
    left join orders as by_po
        on by_order.order_id is null
        and cases.po_number = by_po.po_number
)

select * from final
