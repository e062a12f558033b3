-- The findings' public statistics per country, year of report and
-- currency of the amount at stake: a read model kept at write time by
-- triggers, in the writing transaction (issue 16, item 1; decision 0030).
-- `/findings` and `/api/v1/findings/statistics` read these few rows where
-- they read every finding and referral. Findings are public: no visibility
-- class to key by. `currency` is '' for a finding without an amount; a
-- referral counts, and its recovered amount adds, in its finding's row.
-- The twin is ../postgres/0023_finding_statistics.sql.
CREATE TABLE finding_statistics (
    country         TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    findings        INTEGER NOT NULL,
    at_stake_minor  INTEGER NOT NULL,
    referrals       INTEGER NOT NULL,
    pending         INTEGER NOT NULL,
    dismissed       INTEGER NOT NULL,
    convicted       INTEGER NOT NULL,
    acquitted       INTEGER NOT NULL,
    recovered_minor INTEGER NOT NULL,
    PRIMARY KEY (country, year, currency)
);

-- A finding's key and amount, the same expressions everywhere below: the
-- year of its report, and its currency and amount only when both are given.
CREATE VIEW finding_statistics_keys AS
    SELECT id, country, CAST(substr(reported_on, 1, 4) AS INTEGER) AS year,
           CASE WHEN amount_minor IS NOT NULL AND currency IS NOT NULL THEN currency ELSE '' END AS currency,
           CASE WHEN amount_minor IS NOT NULL AND currency IS NOT NULL THEN amount_minor ELSE 0 END AS at_stake
    FROM findings;

INSERT INTO finding_statistics
    SELECT k.country, k.year, k.currency, COUNT(*), SUM(k.at_stake),
           COALESCE(SUM(r.referrals), 0), COALESCE(SUM(r.pending), 0), COALESCE(SUM(r.dismissed), 0),
           COALESCE(SUM(r.convicted), 0), COALESCE(SUM(r.acquitted), 0), COALESCE(SUM(r.recovered), 0)
    FROM finding_statistics_keys k
    LEFT JOIN (SELECT finding_id, COUNT(*) AS referrals,
                      SUM(outcome = 'pending') AS pending, SUM(outcome = 'dismissed') AS dismissed,
                      SUM(outcome = 'convicted') AS convicted, SUM(outcome = 'acquitted') AS acquitted,
                      SUM(COALESCE(recovered_minor, 0)) AS recovered
               FROM finding_referrals GROUP BY finding_id) r ON r.finding_id = k.id
    GROUP BY k.country, k.year, k.currency;

-- Every change is a delta upserted into its row; a row left with no
-- finding is removed (its referrals went before it: they reference it).
CREATE TRIGGER finding_statistics_insert AFTER INSERT ON findings BEGIN
    INSERT INTO finding_statistics
        SELECT country, year, currency, 1, at_stake, 0, 0, 0, 0, 0, 0
        FROM finding_statistics_keys WHERE id = new.id
        ON CONFLICT (country, year, currency) DO UPDATE SET
            findings = findings + 1, at_stake_minor = at_stake_minor + excluded.at_stake_minor;
END;

-- A finding leaves its row (before the row goes, to read its key) with
-- whatever referrals it still has; moved by an update, it enters the new
-- row with them.
CREATE TRIGGER finding_statistics_delete BEFORE DELETE ON findings BEGIN
    UPDATE finding_statistics SET
        findings = findings - 1,
        at_stake_minor = at_stake_minor - (SELECT at_stake FROM finding_statistics_keys WHERE id = old.id)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = old.id);
    DELETE FROM finding_statistics WHERE findings = 0;
END;

CREATE TRIGGER finding_statistics_update_before
    BEFORE UPDATE OF country, reported_on, amount_minor, currency ON findings BEGIN
    UPDATE finding_statistics SET
        findings = findings - 1,
        at_stake_minor = at_stake_minor - (SELECT at_stake FROM finding_statistics_keys WHERE id = old.id),
        referrals = referrals - (SELECT COUNT(*) FROM finding_referrals WHERE finding_id = old.id),
        pending = pending - (SELECT COUNT(*) FROM finding_referrals WHERE finding_id = old.id AND outcome = 'pending'),
        dismissed = dismissed - (SELECT COUNT(*) FROM finding_referrals WHERE finding_id = old.id AND outcome = 'dismissed'),
        convicted = convicted - (SELECT COUNT(*) FROM finding_referrals WHERE finding_id = old.id AND outcome = 'convicted'),
        acquitted = acquitted - (SELECT COUNT(*) FROM finding_referrals WHERE finding_id = old.id AND outcome = 'acquitted'),
        recovered_minor = recovered_minor
            - (SELECT COALESCE(SUM(recovered_minor), 0) FROM finding_referrals WHERE finding_id = old.id)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = old.id);
