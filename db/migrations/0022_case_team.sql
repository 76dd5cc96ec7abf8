-- The volunteer team (七彩蒲公英) that mediated a case, named when it is resolved.
ALTER TABLE "cases" ADD COLUMN "team_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_team_idx" ON "cases" USING btree ("team_id") WHERE "cases"."team_id" is not null;