import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each review keeps the hash of the last event of its audit chain beside its version. A step reads
 * the head with the review and writes the new head with the new version, guarded by the version it
 * read, so appending to the chain needs no query of its own. The events stay the record: the
 * column only says where the chain ends, and a wrong value would show as a broken chain in
 * `audit:verify`. Existing reviews get the head of their chain.
 */
export class AddReviewAuditHead1795830060506 implements MigrationInterface {
  name = 'AddReviewAuditHead1795830060506';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reviews" ADD "audit_head" text`);
    await queryRunner.query(
      `UPDATE "reviews" r SET audit_head = (SELECT e.hash FROM audit_events e
         WHERE e.chain_key = 'review:' || r.id ORDER BY e.seq DESC LIMIT 1)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "audit_head"`);
  }
}
