-- The serving-residents module of the province generator (WishesModule): 1,000,000 residents spread over every
-- community and village, one closed wish for each (claimed, fulfilled and rated by a member of the community's
-- subtree) and 100,000 live ones (one resident in ten) at every stage, their deadlines around today; then each
-- community's tally as WishTallyStep would have kept it. Run by the generator, or by hand on a loaded province:
--   psql -v ON_ERROR_STOP=1 -f bench/Dangjian.Bench/Generate/wishes.sql <database>
CREATE TEMP TABLE bench_communities AS
SELECT o."Id" AS id, o."Path" AS path, row_number() OVER (ORDER BY o."Id") - 1 AS rn, count(*) OVER () AS n
FROM "Organizations" o JOIN "Units" u ON u."CoveringOrganizationId" = o."Id"
WHERE u."Kind" IN ('Community', 'Village') AND o."DissolvedAt" IS NULL;

-- Up to five members of each community's subtree, who claim its wishes in turn.
CREATE TEMP TABLE bench_claimers AS
SELECT c.id AS community, m.k, m."Id" AS member, m."OrganizationId" AS org, m."OrgPath" AS path, m."Name" AS name
FROM bench_communities c
CROSS JOIN LATERAL (
    SELECT y.*, row_number() OVER () - 1 AS k FROM (
        -- The subtree as the app reads it: the half-open range [path, path with its last '/' made '0'), an index range.
        SELECT x."Id", x."OrganizationId", x."OrgPath", x."Name"
        FROM "Members" x WHERE x."OrgPath" >= c.path AND x."OrgPath" < left(c.path, -1) || '0' AND x."LeftAt" IS NULL
        ORDER BY x."OrgPath", x."NamePinyin", x."Id" LIMIT 5) y) m;
CREATE INDEX ON bench_claimers (community, k);
ANALYZE bench_claimers;
CREATE TEMP TABLE bench_claimer_counts AS SELECT community, count(*) AS n FROM bench_claimers GROUP BY community;
CREATE UNIQUE INDEX ON bench_claimer_counts (community);
ANALYZE bench_claimer_counts;

INSERT INTO "Residents" ("Name", "OrganizationId", "OrgPath", "EnteredBy", "CreatedAt", "Version")
SELECT '居民' || c.id || '-' || g, c.id, c.path, '网格员', now(), 0
FROM bench_communities c
CROSS JOIN LATERAL generate_series(1, (1000000 / c.n + CASE WHEN c.rn < 1000000 % c.n THEN 1 ELSE 0 END)::int) g;

-- One closed wish per resident, sent 30 to 700 days ago, fulfilled within 1 to 20 days, rated 3 to 5.
INSERT INTO "Wishes" ("ResidentId", "ResidentName", "ForWhom", "Title", "Detail", "Category", "EstimatedCost", "OrganizationId", "OrgPath", "CollectedBy",
    "State", "SubmittedOn", "ClaimerKind", "ClaimerMemberId", "ClaimerOrganizationId", "ClaimerOrgPath", "ClaimerName", "ClaimedOn", "FulfilmentNote",
    "FulfilledOn", "Rating", "RatedBy", "ClosedOn", "CreatedAt", "Version")
SELECT r."Id", r."Name", '本人', '心愿' || r."Id", '', (ARRAY['DailyNeeds','Study','ElderlyCare','Health','Repair','Jobs','Other'])[1 + r."Id" % 7], 50 + r."Id" % 450,
       r."OrganizationId", r."OrgPath", '网格员', 'Closed', d.sent, 'Member', k.member, k.org, k.path, k.name, d.sent + 1, '已完成',
       d.sent + d.days, 3 + (r."Id" % 3)::int, r."Name", d.sent + d.days + 1, now(), 1
FROM "Residents" r
CROSS JOIN LATERAL (SELECT (current_date - (30 + r."Id" % 670)::int) AS sent, (1 + r."Id" % 20)::int AS days) d
JOIN bench_claimer_counts cc ON cc.community = r."OrganizationId"
JOIN bench_claimers k ON k.community = r."OrganizationId" AND k.k = r."Id" % cc.n;

-- 100,000 live wishes: one resident in ten, at each stage in turn, the stage's deadline from 20 days ago to 20 days ahead.
INSERT INTO "Wishes" ("ResidentId", "ResidentName", "ForWhom", "Title", "Detail", "Category", "EstimatedCost", "OrganizationId", "OrgPath", "CollectedBy",
    "State", "SubmittedOn", "Deadline", "SuperviseFrom", "ClaimerKind", "ClaimerMemberId", "ClaimerOrganizationId", "ClaimerOrgPath", "ClaimerName", "ClaimedOn",
    "FulfilmentNote", "FulfilledOn", "CreatedAt", "Version")
SELECT r."Id", r."Name", '本人', '新心愿' || r."Id", '', (ARRAY['DailyNeeds','Study','ElderlyCare','Health','Repair','Jobs','Other'])[1 + r."Id" % 7], 50 + r."Id" % 450,
       r."OrganizationId", r."OrgPath", '网格员', s.state, current_date - 25 + (r."Id" % 20)::int, s.deadline, s.deadline + 7,
       CASE WHEN s.claimed THEN 'Member' END, CASE WHEN s.claimed THEN k.member END, CASE WHEN s.claimed THEN k.org END, CASE WHEN s.claimed THEN k.path END,
       CASE WHEN s.claimed THEN k.name END, CASE WHEN s.claimed THEN current_date - 20 + (r."Id" % 20)::int END,
       CASE WHEN s.state = 'Fulfilled' THEN '已完成' END, CASE WHEN s.state = 'Fulfilled' THEN current_date - 5 END, now(), 1
FROM "Residents" r
CROSS JOIN LATERAL (SELECT (ARRAY['Submitted','Open','Open','Open','Open','Open','Claimed','Claimed','Claimed','Fulfilled'])[1 + (r."Id" / 10) % 10] AS state,
                           current_date - 20 + (r."Id" % 41)::int AS deadline) s0
CROSS JOIN LATERAL (SELECT s0.state, s0.deadline, s0.state IN ('Claimed', 'Fulfilled') AS claimed) s
JOIN bench_claimers k ON k.community = r."OrganizationId" AND k.k = 0
WHERE r."Id" % 10 = 0;

INSERT INTO "WishTallies" ("OrganizationId", "OrgPath", "Sent", "Claimed", "Fulfilled", "Open", "Rated", "RatingSum", "DaysSum")
SELECT w."OrganizationId", min(w."OrgPath"), count(*) FILTER (WHERE w."State" <> 'Refused'), count(w."ClaimedOn"), count(w."FulfilledOn"),
       count(*) FILTER (WHERE w."State" = 'Open'), count(w."Rating"), coalesce(sum(w."Rating"), 0),
       coalesce(sum(w."FulfilledOn" - w."SubmittedOn") FILTER (WHERE w."FulfilledOn" IS NOT NULL), 0)
FROM "Wishes" w GROUP BY w."OrganizationId"
ON CONFLICT ("OrganizationId") DO UPDATE SET "Sent" = excluded."Sent", "Claimed" = excluded."Claimed", "Fulfilled" = excluded."Fulfilled",
    "Open" = excluded."Open", "Rated" = excluded."Rated", "RatingSum" = excluded."RatingSum", "DaysSum" = excluded."DaysSum";

ANALYZE "Residents";
ANALYZE "Wishes";
ANALYZE "WishTallies";
