"""HTTP around the domain: sign-in and roles, the data-management pages, the write API."""
