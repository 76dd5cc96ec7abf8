-- 上报 (escalation up the closing-level ladder): the highest level a case was escalated to; the cases resolved in a period, for the ladder.
ALTER TABLE "cases" ADD COLUMN "escalated_level" text;--> statement-breakpoint
CREATE INDEX "cases_resolved_idx" ON "cases" USING btree ("resolved_at","community_code") WHERE "cases"."resolved_at" is not null;