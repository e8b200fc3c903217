-- DESIGN §7: nothing bound for a partner holds an email address, a phone number or a Braze
-- external_id. Every text column of the marts that target-trading-grid sends is checked.
{%- set marts = {
    'demand_signals': ['partner_id', 'sku', 'region', 'period_start'],
    'partner_case_updates': ['case_id', 'partner_id', 'category', 'comment', 'order_id', 'po_number', 'origin'],
    'functional_acks': ['partner_id', 'interchange_control_number', 'group_control_number', 'functional_id_code', 'version', 'group_status', 'cast(set_acknowledgements as text)'],
} %}
with partner_bound as (
    {%- for mart, columns in marts.items() %}
    {%- set outer = loop %}
    {%- for column in columns %}
    select message_key, '{{ mart }}' as mart, cast({{ column }} as text) as value
    from {{ ref(mart) }}
    {%- if not (outer.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

customers as (
    select distinct external_id from {{ ref('stg_braze__users') }}
    where external_id is not null and external_id <> ''
)

-- A column holding an external_id as its whole value (a hash join, whatever the size), or
-- free text (the 7a comment, one row per low score) holding one anywhere.
select partner_bound.mart, partner_bound.message_key, partner_bound.value
from partner_bound
where partner_bound.value is not null
    and (
        {{ has_contact_data('partner_bound.value') }}
        or partner_bound.value in (select external_id from customers)
    )
union all
select 'partner_case_updates' as mart, updates.message_key, updates.comment as value
from {{ ref('partner_case_updates') }} as updates
inner join customers
    on position(customers.external_id in updates.comment) > 0
