"""DESIGN §10's flow rules, implemented on the scenario's own ground truth (one module per flow)."""
