"""Record validation with fastjsonschema: the same checks as the SDK's default, compiled.

The SDK validates every record with `jsonschema`, which costs more per record than everything
target-braze does with it. fastjsonschema compiles the schema to Python once. Formats are not
checked, as in the SDK's default, and the schema itself is still checked by `jsonschema`.
"""

from __future__ import annotations

from typing import Any

import fastjsonschema
from singer_sdk.exceptions import InvalidRecord
from singer_sdk.sinks.core import BaseJSONSchemaValidator, JSONSchemaValidator
from typing_extensions import override


class CompiledSchemaValidator(BaseJSONSchemaValidator):
    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        # The SDK's validator checks the schema and raises InvalidJSONSchema when it is bad.
        self._fallback = JSONSchemaValidator(schema)
        try:
            self._validate = fastjsonschema.compile(schema, use_formats=False)
        except (fastjsonschema.JsonSchemaDefinitionException, ValueError, TypeError):
            # A construct fastjsonschema does not support: the SDK's validator takes over.
            self._validate = self._fallback.validate

    @override
    def validate(self, record: dict[str, Any]) -> None:
        try:
            self._validate(record)
        except fastjsonschema.JsonSchemaValueException as error:
            raise InvalidRecord(error.message, record) from error
