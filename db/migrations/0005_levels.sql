ALTER TABLE "rollup_case_daily" ADD COLUMN "level_village" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD COLUMN "level_town" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD COLUMN "level_county" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_open_accepted_idx" ON "cases" USING btree ("accepted_at","community_code","deadline_at") WHERE "cases"."status" in ('reported','accepted','dispatched','in_progress');--> statement-breakpoint
UPDATE "rollup_case_daily" r SET "level_village" = x.v, "level_town" = x.t, "level_county" = x.c FROM (
  SELECT community_code, (resolved_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         sum((closing_level = 'village')::int) AS v, sum((closing_level = 'town')::int) AS t, sum((closing_level = 'county')::int) AS c
    FROM cases WHERE resolved_at IS NOT NULL GROUP BY 1, 2
) x WHERE r.community_code = x.community_code AND r.day = x.day;
