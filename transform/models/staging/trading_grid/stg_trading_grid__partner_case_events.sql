-- Every creation and status change of every case (append-only).
with source as (
    {{ latest_per_key(source('trading_grid', 'partner_case_events'), ['"eventId"']) }}
),

renamed as (
    select
        cast("eventId" as text) as case_event_id,
        cast("caseId" as text) as case_id,
        cast("eventType" as text) as event_type,
        cast("fromStatus" as text) as from_status,
        cast("toStatus" as text) as to_status,
        cast(actor as text) as actor,
        {{ utc('"occurredAt"') }} as occurred_at
    from source
)

select * from renamed
