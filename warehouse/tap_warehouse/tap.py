"""TapWarehouse: the Singer tap that reads one schema of the embedded DuckDB warehouse."""

from __future__ import annotations

from functools import partial

from singer_sdk import Tap
from singer_sdk import typing as th
from typing_extensions import override

from tap_warehouse.discovery import list_relations
from tap_warehouse.streams import TableStream
from warehouse_core.connection import open_warehouse


class TapWarehouse(Tap):
    """Emits one stream per table or view of a schema, named by the bare table name."""

    name = "tap-warehouse"
    package_name = "warehouse-singer"
    dynamic_catalog = True

    config_jsonschema = th.PropertiesList(
        th.Property(
            "path",
            th.StringType(nullable=False),
            required=True,
            title="Warehouse file",
            description="The DuckDB file to read. It is opened read-only.",
        ),
        th.Property(
            "schema",
            th.StringType(nullable=False),
            required=True,
            title="Schema",
            description="The schema whose tables and views become streams, e.g. marts_braze.",
        ),
        th.Property(
            "replication_key",
            th.StringType(),
            title="Default replication key",
            description=(
                "A column that, where a relation has it, makes its stream incremental "
                "(inclusive). Catalog metadata overrides it per stream."
            ),
        ),
        th.Property(
            "memory_limit",
            th.StringType(),
            default="1GB",
            title="DuckDB memory limit",
            description="Sorting for incremental reads spills to disk beyond this.",
        ),
    ).to_dict()

    def connect(self):
        """Open the warehouse read-only, so that nothing this tap does can change it."""
        return open_warehouse(
            self.config["path"],
            read_only=True,
            settings={"memory_limit": self.config.get("memory_limit", "1GB")},
        )

    @override
    def discover_streams(self) -> list[TableStream]:
        connection = self.connect()
        try:
            relations = list_relations(connection, self.config["schema"])
        finally:
            connection.close()
        return [
            TableStream(self, relation, self.config["schema"], partial(self.connect))
            for relation in relations
        ]


if __name__ == "__main__":
    TapWarehouse.cli()
