// Suites against the real Postgres and Redis boot an app and a database of their own; on a
// loaded 2-core machine that can take longer than Jest's 5 s default.
jest.setTimeout(60_000);
