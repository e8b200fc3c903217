"""The scripted story told around a handful of orders (issue 5, item 4).

Everything here is small and fixed per seed: which orders are story orders, the partner documents
that answer them, the cases, comments, projects and document decisions, stock movements and demand
spikes. Each fact carries its time, and the phase it belongs to is the window its time falls in
(after the previous phase's `as_of`, up to its own), so "phase 2 adds a late 856" is just an 856
dated inside phase 2.

Per phase:
1. the scene: customers, campaigns and Canvases, five weeks of storefront history and orders,
   supplier answers, stock levels (one sku goes on backorder), launch-readiness projects, document
   collection projects with uploads, a rescheduled 855, a backordered 855, a rejected line and its
   ORDER_EXCEPTION case, a short shipment with a full invoice.
2. delays and cases: a late 856 and a SHIPMENT_DELAY case, a carrier delay (214 SD), a missing ASN
   (judged at the clock), a damaged shipment (214 A9), its RMA (180) and DAMAGED_SHIPMENT case, an
   INVOICE_DISCREPANCY case, a later restock date for the backordered sku, a sku out of stock, the
   first launch ready, document approvals and a rejection, low-score surveys.
3. comments and resolutions: partner comments, cases resolved, a credit 810, the backordered sku
   and the second launch restocked, the late order shipped, a claim document resubmitted.
4. closing: cases closed and one re-resolved, deliveries (214 D1), the out-of-stock sku and the
   first launch stocked, a later rejection that sends nothing.
"""

from __future__ import annotations

from grid_braze_sandbox.scenario.story.base import (
    LAUNCH_READINESS_START,
    STORY_ROLES,
    Spike,
    Story,
    story_moments,
)
from grid_braze_sandbox.scenario.story.build import build_story

__all__ = [
    "LAUNCH_READINESS_START",
    "STORY_ROLES",
    "Spike",
    "Story",
    "build_story",
    "story_moments",
]
