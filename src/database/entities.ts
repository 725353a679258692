import { AuditEventEntity } from '../audit/persistence/audit-event.entity';
import { LoginThrottleTallyEntity } from '../auth/persistence/login-throttle-tally.entity';
import { SessionEntity } from '../auth/persistence/session.entity';
import { UserChangeRequestEntity } from '../auth/persistence/user-change-request.entity';
import { UserEntity } from '../auth/persistence/user.entity';
import { DocumentHistoryEntity } from '../cables/persistence/document-history.entity';
import { DeadlineEntity } from '../deadlines/persistence/deadline.entity';
import { DocumentEntity } from '../documents/persistence/document.entity';
import { PortionEntity } from '../documents/persistence/portion.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { PortionDecisionEntity } from '../review/persistence/portion-decision.entity';
import { ReferralEntity } from '../review/persistence/referral.entity';
import { ReviewEntity } from '../review/persistence/review.entity';
import {
  RequestEntity,
  RequestLetterEntity,
  RequestNumberEntity,
} from '../requests/persistence/request.entity';

/** Every table of declass; the migrations must create exactly these. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  LoginThrottleTallyEntity,
  UserChangeRequestEntity,
  DocumentEntity,
  PortionEntity,
  DocumentHistoryEntity,
  ReviewEntity,
  PortionDecisionEntity,
  ReferralEntity,
  DeadlineEntity,
  AuditEventEntity,
  OutboxEntity,
  NotificationEntity,
  RequestEntity,
  RequestNumberEntity,
  RequestLetterEntity,
];
