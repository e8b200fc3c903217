-- DESIGN §7 and §10, flow 4: no demand signal describes fewer than k_anonymity distinct
-- customers. Any row returned is a cell that should have been suppressed.
select message_key, distinct_customers
from {{ ref('demand_signals') }}
where distinct_customers is null
    or distinct_customers < {{ var('k_anonymity') }}
