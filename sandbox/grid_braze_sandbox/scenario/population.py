"""Who and what the scenario is about: suppliers, skus and customers.

Suppliers and skus are a small fixed cast (their count does not grow with `--customers`), so every
rule that keys on them stays bounded. Customers are made one at a time from their index, each from
its own seeded random stream, so any one of a million can be produced without the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from grid_braze_sandbox.scenario.model import (
    REGIONS,
    SUBSCRIPTION_GROUPS,
    Customer,
    Sku,
    Supplier,
)

ACME = Supplier("ZZ", "ACMESUPPLY", "Acme Supply Co", "accept", "X12", "004010")
GLOBEX = Supplier("ZZ", "GLOBEXPARTS", "Globex Parts", "short-ship", "X12", "005010")
INITECH = Supplier("ZZ", "INITECHGOODS", "Initech Goods", "reject-line", "X12", "004010")
EURODIS = Supplier("14", "4012345000009", "Eurodis Distribution", "accept", "EDIFACT", "D96A")
SUPPLIERS = (ACME, GLOBEX, INITECH, EURODIS)
SUPPLIERS_BY_ADDRESS = {s.address: s for s in SUPPLIERS}

_FIRST_NAMES = (
    "Ada",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
)
_LAST_NAMES = ("Abbott", "Baptiste", "Castro", "Dunmore", "Eriksen", "Fujita", "Gallo", "Hale")
_PRODUCTS = (
    "Trail Kettle",
    "Camp Lantern",
    "Dry Bag 20L",
    "Merino Socks",
    "Rain Shell",
    "Trek Poles",
    "Water Filter",
    "Head Torch",
    "Sleeping Mat",
    "Stove Fuel",
    "Bivy Sack",
    "Map Case",
)
_LAUNCHES = ("Solar Charger", "Ultralight Tent")

# Story skus keep a single supplier, so "the latest 846" of a sku is one partner's document.
SKU_BACKORDERED = "SKU-00003"
SKU_OUT_OF_STOCK = "SKU-00005"
SKU_LOW_STOCK = "SKU-00007"
SKU_LAUNCH_READY_FIRST = "SKU-00013"  # launch readiness completes before stock arrives
SKU_LAUNCH_STRAIGHT = "SKU-00014"  # stock arrives while launch readiness is still open
SKU_REJECTED_LINE = "SKU-00010"  # INITECH supplies it beside its primary supplier


@dataclass(frozen=True)
class Cast:
    """The fixed cast of one seed: skus with their suppliers and popularity."""

    skus: tuple[Sku, ...]
    popularity: tuple[float, ...]  # weight of each regular sku in views and orders

    @property
    def regular(self) -> tuple[Sku, ...]:
        """Skus on sale from the start (launch skus are not)."""
        return tuple(s for s in self.skus if not s.launch)

    def sku(self, code: str) -> Sku:
        return next(s for s in self.skus if s.sku == code)

    def skus_of(self, supplier: str) -> tuple[Sku, ...]:
        return tuple(s for s in self.skus if supplier in s.suppliers)


def build_cast(seed: int) -> Cast:
    rng = random.Random(f"{seed}:cast")
    skus: list[Sku] = []
    # Our 850s go to accepting or short-shipping suppliers; INITECH only ever gets the story's
    # order, so uneventful orders never meet a rejected line.
    primaries = (ACME.address, GLOBEX.address, EURODIS.address)
    for number, name in enumerate(_PRODUCTS, start=1):
        code = f"SKU-{number:05d}"
        primary = ACME.address if code in _ACME_STORY_SKUS else primaries[(number - 1) % 3]
        suppliers: tuple[str, ...] = (primary,)
        if code == SKU_REJECTED_LINE:
            suppliers = (primary, INITECH.address)
        elif number % 4 == 0 and primary != EURODIS.address:
            suppliers = (primary, EURODIS.address)
        price = round(rng.uniform(9, 180), 2)
        skus.append(Sku(code, name, price, suppliers))
    for offset, name in enumerate(_LAUNCHES, start=len(_PRODUCTS) + 1):
        price = round(rng.uniform(60, 400), 2)
        skus.append(Sku(f"SKU-{offset:05d}", name, price, (ACME.address,), launch=True))
    # A skewed popularity so that the busy skus clear flow 4's k-anonymity at small scales too.
    weights = [1.0 / (rank + 1) for rank in range(len(_PRODUCTS))]
    rng.shuffle(weights)
    return Cast(tuple(skus), tuple(weights))


_ACME_STORY_SKUS = frozenset({SKU_BACKORDERED, SKU_OUT_OF_STOCK, SKU_LOW_STOCK, "SKU-00001"})


def external_id(index: int) -> str:
    return f"C{index:07d}"


def customer(seed: int, index: int) -> Customer:
    """Customer `index`, from its own random stream (string seeds hash the same in every run)."""
    rng = random.Random(f"{seed}:customer:{index}")
    first = rng.choice(_FIRST_NAMES)
    last = rng.choice(_LAST_NAMES)
    tier = rng.choices(("BRONZE", "SILVER", "GOLD"), weights=(6, 3, 1))[0]
    region = REGIONS[rng.randrange(len(REGIONS))]
    subscriptions = tuple(
        (group, "subscribed" if rng.random() < 0.8 else "unsubscribed")
        for group in SUBSCRIPTION_GROUPS
    )
    return Customer(
        index=index,
        external_id=external_id(index),
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}.{index}@example.com",
        phone=f"+1555{index % 10_000_000:07d}",
        tier=tier,
        region=region,
        subscriptions=subscriptions,
    )
