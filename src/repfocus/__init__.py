"""RepFocus: where sales reps\x27 time goes, why it drifts, and the fix."""
