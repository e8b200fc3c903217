-- The cases that carry customer feedback, with each customer who gave it (flow 7b answers
-- them; flow 1 leaves such a case's RESOLVED message to 7b's loop_closed).
select
    case_id,
    external_id,
    min(surveyed_at) as first_feedback_at,
    count(*) as feedback_count
from {{ ref('int_feedback__low_scores') }}
where case_id is not null
group by case_id, external_id
