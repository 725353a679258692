import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automatic declassification (issue 4): a document's Restricted Data flag and its automatic
 * declassification date, the outcome of a fired deadline, an index for the firing metrics and one
 * for a document's reviews (the worker reads the latest determination when a deadline fires).
 * Existing classified documents get their date and their AUTO_DECLASSIFY deadline here, by the
 * rule of src/deadlines/domain/document-dates.ts as it stood when this migration landed
 * (31 December of origin + 25; none for UNCLASSIFIED and LIMITED OFFICIAL USE).
 */
export class AddAutomaticDeclassification1795820158303 implements MigrationInterface {
  name = 'AddAutomaticDeclassification1795820158303';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "restricted_data" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "documents" ADD "auto_declassify_on" date`);
    await queryRunner.query(`ALTER TABLE "deadlines" ADD "outcome" text`);
    await queryRunner.query(
      `CREATE INDEX "deadlines_fired_idx" ON "deadlines"  ("fired_at") WHERE status = 'FIRED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "reviews_document_idx" ON "reviews"  ("document_id", "updated_at")`,
    );
    await queryRunner.query(
      `UPDATE "documents" SET "auto_declassify_on" = make_date(extract(year FROM "document_date")::int + 25, 12, 31)
        WHERE "original_classification" NOT IN ('UNCLASSIFIED', 'LIMITED OFFICIAL USE')`,
    );
    await queryRunner.query(
      `INSERT INTO "deadlines" ("id", "kind", "subject_type", "subject_id", "due_at", "rule")
       SELECT gen_random_uuid(), 'AUTO_DECLASSIFY', 'DOCUMENT', "id", "auto_declassify_on"::timestamp AT TIME ZONE 'UTC',
              format('Declassified automatically on 31 December of the 25th year after origin (E.O. 13526 §3.3(a); 32 CFR 2001.30): origin %s, declassified on %s unless a review is in progress or an exemption applies',
                     to_char("document_date", 'YYYY-MM-DD'), to_char("auto_declassify_on", 'YYYY-MM-DD'))
         FROM "documents" WHERE "auto_declassify_on" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "deadlines" WHERE "kind" = 'AUTO_DECLASSIFY'`);
    await queryRunner.query(`DROP INDEX "public"."reviews_document_idx"`);
    await queryRunner.query(`DROP INDEX "public"."deadlines_fired_idx"`);
    await queryRunner.query(`ALTER TABLE "deadlines" DROP COLUMN "outcome"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "auto_declassify_on"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "restricted_data"`);
  }
}
