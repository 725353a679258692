import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a request asked besides its records (expedited processing, a fee waiver) and how each ask
 * was decided, and the day a request was answered or closed as a column of its own, so the annual
 * report finds a fiscal year's requests by index. A request opened on the expedited track before
 * this asked for expedition, and its ask stays undecided until a supervisor decides it.
 */
export class AddRequestAdjudications1796900000000 implements MigrationInterface {
  name = 'AddRequestAdjudications1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "requests" ADD "adjudications" jsonb NOT NULL DEFAULT '{}', ADD "responded_on" date`,
    );
    await queryRunner.query(
      `UPDATE "requests" SET "responded_on" = (outcome->>'respondedOn')::date WHERE outcome IS NOT NULL`,
    );
    await queryRunner.query(`
      UPDATE "requests"
         SET "adjudications" = jsonb_build_object('expedite', jsonb_build_object(
               'requestedOn', to_char(received_on, 'YYYY-MM-DD'), 'decidedOn', null, 'granted', null))
       WHERE track = 'expedited' AND kind = 'FOIA'`);
    await queryRunner.query(
      `CREATE INDEX "requests_responded" ON "requests" ("responded_on", "received_on")`,
    );
    await queryRunner.query(
      `CREATE INDEX "requests_pending" ON "requests" ("received_on") WHERE responded_on IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "requests_pending"`);
    await queryRunner.query(`DROP INDEX "requests_responded"`);
    await queryRunner.query(`ALTER TABLE "requests" DROP "responded_on", DROP "adjudications"`);
  }
}
