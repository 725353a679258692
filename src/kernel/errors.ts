/**
 * The error vocabulary of declass. Domain and application code raise a DomainError with one of
 * these codes; one exception filter maps each code to its HTTP status (common/http).
 */
export enum ErrorCode {
  /** The request is malformed: missing or wrongly typed fields, unknown fields. → 400 */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  /** No token, a bad token, or bad credentials. → 401 */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The caller lacks the role the act needs. → 403 */
  ROLE_REQUIRED = 'ROLE_REQUIRED',
  /** Only the review's assignee may do this. → 403 */
  NOT_ASSIGNEE = 'NOT_ASSIGNEE',
  /** Nobody approves what they proposed or decided. → 403 */
  TWO_PERSON_RULE = 'TWO_PERSON_RULE',
  /** The caller's clearance or caveats do not cover the document. → 403 */
  CLEARANCE_REQUIRED = 'CLEARANCE_REQUIRED',
  /** Unknown, or not visible to the caller (the two are indistinguishable on purpose). → 404 */
  NOT_FOUND = 'NOT_FOUND',
  /** The review's state does not accept this event. → 409 */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** expectedVersion is not the review's current version. → 409 */
  STALE_VERSION = 'STALE_VERSION',
  /** The thing already exists (document number, username, open review). → 409 */
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  /** An exemption citation breaks a rule of the order or FOIA. → 422 */
  EXEMPTION_INVALID = 'EXEMPTION_INVALID',
  /** PROPOSE before every portion has a RELEASE or EXEMPT decision. → 422 */
  PORTIONS_UNDECIDED = 'PORTIONS_UNDECIDED',
  /** The proposed determination does not follow from the decisions. → 422 */
  DETERMINATION_MISMATCH = 'DETERMINATION_MISMATCH',
  /** A referral is still waiting for the other agency. → 422 */
  REFERRAL_OPEN = 'REFERRAL_OPEN',
  /** The portion or referral named is not part of this review. → 422 */
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  /** The person named cannot take the assignment (role, clearance, caveats, inactive). → 422 */
  ASSIGNEE_NOT_ELIGIBLE = 'ASSIGNEE_NOT_ELIGIBLE',
  /** Any other domain rule: a required justification, comment or reason is missing. → 422 */
  RULE_VIOLATED = 'RULE_VIOLATED',
  /** Too many failed logins for this username or from this address; retry later. → 429 */
  RATE_LIMITED = 'RATE_LIMITED',
  /** A service the request needs (database, queue) is down. → 503 */
  UNAVAILABLE = 'UNAVAILABLE',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A refused event, as the machine's rules explain it. */
export interface Violation {
  code: ErrorCode;
  message: string;
}
