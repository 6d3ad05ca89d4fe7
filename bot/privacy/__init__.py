"""Privacy: patient text kept out of application logs, and retention (purging old conversations)."""
