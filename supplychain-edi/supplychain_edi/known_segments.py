"""Which segments each set may carry, so that a partner's extra segment becomes a warning.

The lists are generous on purpose (every segment the published set definitions place in
the set, not only those the readers map): the point is to flag what no guide allows,
not to enforce one partner's implementation guide.
"""

from __future__ import annotations

from functools import cache


def tags(text: str) -> frozenset[str]:
    """Segment tags written as one space-separated string."""
    return frozenset(text.split())


X12_COMMON = tags(
    "ST SE REF DTM N1 N2 N3 N4 PER PID MSG NTE SAC CUR TD1 TD3 TD4 TD5 FOB ITD AMT "
    "CTT QTY MEA PKG PO3 PO4 SDQ MAN N9 CTP SCH LIN UIT TXI TAX YNQ LM LQ G53 PWK SLN "
    "LDT CSH PCT ADV"
)
X12_SETS = {
    "850": "BEG PO1 ACK INC SPI IT8 TC2 G61 III FTX",
    "855": "BAK PO1 ACK",
    "856": "BSN HL PRF SN1 TD6 CLD PAL TSD V1 INV",
    "810": "BIG IT1 TDS CAD ISS IT3 SN1 PRF",
    "846": "BIA",
    "852": "XQ ZA G95 XPO",
    "830": "BFR FST SHP ATH JIT",
    "870": "BSR HL PRF PO1 ISR",
    "214": "B10 L11 LX AT7 MS1 MS2 AT8 K1 Q7 MS3 AT5 G62 SPO",
    "997": "AK1 AK2 AK3 AK4 AK5 AK9",
    "999": "AK1 AK2 IK3 IK4 IK5 CTX AK9",
    "824": "BGN OTI TED RED",
    "180": "BGN RDR PRF BLI",
}
EDIFACT_COMMON = tags(
    "UNH UNT BGM DTM RFF NAD CTA COM LOC CUX PAT TDT TOD LIN PIA IMD QTY PRI MOA ALC "
    "PCD FTX UNS CNT TAX MEA PAC GIN CPS HAN GIR SEQ DOC RNG PCI EQD SGP DGS"
)
EDIFACT_MESSAGES = {
    "ORDERS": "GIS PAI",
    "ORDRSP": "GIS PAI",
    "DESADV": "",
    "INVOIC": "PAI RTE",
    "INVRPT": "INV",
    "SLSRPT": "",
    "DELFOR": "GIS SCC",
    "IFTSTA": "CNI STS GID SGP",
    "APERAK": "ERC",
    "CONTRL": "UCI UCM UCS UCD UCF",
}


@cache
def known_tags(dialect: str, set_code: str) -> frozenset[str]:
    if dialect == "X12":
        return X12_COMMON | tags(X12_SETS.get(set_code, ""))
    return EDIFACT_COMMON | tags(EDIFACT_MESSAGES.get(set_code, ""))
