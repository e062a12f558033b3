-- Classification rules as data: categories of information (after the
-- Tshwane Principles) and who may classify and declassify each level of a
-- country's scheme. The SQLite twin is ../sqlite/0003_classification_rules.sql.

CREATE TABLE classification_categories (
    code           TEXT PRIMARY KEY,
    treatment      TEXT NOT NULL CHECK (treatment IN ('presumption_of_disclosure', 'may_be_withheld')),
    default_level  TEXT NOT NULL,
    tshwane        TEXT NOT NULL,
    name_fr        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_fr TEXT NOT NULL,
    description_en TEXT NOT NULL,
    source         TEXT NOT NULL
);

CREATE TABLE classification_authorities (
    country      TEXT    NOT NULL REFERENCES countries (code),
    level        TEXT    NOT NULL,
    action       TEXT    NOT NULL CHECK (action IN ('classify', 'declassify')),
    authority_fr TEXT    NOT NULL,
    authority_en TEXT    NOT NULL,
    illustrative BOOLEAN NOT NULL,
    source       TEXT    NOT NULL,
    PRIMARY KEY (country, level, action),
    FOREIGN KEY (country, level) REFERENCES classification_levels (country, code)
);
