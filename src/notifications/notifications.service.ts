import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserDirectory } from '../auth/application/user-directory';
import type { JobData } from '../jobs/job-handlers';
import { rankOf } from '../kernel/classification';
import { type Actor } from '../kernel/actor';

const MESSAGES: Record<string, (doc: string) => string> = {
  ASSIGNED: (doc) => `The review of ${doc} is assigned to you`,
  PROPOSED: (doc) => `A determination on ${doc} awaits approval`,
  RETURNED: (doc) => `The review of ${doc} was returned to you with a comment`,
  APPROVED: (doc) => `The determination on ${doc} was approved`,
  REFERRED: (doc) => `${doc} was referred to another agency`,
  OVERDUE: (doc) => `The review of ${doc} is overdue: its due date has passed`,
  REFERRAL_LAPSED: (doc) =>
    `A referral of ${doc} lapsed unanswered; its equity is no longer protected and its portions are back with you`,
  RE_REVIEW_OPENED: (doc) =>
    `An exemption withholding part of ${doc} expired; a re-review is waiting to be assigned`,
};

export interface NotificationView {
  id: string;
  reviewId: string | null;
  documentId: string | null;
  reason: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserDirectory,
  ) {}

  /** Writes the notifications of one outbox message; running it twice writes them once. */
  async deliver(data: JobData<'notify'>): Promise<void> {
    const [doc] = await this.dataSource.query<
      { document_number: string; classification_rank: number; captions: string[] }[]
    >(`SELECT document_number, classification_rank, captions FROM documents WHERE id = $1`, [
      data.documentId,
    ]);
    if (!doc) return;
    const recipients = data.userId
      ? [data.userId]
      : await this.users.supervisorsCleared(doc.classification_rank, doc.captions);
    if (recipients.length === 0) return;
    const message = (MESSAGES[data.reason] ?? ((d: string) => `${data.reason}: ${d}`))(
      doc.document_number,
    );
    await this.dataSource.query(
      `INSERT INTO notifications (id, user_id, review_id, document_id, reason, message, source_outbox_id)
       SELECT gen_random_uuid(), unnest($1::uuid[]), $2, $3, $4, $5, $6
       ON CONFLICT (source_outbox_id, user_id) DO NOTHING`,
      [recipients, data.reviewId, data.documentId, data.reason, message, data.outboxId],
    );
  }

  /** Marks the caller's notifications read: these, or all that are unread. Returns how many. */
  async markRead(actor: Actor, ids?: string[]): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, marked] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notifications SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [actor.id, ids ?? null],
    );
    return marked;
  }

  /** The caller's notifications, newest first, only for documents they may still see. */
  async list(actor: Actor, unreadOnly: boolean, limit: number): Promise<NotificationView[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        review_id: string | null;
        document_id: string | null;
        reason: string;
        message: string;
        created_at: Date;
        read_at: Date | null;
      }[]
    >(
      `SELECT n.id, n.review_id, n.document_id, n.reason, n.message, n.created_at, n.read_at
         FROM notifications n LEFT JOIN documents d ON d.id = n.document_id
        WHERE n.user_id = $1 AND ($2::boolean = false OR n.read_at IS NULL)
          AND (d.id IS NULL OR (d.classification_rank <= $3 AND d.captions <@ $4::text[]))
        ORDER BY n.created_at DESC LIMIT $5`,
      [actor.id, unreadOnly, rankOf(actor.clearance), actor.caveats, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      reviewId: r.review_id,
      documentId: r.document_id,
      reason: r.reason,
      message: r.message,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    }));
  }
}
