"""Words and named scenarios, no drawing: protocols, tables, equations as text, course words, labels, and the claims the pages make about the model with the checks behind them."""
