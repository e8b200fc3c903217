-- Documents that could not be read: where and why (DESIGN §11).
with source as (
    {{ latest_per_key(source('trading_grid', 'document_errors'), ['document_id']) }}
),

renamed as (
    select
        cast(document_id as text) as document_id,
        cast(code as text) as error_code,
        cast(message as text) as error_message,
        cast(segment as text) as segment,
        cast(position as integer) as segment_position,
        cast(element as text) as element
    from source
)

select * from renamed
