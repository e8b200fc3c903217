{{ config(materialized='table') }}

-- Flow 6 (DESIGN §10): the availability of each sku after every document or project event that
-- touches it, and the points where (status, quantity, restock date) changed.
--   846 lines set a partner's QTY*33 (summed over the partners that supply the sku) and the
--   DTM*018 restock date; 855 IB/BP ACKs zero the quantity and set the ACK05 restock date;
--   a LAUNCH_READINESS project and its activities decide PRE_LAUNCH / LAUNCH_READY for a sku that
--   has not been available yet.
with suppliers as (
    select * from {{ ref('int_partners__items') }}
),

inventory as (
    select
        lines.sku,
        docs.document_time as happened_at,
        1 as happening_rank,
        docs.document_id as source_document,
        lines.line_index,
        docs.partner_id as source_partner,
        'inventory' as kind,
        lines.available_quantity as quantity,
        lines.available_date as restock_date,
        0 as activity_count
    from {{ ref('stg_trading_grid__inventory_advice_lines') }} as lines
    inner join {{ ref('stg_trading_grid__inventory_advices') }} as docs
        on lines.document_id = docs.document_id
    inner join suppliers
        on docs.partner_id = suppliers.partner_id
        and lines.sku = suppliers.sku
    where docs.document_time <= {{ as_of() }}
),

backorders as (
    select
        lines.sku,
        docs.document_time as happened_at,
        1 as happening_rank,
        docs.document_id as source_document,
        lines.line_index * 1000 + lines.ack_index as line_index,
        docs.partner_id as source_partner,
        'backorder' as kind,
        cast(null as double precision) as quantity,
        lines.schedule_date as restock_date,
        0 as activity_count
    from {{ ref('stg_trading_grid__po_acknowledgement_acks') }} as lines
    inner join {{ ref('stg_trading_grid__po_acknowledgements') }} as docs
        on lines.document_id = docs.document_id
    where lines.status_code in ('IB', 'BP')
        and lines.sku is not null
        and docs.document_time <= {{ as_of() }}
),

launch_projects as (
    select
        projects.project_id,
        projects.sku,
        projects.created_at,
        -- the participating partner company, else a partner that supplies the sku
        coalesce(
            (
                select min(companies.partner_id)
                from {{ ref('stg_trading_grid__participants') }} as participants
                inner join {{ ref('stg_trading_grid__companies') }} as companies
                    on participants.company_id = companies.company_id
                where participants.project_id = projects.project_id
            ),
            (
                select min(suppliers.partner_id)
                from suppliers
                where suppliers.sku = projects.sku
            )
        ) as partner_id,
        (
            select count(*)
            from {{ ref('stg_trading_grid__activities') }} as activities
            where activities.project_id = projects.project_id
        ) as activity_count
    from {{ ref('stg_trading_grid__projects') }} as projects
    where projects.process = 'LAUNCH_READINESS'
        and projects.sku is not null
        and projects.created_at <= {{ as_of() }}
),

launches as (
    select
        sku,
        created_at as happened_at,
        0 as happening_rank,
        project_id as source_document,
        0 as line_index,
        partner_id as source_partner,
        'launch' as kind,
        cast(null as double precision) as quantity,
        cast(null as date) as restock_date,
        cast(activity_count as integer) as activity_count
    from launch_projects
),

completions as (
    select
        launch_projects.sku,
        activities.completed_at as happened_at,
        0 as happening_rank,
        activities.activity_id as source_document,
        0 as line_index,
        launch_projects.partner_id as source_partner,
        'completion' as kind,
        cast(null as double precision) as quantity,
        cast(null as date) as restock_date,
        0 as activity_count
    from {{ ref('stg_trading_grid__activities') }} as activities
    inner join launch_projects
        on activities.project_id = launch_projects.project_id
    where activities.completed_at <= {{ as_of() }}
        and activities.completed_at >= launch_projects.created_at
),

happenings as (
    select * from inventory
    union all
    select * from backorders
    union all
    select * from launches
    union all
    select * from completions
),

points as (
    select
        *,
        row_number() over (
            partition by sku
            order by happened_at, happening_rank, source_document, line_index
        ) as seq
    from happenings
),

