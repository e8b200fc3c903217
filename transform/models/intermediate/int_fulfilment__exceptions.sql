{{ config(materialized='table') }}

-- Flow 2's fulfilment exceptions (DESIGN §10): one row per (order, reason, source document),
-- with the moment it arose, the revised delivery date and when it closed (an 856 that ships the
-- order, or a 214 AT701 D1 that delivers it, after the exception).
with orders as (
    select * from {{ ref('int_orders__customers') }}
    where order_id is not null
),

documents as (
    select * from {{ ref('int_partner_documents') }}
),

-- Every ACK of every 855 line.
acknowledgement_lines as (
    select
        documents.po_number,
        documents.document_id,
        documents.document_time,
        -- lines and their ACKs in order
        lines.line_index * 1000 + lines.ack_index as line_index,
        lines.status_code,
        lines.date_qualifier as schedule_date_qualifier,
        lines.schedule_date
    from {{ ref('stg_trading_grid__po_acknowledgement_acks') }} as lines
    inner join documents
        on lines.document_id = documents.document_id
        and documents.document_type = '855'
),

backordered as (
    select
        po_number,
        'BACKORDERED' as reason,
        document_id as source_document,
        document_time as exception_time,
        schedule_date as revised_delivery_date,
        line_index
    from acknowledgement_lines
    where status_code in ('IB', 'BP')
),

rescheduled as (
    select
        lines.po_number,
        'RESCHEDULED' as reason,
        lines.document_id as source_document,
        lines.document_time as exception_time,
        lines.schedule_date as revised_delivery_date,
        lines.line_index
    from acknowledgement_lines as lines
    inner join orders
        on lines.po_number = orders.po_number
    where lines.status_code = 'DR'
        or (
            lines.schedule_date_qualifier in ('067', '068', '017')
            and lines.schedule_date > orders.requested_delivery_date
        )
),

-- A 214's statuses: its header (the last AT7 reported) and every AT7 line.
carrier_statuses as (
    select document_id, status_code, status_reason_code
    from {{ ref('stg_trading_grid__shipment_statuses') }}
    union
    select document_id, status_code, status_reason_code
    from {{ ref('stg_trading_grid__shipment_status_lines') }}
),

carrier_delays as (
    select
        documents.po_number,
        'CARRIER_DELAY' as reason,
        documents.document_id as source_document,
        documents.document_time as exception_time,
        statuses.estimated_delivery_date as revised_delivery_date,
        0 as line_index
    from {{ ref('stg_trading_grid__shipment_statuses') }} as statuses
    inner join documents
        on statuses.document_id = documents.document_id
        and documents.document_type = '214'
    where exists (
        select 1 from carrier_statuses
        where carrier_statuses.document_id = statuses.document_id
            and (
                carrier_statuses.status_code = 'SD'
                or coalesce(carrier_statuses.status_reason_code, 'NS') <> 'NS'
            )
    )
),

late_shipments as (
    select
        documents.po_number,
        'LATE_SHIPMENT' as reason,
        documents.document_id as source_document,
        documents.document_time as exception_time,
        notices.estimated_delivery_date as revised_delivery_date,
        0 as line_index
    from {{ ref('stg_trading_grid__ship_notices') }} as notices
    inner join documents
        on notices.document_id = documents.document_id
        and documents.document_type = '856'
    inner join orders
        on documents.po_number = orders.po_number
    where notices.estimated_delivery_date > orders.requested_delivery_date
),

-- The promised ship date: the latest 855's ACK05 with ACK04 068, else the 850's DTM*010.
promised_by_acknowledgement as (
    select
        po_number,
        schedule_date,
        row_number() over (
            partition by po_number
            order by document_time desc, document_id desc, line_index desc
        ) as promise_rank
    from acknowledgement_lines
    where schedule_date_qualifier = '068' and schedule_date is not null
),

asn_deadlines as (
    select
        orders.po_number,
        {{ dbt.dateadd(
            'hour',
            var('asn_window_hours'),
            'cast(coalesce(promised.schedule_date, orders.requested_ship_date) as timestamp)'
        ) }} as deadline
    from orders
    left join promised_by_acknowledgement as promised
        on orders.po_number = promised.po_number
        and promised.promise_rank = 1
    where coalesce(promised.schedule_date, orders.requested_ship_date) is not null
),

missing_asns as (
    select
        deadlines.po_number,
        'MISSING_ASN' as reason,
        'missing-asn' as source_document,
        deadlines.deadline as exception_time,
        cast(null as date) as revised_delivery_date,
        0 as line_index
    from asn_deadlines as deadlines
    where deadlines.deadline <= {{ as_of() }}
        and not exists (
            select 1
            from documents
            where documents.document_type = '856'
                and documents.po_number = deadlines.po_number
                and documents.document_time <= deadlines.deadline
        )
),

found as (
    select * from backordered
    union all
    select * from rescheduled
    union all
    select * from carrier_delays
    union all
    select * from late_shipments
    union all
    select * from missing_asns
),

-- One exception per (order, reason, source document): the first ACK of a document counts.
exceptions as (
    select * from (
        select
            *,
            row_number() over (
                partition by po_number, reason, source_document order by line_index
            ) as line_rank
        from found
    ) as ranked
    where line_rank = 1
),

closings as (
    select
        exceptions.po_number,
        exceptions.reason,
        exceptions.source_document,
        min(documents.document_time) as closed_at
    from exceptions
    inner join documents
        on exceptions.po_number = documents.po_number
        and documents.document_time > exceptions.exception_time
    where documents.document_type = '856'
        or (
            documents.document_type = '214'
            and exists (
                select 1 from carrier_statuses
                where carrier_statuses.document_id = documents.document_id
                    and carrier_statuses.status_code = 'D1'
            )
        )
    group by exceptions.po_number, exceptions.reason, exceptions.source_document
),

final as (
    select
        orders.order_id,
        exceptions.po_number,
        orders.external_id,
        orders.partner_id,
        exceptions.reason,
        exceptions.source_document,
        exceptions.exception_time,
        exceptions.revised_delivery_date,
        closings.closed_at,
        closings.closed_at is null as is_open
    from exceptions
    inner join orders
        on exceptions.po_number = orders.po_number
    left join closings
        on exceptions.po_number = closings.po_number
        and exceptions.reason = closings.reason
        and exceptions.source_document = closings.source_document
)

select * from final
