-- 口径对账: the figures a centre has published, to reconcile with what the product computes from its records.
CREATE TABLE "published_figures" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator" text NOT NULL,
	"region_code" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"category" text,
	"value" double precision NOT NULL,
	"at_least" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "published_figures" ADD CONSTRAINT "published_figures_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "published_figures_region_idx" ON "published_figures" USING btree ("region_code");