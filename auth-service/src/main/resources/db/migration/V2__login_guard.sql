-- The service-wide budget of failed logins (LoginThrottle's global guard), one row per budget, shared by all replicas:
-- the theoretical arrival time of the generic cell rate algorithm (GCRA).
CREATE TABLE login_guard (
    name                TEXT PRIMARY KEY,
    theoretical_arrival TIMESTAMPTZ NOT NULL
);
