import { Link } from '../lib/router';

export function NotFoundPage({ message }: { message: string }) {
  return (
    <section aria-labelledby="nf-title" className="notfound">
      <h1 id="nf-title">Not found</h1>
      <p>{message}</p>
      <p className="muted">
        Either it does not exist, or it is above your clearance or carries a caption you do not
        hold. declass answers the same in both cases.
      </p>
      <p>
        <Link to="/">Back to your start page</Link>
      </p>
    </section>
  );
}