-- Each partner's latest QTY*33 for the sku, summed, at every point.
partner_latest as (
    select
        points.sku,
        points.seq,
        reports.quantity,
        row_number() over (
            partition by points.sku, points.seq, reports.source_partner
            order by reports.seq desc
        ) as report_rank
    from points
    inner join points as reports
        on points.sku = reports.sku
        and reports.kind = 'inventory'
        and reports.seq <= points.seq
),

quantities as (
    select sku, seq, sum(quantity) as total_quantity
    from partner_latest
    where report_rank = 1
    group by sku, seq
),

-- The latest 846 line or 855 backorder line at every point.
supply_latest as (
    select
        points.sku,
        points.seq,
        supplies.kind as supply_kind,
        supplies.restock_date,
        row_number() over (
            partition by points.sku, points.seq order by supplies.seq desc
        ) as supply_rank
    from points
    inner join points as supplies
        on points.sku = supplies.sku
        and supplies.kind in ('inventory', 'backorder')
        and supplies.seq <= points.seq
),

launch_state as (
    select
        points.sku,
        points.seq,
        sum(case when launches.kind = 'launch' then 1 else 0 end) as launch_count,
        sum(launches.activity_count)
        - sum(case when launches.kind = 'completion' then 1 else 0 end) as open_activities
    from points
    inner join points as launches
        on points.sku = launches.sku
        and launches.kind in ('launch', 'completion')
        and launches.seq <= points.seq
    group by points.sku, points.seq
),

quantified as (
    select
        points.sku,
        points.seq,
        points.happened_at,
        points.source_document,
        points.source_partner,
        cast(
            case
                when supply_latest.supply_kind = 'backorder' then 0
                else coalesce(quantities.total_quantity, 0)
            end as integer
        ) as available_qty,
        supply_latest.restock_date as supply_restock_date,
        coalesce(launch_state.launch_count, 0) > 0 as has_launch_project,
        coalesce(launch_state.open_activities, 0) as open_activities
    from points
    left join quantities
        on points.sku = quantities.sku and points.seq = quantities.seq
    left join supply_latest
        on points.sku = supply_latest.sku
        and points.seq = supply_latest.seq
        and supply_latest.supply_rank = 1
    left join launch_state
        on points.sku = launch_state.sku and points.seq = launch_state.seq
),

with_history as (
    select
        *,
        max(case when available_qty > 0 then 1 else 0 end) over (
            partition by sku order by seq rows between unbounded preceding and current row
        ) = 1 as ever_available
    from quantified
),

states as (
    select
        sku,
        seq,
        happened_at,
        source_document,
        source_partner,
        case
            when available_qty > {{ var('low_stock_threshold') }} then 'IN_STOCK'
            when available_qty > 0 then 'LOW_STOCK'
            when has_launch_project and not ever_available and open_activities > 0
                then 'PRE_LAUNCH'
            when has_launch_project and not ever_available then 'LAUNCH_READY'
            when supply_restock_date is not null then 'BACKORDERED'
            else 'OUT_OF_STOCK'
        end as status,
        available_qty,
        supply_restock_date
    from with_history
),

keyed as (
    select
        sku,
        seq,
        happened_at,
        source_document,
        source_partner,
        status,
        case when status in ('IN_STOCK', 'LOW_STOCK') then available_qty else 0 end
            as available_qty,
        case when status = 'BACKORDERED' then supply_restock_date end as restock_date
    from states
),

with_previous as (
    select
        *,
        {{ message_key(["'f6c'", 'sku', 'status', 'available_qty', format_date('restock_date')]) }}
            as state_key,
        lag(status) over (partition by sku order by seq) as previous_status,
        lag(restock_date) over (partition by sku order by seq) as previous_restock_date,
        lag(
            {{ message_key(["'f6c'", 'sku', 'status', 'available_qty', format_date('restock_date')]) }}
        ) over (partition by sku order by seq) as previous_state_key
    from keyed
),

final as (
    select
        sku,
        seq,
        happened_at,
        source_document,
        source_partner,
        status,
        available_qty,
        restock_date,
        state_key,
        previous_status,
        previous_restock_date
    from with_previous
    where previous_state_key is null or previous_state_key <> state_key
)

select * from final
