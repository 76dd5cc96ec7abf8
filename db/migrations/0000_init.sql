CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "codes" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"zh" text NOT NULL,
	"en" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "codes_kind_code_pk" PRIMARY KEY("kind","code")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"region_code" text NOT NULL,
	"community_code" text NOT NULL,
	"town_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"people_involved" integer DEFAULT 1 NOT NULL,
	"scale" text NOT NULL,
	"risk_level" text NOT NULL,
	"status" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"outcome" text,
	"closing_level" text,
	"assigned_unit" text,
	"supervision_level" integer DEFAULT 0 NOT NULL,
	"satisfaction" text,
	"failed_mediations" integer DEFAULT 0 NOT NULL,
	"repeat_visits" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"community_code" text,
	CONSTRAINT "organisations_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"team" text NOT NULL,
	"post_type" text,
	"party_member" boolean DEFAULT false NOT NULL,
	"organisation_id" integer,
	"community_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"team" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"community_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"volunteers" integer DEFAULT 1 NOT NULL,
	"people_served" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"channel" text NOT NULL,
	"community_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"claimed_by" integer,
	"collected_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"feedback_at" timestamp with time zone,
	"feedback" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_activity_daily" (
	"community_code" text NOT NULL,
	"day" date NOT NULL,
	"team" text NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"minutes" integer DEFAULT 0 NOT NULL,
	"people_served" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_activity_daily_day_community_code_team_pk" PRIMARY KEY("day","community_code","team")
);
--> statement-breakpoint
CREATE TABLE "rollup_case_daily" (
	"community_code" text NOT NULL,
	"day" date NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"successful" integer DEFAULT 0 NOT NULL,
	"resolved_cohort" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_case_daily_day_community_code_pk" PRIMARY KEY("day","community_code")
);
--> statement-breakpoint
CREATE TABLE "rollup_case_dim_daily" (
	"community_code" text NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"value" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_case_dim_daily_day_community_code_dim_value_pk" PRIMARY KEY("day","community_code","dim","value")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_claimed_by_organisations_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_source_external_idx" ON "cases" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "cases_community_accepted_idx" ON "cases" USING btree ("community_code","accepted_at");--> statement-breakpoint
CREATE INDEX "cases_open_idx" ON "cases" USING btree ("community_code") WHERE "cases"."status" in ('reported','accepted','dispatched','in_progress');--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "volunteers_community_idx" ON "volunteers" USING btree ("community_code");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_external_idx" ON "volunteer_activities" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "activities_community_started_idx" ON "volunteer_activities" USING btree ("community_code","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wishes_external_idx" ON "wishes" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "wishes_community_idx" ON "wishes" USING btree ("community_code");