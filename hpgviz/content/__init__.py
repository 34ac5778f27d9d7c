"""Words and named scenarios, no drawing: what the pages say about the model, and the checks behind it."""
