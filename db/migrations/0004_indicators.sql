ALTER TABLE "rollup_case_daily" ADD COLUMN "handling_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD COLUMN "visited" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD COLUMN "satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "rollup_case_daily" r SET "handling_minutes" = x.hm, "visited" = x.v, "satisfied" = x.s FROM (
  SELECT community_code, (accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         sum(greatest(0, round(extract(epoch FROM resolved_at - accepted_at) / 60)))::int AS hm,
         sum((satisfaction IS NOT NULL)::int) AS v,
         sum(coalesce(satisfaction IN ('satisfied', 'neutral'), false)::int) AS s
    FROM cases WHERE accepted_at IS NOT NULL AND resolved_at IS NOT NULL GROUP BY 1, 2
) x WHERE r.community_code = x.community_code AND r.day = x.day;
