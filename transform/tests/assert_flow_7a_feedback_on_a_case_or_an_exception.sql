-- Flow 7a (DESIGN §10): every partner case update answers a low score (at most
-- feedback_max_score) and is either a comment on a flows 1/5 case on the order or its PO, to
-- that case's partner, or a new PROCESS_FEEDBACK case for an order with a fulfilment
-- exception, to the PO's partner.
select updates.message_key
from {{ ref('partner_case_updates') }} as updates
where updates.score > {{ var('feedback_max_score') }}
    or updates.origin <> 'CUSTOMER_FEEDBACK'
    or (
        updates.case_id is not null
        and not exists (
            select 1 from {{ ref('int_cases__orders') }} as cases
            where cases.case_id = updates.case_id
                and cases.partner_id = updates.partner_id
                and cases.category = updates.category
                and (cases.order_id = updates.order_id or cases.po_number = updates.po_number)
        )
    )
    or (
        updates.case_id is null
        and (
            updates.category <> 'PROCESS_FEEDBACK'
            or not exists (
                select 1 from {{ ref('int_fulfilment__exceptions') }} as exceptions
                where exceptions.order_id = updates.order_id
            )
            or not exists (
                select 1 from {{ ref('int_orders__customers') }} as orders
                where orders.order_id = updates.order_id
                    and orders.partner_id = updates.partner_id
            )
        )
    )
