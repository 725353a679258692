import { useEffect, type ReactNode } from 'react';
import { Layout } from './components/Layout';
import { homeOf, useAuth } from './lib/auth';
import { match, navigate, useLocation } from './lib/router';
import { AnnualReportPage } from './pages/AnnualReportPage';
import { AuditPage } from './pages/AuditPage';
import { DocumentPage } from './pages/DocumentPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { HistoryPage } from './pages/HistoryPage';
import { LifecyclePage } from './pages/LifecyclePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OverduePage } from './pages/OverduePage';
import { ReviewListPage } from './pages/ReviewListPage';
import { RequestPage } from './pages/RequestPage';
import { RequestsPage } from './pages/RequestsPage';
import { ReviewPage } from './pages/ReviewPage';

type Route = [pattern: string, render: (p: Record<string, string>) => ReactNode];

const ROUTES: Route[] = [
  ['/queue', () => <ReviewListPage mode="mine" />],
  ['/unassigned', () => <ReviewListPage mode="unassigned" />],
  ['/inbox', () => <ReviewListPage mode="inbox" />],
  ['/reviews', () => <ReviewListPage mode="open" />],
  ['/reviews/:id', (p) => <ReviewPage key={p.id} id={p.id!} />],
  ['/overdue', () => <OverduePage />],
  ['/requests', () => <RequestsPage />],
  ['/requests/:id', (p) => <RequestPage key={p.id} id={p.id!} />],
  ['/reports/foia-annual', () => <AnnualReportPage />],
  ['/documents', () => <DocumentsPage />],
  ['/documents/:id', (p) => <DocumentPage key={p.id} id={p.id!} />],
  ['/audit', () => <AuditPage />],
  ['/audit/documents/:id', (p) => <HistoryPage key={p.id} id={p.id!} />],
  ['/lifecycle', () => <LifecyclePage />],
  ['/notifications', () => <NotificationsPage />],
];

export function App() {
  const { user, checking } = useAuth();
  const { path } = useLocation();

  useEffect(() => {
    if (checking) return;
    if (!user && path !== '/login') {
      const next =
        path === '/'
          ? ''
          : `?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (user && (path === '/' || path === '/login')) {
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeOf(user), {
        replace: true,
      });
    }
  }, [user, checking, path]);

  if (checking) return <p className="boot">Loading…</p>;
  if (!user) return path === '/login' ? <LoginPage /> : null;
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return <Layout>{render(params)}</Layout>;
  }
  if (path === '/' || path === '/login') return null;
  return (
    <Layout>
      <NotFoundPage message={`There is no page at ${path}.`} />
    </Layout>
  );
}
