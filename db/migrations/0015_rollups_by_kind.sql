-- Every case rollup kept per kind (矛盾纠纷 dispute / 民生诉求 appeal): the key gains the kind, and the rows, which mixed both, are recomputed from the cases.
ALTER TABLE "rollup_case_daily" DROP CONSTRAINT "rollup_case_daily_day_community_code_pk";--> statement-breakpoint
ALTER TABLE "rollup_case_dim_daily" DROP CONSTRAINT "rollup_case_dim_daily_day_community_code_dim_value_pk";--> statement-breakpoint
ALTER TABLE "rollup_county_daily" DROP CONSTRAINT "rollup_county_daily_day_county_code_pk";--> statement-breakpoint
ALTER TABLE "rollup_county_dim_daily" DROP CONSTRAINT "rollup_county_dim_daily_day_county_code_dim_value_pk";--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD COLUMN "kind" text DEFAULT 'dispute' NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_case_dim_daily" ADD COLUMN "kind" text DEFAULT 'dispute' NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_county_daily" ADD COLUMN "kind" text DEFAULT 'dispute' NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_county_dim_daily" ADD COLUMN "kind" text DEFAULT 'dispute' NOT NULL;--> statement-breakpoint
DELETE FROM "rollup_case_daily";--> statement-breakpoint
DELETE FROM "rollup_case_dim_daily";--> statement-breakpoint
DELETE FROM "rollup_county_daily";--> statement-breakpoint
DELETE FROM "rollup_county_dim_daily";--> statement-breakpoint
insert into rollup_case_daily (community_code, day, kind, accepted, resolved, successful, resolved_cohort, on_time, handling_minutes, visited, satisfied, level_village, level_town, level_county)
  select community_code, day, kind, sum(accepted), sum(resolved), sum(successful), sum(resolved_cohort), sum(on_time), sum(handling_minutes), sum(visited), sum(satisfied),
  sum(level_village), sum(level_town), sum(level_county) from (
  select community_code, (accepted_at at time zone 'Asia/Shanghai')::date as day, kind, 1 as accepted, 0 as resolved,
  (resolved_at is not null and outcome = 'success')::int as successful,
  (resolved_at is not null)::int as resolved_cohort,
  (resolved_at is not null and (deadline_at is null or resolved_at <= deadline_at))::int as on_time,
  case when resolved_at is not null then greatest(0, round(extract(epoch from resolved_at - accepted_at) / 60))::int else 0 end as handling_minutes,
  (resolved_at is not null and satisfaction is not null)::int as visited,
  coalesce(resolved_at is not null and satisfaction in ('satisfied', 'neutral'), false)::int as satisfied,
  0 as level_village, 0 as level_town, 0 as level_county
  from cases where accepted_at is not null
  union all
  select community_code, (resolved_at at time zone 'Asia/Shanghai')::date, kind, 0, 1, 0, 0, 0, 0, 0, 0,
  (closing_level = 'village')::int, (closing_level = 'town')::int, (closing_level = 'county')::int
  from cases where resolved_at is not null
  ) x group by community_code, day, kind;--> statement-breakpoint
insert into rollup_case_dim_daily (community_code, day, kind, dim, value, count)
  select community_code, day, kind, dim, value, count(*) from (
  select community_code, (accepted_at at time zone 'Asia/Shanghai')::date as day, kind, 'category' as dim, category as value from cases where accepted_at is not null
  union all select community_code, (accepted_at at time zone 'Asia/Shanghai')::date, kind, 'source', source from cases where accepted_at is not null
  union all select community_code, (accepted_at at time zone 'Asia/Shanghai')::date, kind, 'kind', kind from cases where accepted_at is not null
  union all select community_code, (resolved_at at time zone 'Asia/Shanghai')::date, kind, 'level', closing_level from cases where resolved_at is not null and closing_level is not null
  ) x group by community_code, day, kind, dim, value;--> statement-breakpoint
insert into rollup_county_daily (county_code, day, kind, accepted, resolved, successful, resolved_cohort, on_time, handling_minutes, visited, satisfied, level_village, level_town, level_county)
  select substr(community_code, 1, 6) || '000000', day, kind, sum(accepted), sum(resolved), sum(successful), sum(resolved_cohort), sum(on_time), sum(handling_minutes), sum(visited), sum(satisfied), sum(level_village), sum(level_town), sum(level_county)
  from rollup_case_daily group by 1, 2, 3;--> statement-breakpoint
insert into rollup_county_dim_daily (county_code, day, kind, dim, value, count)
  select substr(community_code, 1, 6) || '000000', day, kind, dim, value, sum(count) from rollup_case_dim_daily group by 1, 2, 3, 4, 5;--> statement-breakpoint
ALTER TABLE "rollup_case_daily" ADD CONSTRAINT "rollup_case_daily_day_community_code_kind_pk" PRIMARY KEY("day","community_code","kind");--> statement-breakpoint
ALTER TABLE "rollup_case_dim_daily" ADD CONSTRAINT "rollup_case_dim_daily_day_community_code_kind_dim_value_pk" PRIMARY KEY("day","community_code","kind","dim","value");--> statement-breakpoint
ALTER TABLE "rollup_county_daily" ADD CONSTRAINT "rollup_county_daily_day_county_code_kind_pk" PRIMARY KEY("day","county_code","kind");--> statement-breakpoint
ALTER TABLE "rollup_county_dim_daily" ADD CONSTRAINT "rollup_county_dim_daily_day_county_code_kind_dim_value_pk" PRIMARY KEY("day","county_code","kind","dim","value");
