"""Users, roles, sign-in, two-factor authentication and the administrators' user pages."""
