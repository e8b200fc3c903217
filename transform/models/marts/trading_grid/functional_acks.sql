-- Our functional acknowledgements (DESIGN §10) → target-trading-grid's functional_acks sink:
-- a 997 / 999 / CONTRL for every group a partner sent us, once.
select
    cast(message_key as text) as message_key,
    cast('fa' as text) as flow,
    {{ as_of() }} as ready_at,
    cast(partner_id as text) as partner_id,
    cast(interchange_control_number as text) as interchange_control_number,
    cast(group_control_number as text) as group_control_number,
    cast(functional_id_code as text) as functional_id_code,
    cast(functional_id_code as text) as functional_id,
    cast(version as text) as version,
    cast(group_status as text) as group_status,
    set_acknowledgements
from {{ ref('int_acks__functional_acks') }}
{% if is_incremental() %}
where message_key not in (select message_key from {{ this }})
{% endif %}
