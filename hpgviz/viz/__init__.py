"""Drawing with matplotlib: style, time axes, panels, dosing strip, axis diagram, fast text, figures beside the published models."""
