-- 吹哨派单 → 接单: needs whistled to paired units, taken by a time limit, 点名哨 when not.
CREATE TABLE "whistles" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"organisation_id" integer NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"wish_id" integer,
	"case_id" integer,
	"status" text DEFAULT 'whistled' NOT NULL,
	"whistled_at" timestamp with time zone NOT NULL,
	"take_by" timestamp with time zone NOT NULL,
	"done_by" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone,
	"taken_by" text,
	"done_at" timestamp with time zone,
	"report" text DEFAULT '' NOT NULL,
	"escalated_at" timestamp with time zone,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_wish_id_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."wishes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whistles_community_idx" ON "whistles" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "whistles_organisation_idx" ON "whistles" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "whistles_due_idx" ON "whistles" USING btree ("take_by");