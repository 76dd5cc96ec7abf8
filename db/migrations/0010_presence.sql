CREATE TABLE "node_presence" (
	"node" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"sockets" jsonb NOT NULL
);
