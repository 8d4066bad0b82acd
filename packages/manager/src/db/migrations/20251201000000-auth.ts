// Users, API tokens (and login sessions) stored hashed, and the audit log of mutating calls.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table users (
    id uuid primary key,
    username text not null unique,
    password_hash text not null,
    role text not null check (role in ('viewer', 'operator', 'admin')),
    disabled boolean not null default false,
    created_at timestamptz(3) not null default now(),
    updated_at timestamptz(3) not null default now()
  )`.execute(db);

  // user_id is null for tokens minted with the static admin token (NQVM_ADMIN_TOKEN).
  await sql`create table api_tokens (
    id uuid primary key,
    user_id uuid references users (id) on delete cascade,
    kind text not null check (kind in ('api', 'session')),
    name text not null,
    token_hash text not null unique,
    role text not null check (role in ('viewer', 'operator', 'admin')),
    expires_at timestamptz(3),
    revoked_at timestamptz(3),
    created_at timestamptz(3) not null default now()
  )`.execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id)`.execute(db);

  await sql`create table audit_log (
    id bigserial primary key,
    ts timestamptz(3) not null default now(),
    actor text,
    user_id uuid,
    token_id uuid,
    role text,
    action text not null,
    target text,
    status integer not null,
    result text not null,
    error_code text,
    client_addr text
  )`.execute(db);
  await sql`create index audit_log_ts on audit_log (ts)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'api_tokens', 'users']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
