import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttled login attempts are recorded in the audit trail once a minute per username or client
 * address, each event with the number of attempts it stands for; this table holds the attempts
 * refused since a key's last event.
 */
export class CreateLoginThrottleTallies1796610202635 implements MigrationInterface {
  name = 'CreateLoginThrottleTallies1796610202635';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_throttle_tallies" ("key" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "unrecorded" integer NOT NULL, CONSTRAINT "login_throttle_tallies_pkey" PRIMARY KEY ("key"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttle_tallies"`);
  }
}
