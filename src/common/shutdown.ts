/**
 * On SIGINT or SIGTERM, runs `close` once (the app, then what it ran on, such as an embedded
 * PostgreSQL) and exits: 0 when everything closed, 1 when something failed to.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`declass: shutting down on ${signal} failed:`, err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
