"""The /api/v1 router: assembles each app's endpoints under one OpenAPI document."""
