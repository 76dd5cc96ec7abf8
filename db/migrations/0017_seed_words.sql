-- The teams (七彩蒲公英) and posts (五型岗位) in the seeds' words. Labels a county has edited are left alone.
UPDATE "codes" SET "zh" = '黄色·便民利民' WHERE "kind" = 'team' AND "code" = 'yellow' AND "zh" = '黄色·便民服务';--> statement-breakpoint
UPDATE "codes" SET "zh" = '绿色·文明创建' WHERE "kind" = 'team' AND "code" = 'green' AND "zh" = '绿色·文明实践';--> statement-breakpoint
UPDATE "codes" SET "zh" = '蓝色·平安建设' WHERE "kind" = 'team' AND "code" = 'blue' AND "zh" = '蓝色·平安守护';--> statement-breakpoint
UPDATE "codes" SET "zh" = '党建宣传岗' WHERE "kind" = 'postType' AND "code" = 'publicity' AND "zh" = '党的宣传岗';--> statement-breakpoint
UPDATE "codes" SET "zh" = '爱心守护岗' WHERE "kind" = 'postType' AND "code" = 'caring' AND "zh" = '关爱帮扶岗';--> statement-breakpoint
UPDATE "codes" SET "zh" = '家园焕新岗' WHERE "kind" = 'postType' AND "code" = 'renewal' AND "zh" = '家园更新岗';--> statement-breakpoint
UPDATE "codes" SET "zh" = '平安建设岗' WHERE "kind" = 'postType' AND "code" = 'safety' AND "zh" = '平安守护岗';
