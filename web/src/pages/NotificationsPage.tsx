import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { api } from '../lib/api';
import { moment, words } from '../lib/format';
import { Link } from '../lib/router';
import type { Notification } from '../lib/types';
import { useLoad } from '../lib/use-load';

export function NotificationsPage() {
  const [marked, setMarked] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(() => api.get<Notification[]>('/notifications', { limit: 100 }), [marked]);
  const unread = list.data?.filter((n) => !n.readAt).length ?? 0;
  const markAll = () => {
    setError(null);
    api
      .post<{ marked: number }>('/notifications/read', {})
      .then(() => setMarked((m) => m + 1))
      .catch(setError);
  };
  return (
    <section aria-labelledby="n-title">
      <h1 id="n-title">Notifications</h1>
      {unread > 0 && (
        <button type="button" onClick={markAll}>
          Mark all as read
        </button>
      )}
      <ErrorNote error={list.error ?? error} />
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
