"""The party: its profile and nomenclature, organizations, bodies, position types, mandates and renewals."""
