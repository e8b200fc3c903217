"""The pieces of `make demo`: the sandbox, the scenario, the Meltano job, the checks, the report."""
