import { CreateSchema1764281000000 } from './1764281000000-CreateSchema';
import { RestrictAuditGrants1795819953495 } from './1795819953495-RestrictAuditGrants';
import { AddAutomaticDeclassification1795820158303 } from './1795820158303-AddAutomaticDeclassification';
import { CreateSessions1795820374591 } from './1795820374591-CreateSessions';
import { CreateDocumentHistory1795820512685 } from './1795820512685-CreateDocumentHistory';
import { AddOutboxDelivery1795825495675 } from './1795825495675-AddOutboxDelivery';
import { AddReviewAuditHead1795830060506 } from './1795830060506-AddReviewAuditHead';
import { CreateLoginThrottleTallies1796610202635 } from './1796610202635-CreateLoginThrottleTallies';
import { CreateUserChangeRequests1796610489993 } from './1796610489993-CreateUserChangeRequests';
import { AddReviewListColumns1796700000000 } from './1796700000000-AddReviewListColumns';
import { CreateRequests1796800000000 } from './1796800000000-CreateRequests';
import { AddRequestAdjudications1796900000000 } from './1796900000000-AddRequestAdjudications';

/** Every migration, oldest first. A landed migration is never edited; add a new one. */
export const MIGRATIONS = [
  CreateSchema1764281000000,
  RestrictAuditGrants1795819953495,
  AddAutomaticDeclassification1795820158303,
  CreateSessions1795820374591,
  CreateDocumentHistory1795820512685,
  AddOutboxDelivery1795825495675,
  AddReviewAuditHead1795830060506,
  CreateLoginThrottleTallies1796610202635,
  CreateUserChangeRequests1796610489993,
  AddReviewListColumns1796700000000,
  CreateRequests1796800000000,
  AddRequestAdjudications1796900000000,
];
