-- ready_at is the as_of of the run that created the row, so no row is ready after this run's.
-- A warning only: a run may legitimately judge at an earlier as_of than a previous one (a
-- sandbox clock ahead of the real one, then a run without as_of).
{{ config(severity='warn') }}
with rows_ready as (
    select message_key, ready_at from {{ ref('campaign_triggers') }}
    union all
    select message_key, ready_at from {{ ref('canvas_triggers') }}
    union all
    select message_key, ready_at from {{ ref('events') }}
    union all
    select message_key, ready_at from {{ ref('user_attributes') }}
    union all
    select message_key, ready_at from {{ ref('catalog_items') }}
    union all
    select message_key, ready_at from {{ ref('demand_signals') }}
    union all
    select message_key, ready_at from {{ ref('partner_case_updates') }}
    union all
    select message_key, ready_at from {{ ref('functional_acks') }}
)

select * from rows_ready where ready_at > {{ as_of() }}
