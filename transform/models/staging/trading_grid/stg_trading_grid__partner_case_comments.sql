-- Case comments, with who wrote them (DESIGN §11): flow 7 reads them.
with source as (
    {{ latest_per_key(source('trading_grid', 'partner_case_comments'), ['"commentId"'], '"updatedAt" desc, _sdc_batched_at desc') }}
),

renamed as (
    select
        cast("commentId" as text) as comment_id,
        cast("caseId" as text) as case_id,
        cast(author as text) as author,
        cast(origin as text) as origin,
        cast("externalRef" as text) as external_ref,
        cast(body as text) as body,
        {{ utc('"createdAt"') }} as created_at,
        {{ utc('"updatedAt"') }} as updated_at
    from source
)

select * from renamed
