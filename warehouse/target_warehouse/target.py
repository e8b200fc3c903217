"""TargetWarehouse: the Singer target that loads the embedded DuckDB warehouse."""

from __future__ import annotations

from singer_sdk import Target
from singer_sdk import typing as th

from target_warehouse.sinks import WarehouseSink


class TargetWarehouse(Target):
    """Loads each stream into a DuckDB table of the same name, upserting on its keys."""

    name = "target-warehouse"
    package_name = "warehouse-singer"
    default_sink_class = WarehouseSink

    config_jsonschema = th.PropertiesList(
        th.Property(
            "path",
            th.StringType(nullable=False),
            required=True,
            title="Warehouse file",
            description="The DuckDB file to load; its folder is created when missing.",
        ),
        th.Property(
            "default_target_schema",
            th.StringType(),
            title="Target schema",
            description=(
                "The schema that receives the tables. Defaults to the extractor's load schema "
                "($MELTANO_EXTRACT__LOAD_SCHEMA, e.g. tap_trading_grid), else main."
            ),
        ),
    ).to_dict()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # DuckDB has one writer per file: sinks drain one after another on the shared file.
        self.max_parallelism = 1


if __name__ == "__main__":
    TargetWarehouse.cli()
