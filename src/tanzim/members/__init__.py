"""The member registry: membership, profiles, affiliations, elected mandates, import/export, duplicates."""
