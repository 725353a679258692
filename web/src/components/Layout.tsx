import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../lib/api';
import { hasRole, useAuth, useUser } from '../lib/auth';
import { Link, useLocation } from '../lib/router';
import type { Notification, Role } from '../lib/types';

const NAV: { to: string; label: string; roles: Role[] }[] = [
  { to: '/queue', label: 'My queue', roles: ['reviewer'] },
  { to: '/unassigned', label: 'Unassigned', roles: ['reviewer', 'supervisor', 'admin'] },
  { to: '/inbox', label: 'Approval inbox', roles: ['supervisor'] },
  { to: '/reviews', label: 'Open reviews', roles: ['supervisor', 'admin'] },
  { to: '/overdue', label: 'Overdue', roles: ['supervisor', 'admin'] },
  { to: '/requests', label: 'Requests', roles: ['reviewer', 'supervisor', 'auditor', 'admin'] },
  {
    to: '/reports/foia-annual',
    label: 'Annual report',
    roles: ['supervisor', 'auditor', 'admin'],
  },
  { to: '/documents', label: 'Documents', roles: ['reviewer', 'supervisor', 'auditor', 'admin'] },
  { to: '/audit', label: 'Audit', roles: ['auditor'] },
  { to: '/lifecycle', label: 'Lifecycle', roles: ['reviewer', 'supervisor', 'auditor', 'admin'] },
];

export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const { logout } = useAuth();
  const { path } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<Notification[]>('/notifications', { unread: true, limit: 100 })
      .then((n) => live && setUnread(n.length))
      .catch(() => live && setUnread(null));
    return () => {
      live = false;
    };
  }, [path]);

  const links = NAV.filter((n) => hasRole(user, ...n.roles));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand" aria-label="declass home">
          declass
        </Link>
        <nav aria-label="Main">
          <ul>
            {links.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={path === n.to ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
            <li>
              <Link
                to="/notifications"
                aria-current={path === '/notifications' ? 'page' : undefined}
              >
                Notifications
                {unread ? (
                  <span className="count" aria-label={`${unread} unread`}>
                    {unread}
                  </span>
                ) : null}
              </Link>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span
            title={`clearance ${user.clearance}${user.caveats.length ? `; caveats ${user.caveats.join(', ')}` : ''}`}
          >
            <strong data-testid="current-user">{user.username}</strong>{' '}
            <span className="muted">
              {user.roles.join(', ')} · {user.clearance}
            </span>
          </span>
          <button type="button" className="link" onClick={logout}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
