DROP INDEX "activities_external_idx";--> statement-breakpoint
DROP INDEX "wishes_external_idx";--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "actor_user_id" integer;--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "actor_key_id" integer;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD COLUMN "writer" text DEFAULT 'desk' NOT NULL;--> statement-breakpoint
ALTER TABLE "wishes" ADD COLUMN "writer" text DEFAULT 'desk' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "address" text;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_writer_external_idx" ON "volunteer_activities" USING btree ("writer","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wishes_writer_external_idx" ON "wishes" USING btree ("writer","external_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");