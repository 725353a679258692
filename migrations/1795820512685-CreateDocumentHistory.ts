import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The legacy history of imported records (issue 3): each Review History, Review Action,
 * Disposition History, Disposition Action and Markings entry of a cable's "Message Attributes"
 * block, one row per entry, marked with its source (IMPORTED) and the attribute it came from.
 */
export class CreateDocumentHistory1795820512685 implements MigrationInterface {
  name = 'CreateDocumentHistory1795820512685';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_history" ("document_id" uuid NOT NULL, "ordinal" integer NOT NULL, "source" text NOT NULL, "kind" text NOT NULL, "attribute" text NOT NULL, "action" text, "date" date, "performed_by" text, "reason" text, "comment" text, "marking" text, "approved_on" date, "authority" text, "case_number" text, "raw" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "document_history_kind_check" CHECK (kind IN ('REVIEW', 'DISPOSITION')), CONSTRAINT "document_history_source_check" CHECK (source IN ('IMPORTED')), CONSTRAINT "document_history_pkey" PRIMARY KEY ("document_id", "ordinal"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_history" ADD CONSTRAINT "document_history_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "document_history" DROP CONSTRAINT "document_history_document_id_fkey"`,
    );
    await queryRunner.query(`DROP TABLE "document_history"`);
  }
}
