"""The people a review is about, pseudonymised, with their restricted identity fields."""
