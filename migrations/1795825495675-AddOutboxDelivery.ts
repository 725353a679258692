import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row is done when its job has run, not when it was handed to Redis: a row relayed but
 * never confirmed is relayed again, so a Redis flush or restart cannot lose a notification.
 * Rows relayed before this migration count as delivered.
 */
export class AddOutboxDelivery1795825495675 implements MigrationInterface {
  name = 'AddOutboxDelivery1795825495675';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE "outbox" SET delivered_at = relayed_at WHERE relayed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_undelivered_idx" ON "outbox" ("relayed_at") WHERE delivered_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_undelivered_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "delivered_at"`);
  }
}
