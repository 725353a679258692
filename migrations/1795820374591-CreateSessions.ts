import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions behind short-lived access tokens (one row per login, the refresh token stored as its
 * sha256), and the two partial indexes login throttling reads: recent LOGIN_FAILED and
 * LOGIN_SUCCEEDED events by username, and recent LOGIN_FAILED events by client address. The
 * audit trail already records every attempt, so throttling needs no store of its own.
 */
export class CreateSessions1795820374591 implements MigrationInterface {
  name = 'CreateSessions1795820374591';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "refresh_token_hash" text NOT NULL, "rotations" integer NOT NULL DEFAULT '0', "address" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "refreshed_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sessions_user_open_idx" ON "sessions" ("user_id") WHERE revoked_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_login_username_idx" ON "audit_events" ("actor_username", "action", "occurred_at") WHERE action IN ('LOGIN_FAILED', 'LOGIN_SUCCEEDED')`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_login_address_idx" ON "audit_events" ((payload->>'address'), "occurred_at") WHERE action = 'LOGIN_FAILED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."audit_events_login_address_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_login_username_idx"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_open_idx"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
  }
}
