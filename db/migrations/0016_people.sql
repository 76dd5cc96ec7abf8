ALTER TABLE "organisations" DROP CONSTRAINT "organisations_name_unique";--> statement-breakpoint
-- 双报到: organisations belong to a region and report to a community at a time; party members report to the community they live in.
ALTER TABLE "organisations" ADD COLUMN "region_code" text;--> statement-breakpoint
-- Existing ones: the county of the community they reported to (reported when they were known), else the top of the tree.
UPDATE "organisations" SET "region_code" = coalesce(substr("community_code", 1, 6) || '000000', (select code from regions where parent_code is null order by code limit 1));--> statement-breakpoint
UPDATE "organisations" o SET "region_code" = (select code from regions where parent_code is null order by code limit 1) where not exists (select 1 from regions r where r.code = o.region_code);--> statement-breakpoint
ALTER TABLE "organisations" ALTER COLUMN "region_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "organisations" SET "reported_at" = now() WHERE "community_code" is not null;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_region_name_idx" ON "organisations" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "organisations_community_idx" ON "organisations" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "volunteers_organisation_idx" ON "volunteers" USING btree ("organisation_id");