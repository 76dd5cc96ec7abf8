-- The closing-level ladder in the dimension rollups: one 'ladder' key per resolved case,
-- "category|closing level|peak rank|simple" (server/domain/counters.ts ladderKey; the same as
-- LADDER_KEY_SQL in server/store/rollups.ts), for the cases resolved before this migration.
INSERT INTO "rollup_case_dim_daily" ("community_code", "day", "kind", "dim", "value", "count")
SELECT "community_code", ("resolved_at" AT TIME ZONE 'Asia/Shanghai')::date, "kind", 'ladder',
       "category" || '|' || "closing_level" || '|' ||
       greatest(CASE "closing_level" WHEN 'grid' THEN 0 WHEN 'village' THEN 1 WHEN 'town' THEN 2 WHEN 'county' THEN 3 ELSE -1 END,
                CASE "escalated_level" WHEN 'grid' THEN 0 WHEN 'village' THEN 1 WHEN 'town' THEN 2 WHEN 'county' THEN 3 ELSE -1 END)
       || '|' || ("complexity" = 'simple')::int,
       count(*)
  FROM "cases" WHERE "resolved_at" IS NOT NULL AND "closing_level" IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO "rollup_county_dim_daily" ("county_code", "day", "kind", "dim", "value", "count")
SELECT substr("community_code", 1, 6) || '000000', "day", "kind", "dim", "value", sum("count")
  FROM "rollup_case_dim_daily" WHERE "dim" = 'ladder'
 GROUP BY 1, 2, 3, 4, 5;
