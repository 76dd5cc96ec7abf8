CREATE TABLE "rollup_county_daily" (
	"county_code" text NOT NULL,
	"day" date NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"successful" integer DEFAULT 0 NOT NULL,
	"resolved_cohort" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"handling_minutes" integer DEFAULT 0 NOT NULL,
	"visited" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"level_village" integer DEFAULT 0 NOT NULL,
	"level_town" integer DEFAULT 0 NOT NULL,
	"level_county" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_county_daily_day_county_code_pk" PRIMARY KEY("day","county_code")
);
--> statement-breakpoint
CREATE TABLE "rollup_county_dim_daily" (
	"county_code" text NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"value" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_county_dim_daily_day_county_code_dim_value_pk" PRIMARY KEY("day","county_code","dim","value")
);
--> statement-breakpoint
INSERT INTO "rollup_county_daily" SELECT substr("community_code", 1, 6) || '000000', "day", sum("accepted"), sum("resolved"), sum("successful"), sum("resolved_cohort"), sum("on_time"), sum("handling_minutes"), sum("visited"), sum("satisfied"), sum("level_village"), sum("level_town"), sum("level_county") FROM "rollup_case_daily" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "rollup_county_dim_daily" SELECT substr("community_code", 1, 6) || '000000', "day", "dim", "value", sum("count") FROM "rollup_case_dim_daily" GROUP BY 1, 2, 3, 4;
