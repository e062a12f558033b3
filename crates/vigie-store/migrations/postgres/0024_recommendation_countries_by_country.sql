-- A country's recommendations found from the country (the filter of the
-- recommendations' list and pages, `country = $4`), without reading every
-- pair: at 100,000 recommendations on PostgreSQL the filter read all
-- 100,000 pairs for the 25,000 of one country (bench/scale/followup.sh).
CREATE INDEX recommendation_countries_country ON recommendation_countries (country, recommendation_id);
