-- Username and client address pairs with a successful login (LoginThrottle): during a flood that spends the
-- service-wide failure budget, a user logging in from an address they used before is not slowed down.
CREATE TABLE login_known_client (
    user_key        TEXT        NOT NULL,
    address_key     TEXT        NOT NULL,
    last_success_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_key, address_key)
);
CREATE INDEX login_known_client_last_success ON login_known_client (last_success_at);
