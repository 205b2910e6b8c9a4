/**
 * The schema, compatible with the upstream `0-init.sql`: same table, columns
 * and statuses, so an existing upstream database keeps working. Idempotent.
 * Differences: `gen_random_uuid()` (built into Postgres 13+) instead of the
 * uuid-ossp extension, which needs a privilege to create; and indexes, which
 * upstream lacks, for lookups by id and lease and for stable listing.
 */
export const MIGRATION = `
CREATE TABLE IF NOT EXISTS tasks (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  group_id text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'leased', 'completed', 'failed')),
  data_json jsonb NOT NULL,
  last_failed_at timestamptz,
  last_failure_reason text,
  lease_id uuid NOT NULL DEFAULT gen_random_uuid(),
  leased_at timestamptz,
  lease_worker_id text,
  completed_at timestamptz,
  submitted_at timestamptz NOT NULL DEFAULT NOW(),
  last_updated_at timestamptz NOT NULL DEFAULT NOW()
);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_id_key ON tasks (id);
CREATE INDEX IF NOT EXISTS tasks_lease_id_idx ON tasks (lease_id);
CREATE INDEX IF NOT EXISTS tasks_submitted_at_idx ON tasks (submitted_at, id);
`;
