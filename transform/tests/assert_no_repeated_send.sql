-- No repeated send (DESIGN §3): a message_key is in exactly one row of all the marts (Braze
-- and Trading Grid) together.
with keys as (
    select message_key from {{ ref('campaign_triggers') }}
    union all
    select message_key from {{ ref('canvas_triggers') }}
    union all
    select message_key from {{ ref('events') }}
    union all
    select message_key from {{ ref('user_attributes') }}
    union all
    select message_key from {{ ref('catalog_items') }}
    union all
    select message_key from {{ ref('demand_signals') }}
    union all
    select message_key from {{ ref('partner_case_updates') }}
    union all
    select message_key from {{ ref('functional_acks') }}
)

select message_key, count(*) as copies
from keys
group by message_key
having count(*) > 1
