CREATE TABLE "supervision_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"unit" text NOT NULL,
	"step" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"answer" text,
	"escalations" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "complexity" text DEFAULT 'ordinary' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "colour" text DEFAULT 'green' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "colour_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "colour_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "colour_next_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supervision_notices" ADD CONSTRAINT "supervision_notices_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_case_idx" ON "supervision_notices" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "supervision_open_due_idx" ON "supervision_notices" USING btree ("due_at") WHERE "supervision_notices"."status" = 'open';--> statement-breakpoint
CREATE INDEX "cases_red_idx" ON "cases" USING btree ("community_code") WHERE "cases"."colour" = 'red' and "cases"."status" in ('reported','accepted','dispatched','in_progress');