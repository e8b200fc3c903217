-- The first time each case entered each status, as partner_case_events records it, known at
-- as_of. Re-entering a status is not a new entry.
select
    case_id,
    to_status as case_status,
    min(occurred_at) as entered_at
from {{ ref('stg_trading_grid__partner_case_events') }}
where to_status is not null
    and occurred_at <= {{ as_of() }}
group by case_id, to_status
