-- Parallax on PostgreSQL: the first schema. Applied once, in a transaction, by
-- server/store/postgres.ts (numbered files run in order; each is recorded in parallax_migrations).
-- Large JSON (comparisons, their UI form, batch requests and results) is stored gzipped in bytea
-- columns (*_gz); small rows (a cancellation) are plain text in `result`.

CREATE TABLE comparisons (
  id text PRIMARY KEY,
  created_at text NOT NULL,
  title text NOT NULL,
  article_count integer NOT NULL,
  outlets jsonb NOT NULL,
  json_gz bytea NOT NULL,
  ui_json_gz bytea,
  ui_gzip bytea,
  delete_token_hash text NOT NULL,
  listed boolean NOT NULL DEFAULT false,
  findings jsonb,
  marks jsonb
);
CREATE INDEX comparisons_listed_created ON comparisons (created_at DESC, id) WHERE listed;

CREATE TABLE batches (
  id text PRIMARY KEY,
  created_at text NOT NULL,
  status text NOT NULL,
  total integer NOT NULL,
  first_finished_at text,
  finished_at text,
  token_hash text,
  owner text
);

CREATE TABLE batch_items (
  batch_id text NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  -- The request's own id as JSON text ("\"a1\"", "7" or "null"), echoed in its rows.
  item_id text NOT NULL,
  request_gz bytea,
  status text NOT NULL,
  result text,
  result_gz bytea,
  line integer,
  PRIMARY KEY (batch_id, idx)
);
CREATE INDEX batch_items_pending ON batch_items (batch_id, idx) WHERE status = 'pending';
CREATE INDEX batch_items_failed ON batch_items (batch_id, idx) WHERE status = 'failed';
