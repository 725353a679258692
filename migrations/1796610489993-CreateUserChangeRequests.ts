import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes to an administrator's powers wait here for a second administrator: at most one per
 * account at a time, kept once decided as the record of who proposed and who decided.
 */
export class CreateUserChangeRequests1796610489993 implements MigrationInterface {
  name = 'CreateUserChangeRequests1796610489993';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_change_requests" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "before" jsonb NOT NULL, "after" jsonb NOT NULL, "proposed_by" uuid NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "user_change_requests_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "user_change_requests_pending_key" ON "user_change_requests" ("user_id") WHERE outcome IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_change_requests" ADD CONSTRAINT "user_change_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "user_change_requests" DROP CONSTRAINT "user_change_requests_user_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."user_change_requests_pending_key"`);
    await queryRunner.query(`DROP TABLE "user_change_requests"`);
  }
}
