-- 趋势预警: places whose new cases of a category rose beyond their own normal; one open flag per place and category.
CREATE TABLE "trend_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"category" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"window_days" integer NOT NULL,
	"observed" integer NOT NULL,
	"expected" double precision NOT NULL,
	"limit" integer NOT NULL,
	"per_week" double precision NOT NULL,
	"p" double precision NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trend_flags" ADD CONSTRAINT "trend_flags_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trend_flags_open_idx" ON "trend_flags" USING btree ("region_code","category") WHERE "trend_flags"."cleared_at" is null;--> statement-breakpoint
CREATE INDEX "trend_flags_raised_idx" ON "trend_flags" USING btree ("raised_at");