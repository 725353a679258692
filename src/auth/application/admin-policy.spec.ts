import { beyondGrantor, coversAccount, needsSecondAdmin, type Access } from './admin-policy';

const account = (over: Partial<Access> = {}): Access => ({
  roles: ['reviewer'],
  clearance: 'SECRET',
  caveats: [],
  active: true,
  ...over,
});
const confidentialAdmin = { clearance: 'CONFIDENTIAL' as const, caveats: ['EXDIS'] };

describe(beyondGrantor.name, () => {
  it('refuses a clearance or caveat above the grantor’s own', () => {
    expect(beyondGrantor(confidentialAdmin, null, account())).toMatch(/at most that, not SECRET/);
    expect(
      beyondGrantor(
        confidentialAdmin,
        null,
        account({ clearance: 'CONFIDENTIAL', caveats: ['NODIS'] }),
      ),
    ).toMatch(/not NODIS/);
    expect(
      beyondGrantor(
        confidentialAdmin,
        null,
        account({ clearance: 'CONFIDENTIAL', caveats: ['EXDIS'] }),
      ),
    ).toBeNull();
  });

  it('counts only what is added: keeping or lowering what the account holds is no grant', () => {
    const high = account({ clearance: 'TOP SECRET', caveats: ['NODIS'] });
    expect(beyondGrantor(confidentialAdmin, high, { ...high, roles: ['supervisor'] })).toBeNull();
    expect(beyondGrantor(confidentialAdmin, high, { ...high, clearance: 'SECRET' })).toBeNull();
    expect(beyondGrantor(confidentialAdmin, high, { ...high, caveats: [] })).toBeNull();
    const low = account({ clearance: 'UNCLASSIFIED' });
    expect(beyondGrantor(confidentialAdmin, low, { ...low, clearance: 'SECRET' })).toMatch(
      /not SECRET/,
    );
  });
});

describe(coversAccount.name, () => {
  it('holds when the account reads nothing the grantor may not', () => {
    expect(coversAccount(confidentialAdmin, account({ clearance: 'CONFIDENTIAL' }))).toBe(true);
    expect(coversAccount(confidentialAdmin, account())).toBe(false);
    expect(
      coversAccount(confidentialAdmin, account({ clearance: 'UNCLASSIFIED', caveats: ['NODIS'] })),
    ).toBe(false);
  });
});

describe(needsSecondAdmin.name, () => {
  const admin = account({ roles: ['admin'] });
  it('holds for changes to an administrator’s powers and for making or reactivating one', () => {
    expect(needsSecondAdmin(account(), account({ roles: ['reviewer', 'admin'] }))).toBe(true);
    expect(needsSecondAdmin(admin, { ...admin, clearance: 'TOP SECRET' })).toBe(true);
    expect(needsSecondAdmin(admin, { ...admin, caveats: ['NODIS'] })).toBe(true);
    expect(needsSecondAdmin(admin, { ...admin, roles: ['reviewer'] })).toBe(true);
    expect(needsSecondAdmin({ ...admin, active: false }, admin)).toBe(true);
  });

  it('lets deactivation, reordering and changes to other accounts through at once', () => {
    expect(needsSecondAdmin(admin, { ...admin, active: false })).toBe(false);
    const two = account({ roles: ['admin', 'auditor'] });
    expect(needsSecondAdmin(two, { ...two, roles: ['auditor', 'admin'] })).toBe(false);
    expect(needsSecondAdmin(account(), account({ clearance: 'TOP SECRET' }))).toBe(false);
  });
});
