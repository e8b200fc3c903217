-- Every ACK of every 855 line is read: no line carries more than max_acks_per_line.
select document_id, line_index, ack_count
from {{ ref('stg_trading_grid__po_acknowledgement_lines') }}
where ack_count > {{ var('max_acks_per_line') }}
