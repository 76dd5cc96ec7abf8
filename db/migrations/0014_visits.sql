CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"people" integer NOT NULL,
	"name_hash" text,
	"phone_hash" text,
	"name_masked" text DEFAULT '' NOT NULL,
	"phone_masked" text DEFAULT '' NOT NULL,
	"purpose" text NOT NULL,
	"case_id" integer,
	"matter_visits" integer DEFAULT 1 NOT NULL,
	"repeat" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visits_community_idx" ON "visits" USING btree ("community_code","visited_at");--> statement-breakpoint
CREATE INDEX "visits_case_idx" ON "visits" USING btree ("case_id","visited_at");--> statement-breakpoint
CREATE INDEX "visits_phone_idx" ON "visits" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "visits_name_idx" ON "visits" USING btree ("name_hash");