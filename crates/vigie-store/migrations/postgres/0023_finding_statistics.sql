-- The findings' public statistics per country, year of report and
-- currency of the amount at stake: a read model kept at write time by
-- triggers, in the writing transaction (issue 16, item 1; decision 0030).
-- `/findings` and `/api/v1/findings/statistics` read these few rows where
-- they read every finding and referral. Findings are public: no visibility
-- class to key by. `currency` is '' for a finding without an amount; a
-- referral counts, and its recovered amount adds, in its finding's row.
-- The twin is ../sqlite/0023_finding_statistics.sql.
CREATE TABLE finding_statistics (
    country         TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    findings        BIGINT  NOT NULL,
    at_stake_minor  BIGINT  NOT NULL,
    referrals       BIGINT  NOT NULL,
    pending         BIGINT  NOT NULL,
    dismissed       BIGINT  NOT NULL,
    convicted       BIGINT  NOT NULL,
    acquitted       BIGINT  NOT NULL,
    recovered_minor BIGINT  NOT NULL,
    PRIMARY KEY (country, year, currency)
);

-- A finding's key and amount, the same expressions everywhere below: the
-- year of its report, and its currency and amount only when both are given.
CREATE VIEW finding_statistics_keys AS
    SELECT id, country, CAST(substr(reported_on, 1, 4) AS INTEGER) AS year,
           CASE WHEN amount_minor IS NOT NULL AND currency IS NOT NULL THEN currency ELSE '' END AS currency,
           CASE WHEN amount_minor IS NOT NULL AND currency IS NOT NULL THEN amount_minor ELSE 0 END AS at_stake
    FROM findings;

-- What finding `fid`'s referrals add to its row.
CREATE FUNCTION finding_statistics_referrals(fid BIGINT)
    RETURNS TABLE (referrals BIGINT, pending BIGINT, dismissed BIGINT, convicted BIGINT,
                   acquitted BIGINT, recovered BIGINT)
    LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'pending'), COUNT(*) FILTER (WHERE outcome = 'dismissed'),
           COUNT(*) FILTER (WHERE outcome = 'convicted'), COUNT(*) FILTER (WHERE outcome = 'acquitted'),
           COALESCE(SUM(recovered_minor), 0)
    FROM finding_referrals WHERE finding_id = fid
$$;

-- Adds finding `fid`'s own figures (`sign` 1 or -1, `findings` 1 or 0 for
-- a referral alone) and the given referral figures to its row.
CREATE FUNCTION finding_statistics_add(fid BIGINT, findings_ BIGINT, sign BIGINT, referrals_ BIGINT,
                                       pending_ BIGINT, dismissed_ BIGINT, convicted_ BIGINT,
                                       acquitted_ BIGINT, recovered_ BIGINT) RETURNS void
    LANGUAGE sql SET search_path FROM CURRENT AS $$
    INSERT INTO finding_statistics
        SELECT country, year, currency, sign * findings_, sign * findings_ * at_stake,
               sign * referrals_, sign * pending_, sign * dismissed_, sign * convicted_,
               sign * acquitted_, sign * recovered_
        FROM finding_statistics_keys WHERE id = fid
        ON CONFLICT (country, year, currency) DO UPDATE SET
            findings = finding_statistics.findings + EXCLUDED.findings,
            at_stake_minor = finding_statistics.at_stake_minor + EXCLUDED.at_stake_minor,
            referrals = finding_statistics.referrals + EXCLUDED.referrals,
            pending = finding_statistics.pending + EXCLUDED.pending,
            dismissed = finding_statistics.dismissed + EXCLUDED.dismissed,
            convicted = finding_statistics.convicted + EXCLUDED.convicted,
            acquitted = finding_statistics.acquitted + EXCLUDED.acquitted,
            recovered_minor = finding_statistics.recovered_minor + EXCLUDED.recovered_minor;
    DELETE FROM finding_statistics WHERE findings = 0;
$$;

INSERT INTO finding_statistics
    SELECT k.country, k.year, k.currency, COUNT(*), SUM(k.at_stake),
           COALESCE(SUM(r.referrals), 0), COALESCE(SUM(r.pending), 0), COALESCE(SUM(r.dismissed), 0),
           COALESCE(SUM(r.convicted), 0), COALESCE(SUM(r.acquitted), 0), COALESCE(SUM(r.recovered), 0)
    FROM finding_statistics_keys k
    LEFT JOIN LATERAL finding_statistics_referrals(k.id) r ON true
    GROUP BY k.country, k.year, k.currency;

-- A finding leaves its row with the referrals it still has (none when it
-- is deleted: they reference it, so they went first) and enters its row
-- with them (none when it is new): an update moves it between rows.
-- Before a delete or an update the row still holds the old values its key
-- is read from; after an insert or an update, the new ones.
CREATE FUNCTION finding_statistics_finding_before() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM finding_statistics_add(OLD.id, 1, -1, r.referrals, r.pending, r.dismissed,
                                   r.convicted, r.acquitted, r.recovered)
    FROM finding_statistics_referrals(OLD.id) r;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE FUNCTION finding_statistics_finding_after() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM finding_statistics_add(NEW.id, 1, 1, r.referrals, r.pending, r.dismissed,
                                   r.convicted, r.acquitted, r.recovered)
    FROM finding_statistics_referrals(NEW.id) r;
    RETURN NULL;
END
$$;

CREATE TRIGGER finding_statistics_before
    BEFORE DELETE OR UPDATE OF country, reported_on, amount_minor, currency ON findings
    FOR EACH ROW EXECUTE FUNCTION finding_statistics_finding_before();
CREATE TRIGGER finding_statistics_after
    AFTER INSERT OR UPDATE OF country, reported_on, amount_minor, currency ON findings
    FOR EACH ROW EXECUTE FUNCTION finding_statistics_finding_after();

-- A referral counts in its finding's row.
CREATE FUNCTION finding_statistics_referral() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM finding_statistics_add(OLD.finding_id, 0, -1, 1,
            (OLD.outcome = 'pending')::int, (OLD.outcome = 'dismissed')::int,
            (OLD.outcome = 'convicted')::int, (OLD.outcome = 'acquitted')::int,
            COALESCE(OLD.recovered_minor, 0));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM finding_statistics_add(NEW.finding_id, 0, 1, 1,
            (NEW.outcome = 'pending')::int, (NEW.outcome = 'dismissed')::int,
            (NEW.outcome = 'convicted')::int, (NEW.outcome = 'acquitted')::int,
            COALESCE(NEW.recovered_minor, 0));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER finding_statistics_referral
    AFTER INSERT OR DELETE OR UPDATE OF finding_id, outcome, recovered_minor ON finding_referrals
    FOR EACH ROW EXECUTE FUNCTION finding_statistics_referral();

-- The list, newest report first, read a page at a time by seeking its key.
CREATE INDEX findings_listed ON findings (reported_on DESC, code);
