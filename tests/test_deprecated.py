"""The old tier-named modules still import for notebooks written before the layers: each warns once
(DeprecationWarning naming its new home) and forwards the names those notebooks call."""
import importlib

import pytest

OLD_CALLS = {   # old module -> names the pre-layer notebooks and scripts called through it
    "widgets": ["TRTExplorer", "RestartFamilies", "estradiol_figure", "healthy_axis_figure", "print_checkpoints"],
    "protocol_widgets": ["SERMExplorer", "AgentComparison", "HCGExplorer", "GonadorelinExplorer", "EstradiolBalance",
                         "TypicalTRT", "ProtocolBuilder", "ComparisonView", "SerialLabs", "checkpoint_estradiol",
                         "checkpoint_comparison", "run", "clear_cache"],
    "academic_widgets": ["AdaptationExplorer", "FailureExplorer", "PulseExplorer", "SERMResponseExplorer",
                         "SpermatogenesisExplorer", "print_checkpoints", "failure_runs", "sperm_runs"],
    "population_widgets": ["PopulationExplorer", "SensitivityExplorer", "checkpoint_population", "tornado_figure",
                           "validation_figure", "validation_table", "non_recovery_table", "metabolic_table"],
    "plotting": ["ScenarioFigure", "AxisDiagram", "STYLE", "regimen_words", "floored", "_FONT"],
    "explorer_base": ["Explorer", "StaticFigure", "PAGE_SUPPORT"],
    "protocols": ["PROTOCOLS", "agent_table", "serm_table", "lab_table", "protocol_table"],
    "equations": ["model_equations", "parameter_table", "slow_state_table"],
    "fasttext": ["GlyphCacheFigure", "fast_png"],
}


@pytest.mark.parametrize("old", sorted(OLD_CALLS))
def test_old_module_warns_and_forwards(old):
    module = importlib.import_module(f"hpgviz.{old}")            # `import hpgviz.widgets` still works
    for name in OLD_CALLS[old]:
        with pytest.warns(DeprecationWarning, match=rf"hpgviz\.{old} is deprecated: import hpgviz\."):
            assert getattr(module, name) is not None, name
    with pytest.warns(DeprecationWarning), pytest.raises(AttributeError, match="now lives in"):
        module.no_such_name


def test_from_import_of_an_old_module_and_of_its_names():
    with pytest.warns(DeprecationWarning):
        from hpgviz import widgets
        from hpgviz.protocol_widgets import SERMExplorer
        explorer = widgets.TRTExplorer
    from hpgviz.explorers import agents, trt
    assert SERMExplorer is agents.SERMExplorer and explorer is trt.TRTExplorer


def test_renamed_checkpoints_reach_their_new_names():
    from hpgviz.explorers import checkpoints
    with pytest.warns(DeprecationWarning):
        from hpgviz import academic_widgets, widgets
        assert widgets.print_checkpoints is checkpoints.print_fundamentals
        assert academic_widgets.print_checkpoints is checkpoints.print_mechanisms
