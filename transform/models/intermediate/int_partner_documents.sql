{{ config(materialized='table') }}

-- Every partner document the flows read, known at as_of, with the PO it answers, its ASN,
-- invoice or RMA number, and its customer order and customer (an 856 may ship several POs:
-- each gets a row).
with acknowledgements as (
    select
        document_id, '855' as document_type, partner_id, po_number, document_time,
        cast(null as text) as asn_number,
        cast(null as text) as invoice_number,
        cast(null as text) as rma_number
    from {{ ref('stg_trading_grid__po_acknowledgements') }}
),

ship_notices as (
    select
        document_id, '856' as document_type, partner_id, po_number, document_time,
        asn_number,
        cast(null as text) as invoice_number,
        cast(null as text) as rma_number
    from {{ ref('stg_trading_grid__ship_notices') }}
    union
    select
        lines.document_id,
        '856' as document_type,
        notices.partner_id,
        lines.po_number,
        notices.document_time,
        notices.asn_number,
        cast(null as text) as invoice_number,
        cast(null as text) as rma_number
    from {{ ref('stg_trading_grid__ship_notice_lines') }} as lines
    inner join {{ ref('stg_trading_grid__ship_notices') }} as notices
        on lines.document_id = notices.document_id
    where lines.po_number is not null
),

shipment_statuses as (
    select
        document_id, '214' as document_type, partner_id, po_number, document_time,
        cast(null as text) as asn_number,
        cast(null as text) as invoice_number,
        cast(null as text) as rma_number
    from {{ ref('stg_trading_grid__shipment_statuses') }}
),

invoices as (
    select
        document_id, '810' as document_type, partner_id, po_number, document_time,
        cast(null as text) as asn_number,
        invoice_number,
        cast(null as text) as rma_number
    from {{ ref('stg_trading_grid__invoices') }}
),

returns as (
    select
        document_id, '180' as document_type, partner_id, po_number, document_time,
        cast(null as text) as asn_number,
        cast(null as text) as invoice_number,
        rma_number
    from {{ ref('stg_trading_grid__returns') }}
),

documents as (
    select * from acknowledgements
    union all
    select * from ship_notices
    union all
    select * from shipment_statuses
    union all
    select * from invoices
    union all
    select * from returns
),

final as (
    select
        documents.document_id,
        documents.document_type,
        documents.partner_id,
        documents.po_number,
        documents.document_time,
        documents.asn_number,
        documents.invoice_number,
        documents.rma_number,
        orders.order_id,
        orders.external_id
    from documents
    left join {{ ref('int_orders__customers') }} as orders
        on documents.po_number = orders.po_number
    where documents.po_number is not null
        and (documents.document_time is null or documents.document_time <= {{ as_of() }})
)

select * from final
