"""Numbers from Results: outcomes per man, summaries (imports only the model layer)."""
