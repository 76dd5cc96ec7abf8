CREATE TABLE "change_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"community" text,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_log_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"epoch" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "change_log_community_idx" ON "change_log" USING btree ("community","id");--> statement-breakpoint
CREATE INDEX "change_log_at_idx" ON "change_log" USING btree ("at");--> statement-breakpoint
INSERT INTO "change_log_meta" ("id") VALUES (1);
