with source as (
    {{ latest_per_key(source('trading_grid', 'activities'), ['"activityId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("activityId" as text) as activity_id,
        cast("projectId" as text) as project_id,
        cast(name as text) as activity_name,
        cast(status as text) as activity_status,
        {{ utc('"completedAt"') }} as completed_at,
        {{ utc('"createdAt"') }} as created_at,
        {{ utc('"updatedAt"') }} as updated_at
    from source
)

select * from renamed
