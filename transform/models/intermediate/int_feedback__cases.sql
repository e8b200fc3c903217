-- The cases that carry customer feedback (7a), with the moment of their first feedback: what
-- partners write on them afterwards goes back to the customers who gave it (7b).
select
    case_id,
    min(first_feedback_at) as first_feedback_at
from {{ ref('int_cases__customer_feedback') }}
group by case_id
