import { LifecycleDiagram } from '../components/LifecycleDiagram';

export function LifecyclePage() {
  return (
    <section aria-labelledby="lc-title">
      <h1 id="lc-title">Review lifecycle</h1>
      <p className="muted">
        Drawn from the review machine the server runs, so it always matches the rules. A review's
        own page highlights where it is now.
      </p>
      <LifecycleDiagram />
    </section>
  );
}
