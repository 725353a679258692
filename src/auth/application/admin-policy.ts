import { rankOf, type Clearance } from '../../kernel/classification';
import { type Role } from '../../kernel/actor';

/**
 * What one administrator may do to an account alone. An administrator grants nothing they do not
 * hold themselves (a CONFIDENTIAL administrator cannot make a TOP SECRET reader, nor take over
 * one by setting their password), and the powers of administrators change only with a second
 * administrator's approval, so no single administrator makes themselves, or a second account of
 * theirs, more than they are.
 */

/** The access facts of an account, as the audit trail records them before and after a change. */
export interface Access {
  roles: Role[];
  clearance: Clearance;
  caveats: string[];
  active: boolean;
}

/** The administrator acting: what they hold. */
export interface Grantor {
  clearance: Clearance;
  caveats: readonly string[];
}

/**
 * Why `by` may not give an account `after` when it holds `before` (null: a new account), or null
 * when they may. Only what is added counts: a lower clearance or fewer caveats is always
 * grantable, and a clearance or caveat the account already holds is not granted again.
 */
export function beyondGrantor(by: Grantor, before: Access | null, after: Access): string | null {
  const raised = before === null || rankOf(after.clearance) > rankOf(before.clearance);
  if (raised && rankOf(after.clearance) > rankOf(by.clearance))
    return `clearance: you hold ${by.clearance} and can grant at most that, not ${after.clearance}`;
  const added = after.caveats.filter((c) => !before?.caveats.includes(c));
  const notHeld = added.filter((c) => !by.caveats.includes(c));
  if (notHeld.length > 0)
    return `caveats: you can grant only caveats you hold yourself, not ${notHeld.join(', ')}`;
  return null;
}

/**
 * Whether `by` may act as the account (set its password): only when it reads nothing `by` may
 * not, since whoever sets a password can log in with it.
 */
export function coversAccount(by: Grantor, account: Access): boolean {
  return (
    rankOf(account.clearance) <= rankOf(by.clearance) &&
    account.caveats.every((c) => by.caveats.includes(c))
  );
}

const isAdmin = (a: Access) => a.roles.includes('admin');

/**
 * Whether the change needs a second administrator: any change to an administrator's roles,
 * clearance or caveats, making someone an administrator, or reactivating one. Deactivating an
 * administrator does not wait: taking power away must be quick.
 */
export function needsSecondAdmin(before: Access, after: Access): boolean {
  if (!isAdmin(before) && !isAdmin(after)) return false;
  const facts = (a: Access) =>
    JSON.stringify([[...a.roles].sort(), a.clearance, [...a.caveats].sort()]);
  const changed = facts(before) !== facts(after);
  return changed || (!before.active && after.active);
}
