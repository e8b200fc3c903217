-- Our functional acknowledgements (DESIGN §10): every functional group a partner sent us, read
-- or not, except acknowledgements themselves (997, 999, CONTRL), with one acknowledgement per
-- set. A set that was read cleanly is accepted (A); one that could not be read is rejected (R)
-- with the segment and element the EDI library stopped at. The group is A when every set is,
-- R when none is, P (partially accepted) otherwise. EDIFACT interchanges carry no group: the
-- group control number is null there, and the key ends with an empty field.
with documents as (
    select * from {{ ref('stg_trading_grid__mailbox_documents') }}
    where folder = 'inbound'
        and partner_id is not null
        and interchange_control_number is not null
        and coalesce(transaction_set, '') not in ('997', '999', 'CONTRL')
        and document_type <> 'functional_ack'
),

errors as (
    select * from {{ ref('stg_trading_grid__document_errors') }}
),

sets as (
    select
        documents.partner_id,
        documents.interchange_control_number,
        documents.group_control_number,
        documents.dialect,
        documents.version,
        documents.transaction_set,
        documents.set_control_number,
        case when documents.error_code is null then 'A' else 'R' end as set_status,
        case
            when documents.error_code is null then
                {{ json_object([
                    ('set_code', 'documents.transaction_set'),
                    ('set_control_number', 'documents.set_control_number'),
                    ('status', "'A'"),
                ]) }}
            else
                {{ json_object([
                    ('set_code', 'documents.transaction_set'),
                    ('set_control_number', 'documents.set_control_number'),
                    ('status', "'R'"),
                    ('set_errors', "cast('[]' as json)"),
                    ('segment_errors', "case when errors.segment is null then cast('[]' as json) else " ~ json_array_of([json_object([
                        ('segment', 'errors.segment'),
                        ('position', 'errors.segment_position'),
                        ('code', 'coalesce(errors.error_code, documents.error_code)'),
                        ('element_errors', "case when errors.element is null then cast('[]' as json) else " ~ json_array_of([json_object([
                            ('element_reference', 'errors.element'),
                            ('code', 'coalesce(errors.error_code, documents.error_code)'),
                        ])]) ~ " end"),
                    ])]) ~ " end"),
                ]) }}
        end as set_acknowledgement
    from documents
    left join errors
        on documents.document_id = errors.document_id
)

select * from sets
