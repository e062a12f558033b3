-- API tokens get a scope (`read`: GET and HEAD only; `write`: everything
-- their user may do) and an expiry. Tokens made before keep what they
-- could do: `write`, no expiry (NULL).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
