with source as (
    {{ latest_per_key(source('trading_grid', 'participants'), ['"participantId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("participantId" as text) as participant_id,
        cast("projectId" as text) as project_id,
        cast("companyId" as text) as company_id,
        cast(status as text) as participant_status
    from source
)

select * from renamed
