-- Which partner supplies which sku (DESIGN §3): every sku a partner names in its own 846, 855
-- or 856, plus the seed partner_item_overrides (supplies = true adds a pair, false removes one).
with documented as (
    select docs.partner_id, lines.sku
    from {{ ref('stg_trading_grid__inventory_advice_lines') }} as lines
    inner join {{ ref('stg_trading_grid__inventory_advices') }} as docs
        on lines.document_id = docs.document_id
    union
    select docs.partner_id, lines.sku
    from {{ ref('stg_trading_grid__po_acknowledgement_lines') }} as lines
    inner join {{ ref('stg_trading_grid__po_acknowledgements') }} as docs
        on lines.document_id = docs.document_id
    union
    select docs.partner_id, lines.sku
    from {{ ref('stg_trading_grid__ship_notice_lines') }} as lines
    inner join {{ ref('stg_trading_grid__ship_notices') }} as docs
        on lines.document_id = docs.document_id
),

overrides as (
    select partner_id, sku, supplies from {{ ref('partner_item_overrides') }}
),

final as (
    select partner_id, sku, 'documents' as source
    from documented
    where partner_id is not null
        and sku is not null
        and not exists (
            select 1 from overrides
            where overrides.partner_id = documented.partner_id
                and overrides.sku = documented.sku
        )
    union all
    select partner_id, sku, 'seed' as source
    from overrides
    where supplies
)

select * from final
