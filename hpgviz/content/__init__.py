"""Words and named scenarios, no drawing: protocols, tables, equations as text, course words."""