END;

CREATE TRIGGER finding_statistics_update_after
    AFTER UPDATE OF country, reported_on, amount_minor, currency ON findings BEGIN
    INSERT INTO finding_statistics
        SELECT k.country, k.year, k.currency, 1, k.at_stake,
               COUNT(r.id), COALESCE(SUM(r.outcome = 'pending'), 0), COALESCE(SUM(r.outcome = 'dismissed'), 0),
               COALESCE(SUM(r.outcome = 'convicted'), 0), COALESCE(SUM(r.outcome = 'acquitted'), 0),
               COALESCE(SUM(r.recovered_minor), 0)
        FROM finding_statistics_keys k LEFT JOIN finding_referrals r ON r.finding_id = k.id
        WHERE k.id = new.id
        GROUP BY k.id
        ON CONFLICT (country, year, currency) DO UPDATE SET
            findings = findings + 1,
            at_stake_minor = at_stake_minor + excluded.at_stake_minor,
            referrals = referrals + excluded.referrals,
            pending = pending + excluded.pending,
            dismissed = dismissed + excluded.dismissed,
            convicted = convicted + excluded.convicted,
            acquitted = acquitted + excluded.acquitted,
            recovered_minor = recovered_minor + excluded.recovered_minor;
    DELETE FROM finding_statistics WHERE findings = 0;
END;

-- A referral counts in its finding's row.
CREATE TRIGGER finding_statistics_referral_insert AFTER INSERT ON finding_referrals BEGIN
    UPDATE finding_statistics SET
        referrals = referrals + 1,
        pending = pending + (new.outcome = 'pending'),
        dismissed = dismissed + (new.outcome = 'dismissed'),
        convicted = convicted + (new.outcome = 'convicted'),
        acquitted = acquitted + (new.outcome = 'acquitted'),
        recovered_minor = recovered_minor + COALESCE(new.recovered_minor, 0)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = new.finding_id);
END;

CREATE TRIGGER finding_statistics_referral_delete AFTER DELETE ON finding_referrals BEGIN
    UPDATE finding_statistics SET
        referrals = referrals - 1,
        pending = pending - (old.outcome = 'pending'),
        dismissed = dismissed - (old.outcome = 'dismissed'),
        convicted = convicted - (old.outcome = 'convicted'),
        acquitted = acquitted - (old.outcome = 'acquitted'),
        recovered_minor = recovered_minor - COALESCE(old.recovered_minor, 0)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = old.finding_id);
END;

CREATE TRIGGER finding_statistics_referral_update
    AFTER UPDATE OF finding_id, outcome, recovered_minor ON finding_referrals BEGIN
    UPDATE finding_statistics SET
        referrals = referrals - 1,
        pending = pending - (old.outcome = 'pending'),
        dismissed = dismissed - (old.outcome = 'dismissed'),
        convicted = convicted - (old.outcome = 'convicted'),
        acquitted = acquitted - (old.outcome = 'acquitted'),
        recovered_minor = recovered_minor - COALESCE(old.recovered_minor, 0)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = old.finding_id);
    UPDATE finding_statistics SET
        referrals = referrals + 1,
        pending = pending + (new.outcome = 'pending'),
        dismissed = dismissed + (new.outcome = 'dismissed'),
        convicted = convicted + (new.outcome = 'convicted'),
        acquitted = acquitted + (new.outcome = 'acquitted'),
        recovered_minor = recovered_minor + COALESCE(new.recovered_minor, 0)
    WHERE (country, year, currency) = (SELECT country, year, currency FROM finding_statistics_keys WHERE id = new.finding_id);
END;

-- The list, newest report first, read a page at a time by seeking its key.
CREATE INDEX findings_listed ON findings (reported_on DESC, code);
