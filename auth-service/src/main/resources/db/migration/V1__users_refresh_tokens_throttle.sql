-- Users: usernames are unique whatever their case, so "Admin" cannot shadow "admin".
CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT        NOT NULL,
    roles         TEXT[]      NOT NULL,
    log_groups    TEXT[]      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

-- One family per login: every refresh token rotated from it shares its absolute expiry and its revocation.
CREATE TABLE refresh_family (
    id         UUID PRIMARY KEY,
    username   TEXT        NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX refresh_family_username ON refresh_family (username);

-- Only the SHA-256 of an opaque refresh token is kept; used_at marks it spent (single use).
CREATE TABLE refresh_token (
    token_hash BYTEA PRIMARY KEY,
    family_id  UUID        NOT NULL REFERENCES refresh_family (id) ON DELETE CASCADE,
    issued_at  TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);

-- Failed-login state per username ("u:<name>") and per client address ("a:<address>"), shared by all replicas.
CREATE TABLE login_throttle (
    throttle_key    TEXT PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ,
    window_start    TIMESTAMPTZ NOT NULL,
    window_failures INTEGER     NOT NULL
);
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);
