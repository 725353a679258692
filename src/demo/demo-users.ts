import type { AddUser } from '../auth/application/auth.service';

/** Demo accounts; the demo refuses to run with NODE_ENV=production. */
export const DEMO_USERS: AddUser[] = [
  {
    username: 'admin',
    password: 'demo-admin-pass',
    roles: ['admin'],
    clearance: 'TOP SECRET',
    caveats: ['NODIS', 'EXDIS', 'LIMDIS'],
  },
  {
    username: 'supervisor1',
    password: 'demo-supervisor1',
    roles: ['supervisor'],
    clearance: 'TOP SECRET',
    caveats: ['NODIS', 'EXDIS'],
  },
  {
    username: 'supervisor2',
    password: 'demo-supervisor2',
    roles: ['supervisor'],
    clearance: 'SECRET',
    caveats: ['EXDIS'],
  },
  {
    username: 'reviewer1',
    password: 'demo-reviewer1',
    roles: ['reviewer'],
    clearance: 'SECRET',
    caveats: ['EXDIS'],
  },
  {
    username: 'reviewer2',
    password: 'demo-reviewer2',
    roles: ['reviewer'],
    clearance: 'CONFIDENTIAL',
    caveats: [],
  },
  {
    username: 'auditor1',
    password: 'demo-auditor1',
    roles: ['auditor'],
    clearance: 'TOP SECRET',
    caveats: ['NODIS', 'EXDIS', 'LIMDIS'],
  },
];
