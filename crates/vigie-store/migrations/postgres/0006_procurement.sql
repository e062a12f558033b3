-- Procurement: contracting processes as OCDS 1.1 (docs/decisions/0011).
-- The twin is ../sqlite/0006_procurement.sql. Vouched for by the log one
-- process at a time (log::state::procurement_process).

-- Every release as it was imported, so that a process can be compiled
-- again and exported as a release package.
CREATE TABLE ocds_releases (
    ocid       TEXT NOT NULL,
    release_id TEXT NOT NULL,
    date       TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (ocid, release_id)
);

-- The compiled release of each process, with the few columns lists and
-- dashboards select on. Everything else is read from `compiled`.
CREATE TABLE procurement_processes (
    ocid       TEXT    PRIMARY KEY,
    country    TEXT    NOT NULL REFERENCES countries (code),
    buyer_id   TEXT    NOT NULL,
    buyer_name TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    method     TEXT    NOT NULL,
    derogatory BOOLEAN NOT NULL,
    date       TEXT    NOT NULL,
    compiled   TEXT    NOT NULL
);
CREATE INDEX procurement_processes_country ON procurement_processes (country, date);

-- Who won what: the suppliers named by a process's awards, so that a
-- supplier's page finds its processes without reading every one.
CREATE TABLE procurement_suppliers (
    ocid        TEXT NOT NULL REFERENCES procurement_processes (ocid),
    supplier_id TEXT NOT NULL,
    PRIMARY KEY (ocid, supplier_id)
);
CREATE INDEX procurement_suppliers_supplier ON procurement_suppliers (supplier_id);
