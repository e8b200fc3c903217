{#- Text rules for what goes to partners (DESIGN §7) and for links (flow 4). Each dispatches to
    a DuckDB and a Postgres implementation. -#}

{#- An email address, and a written phone number: + and at least 8 digits with separators,
    (555) 123-4567, 555-123-4567, 555 123 4567 or a local 555-0100. A bare run of digits is
    not one here (EDI addresses, GTINs and control numbers are such runs); the redaction also
    removes bare runs of 10 to 15 digits from comments. -#}
{% macro _email_pattern() -%}
[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}
{%- endmacro %}

{% macro _phone_pattern() -%}
\+[0-9][0-9 ().-]{6,}[0-9]|\([0-9]{2,5}\)[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}|[0-9]{3}[ .-][0-9]{3}[ .-][0-9]{4}|[0-9]{3}[ .-][0-9]{4}
{%- endmacro %}

{#- The value of a URL's query parameter `name` (not decoded), null when absent or empty. -#}
{% macro url_query_parameter(url, name) -%}
    {{ return(adapter.dispatch('url_query_parameter', 'grid_braze')(url, name)) }}
{%- endmacro %}

{% macro duckdb__url_query_parameter(url, name) -%}
    nullif(regexp_extract({{ url }}, '[?&]{{ name }}=([^&#]*)', 1), '')
{%- endmacro %}

{% macro postgres__url_query_parameter(url, name) -%}
    nullif(substring({{ url }} from '[?&]{{ name }}=([^&#]*)'), '')
{%- endmacro %}

{#- Whether a text holds an email address or a phone number (the data tests use it). -#}
{% macro has_contact_data(expr) -%}
    {{ return(adapter.dispatch('has_contact_data', 'grid_braze')(expr)) }}
{%- endmacro %}

{% macro duckdb__has_contact_data(expr) -%}
    (regexp_matches({{ expr }}, '{{ _email_pattern() }}') or regexp_matches({{ expr }}, '{{ _phone_pattern() }}'))
{%- endmacro %}

{% macro postgres__has_contact_data(expr) -%}
    ({{ expr }} ~ '{{ _email_pattern() }}' or {{ expr }} ~ '{{ _phone_pattern() }}')
{%- endmacro %}

{#- Flow 7a's redaction: every email address, every phone number, and each of the customer's
    names (each SQL text expressions, may be null) as a whole word in any case, become
    `[removed]`. A name is matched between characters that are not letters or digits (any
    script), so "Zoë" and "O'Hara-Lee" are removed too. -#}
{% macro redact_contact_data(text, names) -%}
    {{ return(adapter.dispatch('redact_contact_data', 'grid_braze')(text, names)) }}
{%- endmacro %}

{% macro _redact_names(text, names, boundary) -%}
    {%- set ns = namespace(expr=text) -%}
    {%- for name in names -%}
        {%- set escaped = "regexp_replace(" ~ name ~ ", '([.^$*+?()\\[\\]{}|\\\\/-])', '\\\\\\1', 'g')" -%}
        {%- set pattern = "'(^|" ~ boundary ~ ")(' || " ~ escaped ~ " || ')(" ~ boundary ~ "|$)'" -%}
        {#- Twice: a name right after another shares the character between them. -#}
        {%- set once = "regexp_replace(" ~ ns.expr ~ ", " ~ pattern ~ ", '\\1[removed]\\3', 'gi')" -%}
        {%- set twice = "regexp_replace(" ~ once ~ ", " ~ pattern ~ ", '\\1[removed]\\3', 'gi')" -%}
        {%- set ns.expr = "case when coalesce(" ~ name ~ ", '') = '' then " ~ ns.expr ~ " else " ~ twice ~ " end" -%}
    {%- endfor -%}
    {{ ns.expr }}
{%- endmacro %}

{% macro duckdb__redact_contact_data(text, names) -%}
    {%- set scrubbed = "regexp_replace(regexp_replace(" ~ text ~ ", '" ~ _email_pattern() ~ "', '[removed]', 'g'), '" ~ _phone_pattern() ~ "|[0-9]{10,15}', '[removed]', 'g')" -%}
    {{ _redact_names(scrubbed, names, '[^A-Za-z0-9_\\x{80}-\\x{10FFFF}]') }}
{%- endmacro %}

{% macro postgres__redact_contact_data(text, names) -%}
    {%- set scrubbed = "regexp_replace(regexp_replace(" ~ text ~ ", '" ~ _email_pattern() ~ "', '[removed]', 'g'), '" ~ _phone_pattern() ~ "|[0-9]{10,15}', '[removed]', 'g')" -%}
    {{ _redact_names(scrubbed, names, '[^A-Za-z0-9_\\u0080-\\uffff]') }}
{%- endmacro %}
