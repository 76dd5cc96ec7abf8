-- 三张清单: needs, resources and projects per community; 双向认领 (a unit claims a need, a community a resource) opens a project.
CREATE TABLE "list_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"community_code" text,
	"organisation_id" integer,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"from_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"report" text DEFAULT '' NOT NULL,
	"people_served" integer DEFAULT 0 NOT NULL,
	"satisfaction" text,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "list_items" ADD CONSTRAINT "list_items_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_items" ADD CONSTRAINT "list_items_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_items" ADD CONSTRAINT "list_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "list_items_region_idx" ON "list_items" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "list_items_community_idx" ON "list_items" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "list_items_organisation_idx" ON "list_items" USING btree ("organisation_id");