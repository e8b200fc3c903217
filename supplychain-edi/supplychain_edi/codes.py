"""Code lists: what the codes the readers meet mean.

Written from the published X12 element and UN/EDIFACT code-list definitions for the
codes supply-chain partners actually send; an unlisted code is kept with a null meaning.
"""

from __future__ import annotations

TRANSACTION_SETS = {
    "850": "Purchase Order",
    "855": "Purchase Order Acknowledgment",
    "856": "Ship Notice/Manifest",
    "810": "Invoice",
    "846": "Inventory Inquiry/Advice",
    "852": "Product Activity Data",
    "830": "Planning Schedule with Release Capability",
    "870": "Order Status Report",
    "214": "Transportation Carrier Shipment Status Message",
    "997": "Functional Acknowledgment",
    "999": "Implementation Acknowledgment",
    "824": "Application Advice",
    "180": "Return Merchandise Authorization and Notification",
    "ORDERS": "Purchase order message",
    "ORDRSP": "Purchase order response message",
    "DESADV": "Despatch advice message",
    "INVOIC": "Invoice message",
    "INVRPT": "Inventory report message",
    "SLSRPT": "Sales data report message",
    "DELFOR": "Delivery schedule message",
    "IFTSTA": "International multimodal status report message",
    "APERAK": "Application error and acknowledgement message",
    "CONTRL": "Syntax and service report message",
}

# GS01 functional identifier per transaction set (X12 element 479).
FUNCTIONAL_IDS = {
    "850": "PO",
    "855": "PR",
    "856": "SH",
    "810": "IN",
    "846": "IB",
    "852": "PD",
    "830": "PS",
    "870": "RS",
    "214": "QM",
    "997": "FA",
    "999": "FA",
    "824": "AG",
    "180": "AN",
}
FUNCTIONAL_ID_MEANINGS = {
    "PO": "Purchase Order",
    "PR": "Purchase Order Acknowledgement",
    "SH": "Ship Notice/Manifest",
    "IN": "Invoice Information",
    "IB": "Inventory Inquiry/Advice",
    "PD": "Product Activity Data",
    "PS": "Planning Schedule with Release Capability",
    "RS": "Order Status Information",
    "QM": "Transportation Carrier Shipment Status Message",
    "FA": "Functional or Implementation Acknowledgment",
    "AG": "Application Advice",
    "AN": "Return Merchandise Authorization and Notification",
}

INTERCHANGE_ID_QUALIFIERS = {
    "01": "DUNS",
    "02": "SCAC",
    "08": "UCC/EDI communications id",
    "09": "X.121",
    "12": "phone",
    "14": "DUNS+4",
    "16": "DUNS with 4-character suffix",
    "20": "HIN",
    "ZZ": "mutually defined",
}
# UNB 0007 partner identification code qualifier.
EDIFACT_ID_QUALIFIERS = {
    "1": "DUNS",
    "9": "DUNS with 4 digit suffix",
    "14": "GLN (EAN International)",
    "ZZ": "mutually defined",
    "ZZZ": "mutually defined",
}
USAGE = {"P": "production", "T": "test", "I": "information"}

