"""tap-braze: a Singer tap for Braze REST exports, Currents and segment exports."""
