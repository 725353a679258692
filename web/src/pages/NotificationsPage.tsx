import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { moment, words } from '../lib/format';
import { Link } from '../lib/router';
import type { Notification } from '../lib/types';
import { useLoad } from '../lib/use-load';

export function NotificationsPage() {
  const list = useLoad(() => api.get<Notification[]>('/notifications', { limit: 100 }), []);
  return (
    <section aria-labelledby="n-title">
      <h1 id="n-title">Notifications</h1>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <p>Loading…</p>}
      {list.data?.length === 0 && <p className="muted">Nothing yet.</p>}
      <ul className="plain notifications">
        {list.data?.map((n) => (
          <li key={n.id} className={n.readAt ? '' : 'unread'}>
            <span className="tag">{words(n.reason)}</span> {n.message}{' '}
            <span className="muted">{moment(n.createdAt)}</span>{' '}
            {n.reviewId && <Link to={`/reviews/${n.reviewId}`}>Open the review</Link>}
          </li>
        ))}
      </ul>
    </section>
  );
}