# X12 element 353 / EDIFACT 1225 (the parts used in begin segments).
PURPOSE = {
    "00": "original",
    "01": "cancellation",
    "03": "delete",
    "04": "change",
    "05": "replace",
    "06": "confirmation",
    "07": "duplicate",
    "18": "reissue",
    "22": "information copy",
    "77": "simulation exercise",
}
EDIFACT_MESSAGE_FUNCTION = {
    "1": "cancellation",
    "4": "change",
    "5": "replace",
    "7": "duplicate",
    "9": "original",
    "27": "not accepted",
    "29": "accepted without amendment",
    "31": "copy",
    "42": "confirmation via specific means",
    "43": "additional transmission",
}
# BEG02 purchase order type.
PO_TYPE = {
    "SA": "stand-alone order",
    "NE": "new order",
    "BK": "blanket order",
    "RL": "release or delivery order",
    "DS": "dropship",
    "RO": "rush order",
    "CN": "consigned order",
}
# BAK02 acknowledgment type.
ACK_TYPE = {
    "AC": "acknowledge - with detail and change",
    "AD": "acknowledge - with detail, no change",
    "AE": "acknowledge - with exception detail only",
    "AH": "acknowledge - hold status",
    "AK": "acknowledge - no detail or change",
    "AP": "acknowledge - product replenishment",
    "AT": "accepted",
    "NA": "no acknowledgment needed",
    "RD": "reject with detail",
    "RF": "reject with exception detail only",
    "RJ": "rejected - no detail",
    "RO": "rejected with counter offer",
    "ZZ": "mutually defined",
}
# ACK01 line item status (X12 element 668).
LINE_STATUS = {
    "AC": "item accepted and shipped",
    "AR": "item accepted and released for shipment",
    "BP": "item accepted - partial shipment, balance backordered",
    "DR": "item accepted - date rescheduled",
    "IA": "item accepted",
    "IB": "item backordered",
    "IC": "item accepted - changes made",
    "ID": "item deleted",
    "IE": "item accepted, price pending",
    "IF": "item on hold, incomplete description",
    "IH": "item on hold",
    "IP": "item accepted - price changed",
    "IQ": "item accepted - quantity changed",
    "IR": "item rejected",
    "IS": "item accepted - substitution made",
    "IW": "item on hold - waiver required",
    "R1": "item rejected, not a contract item",
    "R2": "item rejected, invalid item product number",
    "R3": "item rejected, invalid unit of issue",
    "R4": "item rejected, contract item not available",
    "SP": "item accepted - schedule date pending",
}
# EDIFACT 1229 action request/notification (ORDRSP LIN).
LINE_ACTION = {
    "1": "added",
    "2": "deleted",
    "3": "changed",
    "4": "no action",
    "5": "accepted without amendment",
    "6": "accepted with amendment",
    "7": "not accepted",
    "10": "not found",
}
# X12 element 374 and EDIFACT 2005 date/time qualifiers the flows use.
DATE_QUALIFIERS = {
    "002": "delivery requested",
    "010": "requested ship",
    "011": "shipped",
    "017": "estimated delivery",
    "018": "available",
    "035": "delivered",
    "036": "expiration",
    "037": "ship not before",
    "038": "ship no later",
    "063": "do not deliver after",
    "064": "do not deliver before",
    "067": "current schedule delivery",
    "068": "current schedule ship",
    "069": "promised for delivery",
    "090": "report start",
    "091": "report end",
    "097": "transaction creation",
    "003": "invoice",
    "004": "purchase order",
    "050": "received",
    "139": "estimated",
    "196": "start",
    "197": "end",
    "371": "estimated arrival",
}
EDIFACT_DATE_QUALIFIERS = {
    "2": "delivery date/time, requested",
    "4": "order date/time",
    "10": "shipment date/time, requested",
    "11": "despatch date and/or time",
    "17": "delivery date/time, estimated",
    "35": "delivery date/time, actual",
    "63": "delivery date/time, latest",
    "64": "delivery date/time, earliest",
    "67": "delivery date/time, current schedule",
    "69": "delivery date/time, promised for",
    "90": "report start date",
    "91": "report end date",
    "132": "arrival date/time, estimated",
    "137": "document/message date/time",
    "158": "horizon start date",
    "159": "horizon end date",
    "171": "reference date/time",
    "178": "arrival date/time, actual",
    "194": "start date/time",
    "206": "end date/time",
    "334": "status change date/time",
    "366": "document/message status date/time",
    "3": "invoice date/time",
}
# N1/NAD party roles (X12 98 and EDIFACT 3035 share most codes).
ENTITY_ROLES = {
    "BT": "bill-to party",
    "BY": "buying party",
    "CA": "carrier",
    "CN": "consignee",
    "DP": "delivery party",
    "IV": "invoicee",
    "MF": "manufacturer",
    "MI": "planning schedule/material release issuer",
    "OB": "ordered by",
    "RE": "party to receive commercial invoice remittance",
    "RI": "remit to",
    "RL": "reporting location",
    "SE": "selling party",
    "SF": "ship from",
    "SH": "shipper",
    "ST": "ship to",
    "SU": "supplier/manufacturer",
    "VN": "vendor",
    "WH": "warehouse",
}
# N103 identification code qualifier (X12 66) and EDIFACT 3055 agency.
PARTY_ID_QUALIFIERS = {
    "1": "DUNS",
    "9": "DUNS+4 / EAN",
    "91": "assigned by seller",
    "92": "assigned by buyer",
    "UL": "GLN",
    "ZZ": "mutually defined",
}
# REF01 / RFF 1153 reference qualifiers.
REFERENCE_QUALIFIERS = {
    "AAK": "despatch advice number",
    "AAU": "despatch note number",
    "BM": "bill of lading number",
    "CN": "carrier's reference number (PRO/invoice)",
    "CO": "customer order number",
    "CR": "customer reference number",
    "DP": "department number",
    "DQ": "delivery note number",
    "IA": "internal vendor number",
    "IV": "seller's invoice number",
    "MA": "ship notice/manifest number",
    "ON": "order number (buyer)",
    "PO": "purchase order number",
    "QN": "return authorization number",
    "RZ": "returned goods authorization number",
    "SI": "shipper's identifying number for shipment (SID)",
    "VN": "vendor order number",
    "ZZ": "mutually defined",
}
# Product/service id qualifiers (X12 235, EDIFACT 7143).
PRODUCT_ID_QUALIFIERS = {
    "BP": "buyer's part number",
    "CB": "buyer's catalog number",
    "EN": "EAN/UCC-13",
    "EO": "EAN/UCC-8",
    "IN": "buyer's item number",
    "MG": "manufacturer's part number",
    "SK": "stock keeping unit",
    "SA": "supplier's article number",
    "SRV": "GTIN",
    "UK": "GTIN-14",
    "UP": "UPC consumer package code",
    "VN": "vendor's item number",
    "VP": "vendor's part number",
}
UNITS = {
    "EA": "each",
    "CA": "case",
    "CT": "carton",
    "BX": "box",
    "DZ": "dozen",
    "LB": "pound",
    "KG": "kilogram",
    "PCE": "piece",
    "PK": "package",
    "PL": "pallet",
}
# HL03 hierarchical level codes.
HL_LEVELS = {
    "S": "shipment",
    "O": "order",
    "T": "shipping tare",
    "P": "pack",
    "I": "item",
    "F": "component",
}
# BIG07 transaction type (X12 640, the subset invoices use).
INVOICE_TYPE = {
    "CR": "credit memo",
    "DR": "debit memo",
    "DI": "debit invoice",
    "CN": "credit note",
    "DC": "debit note",
    "PR": "product (or service)",
    "FD": "consolidated invoice",
}
# EDIFACT 1001 document name codes the readers use.
DOCUMENT_NAMES = {
    "220": "order",
    "231": "purchase order response",
    "241": "delivery schedule",
    "35": "inventory report",
    "73": "sales report",
    "305": "application error and acknowledgement",
    "351": "despatch advice",
    "380": "commercial invoice",
    "381": "credit note",
    "383": "debit note",
    "23": "status information",
}
EDIFACT_INVOICE_TYPE = {"380": "DI", "381": "CR", "383": "DR"}
# QTY01 quantity qualifiers (X12 673), the codes 846, 870 and 180 senders use.
QUANTITY_QUALIFIERS = {
    "01": "discrete quantity",
    "02": "cumulative quantity",
    "17": "quantity on hand",
    "33": "quantity available for sale (stock quantity)",
    "63": "on order quantity",
}
# QTY C186 6063 quantity type qualifiers (EDIFACT).
EDIFACT_QUANTITY_QUALIFIERS = {
    "12": "despatch quantity",
    "21": "ordered quantity",
    "46": "delivered quantity",
    "47": "invoiced quantity",
    "83": "backorder quantity",
    "113": "quantity to be delivered",
    "145": "actual stock",
    "153": "statistical sales quantity",
}
# BIA02 report type code (X12 755).
INVENTORY_REPORT_TYPE = {
    "DD": "distributor inventory report",
    "MB": "manufacturer inventory",
    "MM": "manufacturer inventory",
    "SI": "seller inventory report",
    "IN": "inquiry",
}
# AT701 shipment status code (X12 1650).
SHIPMENT_STATUS = {
    "A3": "shipment returned to shipper",
    "A7": "refused by consignee",
    "A9": "shipment damaged",
    "AF": "carrier departed pick-up location with shipment",
    "AG": "estimated delivery",
    "AH": "attempted delivery",
    "AJ": "tendered for delivery",
    "AP": "delivery not completed",
    "CA": "shipment cancelled",
    "D1": "completed unloading at delivery location",
    "J1": "delivered to connecting line",
    "K1": "arrived at customs",
    "L1": "loading",
    "OO": "paperwork received - did not receive shipment",
    "P1": "departed terminal location",
    "R1": "received from prior carrier",
    "SD": "shipment delayed",
    "X1": "arrived at delivery location",
    "X2": "estimated date and/or time of arrival at consignee's location",
    "X3": "arrived at pick-up location",
    "X4": "arrived at terminal location",
    "X6": "en route to delivery location",
}
# AT702 shipment status or appointment reason code (X12 1651).
SHIPMENT_STATUS_REASON = {
    "A1": "missed delivery",
    "A2": "incorrect address",
    "AH": "insufficient time to complete delivery",
    "AJ": "other carrier-related",
    "AM": "shipper related",
    "AO": "weather or natural disaster related",
    "AQ": "recipient unavailable - delivery delayed",
    "B1": "consignee closed",
    "BG": "other",
    "NS": "normal status",
    "S1": "damaged, rewrapped in hub",
}
# IFTSTA STS C555 4405 transport status codes (UN/ECE Recommendation 24): the codes
# whose number and meaning are the same in the recommendation's first edition (which
# D.96A messages follow) and its second (D.01B), worded as in the second.
TRANSPORT_STATUS = {
    "13": "collection/pick-up, completed",
    "21": "delivery, completed",
    "31": "en route",
    "49": "lost",
}
# IFTSTA STS C556 9013 status reason codes (UN/ECE Recommendation 24), by message
# directory: the second edition (D.01B) renumbered the reasons, so a number means one
# thing in D.96A and another in D.01B. A directory not listed keeps null meanings.
TRANSPORT_STATUS_REASON = {
    "D96A": {
        "17": "customs refusal",
        "25": "departure delay",
        "30": "empty on inspection",
        "49": "lost",
        "53": "not identified",
        "56": "not loaded",
        "62": "package not ready",
        "65": "plundered",
        "86": "sorted wrong route",
        "87": "split",
        "100": "transit delay",
        "116": "missing",
        "118": "unable to locate",
        "210": "destination incorrect",
        "228": "new delivery arrangements",
        "231": "payment not received",
        "237": "special service required",
    },
    "D01B": {
        "1": "address ex delivery area",
        "2": "after transport departed",
        "3": "agent refusal",
        "4": "altered seals",
        "5": "appointment scheduled",
        "6": "attempt unsuccessful",
        "7": "business closed",
        "8": "changed schedule",
        "9": "complementary address needed",
        "10": "computer system down",
        "11": "credit approval requested",
        "12": "customer arrangements",
        "13": "customs refusal",
        "14": "damaged",
        "15": "delivery at specific requested dates/times/periods",
        "16": "destination incorrect",
        "38": "new delivery arrangements",
        "46": "payment not received",
        "54": "special service required",
    },
}
# 180 RDR01 returns disposition code (X12 1292), the complete 004010 list.
RETURN_DISPOSITIONS = {
    "CR": "consumer return to vendor",
    "DI": "dispose",
    "KA": "keep with an allowance",
    "KR": "keep and repair",
    "MW": "manufacturer warranty service",
    "PA": "partially authorized",
    "RA": "return with authorization number",
    "RD": "request denied",
    "RF": "return for factory repair",
    "RN": "return without authorization number",
    "RP": "return authorization pending",
    "RT": "ship to third party",
    "SC": "ship to third party for charitable contribution",
    "SD": "ship to third party for disposal",
}
# 180 RDR02 return request reason code (X12 1293), the complete 004010 list.
RETURN_REASONS = {
    "BC": "beyond code date",
    "CO": "customer ordering error",
    "CV": "color variance",
    "DA": "damaged product",
    "DI": "discontinued product",
    "DM": "defective merchandise or store inspection",
    "DP": "defective packaging",
    "DR": "defective merchandise or returned by consumer",
    "DT": "damaged in transit",
    "EI": "excess inventory",
    "EO": "end of season",
    "EW": "excessive wear",
    "LP": "label problem",
    "MD": "mark downs",
    "NA": "not as expected",
    "OP": "outdated packaging",
    "PE": "price error",
    "PF": "poor fit",
    "PR": "product recall",
    "PS": "product spoiled",
    "PW": "poor workmanship",
    "RE": "recall",
    "SD": "short-dated product",
    "SM": "samples",
    "SP": "shipped past cancel date",
    "SR": "stock reduction agreement",
    "ST": "style problem",
    "TE": "termination",
    "WG": "wrong goods or not ordered",
}
# AK501 / AK901 / UCI 0083 acknowledgment codes.
SET_ACK_CODES = {
    "A": "accepted",
    "E": "accepted but errors were noted",
    "M": "rejected, message authentication code failed",
    "P": "partially accepted, at least one transaction set was rejected",
    "R": "rejected",
    "W": "rejected, assurance failed validity tests",
    "X": "rejected, content after decryption could not be analyzed",
}
EDIFACT_ACTION_CODES = {
    "4": "this level and all lower levels rejected",
    "7": "this level acknowledged, next lower level acknowledged if not explicitly rejected",
    "8": "interchange received",
}
# AK304 segment syntax error code (X12 720).
SEGMENT_ERRORS = {
    "1": "unrecognized segment id",
    "2": "unexpected segment",
    "3": "mandatory segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
}
# AK403 element syntax error code (X12 723).
ELEMENT_ERRORS = {
    "1": "mandatory data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
}
# AK502 set syntax error code (X12 718).
SET_ERRORS = {
    "1": "transaction set not supported",
    "2": "transaction set trailer missing",
    "3": "transaction set control number in header and trailer do not match",
    "4": "number of included segments does not match actual count",
    "5": "one or more segments in error",
    "6": "missing or invalid transaction set identifier",
    "7": "missing or invalid transaction set control number",
}
# AK905 group syntax error code (X12 716).
GROUP_ERRORS = {
    "1": "functional group not supported",
    "2": "functional group version not supported",
    "3": "functional group trailer missing",
    "4": "group control number in the functional group header and trailer do not agree",
    "5": "number of included transaction sets does not match actual count",
    "6": "group control number violates syntax",
}
# OTI01 application acknowledgment code (X12 110).
APPLICATION_ACK_CODES = {
    "TA": "transaction set accept",
    "TE": "transaction set accept with error",
    "TR": "transaction set reject",
    "TP": "transaction set partial accept",
    "BA": "batch accept",
    "BE": "batch accept with error",
    "BR": "batch reject",
    "IA": "item accept",
    "IE": "item accept with error",
    "IR": "item reject",
}
# OTI02 / TED reference qualifiers used by 824.
APPLICATION_ERROR_CODES = {
    "006": "duplicate",
    "007": "missing data",
    "008": "out of range",
    "012": "invalid combination",
    "024": "other unlisted reason",
    "848": "incorrect data",
    "PPD": "previously paid",
    "ZZZ": "mutually defined",
}
# BGM 1001 / APERAK response types.
EDIFACT_RESPONSE_TYPE = {
    "AB": "message acknowledgement",
    "AC": "acknowledge - with detail and change",
    "AI": "acknowledge only changes",
    "AP": "accepted",
    "CA": "conditionally accepted",
    "NA": "no acknowledgement needed",
    "RE": "rejected",
}
# 830 BFR04 / FST02 / FST03.
SCHEDULE_TYPE = {"DL": "delivery based", "SH": "shipment based", "KB": "kanban"}
SCHEDULE_QUANTITY_TYPE = {"A": "actual discrete quantities", "C": "cumulative quantities"}
FORECAST_QUALIFIER = {"C": "firm", "D": "planning", "A": "immediate", "Z": "mutually defined"}
FORECAST_TIMING = {
    "D": "discrete",
    "W": "weekly bucket",
    "M": "monthly bucket",
    "F": "flexible interval",
    "Q": "quarterly bucket",
}
# XQ01 reporting code (X12 1137).
ACTIVITY_REPORT_CODE = {"G": "pending", "H": "historical", "F": "forecast", "K": "projected"}
# ZA01 activity code (X12 859).
ACTIVITY_CODES = {
    "QA": "quantity available",
    "QS": "quantity sold",
    "QR": "quantity received",
    "QP": "quantity on order",
    "QI": "quantity in transit",
    "QO": "quantity out of stock",
    "QT": "adjustment to inventory quantity",
    "QU": "quantity returned by consumer",
}
# ISR01 shipment/order status code (X12 368, the codes order-status reports use).
ORDER_STATUS = {
    "AV": "available",
    "BK": "back ordered from previous order",
    "BM": "backordered, manufacturer, out-of-stock",
    "BO": "back ordered",
    "BP": "shipment partial, back order to ship on (date)",
    "CC": "shipment complete on (date)",
    "CK": "cancelled from previous order",
    "CL": "complete",
    "CP": "partial shipment on (date), considered no backorder",
    "CU": "cancelled line item",
    "DD": "delivered to destination on (date)",
    "DE": "deleted order",
    "DS": "out of stock condition",
    "ED": "expect to ship by (date)",
    "IC": "item canceled",
    "IN": "in process",
    "LM": "shipment late",
    "NS": "not in process, scheduled to ship on (date)",
    "OR": "temporarily out of stock - reorder",
    "PR": "partial shipment",
    "PS": "in process, scheduled to ship on (date)",
    "SP": "scheduled for production at factory on (date)",
}
BSR_REPORT_TYPE = {
    "1": "status of open orders",
    "2": "status of open items",
    "4": "status by order",
}
# TED01 / ERC application error condition codes (X12 647, EDIFACT 9321 subset).
APPLICATION_ERROR_CONDITIONS = {
    "006": "duplicate",
    "007": "missing data",
    "008": "out of range",
    "009": "invalid date",
    "012": "invalid combination",
    "024": "other unlisted reason",
    "848": "incorrect data",
    "12": "invalid value",
    "13": "missing",
    "14": "value not supported in this position",
    "16": "too many constituents",
    "39": "data element too long",
    "40": "data element too short",
    "BN": "no agreement",
}
# EDIFACT 0085 syntax error codes (CONTRL UCI/UCM/UCS/UCD).
SYNTAX_ERRORS = {
    "2": "syntax version or level not supported",
    "7": "interchange recipient not actual recipient",
    "12": "invalid value",
    "13": "missing",
    "14": "value not supported in this position",
    "15": "not supported in this position",
    "16": "too many constituents",
    "17": "no agreement",
    "18": "unspecified error",
    "19": "invalid decimal notation",
    "20": "character invalid as service character",
    "21": "invalid character(s)",
    "22": "invalid service character(s)",
    "23": "unknown interchange sender",
    "24": "too old",
    "25": "test indicator not supported",
    "26": "duplicate detected",
    "28": "references do not match",
    "29": "control count does not match number of instances received",
    "35": "too many repetitions",
    "36": "too many segment group repetitions",
    "37": "invalid type of character(s)",
    "39": "data element too long",
    "40": "data element too short",
}
# EDIFACT 4017 delivery plan commitment level (DELFOR SCC).
SCC_COMMITMENT = {
    "1": "firm",
    "2": "commitment for manufacturing and material",
    "3": "commitment for material",
    "4": "planning/forecast",
}
EDIFACT_APPLICATION_STATUS = {"AP": "TA", "CA": "TE", "RE": "TR"}
