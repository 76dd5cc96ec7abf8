-- 微光存折: who served in an activity, and for how long; an activity may name its roster team.
CREATE TABLE "activity_participants" (
	"activity_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "activity_participants_activity_id_volunteer_id_pk" PRIMARY KEY("activity_id","volunteer_id")
);
--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD COLUMN "team_id" integer;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_activity_id_volunteer_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."volunteer_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participants_volunteer_idx" ON "activity_participants" USING btree ("volunteer_id");--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_team_idx" ON "volunteer_activities" USING btree ("team_id");